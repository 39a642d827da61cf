"""Deck content as sync events: made when a sync starts, from the decks an import changed.

Migration 0008_sync wrote a ``question`` event per stored question and a
``media`` event per picture from triggers, inside the import's transaction:
a 100,000-row import spent a third of its time on them, and each picture was
stored three times (its row, and twice its size as hex in the event).  Since
0009_imp an import only marks its deck (``deck_writer.mark_deck_changed``, one row,
in the import's own transaction, so a kill loses neither).  Before a sync
pushes, and before it applies what it pulled, :func:`derive_content_events`
writes an event for every question and picture of the marked decks whose
content no event of the ledger says yet, then clears the marks, in one
transaction.  The events mean what the triggers' events meant: keyed by note
identity (the question id) and by ``deck/name``, the newest revision wins.

Their time is the import's (the deck's ``updated_at``), or just after the
subject's last event when that is later, so a revision never loses to the one
it replaced, whatever the clocks say.  A ``media`` event names its row and the
SHA-256 of its bytes; the bytes travel only when it is pushed
(:func:`with_media_bytes`) and are not kept in the ledger once the picture is
stored (``storage.sync_apply``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from dlquiz.storage.deck_writer import MARKS
from dlquiz.storage.stored_time import from_stored, to_stored
from dlquiz.storage.sync_log import Event
from dlquiz.storage.sync_sql import (
    DEVICE,
    GUARD_OFF,
    GUARD_ON,
    question_payload,
    uuid7_sql,
)

_STEP = timedelta(milliseconds=1)  # the ids' resolution: a later revision gets a later id

# The marked deck's questions whose stored text differs from their newest event's.
_CHANGED_QUESTIONS = (
    "WITH newest AS (SELECT q.id, q.deck_id, q.position, q.source, q.payload,"
    " d.updated_at AS stamp, (SELECT max(e.seq) FROM sync_events e"
    " WHERE e.kind = 'question' AND e.subject = q.id) AS last_seq"
    " FROM questions q JOIN decks d ON d.id = q.deck_id WHERE q.deck_id = :deck),"
    " changed AS (SELECT n.*, e.at AS last_at FROM newest n"
    " LEFT JOIN sync_events e ON e.seq = n.last_seq"
    " WHERE e.seq IS NULL OR json_extract(e.payload, '$.payload') IS NOT n.payload)"
)
_AT = (
    "CASE WHEN c.last_at >= c.stamp"
    " THEN strftime('%Y-%m-%d %H:%M:%f', c.last_at, '+0.001 seconds') || '000'"
    " ELSE c.stamp END"
)
_INSERT_QUESTIONS = text(
    f"{_CHANGED_QUESTIONS}, timed AS (SELECT c.*, {_AT} AS at FROM changed c)"
    " INSERT INTO sync_events (id, device_id, kind, subject, at, payload, applied)"
    f" SELECT {uuid7_sql('t.at')}, {DEVICE}, 'question', t.id, t.at, {question_payload('t')}, 1"
    " FROM timed t ORDER BY t.position"
)
_COUNT_QUESTIONS = text(f"{_CHANGED_QUESTIONS} SELECT count(*) FROM changed")
_NEWEST_MEDIA = text(
    "SELECT at, payload FROM sync_events WHERE seq = (SELECT max(seq) FROM sync_events"
    " WHERE kind = 'media' AND subject = :subject)"
)
_INSERT_MEDIA = text(
    "INSERT INTO sync_events (id, device_id, kind, subject, at, payload, applied)"
    f" VALUES ({uuid7_sql(':at')}, {DEVICE}, 'media', :subject, :at, :payload, 1)"
)


def media_digest(data: bytes) -> str:
    """The SHA-256 of a picture's bytes, as the events name it."""
    return hashlib.sha256(data).hexdigest()


def digest_of(payload: dict[str, Any]) -> str | None:
    """The digest a ``media`` event names; an event of 0008 carries the bytes as hex instead."""
    if "sha256" in payload:
        return str(payload["sha256"])
    data = payload.get("data")
    return None if data is None else media_digest(bytes.fromhex(str(data)))


def media_reference(deck_id: str, name: str, digest: str) -> str:
    """A ``media`` event's payload as the ledger keeps it: the row and its digest, no bytes."""
    return json.dumps({"deck_id": deck_id, "name": name, "sha256": digest})


