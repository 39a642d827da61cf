"""Answers in the terminal syntax turned back into words for the exam review.

The syntax is the grader's (docs/grading.md): multiple choice by letter,
true/false as ``t``/``f``, ordering by item numbers (``3 1 2 4``), matching
as pairs (``a2 b1 c3``).  The answer is read with the grader's own readers,
so the review shows exactly what was graded.  Whatever cannot be read is
shown as typed: the review never hides what the learner wrote.
"""

from __future__ import annotations

from dlquiz.core.grading.arrangement import read_matches
from dlquiz.core.grading.responses import (
    Unreadable,
    parse_choices,
    parse_order,
    parse_true_false,
)
from dlquiz.core.model import MatchKey, Question, QuestionType

ARROW = " → "


def _choices(text: str, choices: tuple[str, ...]) -> str | None:
    picked = parse_choices(text, choices)
    if isinstance(picked, Unreadable):
        return None
    return "; ".join(choices[index] for index in picked)


def _true_false(text: str) -> str | None:
    value = parse_true_false(text)
    return None if isinstance(value, Unreadable) else str(value)


def _ordering(text: str, choices: tuple[str, ...]) -> str | None:
    order = parse_order(text, len(choices))
    if isinstance(order, Unreadable):
        return None
    return ARROW.join(choices[index] for index in order)


def _matching(text: str, key: MatchKey, choices: tuple[str, ...]) -> str | None:
    pairs = read_matches(text, key, choices)
    if isinstance(pairs, Unreadable):
        return None
    return "; ".join(
        f"{key.lefts[left] if left < len(key.lefts) else left + 1}{ARROW}{choices[right]}"
        for left, right in sorted(pairs.items())
    )


def readable_answer(question: Question, text: str) -> str:
    """The learner's answer in words: choice texts instead of letters and numbers.

    Returns "" for an unanswered question and ``text`` unchanged when it
    cannot be read in the question's syntax.
    """
    if not text.strip():
        return ""
    choices = question.choices or ()
    shown: str | None = None
    match question.type:
        case QuestionType.MULTIPLE_CHOICE if choices:
            shown = _choices(text, choices)
        case QuestionType.TRUE_FALSE:
            shown = _true_false(text)
        case QuestionType.ORDERING if choices:
            shown = _ordering(text, choices)
        case QuestionType.MATCHING if choices and isinstance(question.key, MatchKey):
            shown = _matching(text, question.key, choices)
        case _:
            shown = None
    return text if shown is None else shown
