"""Answer keys for each Moodle XML question type dlquiz can ask."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from dlquiz.core.model import (
    AnswerKey,
    ChoiceKey,
    MatchKey,
    NumberKey,
    QuestionType,
    TextKey,
    TrueFalseKey,
)

from .answers import MAX_YEAR, MIN_YEAR, distinct
from .context import ReadContext
from .html import sanitize_html

# The grades Moodle accepts, in percent; others are refused as Moodle does.
MOODLE_GRADES = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
    16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0,
)  # fmt: skip
GRADE_SLACK = 0.001

Built = tuple[QuestionType, AnswerKey, str, tuple[str, ...] | None]


class XmlQuestionError(Exception):
    """One question cannot be read; the message says why."""


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    child = element.find("text")
    return ((child.text if child is not None else element.text) or "").strip()


def _plain(element: ET.Element | None) -> str:
    return sanitize_html(_text(element)).plain


def _fraction(answer: ET.Element) -> float:
    raw = answer.get("fraction", "0")
    try:
        value = float(raw)
    except ValueError:
        raise XmlQuestionError(f"the grade {raw!r} is not a number") from None
    if not any(abs(abs(value) - grade) < GRADE_SLACK for grade in MOODLE_GRADES):
        raise XmlQuestionError(
            f"the grade {raw}% is not one Moodle allows (such as 100, 50, 33.33333, 25...)"
        )
    return value


def multichoice(element: ET.Element, ctx: ReadContext, where: str) -> Built | None:
    answers = element.findall("answer")
    choices = tuple(_plain(answer) for answer in answers)
    fractions = [_fraction(answer) for answer in answers]
    if len(choices) < 2 or not all(choices):
        raise XmlQuestionError("a multiple choice question needs two or more non-empty answers")
    if not distinct(choices):
        ctx.notice("two answers read the same once formatting is removed", where=where)
    single = _text(element.find("single")).casefold() in ("true", "1", "")
    if single:
        correct = tuple(i for i, fraction in enumerate(fractions) if fraction >= 100)
        if not correct:
            raise XmlQuestionError("no answer gets full credit")
        key = ChoiceKey(correct=correct)
    else:
        weights = tuple(fraction / 100 for fraction in fractions)
        correct = tuple(i for i, weight in enumerate(weights) if weight > 0)
        if not correct:
            raise XmlQuestionError("no answer gets any credit")
        key = ChoiceKey(correct=correct, weights=weights)
    answer = " / ".join(choices[i] for i in correct)
    return QuestionType.MULTIPLE_CHOICE, key, answer, choices


def truefalse(element: ET.Element, _ctx: ReadContext, _where: str) -> Built | None:
    for answer in element.findall("answer"):
        if _fraction(answer) >= 100:
            value = _plain(answer).casefold() in ("true", "t", "1", "yes")
            return QuestionType.TRUE_FALSE, TrueFalseKey(value), "true" if value else "false", None
    raise XmlQuestionError("neither true nor false gets full credit")


def shortanswer(element: ET.Element, ctx: ReadContext, where: str) -> Built | None:
    accepted: list[str] = []
    partial: list[tuple[str, float]] = []
    for answer in element.findall("answer"):
        text, fraction = _plain(answer), _fraction(answer)
        if "*" in text:
            if not text.strip("*").strip():
                continue
            ctx.notice(f"wildcard '*' in {text!r} is not supported: matched literally", where=where)
            text = text.strip("*").strip()
        if text and fraction >= 100:
            accepted.append(text)
        elif text and fraction > 0:
            partial.append((text, fraction / 100))
    if not accepted:
        raise XmlQuestionError("no answer gets full credit")
    return QuestionType.TYPED, TextKey(tuple(accepted), tuple(partial)), accepted[0], None


def numerical(element: ET.Element, ctx: ReadContext, where: str) -> Built | None:
    full: list[tuple[float, float]] = []
    for answer in element.findall("answer"):
        text = _plain(answer)
        if text == "*" or _fraction(answer) < 100:
            continue
        try:
            value = float(text)
            tolerance = abs(float(_text(answer.find("tolerance")) or 0))
        except ValueError:
            raise XmlQuestionError(f"the answer {text!r} is not a number") from None
        full.append((value, tolerance))
    if not full:
        raise XmlQuestionError("no number gets full credit")
    if len(full) > 1:
        ctx.notice("several correct numbers: only the first is kept", where=where)
    value, tolerance = full[0]
    is_year = value.is_integer() and MIN_YEAR <= value <= MAX_YEAR
    shown = str(int(value)) if value.is_integer() else repr(value)
    key = NumberKey(value=value, tolerance=tolerance, is_year=is_year)
    return QuestionType.TYPED, key, shown, None


def matching(element: ET.Element, _ctx: ReadContext, _where: str) -> Built | None:
    lefts: list[str] = []
    rights: list[str] = []
    pairs: list[int] = []
    for sub in element.findall("subquestion"):
        right = _plain(sub.find("answer"))
        if not right:
            continue
        if right not in rights:
            rights.append(right)
        left = _plain(sub)
        if left:
            lefts.append(left)
            pairs.append(rights.index(right))
    if len(lefts) < 2:
        raise XmlQuestionError("a matching question needs at least two pairs")
    answer = "; ".join(f"{left} -> {rights[i]}" for left, i in zip(lefts, pairs, strict=True))
    return QuestionType.MATCHING, MatchKey(tuple(lefts), tuple(pairs)), answer, tuple(rights)


BUILDERS: dict[str, Callable[[ET.Element, ReadContext, str], Built | None]] = {
    "multichoice": multichoice,
    "truefalse": truefalse,
    "shortanswer": shortanswer,
    "numerical": numerical,
    "matching": matching,
}
