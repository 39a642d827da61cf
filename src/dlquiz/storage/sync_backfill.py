"""The history from before sync existed, written as events at the first sync.

Migration 0008_sync noted the last review and report then; everything up to
those, and every deck, question, image, suspension, retirement, setting and
finished exam that no event speaks for yet, becomes an event of this device
here, in one transaction (a kill leaves none of them, and the next sync does
it again).  A collection that never syncs never stores them.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from dlquiz.storage import sync_content, sync_log
from dlquiz.storage.deck_writer import MARKS
from dlquiz.storage.sync_sql import (
    LOCAL_SETTINGS,
    NOW,
    deck_payload,
    exam_payload,
    report_payload,
    review_payload,
    uuid7_sql,
)

DONE = "backfilled"
_MARK = "pending:"


def _none_yet(kind: str, subject: str) -> str:
    return (
        f"NOT EXISTS (SELECT 1 FROM sync_events x WHERE x.kind = '{kind}'"
        f" AND x.subject = {subject})"
    )


def _copy(session: Session, kind: str, subject: str, at: str, payload: str, *, source: str) -> None:
    session.execute(
        text(
            "INSERT INTO sync_events (id, device_id, kind, subject, at, payload, applied)"
            f" SELECT {uuid7_sql(at)}, :device, '{kind}', {subject}, {at}, {payload}, 1 {source}"
        ),
        {"device": sync_log.device_id(session)},
    )


def events_for_reviews_without_uid(session: Session, *, upto: int | None = None) -> int:
    """Give this device's reviews that have no event yet (``uid`` null) their events.

    Those are the reviews from before sync (``upto``: the last one then), and
    history imported from another program, which is stored with the triggers
    held off (``import_history``): a trigger per review cost most of storing a
    200,000-review history.  A review undone meanwhile gets its undo event too.
    Returns how many reviews got events.
    """
    limit = "" if upto is None else f" AND id <= {int(upto)}"
    # Event ids first (marked, so the events can be made from exactly these reviews).
    session.execute(
        text(
            f"UPDATE reviews SET uid = '{_MARK}' || {uuid7_sql('reviewed_at')}"
            f" WHERE uid IS NULL{limit}"
        )
    )
    made = session.execute(
        text(
            "INSERT INTO sync_events (id, device_id, kind, subject, at, payload, applied)"
            f" SELECT substr(r.uid, {len(_MARK) + 1}), :device, 'review', c.question_id,"
            f" r.reviewed_at, {review_payload('r')}, 1 FROM reviews r JOIN cards c"
            f" ON c.id = r.card_id WHERE r.uid LIKE '{_MARK}%' ORDER BY r.reviewed_at, r.id"
        ),
        {"device": sync_log.device_id(session)},
    )
    count = int(getattr(made, "rowcount", 0) or 0)
    _copy(
        session,
        "undo",
        f"substr(r.uid, {len(_MARK) + 1})",
        "r.undone_at",
        f"json_object('review', substr(r.uid, {len(_MARK) + 1}))",
        source=f"FROM reviews r WHERE r.uid LIKE '{_MARK}%' AND r.undone_at IS NOT NULL"
        " ORDER BY r.undone_at",
    )
    session.execute(
        text(f"UPDATE reviews SET uid = substr(uid, {len(_MARK) + 1}) WHERE uid LIKE '{_MARK}%'")
    )
    return count


def backfill_if_needed(session: Session) -> bool:
    """Write the old history as events, once; True when it ran now."""
    if sync_log.get_state(session, DONE) is not None:
        return False
    reviews = sync_log.cursor(session, "backfill_reviews")
    reports = sync_log.cursor(session, "backfill_reports")
    _copy(
        session,
        "deck",
        "d.id",
        "d.updated_at",
        deck_payload("d"),
        source=f"FROM decks d WHERE d.kind = 'imported' AND {_none_yet('deck', 'd.id')}",
    )
    # Questions and pictures: every imported deck's, as a sync makes them after an import.
    session.execute(
        text(
            f"INSERT OR IGNORE INTO {MARKS} (deck_id) SELECT id FROM decks WHERE kind = 'imported'"
        )
    )
    sync_content.derive_content_events(session)
    events_for_reviews_without_uid(session, upto=reviews)
    _copy(
        session,
        "retire",
        "c.question_id",
        NOW,
        "json_object('question_id', c.question_id, 'deck_id', c.deck_id, 'retired', c.retired)",
        source=f"FROM cards c WHERE c.retired AND {_none_yet('retire', 'c.question_id')}",
    )
    _copy(
        session,
        "suspend",
        "c.question_id",
        NOW,
        "json_object('question_id', c.question_id, 'suspended', c.suspended)",
        source=f"FROM cards c WHERE c.suspended AND {_none_yet('suspend', 'c.question_id')}",
    )
    _copy(
        session,
        "report",
        "p.question_id",
        "p.reported_at",
        report_payload("p"),
        source=f"FROM reports p WHERE p.id <= {int(reports)}",
    )
    _copy(
        session,
        "setting",
        "s.key",
        NOW,
        "json_object('key', s.key, 'value', s.value)",
        source=f"FROM settings s WHERE s.key NOT IN {LOCAL_SETTINGS}"
        f" AND {_none_yet('setting', 's.key')}",
    )
    _copy(
        session,
        "exam",
        "e.id",
        "e.finished_at",
        exam_payload("e"),
        source="FROM exam_attempts e WHERE e.finished_at IS NOT NULL"
        f" AND {_none_yet('exam', 'e.id')} ORDER BY e.finished_at",
    )
    sync_log.set_state(session, DONE, "1")
    return True
