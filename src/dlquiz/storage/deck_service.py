"""The learner's deck actions: list, find, rename, enable or disable, delete.

File > Decks... and ``dlquiz decks`` both call these, so the rules (a name
has 1 to 200 characters; the built-in chapter deck can be disabled but not
deleted) live here once.  Each action is one transaction and notes the
change for the next backup; deletion is stamped with the collection's clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from dlquiz.core.ids import DeckId
from dlquiz.storage.collection import Collection
from dlquiz.storage.deck_list import BUILTIN, DeckInfo, list_decks
from dlquiz.storage.new_limits import MAX_DECK_LIMIT

if TYPE_CHECKING:
    from dlquiz.storage.schema import DeckRow

MAX_NAME = 200


class DeckRuleError(ValueError):
    """An action a deck does not allow; the message says why, for the learner."""


def clean_name(name: str) -> str:
    """``name`` without outer spaces, or DeckRuleError when it is empty or too long."""
    cleaned = name.strip()
    if not 1 <= len(cleaned) <= MAX_NAME:
        raise DeckRuleError(f"a deck name needs 1 to {MAX_NAME} characters")
    return cleaned


class DeckService:
    """Deck actions on one collection."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    def all(self) -> list[DeckInfo]:
        """Every deck not deleted, built-in first, with its count of live cards."""
        # Plain reads: the window lists the decks before SQLAlchemy is loaded.
        return list_decks(self.collection.reader())

    def enabled(self) -> list[DeckInfo]:
        """The decks that study and exams draw from."""
        return [deck for deck in self.all() if deck.enabled]

    def sections(self, deck_ids: Sequence[DeckId]) -> set[str]:
        """The sections (topics) the live cards of these decks belong to."""
        # The cards know every question's section: no need to load the questions.
        found = self.collection.reader().execute(
            "SELECT DISTINCT topic FROM cards WHERE retired = 0"
            " AND deck_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(deck_ids)),),
        )
        return {str(topic) for (topic,) in found.fetchall() if topic}

    def find(self, name_or_id: str) -> DeckInfo:
        """A deck by id or by name (ignoring case); DeckRuleError names the known decks."""
        decks = self.all()
        for deck in decks:
            if deck.id == name_or_id:
                return deck
        wanted = name_or_id.casefold()
        for deck in decks:
            if deck.name.casefold() == wanted:
                return deck
        known = ", ".join(d.name for d in decks)
        raise DeckRuleError(f"no deck named {name_or_id!r} (decks: {known})")

    def rename(self, deck_id: DeckId, new_name: str) -> DeckInfo:
        """Give the deck a new name (1 to 200 characters, outer spaces dropped)."""
        name = clean_name(new_name)

        def change(row: DeckRow) -> None:
            row.name = name

        return self._edit(deck_id, change)

    def set_enabled(self, deck_id: DeckId, enabled: bool) -> DeckInfo:
        """Include the deck in study and exams, or leave it out (its progress stays)."""

        def change(row: DeckRow) -> None:
            row.enabled = enabled

        return self._edit(deck_id, change)

    def set_new_limit(self, deck_id: DeckId, limit: int | None) -> DeckInfo:
        """The deck's own daily new-card limit, or None to follow Settings.new_per_day."""
        if limit is not None and not 0 <= limit <= MAX_DECK_LIMIT:
            raise DeckRuleError(f"a deck's new cards per day are 0 to {MAX_DECK_LIMIT}")

        def change(row: DeckRow) -> None:
            row.new_per_day = limit

        return self._edit(deck_id, change)

    def set_new_as_choice(self, deck_id: DeckId, on: bool) -> DeckInfo:
        """Ask the deck's short-answer cards as multiple choice while they are new, or not.

        The same cards, asked another way: ids and progress do not change (see
        :mod:`dlquiz.core.short_answers`).
        """

        def change(row: DeckRow) -> None:
            row.new_as_choice = on

        return self._edit(deck_id, change)

    def new_as_choice(self, deck_id: DeckId) -> bool:
        """Whether the deck asks its new short-answer cards as multiple choice."""
        rows = (
            self.collection.reader()
            .execute(
                "SELECT new_as_choice FROM decks WHERE id = ? AND deleted_at IS NULL", (deck_id,)
            )
            .fetchall()
        )
        return bool(rows and rows[0][0])

    def new_limit(self, deck_id: DeckId) -> int | None:
        """The deck's own daily new-card limit (None: it follows the default)."""
        rows = (
            self.collection.reader()
            .execute(
                "SELECT new_per_day FROM decks WHERE id = ? AND deleted_at IS NULL", (deck_id,)
            )
            .fetchall()
        )
        return None if not rows or rows[0][0] is None else int(rows[0][0])

    def _edit(self, deck_id: DeckId, change: Callable[[DeckRow], None]) -> DeckInfo:
        from dlquiz.storage.decks_store import find_deck

        with self.collection.session() as s:
            row = find_deck(s, deck_id)
            if row is None:
                raise DeckRuleError(f"deck {deck_id!r} no longer exists")
            change(row)
        self.collection.mark_changed()
        return self.find(deck_id)

    def delete(self, deck_id: DeckId, *, purge: bool) -> DeckInfo:
        """Delete an imported deck; its review history stays unless ``purge``.

        Returns the deck as it was.  The built-in chapter deck is refused.
        """
        deck = self.find(deck_id)
        if deck.kind == BUILTIN:
            raise DeckRuleError(
                f"{deck.name!r} is the built-in chapter deck; disable it instead of deleting it"
            )
        from dlquiz.storage.decks_store import delete_deck, find_deck

        with self.collection.session() as s:
            row = find_deck(s, deck_id)
            if row is None:
                raise DeckRuleError(f"deck {deck_id!r} no longer exists")
            delete_deck(s, row, purge=purge, now=self.collection.clock.now())
        self.collection.mark_changed()
        return deck
