"""The study queue's statements, written once as plain SQL for ``sqlite3``.

The queue is read before the window's first paint, when SQLAlchemy is not
imported yet (it costs about 0.4 s of start-up), so these run on a plain
driver connection: a collection's reader outside a transaction, or the one
under a unit of work (``raw_connection``) inside it.  Datetimes are bound
and read in exactly the text that ``storage.types.UTCDateTime`` stores.
Every queue query walks an index in order ((phase, due) or (phase, new_rank)).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from dlquiz.core.ids import CardId
from dlquiz.core.scheduling import CardState
from dlquiz.storage.card_state import state_of
from dlquiz.storage.stored_time import from_stored, to_stored

CARD_COLUMNS = "id, question_id, phase, step, stability, difficulty, due, last_review, reps, lapses"

# Cards of enabled, live decks (all of them, or those in the JSON list :decks).
_LIVE = (
    "retired = 0 AND suspended = 0 AND deck_id IN (SELECT id FROM decks WHERE enabled = 1"
    " AND deleted_at IS NULL AND (:decks IS NULL OR id IN (SELECT value FROM json_each(:decks))))"
)

# Sibling burying: questions in the JSON list :buried wait until tomorrow
# (an empty list buries nothing).  SQLite builds the list's set once per query.
_NOT_BURIED = "question_id NOT IN (SELECT value FROM json_each(:buried))"
_WAITING = f"{_LIVE} AND {_NOT_BURIED}"


def _card_query(condition: str, order: str) -> str:
    where = f"{_WAITING} AND {condition}"
    return f"SELECT {CARD_COLUMNS} FROM cards WHERE {where} ORDER BY {order} LIMIT 1"


DUE_LEARNING = _card_query("phase IN (1, 3) AND due <= :until", "due")
DUE_REVIEW = _card_query("phase = 2 AND due < :until", "due")

# The next new card among the decks (JSON list :open_decks) whose limits leave room today.
NEXT_NEW_OPEN = _card_query(
    "phase = 0 AND deck_id IN (SELECT value FROM json_each(:open_decks))", "new_rank"
)

CARD_BY_ID = f"SELECT {CARD_COLUMNS} FROM cards WHERE id = :id"

UPDATE_CARD = (
    "UPDATE cards SET phase = :phase, step = :step, stability = :stability,"
    " difficulty = :difficulty, due = :due, last_review = :last_review, reps = :reps,"
    " lapses = :lapses WHERE id = :id"
)

RETIRE_CARD = "UPDATE cards SET retired = 1 WHERE id = :id"

INSERT_REVIEW = (
    "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, answer, verdict, score,"
    " kind, was_new, state_before, undone_at) VALUES (:card_id, :reviewed_at, :rating,"
    " :duration_ms, :answer, :verdict, :score, :kind, :was_new, :state_before, NULL)"
)

ANSWERED_SINCE = (
    "SELECT DISTINCT cards.question_id FROM reviews JOIN cards ON cards.id = reviews.card_id"
    " WHERE reviews.reviewed_at >= :since AND reviews.kind = 'study'"
    " AND reviews.undone_at IS NULL"
)

COUNT_WAITING = (
    f"SELECT"
    f" (SELECT count(*) FROM cards WHERE {_WAITING} AND phase IN (1, 3) AND due <= :learn_until),"
    f" (SELECT count(*) FROM cards WHERE {_WAITING} AND phase = 2 AND due < :review_until)"
)

# --- daily new-card limits: per deck, under a global cap (storage/new_limits.py) ---

INTRODUCED_BY_DECK = (
    "SELECT cards.deck_id, count(*) FROM reviews JOIN cards ON cards.id = reviews.card_id"
    " WHERE reviews.reviewed_at >= :since AND reviews.was_new = 1 AND reviews.kind = 'study'"
    " AND reviews.undone_at IS NULL GROUP BY cards.deck_id"
)

DECK_NEW_LIMITS = (
    "SELECT id, new_per_day FROM decks WHERE enabled = 1 AND deleted_at IS NULL"
    " AND (:decks IS NULL OR id IN (SELECT value FROM json_each(:decks)))"
)

# New cards waiting in one deck, counted only up to :most (the room its limit leaves).
NEW_IN_DECK_UP_TO = (
    "SELECT count(*) FROM (SELECT 1 FROM cards WHERE retired = 0 AND suspended = 0"
    f" AND {_NOT_BURIED} AND deck_id = :deck AND phase = 0 LIMIT :most)"
)

# Learning and review cards waiting now, per deck, for the deck overview.
WAITING_BY_DECK = (
    "SELECT deck_id,"
    " sum(CASE WHEN phase IN (1, 3) AND due <= :learn_until THEN 1 ELSE 0 END),"
    " sum(CASE WHEN phase = 2 AND due < :review_until THEN 1 ELSE 0 END)"
    f" FROM cards WHERE {_WAITING} AND phase IN (1, 2, 3) GROUP BY deck_id"
)


def bound(params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` as the driver takes them: datetimes in their stored text."""
    return {k: to_stored(v) if isinstance(v, datetime) else v for k, v in params.items()}


def fetch_all(conn: sqlite3.Connection, statement: str, params: Mapping[str, Any]) -> list[Any]:
    """Every row, read to the end, so the statement ends its read at once."""
    return conn.execute(statement, bound(params)).fetchall()


def fetch_one(conn: sqlite3.Connection, statement: str, params: Mapping[str, Any]) -> Any:
    """The first row or None (for statements that give at most one row)."""
    rows = fetch_all(conn, statement, params)
    return rows[0] if rows else None


class _Scheduling(NamedTuple):
    """A card's scheduling columns with their datetimes read, as ``state_of`` takes them."""

    phase: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int


def card_of(row: Sequence[Any]) -> tuple[CardId, str, CardState]:
    """A row of ``CARD_COLUMNS``: the card's id, its question id and its state."""
    card_id, question_id, phase, step, stability, difficulty, due, last, reps, lapses = row
    columns = _Scheduling(
        phase,
        step,
        stability,
        difficulty,
        None if due is None else from_stored(due),
        None if last is None else from_stored(last),
        reps,
        lapses,
    )
    return CardId(card_id), str(question_id), state_of(columns)
