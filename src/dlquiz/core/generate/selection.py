"""Choosing the facts that appear together in one ordering or matching question.

Each fact in a pool anchors one question and brings partners ranked by a
hash of the two fact ids.  The choice depends only on the facts, never on
their order in the deck nor on the seed, so a question's id (a hash of its
fact ids) stays put when the deck is edited elsewhere: a new fact only joins
the questions whose anchors rank it high.  Identical sets are asked once,
and a set that lies inside another is not asked at all: the larger question
already asks everything the smaller one would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dlquiz.core.generate.ids import in_rank_order, stable_rank
from dlquiz.core.model import Fact


def anchored_sets(
    pool: Sequence[Fact],
    *,
    smallest: int,
    largest: int,
    clash_keys: Callable[[Fact], tuple[str, ...]],
) -> list[tuple[Fact, ...]]:
    """Return distinct sets of ``smallest``..``largest`` facts from ``pool``.

    ``clash_keys`` gives the values that must differ between the facts of one
    set (a year, a label); a partner sharing any of them with a fact already
    in the set is passed over.  Sets come sorted by fact id, the list of sets
    in the order of their anchors' ids; none is a subset of another.
    """
    if len(pool) < smallest:
        return []
    keys_of = {fact.id: set(clash_keys(fact)) for fact in pool}
    seen: set[frozenset[str]] = set()
    sets: list[tuple[Fact, ...]] = []
    for anchor in sorted(pool, key=_fact_id):
        spread = largest - smallest + 1
        size = smallest + int.from_bytes(stable_rank("size", anchor.id)) % spread
        chosen = [anchor]
        used = set(keys_of[anchor.id])
        partners = [fact for fact in pool if fact.id != anchor.id]
        for partner in in_rank_order(partners, salt=("partner", anchor.id), name=_fact_id):
            if len(chosen) == size:
                break
            keys = keys_of[partner.id]
            if not keys & used:
                chosen.append(partner)
                used |= keys
        ids = frozenset(fact.id for fact in chosen)
        if len(chosen) >= smallest and ids not in seen:
            seen.add(ids)
            sets.append(tuple(sorted(chosen, key=_fact_id)))
    return _without_subsets(sets)


def _without_subsets(sets: list[tuple[Fact, ...]]) -> list[tuple[Fact, ...]]:
    """Drop every set whose facts all appear in another, larger set."""
    ids = [frozenset(fact.id for fact in chosen) for chosen in sets]
    return [
        chosen
        for chosen, mine in zip(sets, ids, strict=True)
        if not any(mine < other for other in ids)
    ]


def _fact_id(fact: Fact) -> str:
    return fact.id
