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

from dlquiz.core.grading.normalize import comparison_key
from dlquiz.core.grading.outcome import Outcome, clamp_score, closing, spelling_note
from dlquiz.core.model import TextKey

_NO_TYPO_UP_TO = 4
_ONE_TYPO_UP_TO = 8


@dataclass(frozen=True, slots=True)
class TextMatch:
    """Which candidate an answer matched, and how many typos were forgiven."""

    index: int
    typos: int


def typo_allowance(word: str) -> int:
    """How many typos a word of this length may carry and still count."""
    if any(ch.isdigit() for ch in word) or len(word) <= _NO_TYPO_UP_TO:
        return 0
    return 1 if len(word) <= _ONE_TYPO_UP_TO else 2


def _word_typos(said: str, meant: str, *, most: int = 2) -> int | None:
    if said == meant:
        return 0
    allowance = min(most, typo_allowance(meant))
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

    Args:
        key: accepted answers and answers worth part of the mark.
        answer: the learner's text, not empty.
        expected: the readable correct answer for feedback.

    Returns:
        Full marks for an accepted answer, the weight for a partial one.
    """
    candidates = key.accepted + tuple(text for text, _ in key.partial)
    match = match_text(answer, candidates)
    if match is None:
        return Outcome(0.0, f"Incorrect: the answer is {closing(expected)}")
    note = spelling_note([candidates[match.index]] if match.typos else [])
    if match.index < len(key.accepted):
        return Outcome(1.0, f"Correct{note}.")
    weight = clamp_score(key.partial[match.index - len(key.accepted)][1])
    if weight >= 1.0:
        return Outcome(1.0, f"Correct{note}.")
    if weight <= 0.0:
        return Outcome(0.0, f"Incorrect{note}: the answer is {closing(expected)}")
    return Outcome(
        weight, f"Partly right{note}, worth {weight:.0%}: the best answer is {closing(expected)}"
    )
