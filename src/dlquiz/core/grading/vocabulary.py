"""Real names that are different answers, never typos of the right one.

A typo rule alone would take "ResNeXt" for "ResNet" and "LeNet" for
"VGGNet".  So before any typo is forgiven, the answer is checked against a
vocabulary of real terms: every name a deck uses, the names the author adds
as ``confusions``, and the well-known names below.  ``confusions_for`` picks,
for one key, the terms a learner could reach by a slip of the keyboard (and
the authored ones), so that keys stay small.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from dlquiz.core.grading.normalize import comparison_key, normalize_text

# Well-known deep learning names that sit one or two letters from another.
# A deck extends this with its own ``confusions``; nothing here is accepted
# for a key unless the key itself lists it.
KNOWN_CONFUSIONS: tuple[str, ...] = (
    "ResNet",
    "ResNeXt",
    "DenseNet",
    "LeNet",
    "LeNet-5",
    "AlexNet",
    "VGGNet",
    "VGG-16",
    "VGG-19",
    "GoogLeNet",
    "Inception",
    "Xception",
    "MobileNet",
    "EfficientNet",
    "U-Net",
    "BERT",
    "RoBERTa",
    "ALBERT",
    "BART",
    "ELMo",
    "GPT",
    "GPT-2",
    "GPT-3",
    "T5",
    "XLNet",
    "AlphaGo",
    "AlphaGo Zero",
    "AlphaZero",
    "AlphaFold",
    "AlphaStar",
    "Deep Blue",
    "Watson",
    "Fan Hui",
    "Ke Jie",
    "LSTM",
    "GRU",
    "RNN",
    "CNN",
    "GAN",
    "DCGAN",
    "StyleGAN",
    "CycleGAN",
    "Tesla",
    "Waymo",
    "Uber",
    "Cruise",
    "Siri",
    "Alexa",
    "Cortana",
    "Google Assistant",
    "underfitting",
    "overfitting",
    "supervised learning",
    "unsupervised learning",
    "self-supervised learning",
    "reinforcement learning",
    "sigmoid",
    "softmax",
    "tanh",
    "ReLU",
    "Leaky ReLU",
    "ReLU6",
    "PReLU",
    "ELU",
    "SELU",
    "GELU",
    "batch normalization",
    "layer normalization",
    "weight decay",
)


def _near(meant: str) -> int:
    """How many edits from an accepted answer a term may be and still matter.

    One more than the typo rules forgive for a word of this length: a term
    further away can never be taken for a slip of the keyboard.
    """
    return 1 if len(meant) <= 4 else 2 if len(meant) <= 8 else 3


# Words that name the kind of an organisation, not which one it is.
_GENERIC_NAME_WORDS = frozenset(
    {
        "university",
        "college",
        "institute",
        "research",
        "lab",
        "laboratory",
        "corporation",
        "corp",
        "inc",
        "company",
        "group",
        "team",
        "technology",
    }
)
_LINKING_WORDS = frozenset({"of", "the", "de", "for", "and"})
_PERSONAL_NAME = re.compile(r"^[A-Z][^\W\d_]+ [A-Z][^\W\d_]+$")


def short_forms(term: str) -> tuple[str, ...]:
    """The part of a name a learner may give alone: "LeCun" for "Yann LeCun",
    "Stanford" for "Stanford University".  Empty when there is none."""
    words = term.split()
    kinds = [normalize_text(word) in _GENERIC_NAME_WORDS for word in words]
    if any(kinds):
        distinctive = [
            word
            for word, generic in zip(words, kinds, strict=True)
            if not generic and normalize_text(word) not in _LINKING_WORDS
        ]
        return (" ".join(distinctive),) if distinctive else ()
    if _PERSONAL_NAME.match(term.strip()):
        return (words[-1],)
    return ()


@lru_cache(maxsize=16384)
def _run_together(text: str) -> str:
    return "".join(comparison_key(text))


def _related(term: tuple[str, ...], accepted: set[tuple[str, ...]]) -> bool:
    """Whether one's words are all among the other's ("Google" and "Google Brain")."""
    words = set(term)
    return any(words <= set(right) or set(right) <= words for right in accepted)


def _within(term: tuple[str, ...], accepted: set[tuple[str, ...]]) -> bool:
    """Whether all of ``term``'s words are among one accepted spelling's words."""
    return any(set(term) <= set(right) for right in accepted)


def _contains(term: tuple[str, ...], accepted: set[tuple[str, ...]]) -> bool:
    """Whether ``term`` holds an accepted spelling's words in order, and more."""
    for right in accepted:
        size = len(right)
        if len(term) > size and any(
            term[i : i + size] == right for i in range(len(term) - size + 1)
        ):
            return True
    return False


