"""Writing a deck's questions, pictures and cards on the plain ``sqlite3`` driver.

The one store path of every import (the window's and ``dlquiz import``'s, of
every format) and of the chapter deck's cards: each function works in the
caller's transaction on a driver connection, which is either
:meth:`Collection.write`'s (no SQLAlchemy: an import of a text file never
loads it) or the one under a unit of work's ``Session`` (``raw_connection``),
when an import also brings review history that the ORM-based history code
stores in the same transaction.

Cards follow question ids: a new id becomes a new card, an id that left its
deck retires its card (history kept), and an id that comes back un-retires.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

import orjson

from dlquiz.core.model import AnswerKey, Question
from dlquiz.core.serialize import question_to_dict, stored_key
from dlquiz.storage.bulk_load import held_off
from dlquiz.storage.deck_list import IMPORTED
from dlquiz.storage.stored_time import to_stored

# Decks whose questions or pictures changed since a sync last made events of them
# (migration 0009_imp; storage/sync_content.py reads and clears the marks).
MARKS = "sync_content_changes"


@dataclass(frozen=True, slots=True)
class SyncReport:
    added: int
    retired: int
    updated: int  # answer changed: progress reset
    kept: int


@dataclass(frozen=True, slots=True)
class DeckRecord:
    """The columns of a deck row that deciding where an import goes needs."""

    id: str
    name: str
    kind: str
    source: str
    deleted: bool


_DECK_COLUMNS = "id, name, kind, source, deleted_at IS NOT NULL"


def deck_by_id(conn: sqlite3.Connection, deck_id: str) -> DeckRecord | None:
    """The deck row with this id, deleted or not."""
    row = conn.execute(f"SELECT {_DECK_COLUMNS} FROM decks WHERE id = ?", (deck_id,)).fetchone()
    return None if row is None else _record(row)


def find_live_deck(conn: sqlite3.Connection, name_or_id: str) -> DeckRecord | None:
    """A deck not deleted, by id, or else by name ignoring case (as Python folds it)."""
    found = deck_by_id(conn, name_or_id)
    if found is not None and not found.deleted:
        return found
    wanted = name_or_id.casefold()
    for row in conn.execute(f"SELECT {_DECK_COLUMNS} FROM decks WHERE deleted_at IS NULL"):
        if str(row[1]).casefold() == wanted:
            return _record(row)
    return None


def _record(row: tuple[Any, ...]) -> DeckRecord:
    return DeckRecord(str(row[0]), str(row[1]), str(row[2]), str(row[3] or ""), bool(row[4]))


def insert_deck(
    conn: sqlite3.Connection,
    deck_id: str,
    *,
    name: str,
    kind: str,
    source: str,
    fmt: str,
    now: datetime,
) -> None:
    """A new, enabled deck row (the columns the schema gives no default are all set)."""
    stamp = to_stored(now)
    conn.execute(
        "INSERT INTO decks (id, name, kind, source, format, enabled, content_hash, created_at,"
        " updated_at, deleted_at, new_per_day, new_as_choice)"
        " VALUES (?, ?, ?, ?, ?, 1, '', ?, ?, NULL, NULL, 0)",
        (deck_id, name, kind, source, fmt, stamp, stamp),
    )


def interleave_by_topic(questions: Sequence[Question]) -> list[Question]:
    """Round-robin over topics, so new cards do not come one section at a time."""
    if len({q.topic for q in questions}) <= 1:
        return list(questions)  # one topic (most imported files): nothing to interleave
    by_topic: dict[str, list[Question]] = {}
    for q in questions:
        by_topic.setdefault(q.topic, []).append(q)
    queues = [deque(group) for group in by_topic.values()]
    out: list[Question] = []
    while queues:
        for queue in queues:
            out.append(queue.popleft())
        queues = [queue for queue in queues if queue]
    return out


_NEW_CARD = (
    "INSERT INTO cards (question_id, deck_id, topic, qtype, phase, reps, lapses, new_rank,"
    " suspended, retired) VALUES (?, ?, ?, ?, 0, 0, 0, ?, 0, 0)"
)
_KEPT_CARD = "UPDATE cards SET retired = 0, topic = ?, qtype = ? WHERE question_id = ?"
_RESET_CARD = (
    "UPDATE cards SET phase = 0, step = NULL, stability = NULL, difficulty = NULL, due = NULL,"
    " last_review = NULL WHERE question_id = ?"
)
_RETIRE_CARD = "UPDATE cards SET retired = 1 WHERE question_id = ?"


def sync_cards(
    conn: sqlite3.Connection,
    deck_id: str,
    questions: Sequence[Question],
    *,
    changed_keys: set[str],
    retire: Callable[[str], bool] | None = None,
    stored_from: int | None = None,
) -> SyncReport:
    """Make the deck's cards match ``questions`` (ids), keeping history.

    A card whose question is not in ``questions`` is retired when ``retire``
    (by default: every such card) says its question was this source's to
    give.  Written as bulk statements: an import of a large deck touches every card.
    ``stored_from`` says that ``questions`` were just stored, in this order,
    at the deck's positions from that one on.
    """
    existing = dict(
        conn.execute(
            "SELECT question_id, retired FROM cards WHERE deck_id = ?", (deck_id,)
        ).fetchall()
    )
    next_rank = (conn.execute("SELECT max(new_rank) FROM cards").fetchone()[0] or 0) + 1
    if not existing and stored_from is not None and len({q.topic for q in questions}) <= 1:
        # The first import of a deck with one topic (most files): every card is
        # new, in the questions' order, so SQLite makes them from the rows just
        # stored, without a row of parameters per card crossing from Python.
        _cards_of_stored(conn, deck_id, stored_from, next_rank, len(questions))
        return SyncReport(added=len(questions), retired=0, updated=0, kept=0)
    # New cards start in phase 0 with no reps or lapses, neither suspended nor retired.
    fresh = interleave_by_topic([q for q in questions if q.id not in existing])
    new_rows = [(q.id, deck_id, q.topic, q.type.value, next_rank + i) for i, q in enumerate(fresh)]
    if new_rows:
        insert_rows(conn, "cards", _NEW_CARD, new_rows, sort_by=0)
    kept = [q for q in questions if q.id in existing]
    conn.executemany(_KEPT_CARD, [(q.topic, q.type.value, q.id) for q in kept])
    changed = [(q.id,) for q in kept if q.id in changed_keys]
    conn.executemany(_RESET_CARD, changed)
    wanted = {q.id for q in questions}
    leaving = [
        (qid,)
        for qid, retired in existing.items()
        if qid not in wanted and not retired and (retire is None or retire(qid))
    ]
    conn.executemany(_RETIRE_CARD, leaving)
    return SyncReport(
        added=len(new_rows),
        retired=len(leaving),
        updated=len(changed),
        kept=len(kept) - len(changed),
    )


# The same card _NEW_CARD makes, from a stored question row (a compact payload
# leaves out an empty topic).  Rows come in the order they were inserted: by id.
_CARDS_OF_STORED = (
    "INSERT INTO cards (question_id, deck_id, topic, qtype, phase, reps, lapses, new_rank,"
    " suspended, retired) SELECT id, deck_id, coalesce(payload ->> '$.topic', ''),"
    " payload ->> '$.type', 0, 0, 0, ? + position - ?, 0, 0 FROM questions"
    " WHERE deck_id = ? AND position >= ?"
)


def _cards_of_stored(
    conn: sqlite3.Connection, deck_id: str, stored_from: int, next_rank: int, count: int
) -> None:
    (present,) = conn.execute("SELECT count(*) FROM cards").fetchone()
    cursor = conn.cursor()
    try:
        with held_off(cursor, "cards", triggers=(), indexes=count > present):
            cursor.execute(_CARDS_OF_STORED, (next_rank, stored_from, deck_id, stored_from))
    finally:
        cursor.close()


def insert_rows(
    conn: sqlite3.Connection,
    table: str,
    statement: str,
    values: list[tuple[Any, ...]],
    *,
    sort_by: int | None = None,
) -> None:
    """Run an INSERT into ``table`` for many rows; ``sort_by`` is the index of the key column.

    In key order, each insert lands beside the last one in the key's B-tree
    instead of at a random page.  When the new rows outnumber those already
    in the table (a large deck into a young collection), the table's own
    indexes are held off and built again in one sorted pass, which costs less
    than adding each row to each of them (a third of the cards' insert).
    """
    if sort_by is not None:
        values.sort(key=itemgetter(sort_by))
    (present,) = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    cursor = conn.cursor()
    try:
        with held_off(cursor, table, triggers=(), indexes=len(values) > present):
            cursor.executemany(statement, values)
    finally:
        cursor.close()


_NEW_QUESTION = (
    "INSERT INTO questions (id, deck_id, position, payload, source) VALUES (?, ?, ?, ?, ?)"
)


def store_imported(
    conn: sqlite3.Connection,
    *,
    deck_id: str,
    name: str,
    source: str,
    fmt: str,
    questions: Sequence[Question],
    media: dict[str, bytes],
    now: datetime,
    owns: Callable[[str, str], bool] | None = None,
    source_key: str = "",
) -> SyncReport:
    """Store an imported deck, or an update of part of it, in the caller's transaction.

    ``owns(question_id, stored_source)`` says whether a question already in
    the deck is this import's to replace or retire; by default every one is
    (the whole deck is replaced).  Questions of other sources stay as they are.
    Re-importing keeps the progress of questions whose answer is unchanged and
    resets those whose answer changed.  ``source_key`` is recorded with each
    question (the file's name).
    """
    old_keys: dict[str, AnswerKey] = {}
    retire: Callable[[str], bool] | None = None
    position = 0
    if deck_by_id(conn, deck_id) is None:
        insert_deck(conn, deck_id, name=name, kind=IMPORTED, source=source, fmt=fmt, now=now)
    else:
        old_keys, owned, position = _take_stored(conn, deck_id, {q.id for q in questions}, owns)
        if owns is None:
            conn.execute("DELETE FROM media WHERE deck_id = ?", (deck_id,))
        else:
            retire = owned.__contains__
        conn.execute(
            "UPDATE decks SET name = ?, source = ?, format = ?, deleted_at = NULL WHERE id = ?",
            (name, source, fmt, deck_id),
        )
    changed = set()
    rows = []
    dumps = orjson.dumps  # a fifth of json.dumps's time on a large import
    for offset, q in enumerate(questions):
        if q.id in old_keys and old_keys[q.id] != q.key:
            changed.add(q.id)
        payload = dumps(question_to_dict(q, compact=True)).decode()
        rows.append((q.id, deck_id, position + offset, payload, source_key))
    if rows:
        insert_rows(conn, "questions", _NEW_QUESTION, rows, sort_by=0)
    if media:
        conn.executemany(
            "DELETE FROM media WHERE deck_id = ? AND name = ?", [(deck_id, n) for n in media]
        )
        conn.executemany(
            "INSERT INTO media (deck_id, name, data) VALUES (?, ?, ?)",
            [(deck_id, n, data) for n, data in media.items()],
        )
    # content_hash: only the built-in deck uses it, to skip needless syncs.
    conn.execute(
        "UPDATE decks SET content_hash = '', updated_at = ? WHERE id = ?", (to_stored(now), deck_id)
    )
    mark_deck_changed(conn, deck_id)
    return sync_cards(
        conn, deck_id, questions, changed_keys=changed, retire=retire, stored_from=position
    )


def mark_deck_changed(conn: sqlite3.Connection, deck_id: str) -> None:
    """Note, in the caller's transaction, that a deck's questions or pictures were stored.

    One row, not an event per question: the next sync makes the events (0009_imp).
    """
    conn.execute(f"INSERT OR IGNORE INTO {MARKS} (deck_id) VALUES (?)", (deck_id,))


def _take_stored(
    conn: sqlite3.Connection,
    deck_id: str,
    incoming: set[str],
    owns: Callable[[str, str], bool] | None,
) -> tuple[dict[str, AnswerKey], set[str], int]:
    """Delete the deck's stored questions that this import replaces.

    Returns the old keys of those questions (to tell which changed), the ids
    this import owns (may retire), and the first free position for new rows.
    """
    old_keys: dict[str, AnswerKey] = {}
    owned: set[str] = set()
    replaced: list[tuple[str]] = []
    position = 0
    stored = conn.execute(
        "SELECT id, payload, source, position FROM questions WHERE deck_id = ?", (deck_id,)
    ).fetchall()
    for qid, payload, stored_source, stored_position in stored:
        mine = owns is None or owns(qid, stored_source)
        if qid in incoming or mine:
            replaced.append((qid,))
            # As keys, not texts: a payload stored before keys were compact says the same.
            old_keys[qid] = stored_key(payload)
            if mine:
                owned.add(qid)
        else:
            position = max(position, stored_position + 1)
    conn.executemany("DELETE FROM questions WHERE id = ?", replaced)
    return old_keys, owned, position
