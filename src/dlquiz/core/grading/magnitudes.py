"""Magnitude words and suffixes ("hundred", "k", "million", "bn"), forgiving a slip in one."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

MAGNITUDES: dict[str, int] = {
    "hundred": 10**2,
    "hundreds": 10**2,
    "k": 10**3,
    "thousand": 10**3,
    "thousands": 10**3,
    "m": 10**6,
    "mio": 10**6,
    "mln": 10**6,
    "mn": 10**6,
    "mil": 10**6,
    "mill": 10**6,
    "million": 10**6,
    "millions": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "bil": 10**9,
    "billion": 10**9,
    "billions": 10**9,
    "trillion": 10**12,
    "trillions": 10**12,
}
MAGNITUDE_PATTERN = "|".join(sorted(MAGNITUDES, key=len, reverse=True))
_SPELT_OUT = tuple(word for word in MAGNITUDES if len(word) >= 7)  # noqa: PLR2004 - "hundred" on


@lru_cache(maxsize=1024)
def magnitude_of(word: str) -> int | None:
    """The magnitude a word names, forgiving one slip in a spelt-out one ("milion").

    Only a word of six letters or more, with the same first letter, so that
    "billion" is never taken for "million" and short forms ("mn", "k") stay exact.
    """
    if word in MAGNITUDES:
        return MAGNITUDES[word]
    if len(word) < 6:  # noqa: PLR2004
        return None
    for spelt in _SPELT_OUT:
        if spelt[0] == word[0] and OSA.distance(word, spelt, score_cutoff=1) <= 1:
            return MAGNITUDES[spelt]
    return None
