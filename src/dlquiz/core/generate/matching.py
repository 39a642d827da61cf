"""Matching questions: pair three to five subjects with their values of one attribute.

Facts about the same ``attribute`` of different ``subject`` s (the depth of
each architecture, the lab behind each model) are matched; a ``group``
keeps its facts apart from the rest.  Within one question the subjects
differ and so do the values, so every left side has exactly one right.
Local ids are ``match:<attribute>-<hash of the fact ids>``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from dlquiz.core.generate.formatting import fold, format_value
from dlquiz.core.generate.ids import fact_set_hash, question_id, question_rng
from dlquiz.core.generate.selection import anchored_sets
from dlquiz.core.generate.timeline import shared_topic, slug
from dlquiz.core.model import Fact, FactKind, MatchKey, Question, QuestionType

FEWEST_PAIRS = 3
MOST_PAIRS = 5

PoolKey = tuple[str, str, FactKind, str]  # group, attribute, kind, unit


# How the right-hand column reads for attributes whose name is no noun phrase
# ("solves") or reads badly after "its" ("lab").  Others read "its <attribute>".
ATTRIBUTE_PHRASES = {
    "lab": "the lab or company behind it",
    "solves": "what it did for training",
    "how": "how it works",
    "replaced": "what it replaced",
    "processing": "how it processes text",
    "full_name": "its full name",
    "top5_accuracy": "its top-5 accuracy",
    "invented": "when it was invented",
}


def _left_noun(group: str) -> str:
    """ "architectures" names the left column "architecture"; anything else says nothing."""
    word = group.strip()
    if word.isalpha() and word.endswith("s") and not word.endswith("ss"):
        return word[:-1].lower()
    return ""


def matching_prompt(attribute: str, group: str) -> str:
    """Say what to match: "Match each architecture to its depth."."""
    what = ATTRIBUTE_PHRASES.get(attribute)
    if what is None:
        what = "its " + " ".join(attribute.replace("_", " ").replace("-", " ").split())
    noun = _left_noun(group)
    return f"Match each {noun} to {what}." if noun else f"Match each of these to {what}."


def _is_matchable(fact: Fact) -> bool:
    return bool(fact.subject) and fact.kind is not FactKind.LIST and bool(format_value(fact))


def _clash_keys(fact: Fact) -> tuple[str, ...]:
    values = (format_value(fact), *fact.aliases)
    return (f"subject:{fold(fact.subject)}", *(f"value:{fold(value)}" for value in values))


def _matching(facts: Sequence[Fact], *, deck_id: str, seed: int) -> Question:
    ids = [fact.id for fact in facts]
    qid = question_id(deck_id, f"match:{slug(facts[0].attribute)}-{fact_set_hash(ids)}")
    rng = question_rng(seed, qid)
    lefts_in_order = list(facts)
    rng.shuffle(lefts_in_order)
    rights = [format_value(fact) for fact in facts]
    rng.shuffle(rights)
    if len(rights) > 1 and all(
        right == format_value(fact) for right, fact in zip(rights, lefts_in_order, strict=True)
    ):  # lined up row by row the pairs would read straight across
        rights = rights[1:] + rights[:1]
    pairs = tuple(rights.index(format_value(fact)) for fact in lefts_in_order)
    answer = "; ".join(f"{fact.subject}: {format_value(fact)}" for fact in lefts_in_order)
    explanations = dict.fromkeys(fact.explanation for fact in facts if fact.explanation)
    return Question(
        id=qid,
        deck=deck_id,
        type=QuestionType.MATCHING,
        prompt=matching_prompt(facts[0].attribute, facts[0].group),
        key=MatchKey(lefts=tuple(fact.subject for fact in lefts_in_order), pairs=pairs),
        answer=answer,
        topic=shared_topic(facts),
        fact_ids=tuple(ids),
        choices=tuple(rights),
        explanation=" ".join(explanations),
    )


def matching_questions(facts: Iterable[Fact], *, deck_id: str, seed: int) -> list[Question]:
    """Every matching question the deck's attributes allow, sorted by id."""
    pools: defaultdict[PoolKey, list[Fact]] = defaultdict(list)
    for fact in facts:
        if _is_matchable(fact):
            pools[(fact.group, fact.attribute, fact.kind, fact.unit)].append(fact)
    questions = [
        _matching(chosen, deck_id=deck_id, seed=seed)
        for pool in pools.values()
        for chosen in anchored_sets(
            pool, smallest=FEWEST_PAIRS, largest=MOST_PAIRS, clash_keys=_clash_keys
        )
    ]
    return sorted(questions, key=lambda question: question.id)
