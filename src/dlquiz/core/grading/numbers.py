"""Reading numbers the way people write them: digits, words, magnitudes, decades.

"85", "85 %", "eighty-five percent", "1.2 million", "1.2M", "1,200,000",
"twenty twelve", "the 1980s" and "the eighties" are all read here.  Each
number found becomes a ``NumberReading``; the grader decides what they mean.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from dlquiz.core.grading.magnitudes import MAGNITUDE_PATTERN, MAGNITUDES, magnitude_of
from dlquiz.core.grading.number_idioms import plain_numbers
from dlquiz.core.grading.number_words import UNITS, VOCABULARY, parse_word_number


class Qualifier(StrEnum):
    """What the learner said about a number besides its value."""

    EXACT = "exact"
    ABOVE = "above"  # "over 100", "more than 100", "100+"
    BELOW = "below"  # "under 100", "less than 100"


@dataclass(frozen=True, slots=True)
class NumberReading:
    """One number in an answer.  A decade ("1980s") holds its first year."""

    value: float
    percent: bool = False
    decade: bool = False
    qualifier: Qualifier = Qualifier.EXACT
    vague: bool = False  # a plural magnitude on its own: "thousands", "hundreds of layers"
    denied: bool = False  # "not 2012", "never 2011"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "word" or "mark"
    text: str
    start: int
    end: int


_TOKENS = re.compile(
    r"(?P<number>"
    # "1,2 million": a decimal comma, only where a magnitude makes it plain
    rf"\d+,\d{{1,2}}(?!\d)(?=\s*(?:{MAGNITUDE_PATTERN})(?![^\W\d_]))"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    # "1 200 000" and "1'200'000": spaces and apostrophes group thousands too
    r"|\d{1,3}(?:[ '\u2019\u00a0\u202f\u2009]\d{3})+(?![\d'\u2019])"
    r"|\d+(?:\.\d+)?"
    r"|\.\d+)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<mark>\S)"
)
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_GROUPING = re.compile(r"[,'\u2019\u00a0\u202f\u2009 ]")
_MOST_DIGITS = 1000  # as long as the longest answer graded (MAX_ANSWER_CHARS)
_LONGEST_SPOKEN = 32  # words in one spoken number; longer runs are read in pieces
# "top-5 accuracy" names a measure, not a second number.
_MEASURE_NAMES = re.compile(r"\btop[\s-]*(?:\d+|one|five|ten)\b")
_PERCENT_WORDS = frozenset({"percent", "pct", "percentage", "pp"})
_ABOVE_WORDS = frozenset({"over", "above", "exceeding", "beyond"})
_ABOVE_PAIRS = frozenset(
    {("more", "than"), ("greater", "than"), ("at", "least"), ("upwards", "of")}
)
_BELOW_WORDS = frozenset({"under", "below"})
# "up to 152 layers" states that 152 was reached, so it is no bound below.
_BELOW_PAIRS = frozenset({("less", "than"), ("fewer", "than"), ("at", "most")})
_DENIALS = frozenset({"not", "never"})
_DENIED_LINKS = frozenset({"in", "on", "by", "the"})
_ABOVE_MARKS = frozenset({">", "\u2265"})
_BELOW_MARKS = frozenset({"<", "\u2264"})
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})
_CENTURY = 1900  # "the eighties" and "the '80s" are read as the 1980s
_TWO_DIGITS = 100
_LATEST_DECADE = 10_000  # "1980s" is a decade; huge numbers never are


def _tokenize(text: str) -> list[_Token]:
    decomposed = unicodedata.normalize("NFKD", plain_numbers(text).text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = _MEASURE_NAMES.sub(" ", bare.casefold().translate(_MINUS_SIGNS))
    tokens = []
    for match in _TOKENS.finditer(folded):
        kind = match.lastgroup or "mark"
        tokens.append(_Token(kind, match.group(), match.start(), match.end()))
    return tokens


def _numeral_value(text: str) -> Decimal | None:
    if _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    if len(text) > _MOST_DIGITS:  # no answer needs more; huge ones only cost time
        return None
    try:
        return Decimal(_GROUPING.sub("", text))
    except InvalidOperation:  # pragma: no cover - the pattern only admits valid numerals
        return None


class _Reader:
    """Walks the tokens of one answer and collects the numbers in it."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.readings: list[NumberReading] = []

    def _at(self, index: int, kind: str, *texts: str) -> bool:
        if not 0 <= index < len(self.tokens):
            return False
        token = self.tokens[index]
        return token.kind == kind and (not texts or token.text in texts)

    def _touching(self, left: int, right: int) -> bool:
        return self.tokens[left].end == self.tokens[right].start

    def read(self) -> list[NumberReading]:
        index = 0
        while index < len(self.tokens):
            token = self.tokens[index]
            if token.kind == "number":
                index = self._read_numeral(index)
            elif token.kind == "word":
                index = self._read_words(index)
            else:
                index += 1
        return self.readings

    def _qualifier(self, first: int) -> Qualifier:
        before = [t.text for t in self.tokens[max(0, first - 2) : first]]
        last = before[-1] if before else ""
        pair = tuple(before[-2:])
        if last in _ABOVE_WORDS or last in _ABOVE_MARKS or pair in _ABOVE_PAIRS:
            return Qualifier.ABOVE
        if last in _BELOW_WORDS or last in _BELOW_MARKS or pair in _BELOW_PAIRS:
            return Qualifier.BELOW
        return Qualifier.EXACT

    def _percent_after(self, index: int) -> int:
        """Index after a percent sign or word at ``index``; ``index`` if none."""
        if self._at(index, "mark", "%") or self._at(index, "word", *_PERCENT_WORDS):
            if self._at(index + 1, "word", "points"):
                return index + 2
            return index + 1
        if self._at(index, "word", "per") and self._at(index + 1, "word", "cent"):
            return index + 2
        return index

    def _read_numeral(self, first: int) -> int:
        value = _numeral_value(self.tokens[first].text)
        index = first + 1
        if value is None:  # pragma: no cover
            return index
        if (
            self._at(first - 1, "mark", "-")
            and (first < 2 or not self._touching(first - 2, first - 1))
            and self._touching(first - 1, first)
        ):
            value = -value
        decade = False
        if self._at(index, "word") and (times := magnitude_of(self.tokens[index].text)):
            value *= times
            index += 1
        elif 0 <= value < _LATEST_DECADE and value % 10 == 0:
            decade_end = self._decade_suffix_end(index)
            if decade_end != index:
                decade, index = True, decade_end
                if value < _TWO_DIGITS:
                    value += _CENTURY
        after_percent = self._percent_after(index)
        percent, index = after_percent != index, after_percent
        qualifier = self._qualifier(first)
        if self._at(index, "mark", "+") and self._touching(index - 1, index):
            qualifier, index = Qualifier.ABOVE, index + 1
        self.readings.append(
            NumberReading(float(value), percent, decade, qualifier, denied=self._denied(first))
        )
        return index

    def _denied(self, first: int) -> bool:
        """Whether "not" or "never" comes right before the number ("not 2012", "not in 2012")."""
        before = [t.text for t in self.tokens[max(0, first - 2) : first] if t.kind == "word"]
        if before[-1:] and before[-1] in _DENIALS:
            return True
        return len(before) == 2 and before[0] in _DENIALS and before[1] in _DENIED_LINKS  # noqa: PLR2004

    def _decade_suffix_end(self, index: int) -> int:
        """Index after an "s" or "'s" glued to the numeral before ``index``."""
        if self._at(index, "word", "s") and self._touching(index - 1, index):
            return index + 1
        if (
            self._at(index, "mark", "'", "\u2019")
            and self._at(index + 1, "word", "s")
            and self._touching(index - 1, index)
        ):
            return index + 2
        return index

    def _read_words(self, first: int) -> int:
        """Read a spoken number such as "twenty-two" or "a thousand" at ``first``."""
        words: list[str] = []
        positions: list[int] = []  # token index of each word, hyphens skipped
        index = first
        # Capped, so that a long run of number words is read in linear time.
        while (
            len(words) < _LONGEST_SPOKEN
            and self._at(index, "word")
            and self.tokens[index].text in VOCABULARY
        ):
            words.append(self.tokens[index].text)
            positions.append(index)
            index += 1
            if self._at(index, "mark", "-") and self._at(index + 1, "word"):
                index += 1
        parsed = parse_word_number(words)
        if parsed is None:
            return self._bare_magnitude(first)
        number, used = parsed
        end = positions[used - 1] + 1
        value: Decimal = Decimal(number.value)
        if number.decade and number.value < _TWO_DIGITS:
            value += _CENTURY
        if not number.decade:
            value, end = self._spoken_decimals(value, end)
        after_percent = self._percent_after(end)
        self.readings.append(
            NumberReading(
                float(value),
                after_percent != end,
                number.decade,
                self._qualifier(first),
                denied=self._denied(first),
            )
        )
        return after_percent

    def _bare_magnitude(self, first: int) -> int:
        """ "thousand" or "millions" on its own is that magnitude."""
        word = self.tokens[first].text
        if word in MAGNITUDES and len(word) > 3:  # noqa: PLR2004 - not "k", "m", "bn"
            value = MAGNITUDES[word]
            reading = NumberReading(
                float(value), qualifier=self._qualifier(first), vague=word.endswith("s")
            )
            self.readings.append(reading)
        return first + 1

    def _spoken_decimals(self, value: Decimal, end: int) -> tuple[Decimal, int]:
        """ "one point two (million)": digits spoken after "point", then a magnitude."""
        if not self._at(end, "word", "point"):
            return value, end
        digits = ""
        index = end + 1
        while self._at(index, "word", *UNITS) and len(digits) < _MOST_DIGITS:
            digits += str(UNITS[self.tokens[index].text])
            index += 1
        if not digits:
            return value, end
        value += Decimal("0." + digits)
        if self._at(index, "word") and (times := magnitude_of(self.tokens[index].text)):
            value *= times
            index += 1
        return value, index


def read_numbers(text: str) -> list[NumberReading]:
    """Every number stated in ``text``, in order.

    Args:
        text: an answer in any of the supported forms.

    Returns:
        One reading per number; "2012 or 2013" gives two.
    """
    return _Reader(_tokenize(text)).read()


def parse_number(text: str) -> float | None:
    """The one number ``text`` states, or None when it states none or several.

    "85%", "eighty-five percent", "1.2 million", "1.2M", "in 2012" and "the
    1980s" (read as 1980) each give one number; "2012 or 2013" gives None,
    as does text without a number.

    Args:
        text: an answer or any short text.

    Returns:
        The value as a float, or None.
    """
    values = {reading.value for reading in read_numbers(text)}
    return values.pop() if len(values) == 1 else None
