"""The packaged chapter deck and its generated questions, made once per process.

Loading, validating and generating take a noticeable share of start-up, and
the result only changes when the deck file or the code that reads it
changes.  So the result is kept in the user's cache directory under a key
made of exactly those inputs; any change to them makes a new key.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

import dlquiz
from dlquiz.core.model import Deck, Fact, Question

# Source that shapes the generated questions: a change in any of it is a new cache key.
_SHAPING_PACKAGES = ("core", "core/generate", "core/grading", "decks")


def _cache_key(deck_path: Path) -> str:
    digest = hashlib.sha256(dlquiz.__version__.encode())
    digest.update(deck_path.read_bytes())
    root = Path(dlquiz.__file__).parent
    for package in _SHAPING_PACKAGES:
        for source in sorted((root / package).glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:32]


def _cache_file(key: str) -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("dlquiz", appauthor=False) / f"chapter-{key}.pickle"


def _build() -> tuple[Deck, tuple[Question, ...]]:
    from dlquiz.core.generate import generate_questions
    from dlquiz.decks import load_chapter_deck

    deck = load_chapter_deck()
    return deck, tuple(generate_questions(deck))


@lru_cache(maxsize=1)
def chapter() -> tuple[Deck, tuple[Question, ...]]:
    """The chapter deck and every question generated from it."""
    from dlquiz.resources import chapter_deck_path

    try:
        cache: Path | None = _cache_file(_cache_key(chapter_deck_path()))
    except OSError:
        cache = None  # the deck file is missing: loading it below says so
    if cache is not None:
        try:
            with cache.open("rb") as handle:
                deck, questions = pickle.load(handle)  # noqa: S301 - our own cache file
            if isinstance(deck, Deck) and isinstance(questions, tuple):
                return deck, questions
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
            pass  # no cache yet, or an unreadable one: build afresh
    result = _build()
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(".part")
            partial.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(cache)
        except OSError:
            pass  # a read-only cache directory only costs speed
    return result


@lru_cache(maxsize=1)
def _chapter_facts() -> tuple[str, dict[str, Fact]]:
    deck, _questions = chapter()
    return deck.id, {fact.id: fact for fact in deck.facts}


def shown_section(question: Question, deck_name: str = "") -> str:
    """What to show above a question before it is answered: its section, minus the answer.

    Uses the chapter's facts for chapter questions (see
    :func:`dlquiz.core.sections.section_label`); falls back to ``deck_name``,
    never to the deck's id ("import-capitals" means nothing to a learner).
    """
    from dlquiz.core.sections import section_label

    deck_id, facts = _chapter_facts()
    label = section_label(question, facts if question.deck == deck_id else None)
    return label or deck_name