def confusions_for(
    accepted: Iterable[str],
    vocabulary: Iterable[str],
    *,
    authored: Iterable[str] = (),
    known: Iterable[str] = KNOWN_CONFUSIONS,
) -> tuple[str, ...]:
    """The terms that one key must refuse even when they look like a typo.

    Authored terms (the fact's confusions and distractors) are kept, and so
    are the well-known names near an accepted spelling or holding it ("self-
    supervised learning" holds "supervised learning").  A deck name is kept
    when it is near an accepted spelling but shares no whole spelling with it:
    "Google Brain" beside "Google" may be the same lab, more precisely named.

    Args:
        accepted: the key's accepted spellings.
        vocabulary: the deck's names (and any other real terms).
        authored: the fact's own confusions and distractors, always kept.
        known: well-known confusions (the built-in list and a deck's own).

    Returns:
        The chosen terms, none of them an accepted spelling.
    """
    return _confusions(tuple(accepted), tuple(vocabulary), tuple(authored), tuple(known))


@lru_cache(maxsize=64)
def _by_length(terms: tuple[str, ...]) -> dict[int, tuple[str, ...]]:
    # The same deck vocabulary is searched for every key of the deck.
    buckets: dict[int, list[str]] = {}
    for key in dict.fromkeys(_run_together(term) for term in terms):
        buckets.setdefault(len(key), []).append(key)
    return {size: tuple(keys) for size, keys in buckets.items()}


@lru_cache(maxsize=1024)  # a fact's key is built for its typed, cloze and choice questions
def _confusions(
    accepted: tuple[str, ...],
    vocabulary: tuple[str, ...],
    authored: tuple[str, ...],
    known: tuple[str, ...],
) -> tuple[str, ...]:
    """Cached body of :func:`confusions_for`."""
    right_words = {comparison_key(text) for text in accepted} - {()}
    right = {"".join(words) for words in right_words}
    chosen: dict[str, str] = {}

    by_length = _by_length((*vocabulary, *known))
    # Only terms of about the same length can lie a few edits away; the rest
    # are never compared (this runs once per key of every generated question).
    near_keys = {
        found
        for meant in right
        for found, _, _ in process.extract(
            meant,
            [
                key
                for size in range(len(meant) - _near(meant), len(meant) + _near(meant) + 1)
                for key in by_length.get(size, ())
            ],
            scorer=OSA.distance,
            score_cutoff=_near(meant),
            limit=None,
        )
    }

    def near(key: str) -> bool:
        return key in near_keys

    for term in authored:
        key = _run_together(term)
        if key and key not in right:
            chosen.setdefault(key, term)
        for short in short_forms(term):
            key = _run_together(short)
            # "Toronto Metropolitan" stays a confusion beside "Toronto"; "Google" from
            # "Google Brain" does not, beside "Google DeepMind".
            if key and key not in right and not _within(comparison_key(short), right_words):
                chosen.setdefault(key, short)
    for term in known:
        key = _run_together(term)
        if key and key not in right and key not in chosen:
            holds = any(meant in key for meant in right)  # cheap test before the word test
            if near(key) or (holds and _contains(comparison_key(term), right_words)):
                chosen[key] = term
    first_terms = _first_terms(vocabulary)
    for key in sorted(near_keys & first_terms.keys(), key=lambda k: first_terms[k][0]):
        term = first_terms[key][1]
        if key and key not in right and key not in chosen:
            if not _related(comparison_key(term), right_words):
                chosen[key] = term
    return tuple(chosen.values())


@lru_cache(maxsize=64)
def _first_terms(terms: tuple[str, ...]) -> dict[str, tuple[int, str]]:
    """Each run-together key of ``terms`` with the place and text of its first term."""
    found: dict[str, tuple[int, str]] = {}
    for place, term in enumerate(terms):
        found.setdefault(_run_together(term), (place, term))
    return found


@lru_cache(maxsize=4096)
def known_confusions(accepted: tuple[str, ...]) -> tuple[str, ...]:
    """The well-known names a key made without a deck (an import) must refuse."""
    return confusions_for(accepted, ())