@contextmanager
def events_made_at_sync(session: Session) -> Iterator[None]:
    """Hold the ledger's triggers off for rows whose events the next sync makes.

    Only for writes that :func:`derive_pending_events` finds again: reviews
    stored without a ``uid`` (an imported history).  The guard row is the one
    ``storage.sync_apply`` uses; it exists only inside the caller's transaction.
    """
    session.execute(text(GUARD_ON), {"why": "import"})
    try:
        yield
    finally:
        session.execute(text(GUARD_OFF))


def _marked(session: Session) -> list[str]:
    return [
        str(d)
        for d in session.execute(text(f"SELECT deck_id FROM {MARKS} ORDER BY deck_id")).scalars()
    ]


def _changed_media(session: Session, deck_id: str) -> list[tuple[str, str, str, str]]:
    """(subject, time, payload, name) of the deck's pictures whose bytes no event names yet."""
    found = []
    names = session.execute(
        text(
            "SELECT m.name, d.updated_at FROM media m JOIN decks d ON d.id = m.deck_id"
            " WHERE m.deck_id = :deck ORDER BY m.name"
        ),
        {"deck": deck_id},
    ).all()
    for name, stamp in names:
        data = session.execute(
            text("SELECT data FROM media WHERE deck_id = :d AND name = :n"),
            {"d": deck_id, "n": name},
        ).scalar_one()
        digest = media_digest(bytes(data))
        subject = f"{deck_id}/{name}"
        last = session.execute(_NEWEST_MEDIA, {"subject": subject}).first()
        at = from_stored(str(stamp))
        if last is not None:
            if digest_of(json.loads(last.payload)) == digest:
                continue
            at = max(at, from_stored(str(last.at)) + _STEP)
        found.append((subject, to_stored(at), media_reference(deck_id, name, digest), name))
    return found


def derive_content_events(session: Session) -> int:
    """Write the events of the marked decks' new content and clear the marks; returns how many.

    Runs in the caller's transaction; with nothing marked it costs one query.
    """
    decks = _marked(session)
    made = 0
    for deck_id in decks:
        session.execute(_INSERT_QUESTIONS, {"deck": deck_id})
        # sqlite3 gives no row count for a statement that starts with WITH
        made += int(session.execute(text("SELECT changes()")).scalar_one())
        for subject, at, payload, _name in _changed_media(session, deck_id):
            session.execute(_INSERT_MEDIA, {"subject": subject, "at": at, "payload": payload})
            made += 1
    if decks:
        session.execute(
            text(f"DELETE FROM {MARKS} WHERE deck_id IN (SELECT value FROM json_each(:decks))"),
            {"decks": json.dumps(decks)},
        )
    return made


def derive_pending_events(session: Session) -> int:
    """Every event the next push needs that no trigger wrote: deck content, imported reviews.

    Runs in the caller's transaction; returns how many events it wrote.
    """
    from dlquiz.storage.sync_backfill import events_for_reviews_without_uid

    return derive_content_events(session) + events_for_reviews_without_uid(session)


def count_waiting(session: Session) -> int:
    """How many events :func:`derive_pending_events` will write (counted, not written)."""
    total = int(
        session.execute(text("SELECT count(*) FROM reviews WHERE uid IS NULL")).scalar_one()
    )
    for deck_id in _marked(session):
        total += int(session.execute(_COUNT_QUESTIONS, {"deck": deck_id}).scalar_one())
        total += len(_changed_media(session, deck_id))
    return total


def with_media_bytes(session: Session, event: Event) -> Event:
    """A ``media`` event as it is pushed: with its picture's bytes (hex, as 0008 sent them).

    When the row holds other bytes by now (a later import replaced the picture),
    the event goes without them (``data`` null): the later revision's own event
    brings the new bytes, and the old ones are no longer here to send.
    """
    data = json.loads(event.payload)
    if event.kind != "media" or "data" in data:
        return event
    blob = session.execute(
        text("SELECT data FROM media WHERE deck_id = :d AND name = :n"),
        {"d": data["deck_id"], "n": data["name"]},
    ).scalar()
    same = blob is not None and media_digest(bytes(blob)) == data["sha256"]
    data["data"] = bytes(blob).hex() if same and blob is not None else None
    return replace(event, payload=json.dumps(data))
