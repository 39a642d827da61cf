"""Deciding how a flashcard's answer can be asked: typed, as a number, or not at all.

A card whose back is a number, a name or a few words can be typed and
graded; a card whose back is a paragraph stays a flashcard the learner
rates.  Short answers of one kind (years with years, names with names) also
serve as distractors for multiple-choice variants.
"""

from __future__ import annotations

import bisect
import re
import zlib
from collections.abc import Sequence
from functools import lru_cache

from dlquiz.core.model import NumberKey, TextKey

MAX_TYPED_CHARS = 40
MAX_TYPED_WORDS = 4
MIN_YEAR, MAX_YEAR = 1000, 2100
MC_CHOICES = 4
NEAR_NUMBERS = 6  # numeric distractors come from this many neighbours on each side

_NUMBER = re.compile(r"^[+\-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?\s*(%)?$")
_SENTENCE_PUNCTUATION = re.compile(r"[!?;]|[.,:](?:\s|$)")


class AnswerKind:
    """Kinds of short answers; distractors are drawn from the same kind.

    Plain strings rather than an Enum: they key dictionaries in hot loops.
    """

    YEAR = "year"
    NUMBER = "number"
    PERCENT = "percent"
    NAME = "name"  # starts with a capital letter: people, places, notes "F#"
    WORD = "word"  # anything else short


_NUMERIC_KINDS = frozenset({AnswerKind.YEAR, AnswerKind.NUMBER, AnswerKind.PERCENT})


@lru_cache(maxsize=1 << 16)
def parse_number(text: str) -> tuple[float, str] | None:
    """``(value, unit)`` for texts such as ``"1822"``, ``"-3.5"``, ``"1,200"``, ``"85%"``."""
    match = _NUMBER.match(text.strip())
    if match is None:
        return None
    digits = match.group(0).rstrip("% \t").replace(",", "").replace("\u2212", "-")
    try:
        value = float(digits)
    except ValueError:
        return None
    return value, "%" if match.group(1) else ""


@lru_cache(maxsize=1 << 16)
def is_typeable(plain: str) -> bool:
    """True when ``plain`` is short enough to type: a number, a name, a few words."""
    text = plain.strip()
    if not text or "\n" in text or "[image]" in text or len(text) > MAX_TYPED_CHARS:
        return False
    if parse_number(text) is not None:
        return True
    if len(text.split()) > MAX_TYPED_WORDS:
        return False
    return _SENTENCE_PUNCTUATION.search(text) is None


@lru_cache(maxsize=1 << 16)
def answer_kind(plain: str) -> str:
    """The kind of a short answer, for choosing distractors of the same sort."""
    number = parse_number(plain)
    if number is not None:
        value, unit = number
        if unit == "%":
            return AnswerKind.PERCENT
        if value.is_integer() and MIN_YEAR <= value <= MAX_YEAR and "," not in plain:
            return AnswerKind.YEAR
        return AnswerKind.NUMBER
    first = plain.strip()[:1]
    return AnswerKind.NAME if first.isupper() else AnswerKind.WORD


def typed_key(plain: str, *, tolerance: float = 0.0) -> NumberKey | TextKey:
    """The key for a typed answer: a :class:`NumberKey` for numbers, else a :class:`TextKey`."""
    number = parse_number(plain)
    if number is None:
        return TextKey(accepted=(plain.strip(),))
    value, unit = number
    is_year = value.is_integer() and MIN_YEAR <= value <= MAX_YEAR and not unit
    return NumberKey(value=value, tolerance=tolerance, unit=unit, is_year=is_year)


class DistractorPool:
    """Distinct short answers of a deck, by kind, to draw wrong choices from."""

    def __init__(self) -> None:
        self._by_kind: dict[str, list[str]] = {}
        self._seen: set[tuple[str, str]] = set()
        self._sorted: dict[str, tuple[list[str], list[float]]] = {}

    def add(self, plain: str) -> None:
        """Offer ``plain`` as a possible distractor for answers of its kind."""
        kind = answer_kind(plain)
        folded = (kind, plain.strip().casefold())
        if folded not in self._seen:
            self._seen.add(folded)
            self._by_kind.setdefault(kind, []).append(plain.strip())
            self._sorted.pop(kind, None)

    def choices_for(self, answer: str, *, seed: str) -> tuple[tuple[str, ...], int] | None:
        """Shuffled choices holding ``answer`` and its index, or None when too few exist.

        The draw is seeded by ``seed`` (the question id), so importing the same
        deck twice gives the same choices.
        """
        kind = answer_kind(answer)
        pool = self._by_kind.get(kind, [])
        if len(pool) < MC_CHOICES:
            return None
        rng = _Draw(zlib.crc32(seed.encode("utf-8", "surrogatepass")))
        if kind in _NUMERIC_KINDS:
            pool = self._near(kind, answer)
        answer = answer.strip()
        picked: list[str] = []
        folded: set[str] = {answer.casefold()}
        size = len(pool)
        for _ in range(64):  # the pool has at least 3 others, so this ends fast
            candidate = pool[rng.below(size)]
            key = candidate.casefold()
            if key not in folded:
                folded.add(key)
                picked.append(candidate)
                if len(picked) == MC_CHOICES - 1:
                    break
        else:
            return None
        if kind in _NUMERIC_KINDS:
            picked.append(answer)
            picked.sort(key=_number_value)  # numbers read best in order
            return tuple(picked), picked.index(answer)
        position = rng.below(MC_CHOICES)
        picked.insert(position, answer)
        return tuple(picked), position

    def _near(self, kind: str, answer: str) -> list[str]:
        """The numbers of ``kind`` closest in value to ``answer``: plausible distractors."""
        cached = self._sorted.get(kind)
        if cached is None:
            ordered = sorted(self._by_kind[kind], key=_number_value)
            cached = (ordered, [_number_value(text) for text in ordered])
            self._sorted[kind] = cached
        ordered, values = cached
        at = bisect.bisect_left(values, _number_value(answer))
        low = max(0, at - NEAR_NUMBERS)
        return ordered[low : at + NEAR_NUMBERS + 1]


class _Draw:
    """A tiny deterministic number generator (64-bit LCG), cheaper than ``random.Random``."""

    def __init__(self, seed: int) -> None:
        self._state = seed & _MASK64

    def below(self, limit: int) -> int:
        """A number in ``0..limit-1``."""
        self._state = (self._state * 6364136223846793005 + 1442695040888963407) & _MASK64
        return (self._state >> 33) % limit


_MASK64 = (1 << 64) - 1


def _number_value(text: str) -> float:
    parsed = parse_number(text)
    return parsed[0] if parsed else 0.0


def distinct(texts: Sequence[str]) -> bool:
    """True when no two of ``texts`` are the same, ignoring case and outer spaces."""
    folded = [text.strip().casefold() for text in texts]
    return len(set(folded)) == len(folded)
