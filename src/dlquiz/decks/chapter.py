"""The chapter deck that ships with dlquiz.

In an installed wheel the deck sits inside the package, at
``dlquiz/_data/questions/`` (pyproject force-includes the repository's
``questions/`` folder there).  In a source checkout it is read from
``<repo>/questions/``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from dlquiz.core.model import Deck
from dlquiz.decks.loader import load_deck

CHAPTER_DECK_FILE = "deep_learning_revolution.yaml"
_PACKAGED = ("_data", "questions", CHAPTER_DECK_FILE)
# src/dlquiz/decks/chapter.py -> the repository root is three folders above "decks".
_CHECKOUT = Path(__file__).resolve().parents[3] / "questions" / CHAPTER_DECK_FILE


def chapter_deck_path() -> Path:
    """Return the path of the packaged chapter deck (or the checkout's copy)."""
    packaged = resources.files("dlquiz").joinpath(*_PACKAGED)
    if isinstance(packaged, Path) and packaged.is_file():
        return packaged
    return _CHECKOUT


@cache
def load_chapter_deck() -> Deck:
    """Load the chapter deck once per process; later calls return the same object.

    Raises:
        InputError: the packaged deck is missing or broken (a packaging bug).
    """
    return load_deck(chapter_deck_path())
