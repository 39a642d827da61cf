"""The packaged chapter deck and its generated questions, made once per process."""

from __future__ import annotations

from functools import lru_cache

from dlquiz.core.model import Deck, Question


@lru_cache(maxsize=1)
def chapter() -> tuple[Deck, tuple[Question, ...]]:
    """The chapter deck and every question generated from it (cached)."""
    from dlquiz.core.generate import generate_questions
    from dlquiz.decks import load_chapter_deck

    deck = load_chapter_deck()
    return deck, tuple(generate_questions(deck))
