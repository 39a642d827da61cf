"""Wrong but plausible numbers for multiple choice and false statements.

A distractor sits near the true value so that only a learner who knows the
fact can tell them apart: neighbouring years, percentages a few points off,
counts a little smaller or larger.  Another fact's value for the same
attribute (VGG's depth beside GoogLeNet's) comes first, because it is the
most tempting mistake.  Every candidate is checked to be really wrong:
outside the tolerance, and below the value for an AT_LEAST fact, where it
reads "up to 22 layers" so that it claims a limit rather than an example.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from dlquiz.core.generate.formatting import (
    DECADE_SPAN,
    decimal_places,
    fold,
    format_amount,
    format_value,
    is_decade,
)
from dlquiz.core.generate.ids import in_rank_order
from dlquiz.core.model import Bound, Fact, FactKind

LATEST_YEAR = 2018  # the chapter ends here; no distractor year lies after it
BELOW_BOUND = "up to"  # how a wrong value for an AT_LEAST fact reads
MAX_RELATED = 2  # other facts' values among the distractors, at most
_YEAR_REACH = 4
_PERCENT_NEAREST, _PERCENT_REACH = 3, 12
_SMALL_COUNT = 30  # up to here counts move by a few units, above by a factor
_SMALL_STEPS = 5
_NEAR_FACTORS = (0.25, 0.5, 0.6, 0.75, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0)
_LOWER_FACTORS = (0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6)
_RELATED_PERCENT_REACH = 25.0
_RELATED_RATIO = 10.0


def accepted_interval(fact: Fact) -> tuple[float, float]:
    """The lowest and highest number the grader accepts for a numeric fact.

    Mirrors the grader: a decade (1980, tolerance 9) accepts 1980 to 1989,
    AT_LEAST accepts everything from ``value - tolerance`` up.
    """
    value = float(fact.number or 0.0)
    if is_decade(fact):
        return value, value + DECADE_SPAN
    if fact.bound is Bound.AT_LEAST:
        return value - fact.tolerance, math.inf
    return value - fact.tolerance, value + fact.tolerance


def is_wrong_number(fact: Fact, number: float) -> bool:
    """Say whether ``number`` would be marked wrong as the answer to ``fact``."""
    if fact.number is None:
        return False
    low, high = accepted_interval(fact)
    slack = 1e-9 * max(1.0, abs(fact.number))
    return not low - slack <= number <= high + slack


def _round_like(value: float, number: float) -> float:
    return round(number, decimal_places(value))


def _two_figures(number: float) -> float:
    return float(f"{number:.2g}")


def _year_candidates(fact: Fact, value: float, latest_year: int) -> list[float]:
    if is_decade(fact):
        offsets = range(10, 10 * (_YEAR_REACH + 1), 10)  # whole decades: 1970s, 1990s
    else:
        first = math.floor(fact.tolerance) + 1
        offsets = range(first, first + _YEAR_REACH)
    below = [value - step for step in offsets]
    above = [value + step for step in offsets if value + step <= max(latest_year, value)]
    return below + above


def _percent_candidates(fact: Fact, value: float) -> list[float]:
    first = max(_PERCENT_NEAREST, math.floor(fact.tolerance) + 1)
    numbers = []
    for step in range(first, first + _PERCENT_REACH + 1):
        numbers += [_round_like(value, value - step), _round_like(value, value + step)]
    # 0% and 100% give themselves away as wrong, so they are never offered.
    return [number for number in numbers if 0 < number < 100]


def is_point_difference(fact: Fact) -> bool:
    """A gap between two percentages ("10 percentage points ahead").

    Such a figure is usually read off rounded numbers ("about 74%"), so a
    value one point away may be another honest subtraction: 85 - 74 = 11
    beside the chapter's 10.  Distractors keep two points away.
    """
    return fact.kind is FactKind.COUNT and "point" in fact.unit


def _count_candidates(fact: Fact, value: float) -> list[float]:
    if value.is_integer() and 0 < value <= _SMALL_COUNT:
        first = math.floor(fact.tolerance) + 1
        if is_point_difference(fact):
            first += 1  # one point off is a subtraction from rounded figures, not a mistake
        numbers = [
            value + sign * step for step in range(first, first + _SMALL_STEPS) for sign in (-1, 1)
        ]
        numbers += [round(value / 2), round(value * 1.5), value * 2]
    else:
        factors = _LOWER_FACTORS if fact.bound is Bound.AT_LEAST else _NEAR_FACTORS
        numbers = [_two_figures(value * factor) for factor in factors]
        if not value.is_integer():
            numbers = [_round_like(value, number) for number in numbers]
    return [number for number in numbers if number > 0]


def _plausible_related(fact: Fact, value: float, number: float) -> bool:
    if fact.kind is FactKind.PERCENT:
        return 0 < number < 100 and abs(number - value) <= _RELATED_PERCENT_REACH
    if fact.kind is FactKind.COUNT:
        return number > 0 and 1 / _RELATED_RATIO <= number / value <= _RELATED_RATIO
    return False  # years: neighbouring years already tempt, other events' years add noise


def _as_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def numeric_distractors(
    fact: Fact,
    *,
    related: Iterable[float],
    salt: tuple[object, ...],
    count: int,
    latest_year: int = LATEST_YEAR,
) -> list[str]:
    """Return up to ``count`` formatted wrong values for a numeric fact.

    Args:
        fact: a year, percent or count fact with a number.
        related: values of other facts with the same attribute and unit.
        salt: the seed and question id; the same salt always picks the same values.
        count: how many to return at most (fewer when not enough are plausible).
        latest_year: no distractor year lies after this (or after the fact's own year).
    """
    if fact.number is None:
        return []
    value = float(fact.number)  # a loader may hand over an int despite the annotation
    if fact.kind is FactKind.YEAR:
        generated = _year_candidates(fact, value, latest_year)
    elif fact.kind is FactKind.PERCENT:
        generated = _percent_candidates(fact, value)
    else:
        generated = _count_candidates(fact, value)
    tempting = {
        float(number)
        for number in related
        if _plausible_related(fact, value, number) and is_wrong_number(fact, number)
    }
    ranked_related = in_rank_order(tempting, salt=salt, name=repr)[:MAX_RELATED]
    ranked_generated = in_rank_order(set(generated), salt=salt, name=repr)
    # Values the author chose come first: they know which near values a learner
    # could derive from other figures (a margin recomputed on another baseline).
    authored = [number for number in map(_as_number, fact.distractors) if number is not None]
    if authored:
        ranked_related, ranked_generated = authored, []

    usable = _usable(fact, ranked_related + ranked_generated)
    if authored or fact.bound is Bound.AT_LEAST:
        # The author placed their values on purpose; an AT_LEAST fact's wrong values all
        # lie below it by nature ("up to 22 layers" against "over 100 layers").
        return [text for _number, text in usable[:count]]
    related_set = set(ranked_related)
    first = [(n, t) for n, t in usable if n in related_set][:MAX_RELATED]
    rest = [(n, t) for n, t in usable if n not in related_set]
    return [text for _number, text in _balanced(value, first, rest, count, salt)]


def _usable(fact: Fact, numbers: list[float]) -> list[tuple[float, str]]:
    """The candidates, in rank order, that are really wrong and read differently."""
    out: list[tuple[float, str]] = []
    taken = {fold(format_value(fact))}
    for number in numbers:
        text = format_amount(fact, number)
        if fact.bound is Bound.AT_LEAST:
            text = f"{BELOW_BOUND} {text}"  # "up to 22 layers" against "over 100 layers"
        if is_wrong_number(fact, number) and fold(text) not in taken:
            out.append((number, text))
            taken.add(fold(text))
    return out


def _balanced(
    value: float,
    first: list[tuple[float, str]],
    rest: list[tuple[float, str]],
    count: int,
    salt: tuple[object, ...],
) -> list[tuple[float, str]]:
    """Pick so that the true value's rank among the options is drawn evenly.

    Candidates lie on both sides of the truth, so picking at random leaves it
    in the middle far more often than at either end, and a test-wise learner
    who always picks a middle number wins.  Instead the number of wrong
    values below the truth is drawn first (0 to ``count``, from the salt), and
    each side is filled in rank order; ``first`` (other facts' values, the
    most tempting) is always kept.  A side that runs short is made up from
    the other, so ``count`` options are still returned when they exist.
    """
    chosen = list(first[:count])
    below = [c for c in rest if c[0] < value]
    above = [c for c in rest if c[0] > value]
    room = count - len(chosen)
    have_below = sum(1 for number, _text in chosen if number < value)
    target = in_rank_order(set(range(count + 1)), salt=(*salt, "rank"), name=repr)[0]
    want_below = min(max(target - have_below, 0), room, len(below))
    want_above = min(room - want_below, len(above))
    want_below = min(room - want_above, len(below))  # the other side ran short
    picked = below[:want_below] + above[:want_above]
    order = {id(item): index for index, item in enumerate(rest)}
    return chosen + sorted(picked, key=lambda item: order[id(item)])
