"""Daily new-card limits: each deck has its own, and a global cap covers them all.

A deck's limit is its ``new_per_day`` column, or ``Settings.new_per_day``
when it has none; ``Settings.new_per_day_total`` caps the sum.  A new card
counts against the limits from the moment its first study answer is given
(undone answers do not count), from the start of the learner's day.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dlquiz.core.settings import Settings
from dlquiz.storage import queue_sql as sql

MAX_DECK_LIMIT = 9999


@dataclass(frozen=True, slots=True)
class DeckLimit:
    """One deck's limit today and how much of it is used."""

    limit: int
    own: bool  # True: set on the deck; False: the default from the settings
    introduced: int

    @property
    def left(self) -> int:
        return max(0, self.limit - self.introduced)


@dataclass(frozen=True, slots=True)
class NewAllowance:
    """How many new cards may still be introduced today, per deck and in all."""

    decks: Mapping[str, DeckLimit]
    total_limit: int
    total_introduced: int

    @property
    def total_left(self) -> int:
        return max(0, self.total_limit - self.total_introduced)

    def open_decks(self) -> list[str]:
        """The decks that may introduce a new card now (none once the cap is reached)."""
        if self.total_left == 0:
            return []
        return [deck for deck, limit in self.decks.items() if limit.left > 0]


def allowance(
    conn: sqlite3.Connection, settings: Settings, *, since: datetime, deck_ids: Sequence[str] | None
) -> NewAllowance:
    """Today's limits of the enabled decks in ``deck_ids`` (None: all of them).

    The global count covers every deck, chosen or not: the cap is about the
    learner's day, not about the decks being studied now.
    """
    introduced: dict[str, int] = {
        str(deck): int(n)
        for deck, n in sql.fetch_all(conn, sql.INTRODUCED_BY_DECK, {"since": since})
    }
    chosen = json.dumps(list(deck_ids)) if deck_ids else None
    decks = {
        str(deck): DeckLimit(
            limit=settings.new_per_day if own is None else int(own),
            own=own is not None,
            introduced=introduced.get(str(deck), 0),
        )
        for deck, own in sql.fetch_all(conn, sql.DECK_NEW_LIMITS, {"decks": chosen})
    }
    return NewAllowance(
        decks=decks,
        total_limit=settings.new_per_day_total,
        total_introduced=sum(introduced.values()),
    )


def new_waiting(conn: sqlite3.Connection, room: NewAllowance, *, buried: str) -> dict[str, int]:
    """New cards each deck may still show today: its waiting new cards, up to its room.

    ``buried`` is the JSON list of questions buried today (siblings of answered ones).

    The global cap is applied by the caller to the sum (see :func:`capped_total`).
    """
    return {
        deck: new_in_deck(conn, deck, buried=buried, most=limit.left)
        for deck, limit in room.decks.items()
        if limit.left > 0
    }


def new_in_deck(conn: sqlite3.Connection, deck: str, *, buried: str, most: int) -> int:
    """The deck's waiting new cards, counted up to ``most``."""
    params = {"deck": deck, "buried": buried, "most": most}
    return int(sql.fetch_one(conn, sql.NEW_IN_DECK_UP_TO, params)[0] or 0)


def capped_total(waiting: Mapping[str, int], room: NewAllowance) -> int:
    return min(room.total_left, sum(waiting.values()))


def next_new_row(
    conn: sqlite3.Connection, room: NewAllowance, *, decks: str | None, buried: str
) -> Any:
    """The next new card in a deck with room left today, or None."""
    open_decks = room.open_decks()
    if not open_decks:
        return None
    params = {"decks": decks, "buried": buried, "open_decks": json.dumps(open_decks)}
    return sql.fetch_one(conn, sql.NEXT_NEW_OPEN, params)
