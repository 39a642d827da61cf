"""The deck overview's figures: New, Learning and Due per enabled deck, and the limits.

One read per call, for the overview screen; the study hot path does not use it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from dlquiz.core.settings import Settings
from dlquiz.storage import new_limits
from dlquiz.storage import queue_sql as sql
from dlquiz.storage.deck_list import list_decks


@dataclass(frozen=True, slots=True)
class DeckRowCounts:
    """One deck's line in the overview."""

    deck_id: str
    name: str
    new: int  # new cards it will show today, after its own limit and the global cap
    learning: int
    due: int
    limit: int
    own_limit: bool
    introduced: int
    held_back: bool  # more new cards wait than its own limit lets through today

    @property
    def total(self) -> int:
        return self.new + self.learning + self.due


@dataclass(frozen=True, slots=True)
class Overview:
    decks: tuple[DeckRowCounts, ...]
    total_limit: int
    total_introduced: int
    cap_holds: bool  # the global cap keeps new cards back today

    @property
    def new(self) -> int:
        return min(sum(d.new for d in self.decks), max(0, self.total_limit - self.total_introduced))

    @property
    def learning(self) -> int:
        return sum(d.learning for d in self.decks)

    @property
    def due(self) -> int:
        return sum(d.due for d in self.decks)


def deck_overview(
    conn: sqlite3.Connection,
    settings: Settings,
    *,
    since: datetime,
    learn_until: datetime,
    review_until: datetime,
    buried: str,
) -> Overview:
    """Every enabled deck's New / Learning / Due now, by name, and which limit holds."""
    room = new_limits.allowance(conn, settings, since=since, deck_ids=None)
    waiting = {
        str(deck): (int(learning or 0), int(due or 0))
        for deck, learning, due in sql.fetch_all(
            conn,
            sql.WAITING_BY_DECK,
            {
                "decks": None,
                "buried": buried,
                "learn_until": learn_until,
                "review_until": review_until,
            },
        )
    }
    total_left = room.total_left
    rows: list[DeckRowCounts] = []
    wanted_new = 0
    for info in list_decks(conn):
        limit = room.decks.get(info.id)
        if not info.enabled or limit is None:
            continue
        # One more than the room: finding it means the limit keeps cards back.
        found = new_limits.new_in_deck(conn, info.id, buried=buried, most=limit.left + 1)
        through = min(found, limit.left)
        wanted_new += through
        learning, due = waiting.get(info.id, (0, 0))
        rows.append(
            DeckRowCounts(
                deck_id=info.id,
                name=info.name,
                new=min(through, total_left),
                learning=learning,
                due=due,
                limit=limit.limit,
                own_limit=limit.own,
                introduced=limit.introduced,
                held_back=found > limit.left,
            )
        )
    return Overview(
        decks=tuple(rows),
        total_limit=room.total_limit,
        total_introduced=room.total_introduced,
        cap_holds=wanted_new > total_left,
    )
