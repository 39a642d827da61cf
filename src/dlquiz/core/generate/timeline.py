"""Ordering questions: put four to six events of the timeline in chronological order.

The timeline is every year fact with an ``event`` label; facts with a
``group`` form their own timeline.  Events of the same year never meet in
one question, since their order would be a matter of taste.  Local ids are
``order:<group or "timeline">-<hash of the fact ids>``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from dlquiz.core.generate.formatting import fold, format_amount
from dlquiz.core.generate.ids import fact_set_hash, question_id, question_rng
from dlquiz.core.generate.numeric import accepted_interval
from dlquiz.core.generate.selection import anchored_sets
from dlquiz.core.model import Fact, FactKind, OrderKey, Question, QuestionType

FEWEST_EVENTS = 4
MOST_EVENTS = 6
ARROW = " → "
ORDER_PROMPT = "Put these events in chronological order, earliest first."


def slug(text: str) -> str:
    """Turn a group or attribute name into a piece of an id: "Key models" -> "key-models"."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def is_event(fact: Fact) -> bool:
    """Say whether the fact is a dated event that can go on a timeline."""
    return fact.kind is FactKind.YEAR and fact.number is not None and bool(fact.event)


def shared_topic(facts: Sequence[Fact]) -> str:
    """The topic most of the facts share; on a tie, that of the fact earliest in the deck.

    The earliest fact rather than the first in the question's order: a
    timeline starting with a background date (chess in 1997, mentioned in
    the AlphaGo section) must not file the question under that section.
    """
    counts = Counter(fact.topic for fact in facts)
    best = max(counts.values())
    tied = [fact for fact in facts if counts[fact.topic] == best]
    return min(tied, key=lambda fact: fact.line).topic


def _year(fact: Fact) -> float:
    return fact.number if fact.number is not None else 0.0


def _clash_keys(fact: Fact) -> tuple[str, ...]:
    """Every year the fact may mean, and its label: events sharing either cannot be ordered."""
    low, high = accepted_interval(fact)
    first = math.floor(low)
    last = math.ceil(high) if math.isfinite(high) else math.ceil(_year(fact))
    return (*(f"year:{year}" for year in range(first, last + 1)), f"label:{fold(fact.event)}")


def _ordering(events: Sequence[Fact], *, name: str, deck_id: str, seed: int) -> Question:
    chronological = sorted(events, key=lambda fact: (_year(fact), fact.id))
    ids = [fact.id for fact in chronological]
    qid = question_id(deck_id, f"order:{name}-{fact_set_hash(ids)}")
    labels = [fact.event for fact in chronological]
    shown = list(labels)
    question_rng(seed, qid).shuffle(shown)
    if shown == labels:  # a shuffle may leave them sorted; that would give the answer away
        shown = shown[1:] + shown[:1]
    order = tuple(shown.index(label) for label in labels)
    dates = "; ".join(f"{fact.event}: {format_amount(fact, _year(fact))}" for fact in chronological)
    return Question(
        id=qid,
        deck=deck_id,
        type=QuestionType.ORDERING,
        prompt=ORDER_PROMPT,
        key=OrderKey(order),
        answer=ARROW.join(labels),
        topic=shared_topic(chronological),
        fact_ids=tuple(ids),
        choices=tuple(shown),
        explanation=f"In order: {dates}.",
    )


def ordering_questions(facts: Iterable[Fact], *, deck_id: str, seed: int) -> list[Question]:
    """Every ordering question the timeline allows, sorted by id."""
    timelines: defaultdict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if is_event(fact):
            timelines[slug(fact.group) if fact.group else "timeline"].append(fact)
    questions = [
        _ordering(events, name=name, deck_id=deck_id, seed=seed)
        for name, pool in timelines.items()
        for events in anchored_sets(
            pool, smallest=FEWEST_EVENTS, largest=MOST_EVENTS, clash_keys=_clash_keys
        )
    ]
    return sorted(questions, key=lambda question: question.id)
