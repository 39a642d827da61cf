"""Decks in the collection through a unit of work: the chapter deck, finding and deleting.

The rows themselves are written by :mod:`dlquiz.storage.deck_writer` on the
driver connection under the session, so that every import and the chapter
deck share one store path.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from dlquiz.core.model import Question
from dlquiz.storage import deck_list
from dlquiz.storage.deck_hash import ids_hash
from dlquiz.storage.deck_list import BUILTIN, IMPORTED, DeckInfo
from dlquiz.storage.deck_writer import (
    SyncReport,
    find_live_deck,
    insert_deck,
    store_imported,
    sync_cards,
)
from dlquiz.storage.readers import raw_connection
from dlquiz.storage.schema import CardRow, DeckRow, MediaRow, QuestionRow, ReviewRow
from dlquiz.storage.stored_time import to_stored

__all__ = [
    "BUILTIN",
    "IMPORTED",
    "SyncReport",
    "delete_deck",
    "ensure_builtin",
    "find_deck",
    "list_decks",
    "store_imported",
    "sync_cards",
]


def ensure_builtin(
    session: Session,
    *,
    deck_id: str,
    name: str,
    source: str,
    questions: Sequence[Question],
    now: datetime,
    fingerprint: str | None = None,
) -> SyncReport | None:
    """Register the chapter deck and sync its cards when its questions changed.

    ``fingerprint`` is ``ids_hash(questions)`` when the caller has it already.
    """
    fingerprint = fingerprint or ids_hash(questions)
    conn = raw_connection(session)
    row = conn.execute("SELECT content_hash FROM decks WHERE id = ?", (deck_id,)).fetchone()
    if row is not None and row[0] == fingerprint:
        return None
    if row is None:
        insert_deck(conn, deck_id, name=name, kind=BUILTIN, source=source, fmt="yaml", now=now)
    conn.execute(
        "UPDATE decks SET content_hash = ?, updated_at = ? WHERE id = ?",
        (fingerprint, to_stored(now), deck_id),
    )
    return sync_cards(conn, deck_id, questions, changed_keys=set())


def list_decks(session: Session) -> list[DeckInfo]:
    """Every deck not deleted, built-in first, with its count of live cards (in ``session``)."""
    return deck_list.list_decks(raw_connection(session))


def find_deck(session: Session, name_or_id: str) -> DeckRow | None:
    """A live deck by id, or by name ignoring case."""
    found = find_live_deck(raw_connection(session), name_or_id)
    return None if found is None else session.get(DeckRow, found.id)


def delete_deck(session: Session, row: DeckRow, *, purge: bool, now: datetime) -> None:
    """Remove a deck; its review history stays unless ``purge``."""
    session.execute(delete(QuestionRow).where(QuestionRow.deck_id == row.id))
    session.execute(delete(MediaRow).where(MediaRow.deck_id == row.id))
    if purge:
        card_ids = select(CardRow.id).where(CardRow.deck_id == row.id)
        session.execute(delete(ReviewRow).where(ReviewRow.card_id.in_(card_ids)))
        session.execute(delete(CardRow).where(CardRow.deck_id == row.id))
        session.delete(row)
    else:
        session.execute(update(CardRow).where(CardRow.deck_id == row.id).values(retired=True))
        row.deleted_at = now
        row.content_hash = ""
