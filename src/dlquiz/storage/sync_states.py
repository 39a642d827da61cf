"""The "state before" of each review of a synced card, from the replay of the merged log.

A review answered here keeps the card's state just before it (for undo, for
amending a rating, and for the intervals the card history shows).  A review
pulled from another device arrives without one, and one answered here may
now sit after another device's answers that it never saw.  After a sync
replays a card, every review of it gets the state the replay reached just
before that review: the same walk as ``storage.rebuild`` (a life begins
after a reset; undone answers change nothing), kept one step at a time.
Only states that differ are written, so a card studied on one device alone
keeps every state it recorded (the replay gives the same).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from dlquiz.core.replay_engine import Replayed, ReplayEngine
from dlquiz.core.scheduling import CardState, SchedulerSettings, state_from
from dlquiz.storage.card_state import state_json
from dlquiz.storage.stored_time import from_stored

_ROWS = (
    "SELECT r.id, r.card_id, r.rating, r.reviewed_at, r.was_new, r.undone_at IS NOT NULL,"
    " r.state_before, c.reset_at FROM reviews r JOIN cards c ON c.id = r.card_id"
    " WHERE r.card_id IN (SELECT value FROM json_each(?))"
    " ORDER BY r.card_id, r.reviewed_at, r.uid, r.id"
)
_WRITE = "UPDATE reviews SET state_before = ? WHERE id = ?"
_NEW = state_json(CardState())


class _Walk:
    """One card's state as its reviews go by, from new."""

    def __init__(self, engine: ReplayEngine) -> None:
        self.engine = engine
        self.state: Replayed | None = None
        self.life: list[tuple[int, datetime]] = []

    def restart(self) -> None:
        self.state, self.life = None, []

    def before(self) -> str:
        return _NEW if self.state is None else state_json(state_from(self.state))

    def answer(self, rating: int, at: datetime) -> None:
        self.life.append((rating, at))
        engine, state = self.engine, self.state
        if state is not None and engine.can_continue(state):
            self.state = engine.continue_from(state, [(rating, at)])
        else:  # a first answer, or a step these settings lack: replay the life so far
            self.state = engine.replay(self.life)


def _states_of(engine: ReplayEngine, rows: Iterable[Sequence[Any]]) -> list[tuple[str, int]]:
    """(state before, review id) for each review of one card whose stored state differs."""
    walk = _Walk(engine)
    out: list[tuple[str, int]] = []
    crossed = False  # past the card's reset, if it has one
    for review_id, _card, rating, reviewed_at, was_new, undone, stored, reset_at in rows:
        if reset_at is not None and not crossed:
            if reviewed_at > reset_at or (was_new and reviewed_at == reset_at):
                crossed = True
                walk.restart()
        before = walk.before()
        if before != stored:
            out.append((before, int(review_id)))
        if not undone:
            walk.answer(int(rating), from_stored(reviewed_at))
    return out


def fill_states_before(
    session: Session, settings: SchedulerSettings, card_ids: Iterable[int]
) -> int:
    """Give the chosen cards' reviews the replay's state before each; returns how many changed."""
    chosen = sorted({int(i) for i in card_ids})
    if not chosen:
        return 0
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    cursor = driver.cursor()
    try:
        rows = cursor.execute(_ROWS, [json.dumps(chosen)]).fetchall()
        engine = ReplayEngine(settings)
        writes: list[tuple[str, int]] = []
        for _card_id, group in groupby(rows, key=itemgetter(1)):
            writes += _states_of(engine, group)
        if writes:
            cursor.executemany(_WRITE, writes)
        return len(writes)
    finally:
        cursor.close()


# Reset cards whose newest reset kept the counters ("Reset to new" without "counts too").
_KEPT_COUNTS = (
    "SELECT c.id FROM cards c WHERE c.id IN (SELECT value FROM json_each(?))"
    " AND c.reset_at IS NOT NULL AND NOT coalesce((SELECT json_extract(e.payload, '$.counts')"
    " FROM sync_events e WHERE e.kind = 'reset' AND e.subject = c.question_id"
    " ORDER BY e.at DESC, e.id DESC LIMIT 1), 0)"
)
_COUNTED = (
    "SELECT card_id, rating, reviewed_at FROM reviews WHERE undone_at IS NULL"
    " AND card_id IN (SELECT value FROM json_each(?)) ORDER BY card_id, reviewed_at, uid, id"
)


def count_whole_lives(
    session: Session, settings: SchedulerSettings, card_ids: Iterable[int]
) -> int:
    """Reviews and lapses over the whole log for reset cards that kept their counters.

    The replay counts the current life; a reset without "counts too" keeps
    counting from before it.  Every device derives the same figures from the
    same merged log, whatever each had counted when the reset happened.
    Returns how many cards were set.
    """
    chosen = json.dumps(sorted({int(i) for i in card_ids}))
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    cursor = driver.cursor()
    try:
        kept = [int(i) for (i,) in cursor.execute(_KEPT_COUNTS, [chosen]).fetchall()]
        if not kept:
            return 0
        engine = ReplayEngine(settings)
        counts = []
        rows = cursor.execute(_COUNTED, [json.dumps(kept)]).fetchall()
        for card_id, group in groupby(rows, key=itemgetter(0)):
            whole = engine.replay([(int(r), from_stored(at)) for _c, r, at in group])
            counts.append((whole.reps, whole.lapses, int(card_id)))
        cursor.executemany("UPDATE cards SET reps = ?, lapses = ? WHERE id = ?", counts)
        return len(counts)
    finally:
        cursor.close()


__all__ = ["count_whole_lives", "fill_states_before"]
