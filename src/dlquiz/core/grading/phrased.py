"""Judging free text as a teacher reads it: the idea counts, the wording does not.

The rules, in order (docs/grading.md has examples):

1. An answer that *is* an accepted spelling (or one with a middle initial,
   or a personal name in the other order) is right.
2. An answer that is one of the key's confusions (a different real name,
   a distractor) is wrong, and so is one whose typo lies nearer a confusion
   than an accepted spelling: "ResNeXt" is never a typo of "ResNet".
3. An answer that states a contradiction or a confusion is wrong, even if
   it also states the right idea: hedging between a right and a wrong answer
   is wrong.  A negated one ("rather than width") does not count.
4. A small typo of an accepted spelling is right, and the feedback says so.
5. An answer that states an accepted spelling among other words ("it
   prevents overfitting", "Microsoft's ResNet") is right, unless it negates it.
6. An answer that states every key idea (by any of its terms, in any word
   form) is right; one that states some of them is partly right.
7. Anything else is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from dlquiz.core.grading.ideas import Found, find_all, find_any, find_term
from dlquiz.core.grading.normalize import comparison_key
from dlquiz.core.grading.outcome import Outcome, clamp_score, closing, join_items, spelling_note
from dlquiz.core.grading.text import TextMatch, match_text
from dlquiz.core.grading.vocabulary import known_confusions
from dlquiz.core.grading.words import Words, read_words
from dlquiz.core.model import TextKey

_INITIAL = re.compile(r"^[^\\W\\d_]\\.?$")
_PERSONAL_NAME = re.compile(r"^[A-Z][^\\W\\d_]+ [A-Z][^\\W\\d_]+$")


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one answer states about one key."""

    score: float
    reason: str  # a sentence for the learner, without the closing answer


def _name_forms(answer: str) -> list[str]:
    """The answer, and the same name without middle initials ("Geoffrey E. Hinton")."""
    words = answer.split()
    forms = [answer]
    if len(words) >= 3:  # noqa: PLR2004 - a first name, initials, a last name
        inner = [w for w in words[1:-1] if not _INITIAL.match(w)]
        if len(inner) < len(words) - 2:
            forms.append(" ".join([words[0], *inner, words[-1]]))
    return forms


def _reversed_name(answer: str, accepted: tuple[str, ...]) -> int | None:
    """The accepted personal name that the answer gives surname first ("Sedol Lee")."""
    said = comparison_key(answer)
    if len(said) != 2:  # noqa: PLR2004 - a given name and a family name
        return None
    for index, text in enumerate(accepted):
        if _PERSONAL_NAME.match(text.strip()) and comparison_key(text) == said[::-1]:
            return index
    return None


def _whole(answer: str, candidates: tuple[str, ...]) -> TextMatch | None:
    best: TextMatch | None = None
    for form in _name_forms(answer):
        match = match_text(form, candidates)
        if match is not None and (best is None or match.typos < best.typos):
            best = match
    return best


def _alias_note(key: TextKey, index: int) -> str:
    if index == 0 or index >= len(key.accepted):
        return ""
    return f" Accepted: {key.accepted[index]} is {key.accepted[0]}."


def _partial(key: TextKey, index: int, note: str) -> _Reading:
    text, weight = key.partial[index]
    weight = clamp_score(weight)
    if weight >= 1.0:
        return _Reading(1.0, f"Correct{note}.")
    if weight <= 0.0:
        return _Reading(0.0, f"Incorrect{note}: {text} is not the answer.")
    return _Reading(weight, f"Partly right{note}, worth {weight:.0%}.")


def _contradiction(key: TextKey, words: Words, right: list[Found]) -> str | None:
    """A wrong thing the answer plainly states, apart from the right things it states.

    "deep convolution neural network" holds the word "convolution", another
    fact's answer, inside the right answer: that is no hedge.
    """
    inside = frozenset().union(*(place.words for place in right))
    for term, found in find_all(words, (*key.contradictions, *key.confusions), exact=True):
        if not found.words <= inside:
            return term
    return None


