"""Numbers said loosely: "a pair", "half a dozen", and misspelt number words ("eigth").

A teacher reads "a pair of networks" as two and "ninteen layers" as 19, and
says how the word is spelt.  ``plain_numbers`` rewrites such words into the
forms that :mod:`.numbers` reads, and names every misspelt word it corrected,
so that the feedback can give the spelling.

A misspelt number word is forgiven only when it cannot be another word:

- a word of six letters or more, with the right first letter, one slip
  (optimal string alignment) from a number word or a spelt-out magnitude,
  that is not an ordinal ("eighth" is no slip of "eighty") nor one of the
  few common words so near a number word ("thirst", "fifths");
- or one of the common misspellings of short number words listed below,
  where a slip would otherwise turn "there" into "three".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from dlquiz.core.grading.number_words import SCALES, TEENS, TENS

# Misspellings too short for the slip rule: each is no English word.
_SHORT_SLIPS = {
    "eigth": "eight",
    "eigt": "eight",
    "ninty": "ninety",
    "twelf": "twelve",
    "tweleve": "twelve",
    "fourty": "forty",
    "fivteen": "fifteen",
    "thre": "three",
    "seve": "seven",
}
_LONG_WORDS = tuple(
    word
    for word in (*TEENS, *TENS, *SCALES, "hundred", "seven", "three")
    if len(word) >= 5  # noqa: PLR2004
)
_NOT_SLIPS = frozenset({"thirst", "thirsty", "fifths", "sixths", "tenths", "sevens", "eights"})
_SHORTEST_SLIP = 6
_WORD = re.compile(r"[^\W\d_]+")
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_IDIOM = re.compile(
    r"\b(?:(?P<half>half\s+a)|(?P<count>a|an|one|two|three|four|five|six|\d))\s+"
    r"(?P<noun>pair|couple|dozen)\b",
    re.IGNORECASE,
)
_NOUNS = {"pair": 2, "couple": 2, "dozen": 12}


@dataclass(frozen=True, slots=True)
class PlainNumbers:
    """An answer with its loose number words made plain, and the words corrected."""

    text: str
    spellings: tuple[str, ...]  # the right spelling of each misspelt word, in order


@lru_cache(maxsize=4096)
def _correct_spelling(word: str) -> str | None:
    """The number word that ``word`` misspells, or None."""
    if word in _SHORT_SLIPS:
        return _SHORT_SLIPS[word]
    if len(word) < _SHORTEST_SLIP or word in _NOT_SLIPS or word.endswith("th"):
        return None
    if word in _LONG_WORDS or word.removesuffix("s") in _LONG_WORDS:
        return None  # spelt right, or a plural ("millions", "hundreds") that is vaguer
    for right in _LONG_WORDS:
        if right[0] == word[0] and OSA.distance(word, right, score_cutoff=1) <= 1:
            return right
    return None


def _idiom_value(found: re.Match[str]) -> str:
    noun = _NOUNS[found.group("noun").lower()]
    if found.group("half"):
        return str(noun // 2)
    count = found.group("count").lower()
    return str((int(count) if count.isdigit() else _SMALL[count]) * noun)


def plain_numbers(text: str) -> PlainNumbers:
    """``text`` with "a pair", "a couple", "(half) a dozen" as digits and number words spelt right.

    Args:
        text: an answer, in any case.

    Returns:
        The rewritten text and the right spelling of each word it corrected.
    """
    spellings: list[str] = []

    def respell(found: re.Match[str]) -> str:
        word = found.group()
        right = _correct_spelling(word.casefold())
        if right is None:
            return word
        spellings.append(right)
        return right

    respelt = _WORD.sub(respell, text)
    return PlainNumbers(_IDIOM.sub(_idiom_value, respelt), tuple(dict.fromkeys(spellings)))
