"""The list of decks, read with plain SQL (the window shows it before SQLAlchemy loads)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from dlquiz.core.ids import DeckId

BUILTIN = "builtin"
IMPORTED = "imported"


@dataclass(frozen=True, slots=True)
class DeckInfo:
    id: DeckId
    name: str
    kind: str
    format: str
    source: str
    enabled: bool
    cards: int


# "builtin" sorts before "imported": the chapter deck comes first.
_DECKS = (
    "SELECT decks.id, decks.name, decks.kind, decks.format, decks.source, decks.enabled,"
    " (SELECT count(*) FROM cards WHERE cards.deck_id = decks.id AND cards.retired = 0)"
    " FROM decks WHERE decks.deleted_at IS NULL ORDER BY decks.kind, decks.name"
)


def list_decks(conn: sqlite3.Connection) -> list[DeckInfo]:
    """Every deck not deleted, built-in first, with its count of live cards."""
    return [
        DeckInfo(DeckId(str(i)), str(name), str(kind), str(fmt), str(src), bool(on), int(n))
        for i, name, kind, fmt, src, on, n in conn.execute(_DECKS).fetchall()
    ]
