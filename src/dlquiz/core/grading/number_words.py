"""English number words: "twenty-two", "one hundred and five", "a thousand".

Also spoken years ("nineteen eighty-six", "twenty twelve") and decades ("the
eighties", "nineteen eighties").  Hyphens are removed by the caller; this
module sees plain lower-case words.
"""

from __future__ import annotations

from dataclasses import dataclass

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
DECADES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_HUNDRED = 100
_JOINERS = frozenset({"and", "a", "an", "oh", "hundred"})
# Every word that may appear inside a spoken number.
VOCABULARY = frozenset(UNITS) | TEENS.keys() | TENS.keys() | DECADES.keys() | SCALES.keys()
VOCABULARY |= _JOINERS


@dataclass(frozen=True, slots=True)
class WordNumber:
    """A number read from words; ``decade`` for "eighties" (value 80) and such."""

    value: int
    decade: bool = False


@dataclass(frozen=True, slots=True)
class _Part:
    value: int
    decade: bool
    end: int  # index of the first word not used


def _below_hundred(words: list[str], start: int) -> _Part | None:
    """ "seven", "twelve", "twenty", "twenty two", "eighties"."""
    if start >= len(words):
        return None
    word = words[start]
    if word in TENS:
        following = words[start + 1] if start + 1 < len(words) else ""
        if UNITS.get(following, 0) > 0:
            return _Part(TENS[word] + UNITS[following], False, start + 2)
        return _Part(TENS[word], False, start + 1)
    if word in DECADES:
        return _Part(DECADES[word], True, start + 1)
    if word in TEENS:
        return _Part(TEENS[word], False, start + 1)
    if word in UNITS:
        return _Part(UNITS[word], False, start + 1)
    return None


def _below_thousand(words: list[str], start: int) -> _Part | None:
    """A part under a thousand, with "hundred": "a hundred", "one hundred and five"."""
    if start < len(words) and words[start] in ("a", "an"):
        following = words[start + 1] if start + 1 < len(words) else ""
        if following != "hundred" and following not in SCALES:
            return None
        first: _Part | None = _Part(1, False, start + 1)
    else:
        first = _below_hundred(words, start)
    if first is None or first.decade:
        return first
    if first.end < len(words) and words[first.end] == "hundred":
        end = first.end + 1
        if end < len(words) and words[end] == "and":
            end += 1
        rest = _below_hundred(words, end)
        if rest is not None and not rest.decade:
            return _Part(first.value * _HUNDRED + rest.value, False, rest.end)
        return _Part(first.value * _HUNDRED, False, first.end + 1)
    return first


def _spoken_year(words: list[str], first: _Part) -> _Part | None:
    """ "nineteen eighty-six" -> 1986, "twenty twelve" -> 2012, "nineteen oh five"."""
    if not 10 <= first.value <= 99 or first.decade or first.end >= len(words):
        return None
    if words[first.end] == "oh":
        unit = words[first.end + 1] if first.end + 1 < len(words) else ""
        if UNITS.get(unit, 0) > 0:
            return _Part(first.value * _HUNDRED + UNITS[unit], False, first.end + 2)
        return None
    rest = _below_hundred(words, first.end)
    if rest is None or rest.value < 10:
        return None
    return _Part(first.value * _HUNDRED + rest.value, rest.decade, rest.end)


def parse_word_number(words: list[str]) -> tuple[WordNumber, int] | None:
    """Read one number from the start of ``words``.

    Args:
        words: lower-case words without hyphens, e.g. ["twenty", "two", "layers"].

    Returns:
        The number and how many words it used, or None if ``words`` does not
        start with a number.
    """
    part = _below_thousand(words, 0)
    if part is None:
        return None
    simple = part.end == 1 or (part.end == 2 and words[0] in TENS and words[1] in UNITS)
    if simple:
        year = _spoken_year(words, part)
        if year is not None:
            return WordNumber(year.value, year.decade), year.end
    if part.decade:
        return WordNumber(part.value, True), part.end
    total = 0
    last_scale = 10**15
    while True:
        scale_word = words[part.end] if part.end < len(words) else ""
        scale = SCALES.get(scale_word, 0)
        if not scale or scale >= last_scale:
            total += part.value
            return WordNumber(total), part.end
        total += part.value * scale
        last_scale = scale
        end = part.end + 1
        if end < len(words) and words[end] == "and":
            end += 1
        following = _below_thousand(words, end)
        if following is None or following.decade:
            return WordNumber(total), part.end + 1
        part = following
