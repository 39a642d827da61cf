"""Deciding how a flashcard's answer can be asked: typed, as a number, or not at all.

A card whose back is a number, a name or a few words can be typed and
graded; a card whose back is a paragraph stays a flashcard the learner
rates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from dlquiz.core.bulk import maker
from dlquiz.core.model import NumberKey, TextKey
from dlquiz.core.short_answers import MAX_YEAR, MIN_YEAR, parse_number

__all__ = ["MAX_YEAR", "MIN_YEAR", "distinct", "is_typeable", "parse_number", "typed_key"]

MAX_TYPED_CHARS = 40
MAX_TYPED_WORDS = 4
_SENTENCE_PUNCTUATION = re.compile(r"[!?;]|[.,:](?:\s|$)")
_text_key = maker(TextKey)  # a large import makes one key per card
_number_key = maker(NumberKey)


@lru_cache(maxsize=1 << 16)
def is_typeable(plain: str) -> bool:
    """True when ``plain`` is short enough to type: a number, a name, a few words."""
    text = plain.strip()
    if not text or "\n" in text or len(text) > MAX_TYPED_CHARS:
        return False
    if "[image]" in text or "[sound]" in text:  # a picture or a sound cannot be typed
        return False
    if parse_number(text) is not None:
        return True
    if len(text.split()) > MAX_TYPED_WORDS:
        return False
    return _SENTENCE_PUNCTUATION.search(text) is None


def typed_key(plain: str, *, tolerance: float = 0.0) -> NumberKey | TextKey:
    """The key for a typed answer: a :class:`NumberKey` for numbers, else a :class:`TextKey`."""
    number = parse_number(plain)
    if number is None:
        return _text_key(accepted=(plain.strip(),))
    value, unit = number
    is_year = value.is_integer() and MIN_YEAR <= value <= MAX_YEAR and not unit
    return _number_key(value=value, tolerance=tolerance, unit=unit, is_year=is_year)


def distinct(texts: Sequence[str]) -> bool:
    """True when no two of ``texts`` are the same, ignoring case and outer spaces."""
    folded = [text.strip().casefold() for text in texts]
    return len(set(folded)) == len(folded)
