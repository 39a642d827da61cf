"""Judging numeric answers against a ``NumberKey``: never as fuzzy text.

A year key whose value ends in 0 with a tolerance of exactly 9 means a decade
("invented in the 1980s"): it accepts 1980 to 1989 and "the 1980s".  A decade
answer is right when its whole decade lies inside what the key accepts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dlquiz.core.grading.ideas import find_any
from dlquiz.core.grading.number_forms import (
    expand_short_year,
    fraction_percent,
    unit_clause,
    without_brackets,
    without_day_of_month,
    working_result,
    year_figures,
)
from dlquiz.core.grading.number_idioms import plain_numbers
from dlquiz.core.grading.numbers import NumberReading, Qualifier, read_numbers
from dlquiz.core.grading.outcome import Outcome, closing, join_items, spelling_note
from dlquiz.core.grading.precision import allowed_error
from dlquiz.core.grading.words import read_words
from dlquiz.core.model import Bound, NumberKey

_DECADE_SPAN = 9
_CLOSE_YEARS = 3  # a year this far off is "close"
_CLOSE_SHARE = 0.1  # other numbers within 10 % are "close"
_EPSILON = 1e-9
_SMALLEST_FIXED = 1e-4  # smaller numbers are shown as 1e-05


@dataclass(frozen=True, slots=True)
class _Range:
    low: float
    high: float

    def holds(self, value: float) -> bool:
        slack = _EPSILON * max(1.0, abs(value)) if math.isfinite(value) else 0.0
        return self.low - slack <= value <= self.high + slack


def is_decade_key(key: NumberKey) -> bool:
    """True for a year key that stands for a whole decade (1980 with tolerance 9)."""
    return (
        key.is_year
        and key.bound is Bound.EXACT
        and key.tolerance == _DECADE_SPAN
        and key.value % 10 == 0
    )


def accepted_range(key: NumberKey) -> tuple[float, float]:
    """The smallest and largest value ``key`` accepts (``inf`` for AT_LEAST)."""
    if is_decade_key(key):
        return key.value, key.value + _DECADE_SPAN
    error = allowed_error(key)
    if key.bound is Bound.AT_LEAST:
        return key.value - error, math.inf
    return key.value - error, key.value + error


def format_number(value: float, *, year: bool = False) -> str:
    """2012, 1,200,000 or 0.85: whole numbers without ".0", years without commas."""
    if not math.isfinite(value):
        return str(value)
    separator = "" if year else ","
    if value == int(value):
        return f"{int(value):{separator}}"
    if abs(value) < _SMALLEST_FIXED:
        return f"{value:g}"
    return f"{value:{separator}.6f}".rstrip("0").rstrip(".")


def _said(reading: NumberReading, key: NumberKey) -> str:
    text = format_number(reading.value, year=key.is_year)
    if reading.decade:
        return f"the {text}s"
    if reading.qualifier is Qualifier.ABOVE:
        return f"over {text}"
    if reading.qualifier is Qualifier.BELOW:
        return f"under {text}"
    return text + ("%" if reading.percent else "")


def _off_by(reading: NumberReading, key: NumberKey, expected: str) -> str:
    """Feedback for a wrong plain number: say "close" when it nearly was."""
    gap = abs(reading.value - key.value)
    said = _said(reading, key)
    if key.is_year and gap <= _CLOSE_YEARS:
        years = "one year" if gap == 1 else f"{format_number(gap)} years"
        return f"Close: {said} is {years} off; the answer is {closing(expected)}"
    if not key.is_year and gap <= max(1.0, _CLOSE_SHARE * abs(key.value)):
        return f"Close: {said} is {format_number(gap)} off; the answer is {closing(expected)}"
    return f"Incorrect: {said} is not right; the answer is {closing(expected)}"


def _judge_reading(reading: NumberReading, key: NumberKey, expected: str) -> Outcome:
    low, high = accepted_range(key)
    allowed = _Range(low, high)
    said = _said(reading, key)
    if reading.vague:  # "thousands": more than one thousand, but which figure?
        if key.bound is Bound.AT_LEAST and reading.value >= low - _EPSILON * max(1.0, abs(low)):
            return Outcome(1.0, "Correct.")
        return Outcome(0.0, f"Too vague: give a figure; the answer is {closing(expected)}")
    if reading.decade:
        if allowed.holds(reading.value) and allowed.holds(reading.value + _DECADE_SPAN):
            return Outcome(1.0, "Correct.")
        if _Range(reading.value, reading.value + _DECADE_SPAN).holds(key.value):
            return Outcome(
                0.0, f"Too vague: {said} is the right decade; the answer is {closing(expected)}"
            )
        return Outcome(
            0.0, f"Incorrect: {said} is the wrong decade; the answer is {closing(expected)}"
        )
    if key.bound is Bound.AT_LEAST and reading.qualifier is Qualifier.BELOW:
        return Outcome(0.0, f"Incorrect: {said} is too few; the answer is {closing(expected)}")
    if key.bound is Bound.AT_LEAST and reading.qualifier is Qualifier.ABOVE:
        if reading.value >= low - _EPSILON * max(1.0, abs(low)):
            return Outcome(1.0, "Correct.")
        return Outcome(0.0, f"Incorrect: {said} is too low; the answer is {closing(expected)}")
    if allowed.holds(reading.value):
        if reading.value == key.value or key.bound is Bound.AT_LEAST or is_decade_key(key):
            return Outcome(1.0, "Correct.")
        if abs(reading.value - key.value) > key.tolerance:  # within the stated precision only
            return Outcome(1.0, f"Correct: {said} rounds to {closing(expected)}")
        return Outcome(1.0, f"Correct: close enough; the exact figure is {closing(expected)}")
    return Outcome(0.0, _off_by(reading, key, expected))


def _flipped_measure(key: NumberKey, answer: str) -> str | None:
    """A contradiction the answer plainly states: "85% error rate" for an accuracy."""
    if not key.contradictions:
        return None
    hit = find_any(read_words(answer), key.contradictions, exact=True)
    return hit[0] if hit is not None and not hit[1].negated else None


def _fraction(
    key: NumberKey, answer: str, readings: list[NumberReading], expected: str
) -> Outcome | None:
    """Judge a fraction in words ("about three quarters") as a percentage."""
    found = fraction_percent(answer)
    if found is None:
        return None
    percent, numerator = found
    if numerator and (len(readings) > 1 or (readings and readings[0].value != numerator)):
        return None  # "3 quarters of 2012" states more than a fraction
    said = f"{format_number(round(percent, 1))}%"
    if key.unit != "%" or key.is_year:
        return None
    if allowed_error(key) < 1 or key.tolerance <= 0:
        return Outcome(
            0.0, f"Give the figure: {said} is not precise enough; the answer is {closing(expected)}"
        )
    if _Range(*accepted_range(key)).holds(percent):
        return Outcome(1.0, f"Correct: a fraction of about {said} fits {closing(expected)}")
    return Outcome(0.0, f"Incorrect: about {said} is not right; the answer is {closing(expected)}")


def judge_number(key: NumberKey, answer: str, *, expected: str) -> Outcome:
    """Judge a numeric ``answer`` as :func:`_judge_number` does, giving the
    spelling of a number word it forgave ("eigth", "1.2 milion")."""
    outcome = _judge_number(key, answer, expected=expected)
    spellings = plain_numbers(answer).spellings
    if outcome.score < 1.0 or not spellings:
        return outcome
    if outcome.feedback == "Correct.":
        return Outcome(1.0, f"Correct{spelling_note(spellings)}.")
    return Outcome(1.0, f"{outcome.feedback} Spelling: {join_items(spellings)}.")


def _judge_number(key: NumberKey, answer: str, *, expected: str) -> Outcome:
    """Judge a numeric ``answer`` ("85 %", "eighty-five", "in 2012") against ``key``.

    A working ("22 - 8 = 14") is judged by its result, bracketed figures that
    support the answer are set aside, and "'12" is read as a year when the
    key is one (see :mod:`dlquiz.core.grading.number_forms`).

    Args:
        key: the accepted number, tolerance, precision, bound and contradictions.
        answer: the learner's text, not empty.
        expected: the readable correct answer for feedback.

    Returns:
        Full marks or none: numbers earn no partial credit.
    """
    # A measure named in a supporting bracket ("85% (15% error)") is no flip.
    flipped = _flipped_measure(key, without_brackets(answer))
    if flipped is not None:
        return Outcome(
            0.0, f"Incorrect: {flipped} is a different measure; the answer is {closing(expected)}"
        )
    text = without_brackets(working_result(answer))
    if key.is_year:
        text = expand_short_year(without_day_of_month(text), key.value)
    readings = read_numbers(text)
    if key.is_year:
        readings = year_figures(text, readings)
    fraction = _fraction(key, text, readings, expected)
    if fraction is not None:
        return fraction
    if not readings:
        return Outcome(0.0, f"No number found in your answer; the answer is {closing(expected)}")
    stated = [reading for reading in readings if not reading.denied]
    if not stated:  # "not 2012": what the answer is not, and nothing else
        said = _said(readings[0], key)
        return Outcome(
            0.0, f"Incorrect: your answer only rules out {said}; the answer is {closing(expected)}"
        )
    readings = _with_unit(key, text, stated)
    if len({reading.value for reading in readings}) > 1:
        return _several(key, readings, expected)
    share = _as_share(readings[0], key)
    if share is not None:
        outcome = _judge_reading(share, key, expected)
        if outcome.score >= 1.0:
            return Outcome(
                1.0, f"Correct: {format_number(readings[0].value)} is {_said(share, key)}."
            )
        return outcome
    return _judge_reading(readings[0], key, expected)


def _several(key: NumberKey, readings: list[NumberReading], expected: str) -> Outcome:
    """Several different figures: a hedge, unless every one of them is accepted.

    "73-75%" for roughly 74% and "100+ layers, e.g. 152" for over 100 agree.
    """
    judged = [_judge_reading(reading, key, expected) for reading in readings]
    if all(outcome.score >= 1.0 for outcome in judged):
        if key.bound is Bound.AT_LEAST:
            return judged[0]
        return Outcome(1.0, f"Correct: every figure you gave fits {closing(expected)}")
    values = list(dict.fromkeys(reading.value for reading in readings))
    named = " and ".join(format_number(v, year=key.is_year) for v in values[:3])
    return Outcome(0.0, f"Give one number, not {named}; the answer is {closing(expected)}")


def _with_unit(key: NumberKey, text: str, readings: list[NumberReading]) -> list[NumberReading]:
    """The readings of the one clause whose figure carries the key's unit, when
    other clauses give other figures ("five games, winning four")."""
    if len({reading.value for reading in readings}) < 2:  # noqa: PLR2004
        return readings
    clause = unit_clause(text, key.unit)
    if clause is None:
        return readings
    own = [reading for reading in read_numbers(clause) if not reading.denied]
    return own if len({reading.value for reading in own}) == 1 else readings


def _as_share(reading: NumberReading, key: NumberKey) -> NumberReading | None:
    """A bare share of one ("0.85") read as the percentage a percent key asks for.

    Only where the key itself is at least 1 %, so that "0.5" can never be meant
    as half a per cent, and only without a % sign or a qualifier.
    """
    if key.unit != "%" or key.is_year or key.value < 1 or reading.percent:
        return None
    if reading.decade or reading.qualifier is not Qualifier.EXACT or not 0 < reading.value < 1:
        return None
    return NumberReading(round(reading.value * 100, 9), percent=True)
