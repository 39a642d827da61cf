"""Checks a JSON Schema cannot express: unique ids, ``{value}``, answers and choices.

These run on every load, so they are single passes over the data.  They
also run after a failed schema check, so they must cope with data of the
wrong shape: anything unexpected is skipped (the schema reports it).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from dlquiz.decks.findings import DataPath, Finding

VALUE_SLOT = "{value}"
CLOZE_BLANK = "___"
_NUMERIC_KINDS = frozenset({"year", "percent", "count"})
_TEXT_KINDS = frozenset({"name", "concept"})


def semantic_findings(data: dict[str, Any]) -> Iterator[Finding]:
    """Yield every semantic problem in a deck's top-level mapping."""
    facts = data.get("facts")
    questions = data.get("questions")
    if not facts and not questions:
        yield Finding((), "a deck needs at least one fact or question")
    topics = data.get("topics")
    known_topics: set[str] | None = None
    if isinstance(topics, list):
        known_topics = {topic for topic in topics if isinstance(topic, str)}
        yield from _duplicates(topics, ("topics",), what="topic")
    if isinstance(facts, list):
        yield from _items(facts, "facts", known_topics)
        for index, fact in enumerate(facts):
            if isinstance(fact, dict):
                yield from _fact_findings(fact, ("facts", index))
    if isinstance(questions, list):
        yield from _items(questions, "questions", known_topics)
        for index, question in enumerate(questions):
            if isinstance(question, dict):
                yield from _question_findings(question, ("questions", index))


def _items(items: list[Any], field: str, known_topics: set[str] | None) -> Iterator[Finding]:
    """Check ids are unique and topics are listed."""
    first_use: dict[str, int] = {}
    what = "fact" if field == "facts" else "question"
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        item_id = item.get("id")
        if isinstance(item_id, str):
            if item_id in first_use:
                first = f"{field}[{first_use[item_id]}]"
                yield Finding(
                    (field, index, "id"),
                    f"duplicate {what} id '{item_id}' (already used by {first})",
                )
            else:
                first_use[item_id] = index
        topic = item.get("topic")
        if known_topics is not None and isinstance(topic, str) and topic not in known_topics:
            yield Finding((field, index, "topic"), f"topic '{topic}' is not listed in 'topics'")


def _fact_findings(fact: dict[str, Any], path: DataPath) -> Iterator[Finding]:
    statement = fact.get("statement")
    if isinstance(statement, str):
        count = statement.count(VALUE_SLOT)
        if count != 1:
            yield Finding(
                (*path, "statement"),
                f"the statement must contain {VALUE_SLOT} exactly once, found it {count} times",
            )
    kind = fact.get("kind")
    if kind not in _NUMERIC_KINDS:
        for field in ("tolerance", "bound", "precision"):
            if field in fact and kind is not None:
                yield Finding(
                    (*path, field),
                    f"only year, percent and count facts take '{field}', not {kind} facts",
                )
    if "ideas" in fact and kind in ("list", *_NUMERIC_KINDS):
        yield Finding(
            (*path, "ideas"), f"only name and concept facts take 'ideas', not {kind} facts"
        )
    value = fact.get("value")
    if isinstance(value, float) and not math.isfinite(value):
        yield Finding((*path, "value"), f"expected a finite number, got {value}")
    if kind in _TEXT_KINDS and isinstance(value, str):
        accepted = {value.casefold()}
        accepted.update(_folded_texts(fact.get("aliases")))
        distractors = fact.get("distractors")
        if isinstance(distractors, list):
            for index, distractor in enumerate(distractors):
                if isinstance(distractor, str) and distractor.casefold() in accepted:
                    yield Finding(
                        (*path, "distractors", index),
                        f"distractor '{distractor}' is also an accepted answer",
                    )
            yield from _duplicates(distractors, (*path, "distractors"), what="distractor")
    if kind == "list" and isinstance(value, list):
        yield from _duplicates(_member_texts(value), (*path, "value"), what="member")


def _question_findings(question: dict[str, Any], path: DataPath) -> Iterator[Finding]:
    kind = question.get("type")
    answer = question.get("answer")
    choices = question.get("choices")
    if "choices" in question and kind != "multiple_choice" and kind is not None:
        yield Finding(
            (*path, "choices"), f"only multiple_choice questions take 'choices', not {kind}"
        )
    yield from _grading_field_findings(question, path)
    if kind == "multiple_choice" and isinstance(choices, list):
        yield from _duplicates(choices, (*path, "choices"), what="choice")
        if isinstance(answer, str) and answer not in choices:
            yield Finding((*path, "answer"), f"the answer '{answer}' is not one of the choices")
    elif kind == "ordering" and isinstance(answer, list):
        yield from _duplicates(answer, (*path, "answer"), what="item")
    elif kind == "list" and isinstance(answer, list):
        yield from _duplicates(_member_texts(answer), (*path, "answer"), what="member")
    elif kind == "matching" and isinstance(answer, list):
        lefts = [pair[0] if isinstance(pair, list) and pair else None for pair in answer]
        yield from _duplicates(lefts, (*path, "answer"), what="left-hand item")
    elif kind == "matching" and isinstance(answer, dict):
        for left in answer:
            if not isinstance(left, str):
                yield Finding(
                    (*path, "answer", left),
                    f"the left-hand item {left!r} must be text (put it in quotes)",
                    at_key=True,
                )
    elif kind == "cloze":
        prompt = question.get("prompt")
        if isinstance(prompt, str) and CLOZE_BLANK not in prompt:
            yield Finding(
                (*path, "prompt"), f"a cloze prompt marks the gap with '{CLOZE_BLANK}' or more"
            )


def _grading_field_findings(question: dict[str, Any], path: DataPath) -> Iterator[Finding]:
    kind = question.get("type")
    for field in ("ideas", "contradictions", "confusions"):
        if field in question and kind not in ("typed", "cloze", None):
            yield Finding(
                (*path, field), f"only typed and cloze questions take '{field}', not {kind}"
            )


def _duplicates(items: list[Any], path: DataPath, *, what: str) -> Iterator[Finding]:
    """Report every text item that repeats an earlier one, ignoring case."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, str):
            continue
        folded = item.casefold()
        if folded in seen:
            yield Finding((*path, index), f"duplicate {what} '{item}'")
        seen.add(folded)


def _member_texts(members: list[Any]) -> list[Any]:
    return [member.get("text") if isinstance(member, dict) else member for member in members]


def _folded_texts(items: object) -> set[str]:
    if not isinstance(items, list):
        return set()
    return {item.casefold() for item in items if isinstance(item, str)}
