"""Hand-written checks for the schema's "value depends on kind" rules.

The deck schema ties a fact's ``value`` to its ``kind`` (and a question's
``answer`` to its ``type``) with ``if``/``then``.  ``fastjsonschema``
evaluates every ``if`` by raising and catching an exception, which made it
the slowest part of loading a large deck.  So the fast path compiles the
schema without those rules and checks them here, in plain Python.

These checks may be stricter than the schema, never looser: a deck they
refuse goes on to the thorough ``jsonschema`` check, which has the final say.
"""

from __future__ import annotations

from typing import Any

SHORT_TEXT = 1000
PROMPT_TEXT = 10_000
YEAR_RANGE = 10_000
_MEMBER_KEYS = frozenset({"text", "aliases"})


def facts_and_questions_fit(data: dict[str, Any]) -> bool:
    """Say whether every fact's value fits its kind and every answer its type."""
    facts = data.get("facts", ())
    questions = data.get("questions", ())
    return all(_value_fits(fact.get("kind"), fact.get("value")) for fact in facts) and all(
        _answer_fits(question) for question in questions
    )


def _value_fits(kind: object, value: Any) -> bool:
    sort = type(value)
    if kind == "year":
        return sort is int and -YEAR_RANGE <= value <= YEAR_RANGE
    if kind == "percent":
        return (sort is int or sort is float) and 0 <= value <= 100
    if kind == "count":
        return (sort is int or sort is float) and value >= 0
    if kind in ("name", "concept"):
        return _short_text(value)
    if kind == "list":
        return _members(value)
    return False


def _answer_fits(question: dict[str, Any]) -> bool:
    kind = question.get("type")
    answer: Any = question.get("answer")
    sort = type(answer)
    if kind in ("typed", "cloze"):
        return sort is int or sort is float or _short_text(answer)
    if kind == "multiple_choice":
        return "choices" in question and _short_text(answer)
    if kind == "true_false":
        return sort is bool
    if kind == "flashcard":
        return sort is str and 1 <= len(answer) <= PROMPT_TEXT
    if kind == "ordering":
        return sort is list and len(answer) >= 2 and all(_short_text(item) for item in answer)
    if kind == "list":
        return _members(answer)
    if kind == "matching":
        return _pairs(answer)
    return False


def _short_text(value: object) -> bool:
    return type(value) is str and 1 <= len(value) <= SHORT_TEXT


def _members(value: object) -> bool:
    return type(value) is list and len(value) >= 1 and all(_member(item) for item in value)


def _member(item: object) -> bool:
    if type(item) is str:
        return 1 <= len(item) <= SHORT_TEXT
    if type(item) is not dict or not _MEMBER_KEYS.issuperset(item) or "text" not in item:
        return False
    aliases = item.get("aliases", [])
    return (
        _short_text(item["text"])
        and type(aliases) is list
        and all(_short_text(alias) for alias in aliases)
    )


def _pairs(answer: object) -> bool:
    if type(answer) is dict:
        return len(answer) >= 2 and all(
            _short_text(left) and _short_text(right) for left, right in answer.items()
        )
    return (
        type(answer) is list
        and len(answer) >= 2
        and all(
            type(pair) is list and len(pair) == 2 and all(_short_text(side) for side in pair)
            for pair in answer
        )
    )
