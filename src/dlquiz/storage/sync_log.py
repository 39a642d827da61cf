"""The collection's side of sync: its event ledger and bookkeeping (docs/sync.md).

Local events are written by the triggers of migration 0008_sync, in the
action's own transaction; this module reads what is waiting to be pushed,
stores what was pulled, and keeps the device id, the remembered hub (never
its password) and both cursors in ``sync_state``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from dlquiz.core.ids import CardId
from dlquiz.storage.schema import SyncEventRow, SyncStateRow
from dlquiz.storage.types import to_stored

DEVICE = "device"
HUB = "hub"  # the hub's URL without its password
HUB_ID = "hub_id"  # which hub the cursors below belong to
PUSHED = "pushed_seq"  # the last local ``seq`` the hub has
PULLED = "pulled_seq"  # the last hub ``seq`` stored here
LAST_SYNC = "last_sync"  # ISO time of the last finished sync
LAST_ERROR = "last_error"  # why the last attempt failed ("" after a success)
SUBSCRIBED = "subscribed"  # JSON list of class decks this learner follows
REPLAYED = "replayed_seq"  # the last local ``seq`` whose cards a sync has replayed
HUB_ROLE = "hub_role"  # teacher | learner | personal: what the hub said at the last sync


@dataclass(frozen=True, slots=True)
class Event:
    """One immutable event as it travels: ids are UUIDv7 strings, ``payload`` JSON text."""

    id: str
    device_id: str
    kind: str
    subject: str
    at: datetime
    payload: str


def get_state(session: Session, key: str) -> str | None:
    row = session.get(SyncStateRow, key)
    return None if row is None else row.value


def set_state(session: Session, key: str, value: str) -> None:
    session.merge(SyncStateRow(key=key, value=value))


def device_id(session: Session) -> str:
    """This collection's device id, made once by migration 0008_sync."""
    found = get_state(session, DEVICE)
    if found is None:
        raise RuntimeError("the collection has no device id: migration 0008_sync did not run")
    return found


def cursor(session: Session, key: str) -> int:
    found = get_state(session, key)
    return 0 if found is None else int(found)


def pending(session: Session, *, limit: int) -> list[tuple[int, Event]]:
    """This device's events the hub does not have yet, oldest first, with their local seq."""
    rows = session.execute(
        select(SyncEventRow)
        .where(SyncEventRow.seq > cursor(session, PUSHED))
        .where(SyncEventRow.device_id == device_id(session))
        .order_by(SyncEventRow.seq)
        .limit(limit)
    ).scalars()
    return [(row.seq, _event(row)) for row in rows]


def count_pending(session: Session) -> int:
    """How many of this device's events wait to be pushed."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(SyncEventRow)
            .where(SyncEventRow.seq > cursor(session, PUSHED))
            .where(SyncEventRow.device_id == device_id(session))
        )
        or 0
    )


def count_unapplied(session: Session) -> int:
    """Pulled events that wait for their card or review to exist here."""
    return int(
        session.scalar(
            select(func.count()).select_from(SyncEventRow).where(SyncEventRow.applied.is_(False))
        )
        or 0
    )


_STORE = text(
    "INSERT OR IGNORE INTO sync_events (id, device_id, kind, subject, at, payload, applied)"
    " VALUES (:id, :device_id, :kind, :subject, :at, :payload, 0)"
)


def store_pulled(session: Session, events: Sequence[Event]) -> int:
    """Keep pulled events, unapplied; an event already here is left alone.  Returns how many."""
    if not events:
        return 0
    result = session.execute(
        _STORE,
        [
            {
                "id": e.id,
                "device_id": e.device_id,
                "kind": e.kind,
                "subject": e.subject,
                "at": to_stored(e.at),
                "payload": e.payload,
            }
            for e in events
        ],
    )
    # sqlite3 sums an executemany's row counts: the ones ignored as known count nothing.
    return int(getattr(result, "rowcount", 0) or 0)


def _event(row: SyncEventRow) -> Event:
    return Event(row.id, row.device_id, row.kind, row.subject, row.at, row.payload)


def events_of(session: Session, *, kinds: Sequence[str] | None = None) -> list[Event]:
    """Every event in the ledger (for tests and reports), in local order."""
    query = select(SyncEventRow).order_by(SyncEventRow.seq)
    if kinds is not None:
        query = query.where(SyncEventRow.kind.in_(list(kinds)))
    return [_event(row) for row in session.execute(query).scalars()]


def last_seq(session: Session) -> int:
    return int(session.scalar(select(func.max(SyncEventRow.seq))) or 0)


_TOUCHED = text(
    "SELECT c.id FROM sync_events e JOIN cards c ON c.question_id = e.subject"
    " WHERE e.seq > :after AND e.kind IN ('review', 'reset')"
    " UNION SELECT r.card_id FROM sync_events e JOIN reviews r ON r.uid = e.subject"
    " WHERE e.seq > :after AND e.kind IN ('undo', 'rating')"
)


def cards_touched_since(session: Session, after: int) -> set[CardId]:
    """Cards whose reviews changed, or that were reset, in events after local ``seq`` ``after``."""
    return {CardId(int(i)) for i in session.execute(_TOUCHED, {"after": after}).scalars()}
