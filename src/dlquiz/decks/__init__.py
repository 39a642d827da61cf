"""Deck files: the YAML format, its JSON Schema and the validating loader.

``load_deck`` reads a deck file into a :class:`~dlquiz.core.model.Deck`, or
raises :class:`~dlquiz.core.problems.InputError` listing every problem with
its line and column.  The format is described in ``docs/deck-format.md``.
"""

from __future__ import annotations

from dlquiz.decks.chapter import chapter_deck_path, load_chapter_deck
from dlquiz.decks.loader import check_deck_file, load_deck, load_deck_text
from dlquiz.decks.schema import deck_schema

__all__ = [
    "chapter_deck_path",
    "check_deck_file",
    "deck_schema",
    "load_chapter_deck",
    "load_deck",
    "load_deck_text",
]
