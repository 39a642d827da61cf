"""Matching free text against accepted answers, with a teacher's tolerance for typos.

Two answers are the same when their ``comparison_key`` words are equal (or
equal once the spaces between them go: "Alex Net" is "AlexNet").  Failing
that, small typos are forgiven word by word: none in words of up to 4
letters, one in words of 5 to 8, two in longer words, and never in a word
that holds a digit or in its first letter (so "unsupervised" stays apart
from "supervised" and "Xception" from "Inception").  A transposition
("Googel") counts as one typo.  When the answer has more or fewer words than
the accepted answer ("LeeSedoll" for "Lee Sedol", "StarCraft II" for
"StarCraft") the words are compared run together and at most one typo is
forgiven in all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from dlquiz.core.grading.ideas import word_typo_allowance
from dlquiz.core.grading.normalize import comparison_key
from dlquiz.core.grading.outcome import Outcome
from dlquiz.core.model import TextKey


@dataclass(frozen=True, slots=True)
class TextMatch:
    """Which candidate an answer matched, and how many typos were forgiven."""

    index: int
    typos: int


def typo_allowance(word: str, said: str = "") -> int:
    """How many typos a word of this length may carry and still count."""
    return word_typo_allowance(word, said)


def _word_typos(said: str, meant: str, *, most: int = 2) -> int | None:
    if said == meant:
        return 0
    allowance = min(most, typo_allowance(meant, said))
    if allowance == 0 or said[:1] != meant[:1]:
        return None
    distance = OSA.distance(said, meant, score_cutoff=allowance)
    return distance if distance <= allowance else None


def _typos(said: tuple[str, ...], meant: tuple[str, ...]) -> int | None:
    """Typos between two word sequences, or None when they are different answers."""
    if len(said) == len(meant):
        total = 0
        for said_word, meant_word in zip(said, meant, strict=True):
            typos = _word_typos(said_word, meant_word)
            if typos is None:
                return None
            total += typos
        return total
    # "Lee Se dol" for "Lee Sedol": compare the words run together.
    return _word_typos("".join(said), "".join(meant), most=1)


@lru_cache(maxsize=1024)
def _keys(candidates: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(comparison_key(candidate) for candidate in candidates)


@lru_cache(maxsize=1024)
def _full_keys(candidates: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(comparison_key(candidate, strip_generic=False) for candidate in candidates)


def _fewest_typos(said: tuple[str, ...], meant: tuple[str, ...]) -> int | None:
    return _typos(said, meant) if said and meant else None


def match_text(answer: str, candidates: tuple[str, ...]) -> TextMatch | None:
    """Find the candidate ``answer`` names, preferring exact matches to forgiven typos.

    Typos are looked for with and without the generic head nouns, so that
    both "sigmod" and "sigmoid funcions" are forgiven for "sigmoid functions".

    Args:
        answer: the learner's text.
        candidates: accepted spellings, e.g. a key's answers and aliases.

    Returns:
        The best match (fewest typos, earliest candidate on a tie) or None.
    """
    said = comparison_key(answer)
    keys = _keys(candidates)
    if not said:  # only marks, such as "?!": they must be the same marks
        bare = answer.strip().casefold()
        for index, candidate in enumerate(candidates):
            if bare and not keys[index] and candidate.strip().casefold() == bare:
                return TextMatch(index, 0)
        return None
    run_together = "".join(said)
    for index, meant in enumerate(keys):
        if meant and "".join(meant) == run_together:
            return TextMatch(index, 0)
    said_in_full = comparison_key(answer, strip_generic=False)
    best: TextMatch | None = None
    for index, (meant, meant_in_full) in enumerate(zip(keys, _full_keys(candidates), strict=True)):
        found = [
            typos
            for typos in (_fewest_typos(said, meant), _fewest_typos(said_in_full, meant_in_full))
            if typos is not None
        ]
        if found and (best is None or min(found) < best.typos):
            best = TextMatch(index, min(found))
    return best


def judge_text(key: TextKey, answer: str, *, expected: str) -> Outcome:
    """Judge a typed or cloze answer against a ``TextKey``.

    See :mod:`dlquiz.core.grading.phrased` for the order of the rules.

    Args:
        key: accepted answers, partial answers, ideas, contradictions, confusions.
        answer: the learner's text, not empty.
        expected: the readable correct answer for feedback.

    Returns:
        Full marks for a right answer, part for some of its ideas or a
        partial answer, none for a wrong one; the feedback says why.
    """
    from dlquiz.core.grading.phrased import judge_phrased

    return judge_phrased(key, answer, expected=expected)