def _ideas(key: TextKey, words: Words) -> tuple[_Reading | None, list[Found]]:
    places: list[Found] = []
    stated: list[str] = []
    missing: list[str] = []
    denied: list[str] = []
    for terms in key.ideas:
        hit: tuple[str, Found] | None = find_any(words, terms)
        if hit is None:
            missing.append(terms[0])
        elif hit[1].negated:
            denied.append(hit[0])
        else:
            stated.append(hit[0])
            # Every term of the idea the answer states marks its words as right ones.
            places.extend(found for _, found in find_all(words, terms))
    if denied:
        return _Reading(0.0, f"Incorrect: your answer denies {join_items(denied)}."), places
    if not stated:
        return None, places
    if not missing:
        ideas = "the key idea" if len(stated) == 1 else "every key idea"
        reason = f"Correct: your answer states {ideas} ({join_items(stated)})."
        return _Reading(1.0, reason), places
    share = len(stated) / len(key.ideas)
    reason = f"Partly right: you stated {join_items(stated)}, but not {join_items(missing)}."
    return _Reading(share, reason), places


@lru_cache(maxsize=2048)
def asked_about(key: TextKey, prompt: str) -> TextKey:
    """``key`` without the confusions that the question itself names.

    "Which organization developed GoogLeNet?": "GoogLeNet was developed by
    Google" repeats the question's subject, which is no wrong answer here.
    Only names are set aside; the key's contradictions always count.
    """
    confusions = key.confusions or known_confusions(key.accepted)
    asked = read_words(prompt)
    kept = tuple(
        name
        for name in confusions
        if (found := find_term(asked, name, exact=True)) is None or found.negated
    )
    if not kept or kept == confusions:  # a prompt naming every confusion sets none aside
        return key
    return replace(key, confusions=kept)


def read_phrased(key: TextKey, answer: str) -> _Reading:
    """Apply the rules of this module to one answer; see the module docstring."""
    if not key.confusions:  # a key from an import: the well-known names still apply
        key = replace(key, confusions=known_confusions(key.accepted))
    candidates = key.accepted + tuple(text for text, _ in key.partial)
    whole = _whole(answer, candidates)
    if whole is None and (index := _reversed_name(answer, key.accepted)) is not None:
        whole = TextMatch(index, 0)
    confused = _whole(answer, key.confusions) if key.confusions else None
    if whole is not None and whole.typos == 0:
        if whole.index >= len(key.accepted):
            return _partial(key, whole.index - len(key.accepted), "")
        return _Reading(1.0, "Correct." + _alias_note(key, whole.index))
    if confused is not None and (whole is None or confused.typos <= whole.typos):
        other = key.confusions[confused.index]
        return _Reading(0.0, f"Incorrect: {other} is a different answer.")
    if whole is not None:
        note = spelling_note([candidates[whole.index]])
        if whole.index >= len(key.accepted):
            return _partial(key, whole.index - len(key.accepted), note)
        return _Reading(1.0, f"Correct{note}.")
    words = read_words(answer)
    stated = find_any(words, key.accepted)
    ideas, places = _ideas(key, words) if key.ideas else (None, [])
    # Every accepted spelling stated marks right words: "recurrent networks (RNNs)"
    # holds "recurrent" beside "RNNs", which is no hedge towards "recurrence".
    right = [*places, *(found for _, found in find_all(words, key.accepted) if stated)]
    wrong = _contradiction(key, words, right)
    if wrong is not None:
        return _Reading(0.0, f"Incorrect: your answer says {wrong}, which is wrong here.")
    if stated is not None:
        term, found = stated
        if found.negated:
            return _Reading(0.0, f"Incorrect: your answer denies {term}.")
        return _Reading(1.0, f"Correct: your answer states {term}.")
    if ideas is not None:
        return ideas
    return _Reading(0.0, "")


def judge_phrased(key: TextKey, answer: str, *, expected: str) -> Outcome:
    """Judge a phrased answer and say why, ending with the answer when it was not right."""
    reading = read_phrased(key, answer)
    score = clamp_score(reading.score)
    if score >= 1.0:
        return Outcome(1.0, reading.reason)
    if not reading.reason:
        return Outcome(0.0, f"Incorrect: the answer is {closing(expected)}")
    ending = "The answer is" if score <= 0 else "The best answer is"
    return Outcome(score, f"{reading.reason} {ending} {closing(expected)}")


def accepts(key: TextKey, answer: str) -> bool:
    """Whether ``answer`` is fully right for ``key`` (for choices typed as text)."""
    return read_phrased(key, answer).score >= 1.0
