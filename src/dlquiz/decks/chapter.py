"""The chapter deck that ships with dlquiz.

In an installed wheel the deck sits inside the package, at
``dlquiz/_data/questions/`` (pyproject force-includes the repository's
``questions/`` folder there).  In a source checkout it is read from
``<repo>/questions/``.
"""

from __future__ import annotations

from functools import cache

from dlquiz.core.model import Deck
from dlquiz.decks.loader import load_deck
from dlquiz.resources import CHAPTER_DECK_FILE, chapter_deck_path

__all__ = ["CHAPTER_DECK_FILE", "chapter_deck_path", "load_chapter_deck"]


@cache
def load_chapter_deck() -> Deck:
    """Load the chapter deck once per process; later calls return the same object.

    Raises:
        InputError: the packaged deck is missing or broken (a packaging bug).
    """
    return load_deck(chapter_deck_path())
