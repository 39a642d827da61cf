"""Short answers read as numbers, and a short-answer card asked as multiple choice.

A deck may ask its short-answer cards as multiple choice while they are new
(the per-deck setting ``new_as_choice``): recognising the answer among a few
of the deck's other answers of the same kind is an easier first step than
recalling it.  It is the same card asked another way: the question keeps its
id, so the answer counts for that card's progress, and once the card is no
longer new it is typed again.  The wrong choices are the deck's own answers
of the same kind (years with years, percentages with percentages, names
with names), drawn with a seed from the question id so a card always shows
the same choices.
"""

from __future__ import annotations

import bisect
import re
import zlib
from collections.abc import Iterable
from dataclasses import replace
from enum import StrEnum
from functools import lru_cache

from dlquiz.core.model import ChoiceKey, NumberKey, Question, QuestionType, TextKey

MC_CHOICES = 4
NEAR_NUMBERS = 6  # numeric distractors come from this many neighbours on each side
MIN_YEAR, MAX_YEAR = 1000, 2100

_NUMBER = re.compile(r"^[+\-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?\s*(%)?$")


class AnswerKind(StrEnum):
    YEAR = "year"
    NUMBER = "number"
    PERCENT = "percent"
    NAME = "name"  # starts with a capital: a person, a place, a model
    WORD = "word"


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


def answer_kind(plain: str) -> AnswerKind:
    """The kind of a short answer, for choosing wrong choices of the same sort."""
    number = parse_number(plain)
    if number is not None:
        value, unit = number
        if unit == "%":
            return AnswerKind.PERCENT
        if value.is_integer() and MIN_YEAR <= value <= MAX_YEAR and "," not in plain:
            return AnswerKind.YEAR
        return AnswerKind.NUMBER
    return AnswerKind.NAME if plain.strip()[:1].isupper() else AnswerKind.WORD


def can_be_asked_as_choice(question: Question) -> bool:
    """True for a short-answer card: typed, with a text or number key."""
    return question.type is QuestionType.TYPED and isinstance(question.key, TextKey | NumberKey)


class ChoicePool:
    """A deck's distinct short answers, by kind, to draw wrong choices from."""

    def __init__(self, questions: Iterable[Question] = ()) -> None:
        self._by_kind: dict[AnswerKind, list[str]] = {}
        self._seen: set[tuple[AnswerKind, str]] = set()
        self._sorted: dict[AnswerKind, tuple[list[str], list[float]]] = {}
        for question in questions:
            if can_be_asked_as_choice(question):
                self.add(question.answer)

    def add(self, plain: str) -> None:
        """Offer ``plain`` as a wrong choice for answers of its kind."""
        text = plain.strip()
        kind = answer_kind(text)
        folded = (kind, text.casefold())
        if text and folded not in self._seen:
            self._seen.add(folded)
            self._by_kind.setdefault(kind, []).append(text)
            self._sorted.pop(kind, None)

    def choices_for(self, answer: str, *, seed: str) -> tuple[tuple[str, ...], int] | None:
        """Choices holding ``answer`` and its index, or None when the deck has too few.

        Numbers come in order of value, drawn from the answer's neighbours (a
        far-off year gives itself away); other answers are shuffled.  The draw
        depends only on ``seed``, so a card shows the same choices each time.
        """
        answer = answer.strip()
        kind = answer_kind(answer)
        pool = self._near(kind, answer) if kind in _NUMERIC_KINDS else self._by_kind.get(kind, [])
        others = [text for text in pool if text.casefold() != answer.casefold()]
        if len(others) < MC_CHOICES - 1:
            return None
        draw = _Draw(zlib.crc32(seed.encode("utf-8", "surrogatepass")))
        picked: list[str] = []
        for _ in range(MC_CHOICES - 1):
            picked.append(others.pop(draw.below(len(others))))
        if kind in _NUMERIC_KINDS:
            picked.append(answer)
            picked.sort(key=_number_value)  # numbers read best in order
            return tuple(picked), picked.index(answer)
        position = draw.below(MC_CHOICES)
        picked.insert(position, answer)
        return tuple(picked), position

    def _near(self, kind: AnswerKind, answer: str) -> list[str]:
        cached = self._sorted.get(kind)
        if cached is None:
            ordered = sorted(self._by_kind.get(kind, []), key=_number_value)
            cached = (ordered, [_number_value(text) for text in ordered])
            self._sorted[kind] = cached
        ordered, values = cached
        at = bisect.bisect_left(values, _number_value(answer))
        return ordered[max(0, at - NEAR_NUMBERS) : at + NEAR_NUMBERS + 1]


def as_choice(question: Question, pool: ChoicePool) -> Question | None:
    """``question`` asked as multiple choice (same id), or None when it cannot be.

    Only a short-answer card can, and only when the deck has enough other
    answers of its kind.
    """
    if not can_be_asked_as_choice(question):
        return None
    drawn = pool.choices_for(question.answer, seed=question.id)
    if drawn is None:
        return None
    choices, correct = drawn
    return replace(
        question,
        type=QuestionType.MULTIPLE_CHOICE,
        key=ChoiceKey(correct=(correct,)),
        choices=choices,
    )


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
