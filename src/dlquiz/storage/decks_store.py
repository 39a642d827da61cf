"""Decks in the collection: the built-in chapter deck and imported ones.

Cards follow question ids: a new id becomes a new card, an id that left its
deck retires its card (history kept), and an id that comes back un-retires.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from dlquiz.core.model import Question
from dlquiz.core.serialize import question_to_dict
from dlquiz.storage import deck_list
from dlquiz.storage.deck_hash import ids_hash
from dlquiz.storage.deck_list import BUILTIN, IMPORTED, DeckInfo
from dlquiz.storage.readers import raw_connection
from dlquiz.storage.schema import CardRow, DeckRow, MediaRow, QuestionRow, ReviewRow, table_of
from dlquiz.storage.sync_content import mark_deck_changed


@dataclass(frozen=True, slots=True)
class SyncReport:
    added: int
    retired: int
    updated: int  # answer changed: progress reset
    kept: int


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


def sync_cards(
    session: Session,
    deck_id: str,
    questions: Sequence[Question],
    *,
    changed_keys: set[str],
    retire: Callable[[str], bool] | None = None,
) -> SyncReport:
    """Make the deck's cards match ``questions`` (ids), keeping history.

    A card whose question is not in ``questions`` is retired when ``retire``
    (by default: every such card) says its question was this source's to
    give.  Written as bulk statements: an import of a large deck touches every card.
    """
    existing = dict(
        session.execute(
            select(CardRow.question_id, CardRow.retired).where(CardRow.deck_id == deck_id)
        ).all()
    )
    next_rank = (session.scalar(select(func.max(CardRow.new_rank))) or 0) + 1
    # phase 0 (new), no reps or lapses, neither suspended nor retired
    new_rows = [
        (q.id, deck_id, q.topic, q.type.value, 0, 0, 0, next_rank + i, False, False)
        for i, q in enumerate(interleave_by_topic([q for q in questions if q.id not in existing]))
    ]
    if new_rows:
        insert_rows(session, table_of(CardRow).name, _NEW_CARD_COLUMNS, new_rows, sort_by=0)
    kept_rows = [q for q in questions if q.id in existing]
    if kept_rows:
        session.execute(
            update(table_of(CardRow))
            .where(table_of(CardRow).c.question_id == bindparam("qid"))
            .values(retired=False, topic=bindparam("new_topic"), qtype=bindparam("new_qtype")),
            [{"qid": q.id, "new_topic": q.topic, "new_qtype": q.type.value} for q in kept_rows],
        )
    changed = [q.id for q in kept_rows if q.id in changed_keys]
    for chunk in _chunks(changed):
        session.execute(
            update(CardRow)
            .where(CardRow.question_id.in_(chunk))
            .values(phase=0, step=None, stability=None, difficulty=None, due=None, last_review=None)
        )
    wanted = {q.id for q in questions}
    leaving = [
        qid
        for qid, retired in existing.items()
        if qid not in wanted and not retired and (retire is None or retire(qid))
    ]
    for chunk in _chunks(leaving):
        session.execute(update(CardRow).where(CardRow.question_id.in_(chunk)).values(retired=True))
    return SyncReport(
        added=len(new_rows),
        retired=len(leaving),
        updated=len(changed),
        kept=len(kept_rows) - len(changed),
    )


_NEW_CARD_COLUMNS = (
    "question_id",
    "deck_id",
    "topic",
    "qtype",
    "phase",
    "reps",
    "lapses",
    "new_rank",
    "suspended",
    "retired",
)
_QUESTION_COLUMNS = ("id", "deck_id", "position", "payload", "source")


def insert_rows(
    session: Session,
    table: str,
    columns: Sequence[str],
    values: list[tuple[Any, ...]],
    *,
    sort_by: int | None = None,
) -> None:
    """Insert many rows through the driver in the session's transaction.

    SQLAlchemy's per-row parameter processing doubled the time of a large import;
    these columns hold only text, numbers and booleans, which sqlite3 takes as they are.
    ``sort_by`` is the index of the column that is the table's key.
    """
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    )
    if sort_by is not None:
        # In key order, each insert lands beside the last one in the key's
        # B-tree instead of at a random page: a large import inserts far faster.
        values.sort(key=itemgetter(sort_by))
    cursor = session.connection().connection.cursor()
    try:
        cursor.executemany(statement, values)
    finally:
        cursor.close()


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    # SQLite limits the number of bound parameters in one statement.
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _new_deck(
    session: Session, deck_id: str, *, name: str, kind: str, source: str, fmt: str, now: datetime
) -> DeckRow:
    """A new, enabled deck row, flushed so its cards may refer to it."""
    row = DeckRow(
        id=deck_id,
        name=name,
        kind=kind,
        source=source,
        format=fmt,
        enabled=True,
        content_hash="",
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


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
    row = session.get(DeckRow, deck_id)
    if row is not None and row.content_hash == fingerprint:
        return None
    if row is None:
        row = _new_deck(
            session, deck_id, name=name, kind=BUILTIN, source=source, fmt="yaml", now=now
        )
    row.content_hash = fingerprint
    row.updated_at = now
    return sync_cards(session, deck_id, questions, changed_keys=set())


def store_imported(
    session: Session,
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
    row = session.get(DeckRow, deck_id)
    old_keys: dict[str, str] = {}
    incoming = {q.id for q in questions}
    retire: Callable[[str], bool] | None = None
    position = 0
    if row is None:
        row = _new_deck(session, deck_id, name=name, kind=IMPORTED, source=source, fmt=fmt, now=now)
    else:
        old_keys, owned, position = _take_stored(session, deck_id, incoming, owns)
        if owns is None:
            session.execute(delete(MediaRow).where(MediaRow.deck_id == deck_id))
        else:
            retire = owned.__contains__
        row.name, row.source, row.format, row.deleted_at = name, source, fmt, None
    changed = set()
    rows = []
    dumps = orjson.dumps  # a fifth of json.dumps's time on a large import
    for offset, q in enumerate(questions):
        payload = question_to_dict(q, compact=True)
        if q.id in old_keys and old_keys[q.id] != _key_text(payload["key"]):
            changed.add(q.id)
        rows.append((q.id, deck_id, position + offset, dumps(payload).decode(), source_key))
    if rows:
        insert_rows(session, table_of(QuestionRow).name, _QUESTION_COLUMNS, rows, sort_by=0)
    if media:
        for chunk in _chunks(list(media)):
            session.execute(
                delete(MediaRow).where(MediaRow.deck_id == deck_id, MediaRow.name.in_(chunk))
            )
        session.execute(
            insert(table_of(MediaRow)),
            [{"deck_id": deck_id, "name": name, "data": data} for name, data in media.items()],
        )
    row.content_hash = ""  # only the built-in deck uses it, to skip needless syncs
    row.updated_at = now
    # One row, not an event per question: the next sync makes the events (0009_imp).
    mark_deck_changed(session, deck_id)
    return sync_cards(session, deck_id, questions, changed_keys=changed, retire=retire)


def _take_stored(
    session: Session,
    deck_id: str,
    incoming: set[str],
    owns: Callable[[str, str], bool] | None,
) -> tuple[dict[str, str], set[str], int]:
    """Delete the deck's stored questions that this import replaces.

    Returns the old keys of those questions (to tell which changed), the ids
    this import owns (may retire), and the first free position for new rows.
    """
    old_keys: dict[str, str] = {}
    owned: set[str] = set()
    replaced: list[str] = []
    position = 0
    stored = session.execute(
        select(QuestionRow.id, QuestionRow.payload, QuestionRow.source, QuestionRow.position).where(
            QuestionRow.deck_id == deck_id
        )
    )
    for qid, payload, stored_source, stored_position in stored:
        mine = owns is None or owns(qid, stored_source)
        if qid in incoming or mine:
            replaced.append(qid)
            old_keys[qid] = _key_text(orjson.loads(payload)["key"])
            if mine:
                owned.add(qid)
        else:
            position = max(position, stored_position + 1)
    for chunk in _chunks(replaced):
        session.execute(delete(QuestionRow).where(QuestionRow.id.in_(chunk)))
    return old_keys, owned, position


def _key_text(key: dict[str, Any]) -> str:
    """An answer key's JSON with sorted keys: equal texts mean the same answer."""
    return orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()


def list_decks(session: Session) -> list[DeckInfo]:
    """Every deck not deleted, built-in first, with its count of live cards (in ``session``)."""
    return deck_list.list_decks(raw_connection(session))


def find_deck(session: Session, name_or_id: str) -> DeckRow | None:
    """A live deck by id, or by name ignoring case."""
    row = session.get(DeckRow, name_or_id)
    if row is not None and row.deleted_at is None:
        return row
    wanted = name_or_id.casefold()
    for candidate in session.scalars(select(DeckRow).where(DeckRow.deleted_at.is_(None))):
        if candidate.name.casefold() == wanted:
            return candidate
    return None


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
