"""How precisely a deck states a number, and so how close an answer must be.

A source that says "85%" has rounded: 84.7% is consistent with it, 84% is
not.  The deck may say so with ``precision`` (the unit of the last digit it
states); a percentage written as a whole number is taken as rounded to the
whole percent.  Other numbers (years, layer counts, "1000 categories") are
exact unless the deck gives a ``precision`` or a ``tolerance``.
"""

from __future__ import annotations

from dlquiz.core.model import Bound, Fact, FactKind, NumberKey


def stated_precision(fact: Fact) -> float:
    """The unit of the last digit the fact's source states; 0 when it is exact."""
    if fact.precision > 0:
        return fact.precision
    if (
        fact.kind is FactKind.PERCENT
        and fact.bound is Bound.EXACT
        and fact.number is not None
        and float(fact.number).is_integer()
    ):
        return 1.0
    return 0.0


def allowed_error(key: NumberKey) -> float:
    """How far an answer may be from ``key.value``: the tolerance, or half the precision."""
    return max(key.tolerance, key.precision / 2)
