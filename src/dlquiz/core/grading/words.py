"""Answers as word families: the stems a careful reader compares.

Word forms come from the Snowball English stemmer (the ``snowballstemmer``
package): "normalizes", "normalizing" and "normalization" share one stem, as
do "games" and "gaming".  Before stemming, British spellings are folded to
American ones ("memorise" is "memorize") and small number words to digits
("top five" is "top 5"), because a stemmer does neither.  Filler words that
carry no idea ("the", "its", "to") are dropped so that "all the words at
once" states "all words at once".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dlquiz.core.grading.normalize import normalize_text

FILLERS = frozenset(
    {
        "the",
        "a",
        "an",
        "of",
        "its",
        "their",
        "it",
        "they",
        "this",
        "that",
        "to",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "by",
        "which",
        "so",
        "some",
        "each",
        "very",
        "just",
        "s",
        "and",  # "exploding and vanishing gradients" states "exploding gradients"
        "or",
    }
)
# Words that turn what follows into its opposite, or set it aside: "does not
# prevent overfitting", "depth rather than width", "instead of sequentially".
NEGATIONS = frozenset(
    {
        "not",
        "no",
        "never",
        "without",
        "nor",
        "neither",
        "cannot",
        "cant",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "wont",
        "couldnt",
        "shouldnt",
        "wouldnt",
        "hasnt",
        "havent",
        "hadnt",
        "than",
        "instead",
        "unlike",
        "fails",
        "failed",
        "nt",
        "none",
        "nothing",
        "impossible",
        "unable",
        "incapable",
    }
)
_NEGATION_REACH = 3  # a negation governs this many words after it
# "not until 2020", "not only X but also Y": "not" here limits, it does not deny.
_NOT_DENYING = frozenset({"until", "till", "only", "just", "merely"})
# "more positions than atoms": after a comparative and its noun, "than" names the
# standard of comparison, which is not denied.  "depth more than width" (the
# comparative right before "than") still sets the second thing aside.
_COMPARATIVES = frozenset({"more", "fewer", "less", "greater", "larger", "bigger", "higher"})
_COMPARISON_REACH = 4  # the comparative stands this many words before "than" at most
# "better than radiologists", "worse than humans": right before "than", a word that
# rates one thing against another names the standard, which is not denied either.
_RATINGS = frozenset(
    {"better", "worse", "faster", "slower", "stronger", "weaker", "superior", "inferior"}
)
_CONTRASTS = frozenset({"but", "however", "yet", "though", "although", "whereas"})
_SMALL_NUMBERS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}
_BRITISH = (
    (re.compile(r"isation(s?)$"), r"ization\1"),
    (re.compile(r"is(e|es|ed|ing|er|ers)$"), r"iz\1"),
    (re.compile(r"our(s?)$"), r"or\1"),
)
_NO_FOLD = frozenset({"advise", "exercise", "wise", "rise", "promise", "surprise", "raise"})
_CLAUSE_BREAK = re.compile(r"[,;]")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


@dataclass(frozen=True, slots=True)
class Words:
    """An answer's words: the folded forms, their stems, and which are negated."""

    forms: tuple[str, ...]
    stems: tuple[str, ...]
    negated: tuple[bool, ...]


def _american(word: str) -> str:
    if len(word) < 6 or word in _NO_FOLD:  # noqa: PLR2004 - "rise", "wise" are not British forms
        return word
    for pattern, replacement in _BRITISH:
        folded = pattern.sub(replacement, word)
        if folded != word:
            return folded
    return word


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    # Imported on first use: the package loads the stemmers of every language,
    # which start-up (question generation) never needs.
    import snowballstemmer  # type: ignore[import-untyped]

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """The word family of one folded word ("normalizing" -> "normal")."""
    word = _SMALL_NUMBERS.get(word, word)
    if word.isdigit():
        return word
    return str(_stemmer().stemWord(_american(word)))


def _folded(text: str) -> list[str]:
    return _LETTER_DIGIT.sub(" ", normalize_text(text)).split()


def read_words(text: str) -> Words:
    """Fold, stem and mark negation in ``text``; fillers are left out.

    Args:
        text: an answer, or a term from a key.

    Returns:
        The words that carry meaning, in order.
    """
    forms: list[str] = []
    negated: list[bool] = []
    # A comma or semicolon ends a negation too: "not overfitting, vanishing
    # gradients" and "No, vanishing gradients" state vanishing gradients.
    for clause in _CLAUSE_BREAK.split(text):
        reach = 0
        folded = _folded(clause)
        for position, word in enumerate(folded):
            if word in NEGATIONS and not _limits_or_compares(folded, position):
                reach = _NEGATION_REACH
                continue
            if word in NEGATIONS:
                continue
            if word in _CONTRASTS:  # "not underfitting but overfitting": the negation ends here
                reach = 0
                continue
            if word in FILLERS:
                continue
            forms.append(word)
            negated.append(reach > 0)
            reach = max(0, reach - 1)
    return Words(tuple(forms), tuple(stem(w) for w in forms), tuple(negated))


def _limits_or_compares(words: list[str], position: int) -> bool:
    """A negation word that denies nothing: "not until", "more X than Y"."""
    word = words[position]
    following = words[position + 1] if position + 1 < len(words) else ""
    if word == "not" and following in _NOT_DENYING:
        return True
    if word != "than":
        return False
    if position > 0 and words[position - 1] in _RATINGS:
        return True
    before = words[max(0, position - _COMPARISON_REACH) : position - 1]
    return any(earlier in _COMPARATIVES for earlier in before)


@lru_cache(maxsize=8192)
def term_words(term: str) -> Words:
    """``read_words`` for the key's own terms, which are met again and again."""
    return read_words(term)
