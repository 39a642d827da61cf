"""Decks in the collection: the built-in chapter deck and imported ones.

Cards follow question ids: a new id becomes a new card, an id that left its
deck retires its card (history kept), and an id that comes back un-retires.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from dlquiz.core.model import Question
from dlquiz.core.serialize import key_to_dict, question_to_dict
from dlquiz.storage.schema import CardRow, DeckRow, MediaRow, QuestionRow, ReviewRow

BUILTIN = "builtin"
IMPORTED = "imported"


@dataclass(frozen=True, slots=True)
class DeckInfo:
    id: str
    name: str
    kind: str
    format: str
    source: str
    enabled: bool
    cards: int


@dataclass(frozen=True, slots=True)
class SyncReport:
    added: int
    retired: int
    updated: int  # answer changed: progress reset
    kept: int


def ids_hash(questions: Iterable[Question]) -> str:
    """A fingerprint of a deck's question ids and keys, to skip needless syncs."""
    digest = hashlib.sha256()
    for q in questions:
        digest.update(q.id.encode())
        digest.update(json.dumps(key_to_dict(q.key), sort_keys=True).encode())
    return digest.hexdigest()


def interleave_by_topic(questions: Sequence[Question]) -> list[Question]:
    """Round-robin over topics, so new cards do not come one section at a time."""
    by_topic: dict[str, list[Question]] = {}
    for q in questions:
        by_topic.setdefault(q.topic, []).append(q)
    queues = list(by_topic.values())
    out: list[Question] = []
    index = 0
    while queues:
        queue = queues[index % len(queues)]
        out.append(queue.pop(0))
        if not queue:
            queues.remove(queue)
        else:
            index += 1
    return out


def sync_cards(
    session: Session, deck_id: str, questions: Sequence[Question], *, changed_keys: set[str]
) -> SyncReport:
    """Make the deck's cards match ``questions`` (ids), keeping history."""
    existing = {
        row.question_id: row
        for row in session.scalars(select(CardRow).where(CardRow.deck_id == deck_id))
    }
    wanted = {q.id for q in questions}
    next_rank = (session.scalar(select(func.max(CardRow.new_rank))) or 0) + 1
    added = updated = kept = 0
    for q in interleave_by_topic([q for q in questions if q.id not in existing]):
        session.add(
            CardRow(
                question_id=q.id,
                deck_id=deck_id,
                topic=q.topic,
                qtype=q.type.value,
                phase=0,
                reps=0,
                lapses=0,
                new_rank=next_rank,
                suspended=False,
                retired=False,
            )
        )
        next_rank += 1
        added += 1
    for q in questions:
        row = existing.get(q.id)
        if row is None:
            continue
        row.retired = False
        row.topic = q.topic
        row.qtype = q.type.value
        if q.id in changed_keys:
            _reset(row)
            updated += 1
        else:
            kept += 1
    retired = 0
    for qid, row in existing.items():
        if qid not in wanted and not row.retired:
            row.retired = True
            retired += 1
    return SyncReport(added=added, retired=retired, updated=updated, kept=kept)


def _reset(row: CardRow) -> None:
    row.phase = 0
    row.step = row.stability = row.difficulty = None
    row.due = row.last_review = None


def ensure_builtin(
    session: Session,
    *,
    deck_id: str,
    name: str,
    source: str,
    questions: Sequence[Question],
    now: datetime,
) -> SyncReport | None:
    """Register the chapter deck and sync its cards when its questions changed."""
    fingerprint = ids_hash(questions)
    row = session.get(DeckRow, deck_id)
    if row is not None and row.content_hash == fingerprint:
        return None
    if row is None:
        row = DeckRow(
            id=deck_id,
            name=name,
            kind=BUILTIN,
            source=source,
            format="yaml",
            enabled=True,
            content_hash="",
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
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
) -> SyncReport:
    """Store an imported deck whole, in the caller's transaction.

    Re-importing keeps the progress of questions whose answer is unchanged and
    resets those whose answer changed.
    """
    row = session.get(DeckRow, deck_id)
    old_keys: dict[str, str] = {}
    if row is None:
        row = DeckRow(
            id=deck_id,
            name=name,
            kind=IMPORTED,
            source=source,
            format=fmt,
            enabled=True,
            content_hash="",
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
    else:
        for qrow in session.scalars(select(QuestionRow).where(QuestionRow.deck_id == deck_id)):
            old_keys[qrow.id] = json.dumps(json.loads(qrow.payload)["key"], sort_keys=True)
        session.execute(delete(QuestionRow).where(QuestionRow.deck_id == deck_id))
        session.execute(delete(MediaRow).where(MediaRow.deck_id == deck_id))
        row.name, row.source, row.format, row.deleted_at = name, source, fmt, None
    changed = set()
    for position, q in enumerate(questions):
        payload = question_to_dict(q)
        key_json = json.dumps(payload["key"], sort_keys=True)
        if q.id in old_keys and old_keys[q.id] != key_json:
            changed.add(q.id)
        session.add(
            QuestionRow(
                id=q.id,
                deck_id=deck_id,
                position=position,
                payload=json.dumps(payload, ensure_ascii=False),
            )
        )
    for media_name, data in media.items():
        session.add(MediaRow(deck_id=deck_id, name=media_name, data=data))
    row.content_hash = ids_hash(questions)
    row.updated_at = now
    return sync_cards(session, deck_id, questions, changed_keys=changed)


def list_decks(session: Session) -> list[DeckInfo]:
    """Every deck not deleted, built-in first, with its count of live cards."""
    counts: dict[str, int] = dict(
        session.execute(
            select(CardRow.deck_id, func.count())
            .where(CardRow.retired.is_(False))
            .group_by(CardRow.deck_id)
        ).all()
    )
    rows = session.scalars(
        select(DeckRow).where(DeckRow.deleted_at.is_(None)).order_by(DeckRow.kind, DeckRow.name)
    )
    return [
        DeckInfo(r.id, r.name, r.kind, r.format, r.source, r.enabled, counts.get(r.id, 0))
        for r in rows
    ]


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
