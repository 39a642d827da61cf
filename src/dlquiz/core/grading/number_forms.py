"""Ways of stating a number that need the key to be read: "'12", "three quarters", "22 - 8 = 14".

Each helper rewrites or narrows an answer before its numbers are read, and
only where the key makes the meaning plain:

- a year written with an apostrophe and two digits ("'12") is the year of
  the key's century that ends so (2012 for a key of 2011);
- a fraction in words ("about three quarters", "two thirds") is a
  percentage, accepted only for a key that is itself approximate;
- a short working ("22 - 8 = 14", "85 - 75 → 10") stands for its result;
- figures in brackets support the answer ("10 points (85% vs 75%)");
- the day in a date ("September 30, 2012") is no second year;
- of clauses that give figures ("85%, ten points ahead"), the one whose
  figure carries the key's unit is the answer.
"""

from __future__ import annotations

import re
from fractions import Fraction

from dlquiz.core.grading.numbers import NumberReading
from dlquiz.core.grading.words import read_words

_SHORT_YEAR = re.compile(r"(?<![\w'\u2019])['\u2019\u2018](\d{2})(?![\d'\u2019]|s\b)")
_RESULT = re.compile(r"(?:=|\u2192|->|=>)")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_HEDGE = re.compile(r"\s*(?:or|maybe|perhaps|possibly|probably)\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-](?P<year>\d{4})\b|\b(?P<iso>\d{4})-\d{1,2}-\d{1,2}\b"
)
_CENTURY = 100
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_DATE = re.compile(
    rf"(?P<month>\b(?:{_MONTHS})[a-z]*\.?)\s+\d{{1,2}}(?:st|nd|rd|th)?\b,?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>(?:{_MONTHS})[a-z]*\.?)",
    re.IGNORECASE,
)

_NUMERATORS = {"a": 1, "an": 1, "one": 1, "1": 1, "two": 2, "2": 2, "three": 3, "3": 3, "four": 4}
_DENOMINATORS = {
    "half": 2,
    "halv": 2,
    "third": 3,
    "quarter": 4,
    "fourth": 4,
    "fifth": 5,
    "tenth": 10,
}


def expand_short_year(answer: str, near: float) -> str:
    """Write "'12" as the full year nearest to ``near`` (the key's year)."""

    def full(match: re.Match[str]) -> str:
        ending = int(match.group(1))
        base = int(near) // _CENTURY * _CENTURY
        candidates = (base - _CENTURY + ending, base + ending, base + _CENTURY + ending)
        return str(min(candidates, key=lambda year: abs(year - near)))

    return _SHORT_YEAR.sub(full, answer)


def without_day_of_month(answer: str) -> str:
    """ "September 30, 2012", "30/09/2012" and "2012-09-30" as their year and month."""
    answer = _NUMERIC_DATE.sub(lambda m: m.group("year") or m.group("iso"), answer)
    return _DATE.sub(lambda m: (m.group("month") or m.group("month2")) + " ", answer)


def working_result(answer: str) -> str:
    """The part after the last "=" or arrow of a working, else the answer itself."""
    parts = _RESULT.split(answer)
    last = parts[-1] if len(parts) > 1 else answer
    return last if last.strip() else answer


def without_brackets(answer: str) -> str:
    """The answer without bracketed asides, unless nothing else is left.

    An aside that offers another answer ("19 (or 16)") is a hedge, not
    support, and stays.
    """
    bare = _BRACKETS.sub(lambda m: m.group() if _HEDGE.match(m.group()[1:]) else " ", answer)
    return bare if bare.strip() else answer


_SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_COUNTED = re.compile(
    r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s*/\s*|\s+(?:\w+\s+)?(?:in|out\s+of)\s+)"
    r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.IGNORECASE,
)


def counted_fraction(answer: str) -> float | None:
    """ "3/4", "three out of four", "three photos in four" as a percentage, or None."""
    found = _COUNTED.search(answer)
    if found is None:
        return None
    top, bottom = (_SMALL.get(part.lower()) or int(part) for part in found.groups())
    if not 0 < top <= bottom:
        return None
    return float(Fraction(top, bottom) * 100)


def fraction_percent(answer: str) -> tuple[float, int] | None:
    """The percentage a fraction in words states ("three quarters" -> 75), and its numerator."""
    counted = counted_fraction(answer)
    if counted is not None:
        return counted, 0
    stems = read_words(answer).stems
    for index, word in enumerate(stems):
        denominator = _DENOMINATORS.get(word)
        if denominator is None:
            continue
        numerator = _NUMERATORS.get(stems[index - 1], 1) if index > 0 else 1
        if word in ("half", "halv"):
            numerator = 1
        return float(Fraction(numerator, denominator) * 100), numerator
    return None


# Clauses, and the phrases that attach another figure: "1.2 million images in
# 1000 categories", "85% with 10 points to spare".
_CLAUSES = re.compile(
    r"[,;]|\b(?:and|in|with|across|from|for|at|vs|versus|compared)\b", re.IGNORECASE
)
_RANGE_OR_HEDGE = re.compile(
    r"\b(?:or|maybe|perhaps|possibly|between|either|nor)\b|\d\s*%?\s*(?:-|\u2013|to)\s*\d",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"%|\bper\s*cent\b|\bpercent\b", re.IGNORECASE)
_NOT_UNITS = frozenset({"percentag"})  # "percentage points" is said "points"


def _has_unit(clause: str, unit: str) -> bool:
    if unit == "%":
        return _PERCENT.search(clause) is not None
    wanted = frozenset(read_words(unit).stems) - _NOT_UNITS
    return bool(wanted) and not wanted.isdisjoint(read_words(clause).stems)


def unit_clause(answer: str, unit: str) -> str | None:
    """The one clause of ``answer`` whose figure carries ``unit``, when other clauses
    give other figures: "85%, ten points ahead" answers 85% for a percentage.

    None when the key has no unit, when the answer hedges or gives a range
    ("85% or 86%", "8-9 layers"), or when no single clause carries the unit.
    """
    if not unit or _RANGE_OR_HEDGE.search(answer):
        return None
    clauses = [clause for clause in _CLAUSES.split(answer) if clause.strip()]
    carrying = [clause for clause in clauses if _has_unit(clause, unit)]
    return carrying[0] if len(clauses) > 1 and len(carrying) == 1 else None


_SMALLEST_YEAR = 100  # "4-1", "85%" beside a year are other figures


def year_figures(answer: str, readings: list[NumberReading]) -> list[NumberReading]:
    """For a year, the readings that can be years, when the others are figures
    of something else ("2012, with 85%", "2016, 4-1"): percentages and numbers
    under 100.  A hedge or a range keeps every reading."""
    years = [r for r in readings if not r.percent and (r.decade or r.value >= _SMALLEST_YEAR)]
    if not years or len(years) == len(readings) or _RANGE_OR_HEDGE.search(answer):
        return readings
    return years
