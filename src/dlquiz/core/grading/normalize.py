"""Text normalisation shared by the graders: what a careful teacher ignores.

``normalize_text`` is the plain form (case, accents, punctuation, spacing) that
the rest of the app may use for searching or de-duplicating.  ``comparison_key``
goes further for grading: it also drops articles, "of", a generic head noun
such as "function" and plural endings, so "the sigmoid functions" and
"sigmoid" compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophes join their word ("Hinton's" -> "hintons") instead of splitting it.
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")
# Anything that is neither a letter nor a digit separates words.  The decimal
# point of "1.2" survives so numbers in text keep their meaning.
_SEPARATORS = re.compile(r"(?:[^\w.]|_|(?<!\d)\.|\.(?!\d))+")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")

ARTICLES = frozenset({"the", "a", "an"})
# Dropped anywhere in an answer, so "University of Toronto" may be written
# "the University Toronto"; only when something else remains.
FILLER_WORDS = frozenset({"the", "of"})
# Generic head nouns a learner may add or leave out: "ReLU activation
# functions" is "ReLU".  Kept short on purpose: every word here makes two
# answers equal that differ only by it.  Compared after plurals are removed.
GENERIC_WORDS = frozenset(
    {
        "function",
        "activation",
        "network",
        "technique",
        "method",
        "algorithm",
        "architecture",
        "mechanism",
        "approach",
        "scheme",
        "regularization",  # the chapter's "dropout regularization" is dropout
        "regularisation",
    }
)

# "class" is not a plural.  Latin words ("virus") lose their "s" too, which
# does no harm: both sides of a comparison are made singular the same way,
# and "GPUs" and "ReLUs" must lose theirs.
_NOT_PLURAL_ENDINGS = ("ss",)
_SIBILANT_PLURALS = ("ches", "shes", "sses", "xes", "zes")
_SHORTEST_PLURAL = 4  # "GPUs" is a plural, "gas" and "its" are not


def normalize_text(text: str) -> str:
    """Fold ``text`` to lower case without accents, punctuation or extra spaces.

    Accents are removed by NFKD decomposition ("Lée" -> "lee"), apostrophes
    join their word, every other mark becomes a single space.  A decimal point
    between digits is kept ("1.2").

    Args:
        text: any text, as typed by a learner or written in a deck.

    Returns:
        The folded text; empty when ``text`` holds no letters or digits.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = _APOSTROPHES.sub("", bare.casefold())
    return _SEPARATORS.sub(" ", folded).strip()


def singular(word: str) -> str:
    """Return the singular of a regular English plural; other words unchanged."""
    if len(word) < _SHORTEST_PLURAL or not word.endswith("s") or word[-1:].isdigit():
        return word
    if word.endswith(_NOT_PLURAL_ENDINGS):
        return word
    if word.endswith("ies") and len(word) > _SHORTEST_PLURAL:
        return word[:-3] + "y"
    if word.endswith(_SIBILANT_PLURALS):
        return word[:-2]
    return word[:-1]


def _without(words: list[str], dropped: frozenset[str]) -> list[str]:
    kept = [w for w in words if w not in dropped]
    return kept or words


@lru_cache(maxsize=4096)
def comparison_key(text: str, *, strip_generic: bool = True) -> tuple[str, ...]:
    """The words two answers must share to be the same answer.

    Applies ``normalize_text``, splits letters from digits ("VGG19" -> "vgg
    19"), drops a leading article and every "the"/"of", makes each word
    singular and strips generic head nouns from the end ("sigmoid functions"
    -> "sigmoid").  A step that would leave nothing is skipped.

    Args:
        text: an answer or an accepted answer.
        strip_generic: False keeps the generic head nouns, so that a typo in
            one ("sigmoid funcions") can still be forgiven.

    Returns:
        The remaining words, in order.
    """
    words = _LETTER_DIGIT.sub(" ", normalize_text(text)).split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    words = [singular(w) for w in _without(words, FILLER_WORDS)]
    while strip_generic and len(words) > 1 and words[-1] in GENERIC_WORDS:
        words = words[:-1]
    return tuple(words)
