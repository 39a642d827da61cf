"""Real names that are different answers, never typos of the right one.

A typo rule alone would take "ResNeXt" for "ResNet" and "LeNet" for
"VGGNet".  So before any typo is forgiven, the answer is checked against a
vocabulary of real terms: every name a deck uses, the names the author adds
as ``confusions``, and the well-known names below.  ``confusions_for`` picks,
for one key, the terms a learner could reach by a slip of the keyboard (and
the authored ones), so that keys stay small.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import OSA

from dlquiz.core.grading.normalize import comparison_key

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


def _run_together(text: str) -> str:
    return "".join(comparison_key(text))


def confusions_for(
    accepted: Iterable[str], vocabulary: Iterable[str], *, authored: Iterable[str] = ()
) -> tuple[str, ...]:
    """The terms that one key must refuse even when they look like a typo.

    Args:
        accepted: the key's accepted spellings.
        vocabulary: the deck's names and the known confusions.
        authored: the fact's own confusions and distractors, always kept.

    Returns:
        Authored terms, then vocabulary terms near an accepted spelling; none
        of them equal to an accepted spelling.
    """
    right = {_run_together(text) for text in accepted} - {""}
    chosen: dict[str, str] = {}
    for term in authored:
        key = _run_together(term)
        if key and key not in right:
            chosen.setdefault(key, term)
    for term in vocabulary:
        key = _run_together(term)
        if not key or key in right or key in chosen:
            continue
        if any(
            OSA.distance(key, meant, score_cutoff=_near(meant)) <= _near(meant) for meant in right
        ):
            chosen[key] = term
    return tuple(chosen.values())
