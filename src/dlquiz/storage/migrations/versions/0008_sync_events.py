"""The sync ledger: every travelling action as an immutable event (docs/sync.md).

Revision ID: 0008_sync
Revises: 0007_imp

Events are written by SQLite triggers, so each one commits in the very
transaction of its action, whichever code path (study, exam, import, browse,
settings) made the change and whatever connection it used.  Ids are UUIDv7
built in SQL from the action's own time: SQLite has no uuid7(), and a
Python function registered per connection would make every raw connection
that writes a review fail.  The history from before this revision is
written as events here too, so a first sync leaves nothing out.
"""

from __future__ import annotations

import sqlalchemy as sa
import uuid6
from alembic import op

revision = "0008_sync"
down_revision = "0007_imp"
branch_labels = None
depends_on = None

# Not written while remote events are being applied (a row that exists only
# inside the applying transaction, so other connections never see it).
_GUARD = "NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying')"
_DEVICE = "(SELECT value FROM sync_state WHERE key = 'device')"
_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"
# Settings that belong to one screen, not to the learner.
_LOCAL_SETTINGS = "('theme', 'font_size')"


def uuid7_sql(at: str) -> str:
    """A UUIDv7 (RFC 9562) whose 48-bit time is ``at``'s milliseconds since 1970."""
    ms = f"CAST(ROUND((julianday({at}) - 2440587.5) * 86400000) AS INTEGER)"
    return (
        f"lower(printf('%08x', {ms} >> 16) || '-' || printf('%04x', {ms} & 65535)"
        " || '-7' || substr(hex(randomblob(2)), 2, 3)"
        " || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2, 3)"
        " || '-' || hex(randomblob(6)))"
    )


def _event(kind: str, subject: str, at: str, payload: str) -> str:
    return (
        "INSERT INTO sync_events (id, device_id, kind, subject, at, payload, applied)"
        f" VALUES ({uuid7_sql(at)}, {_DEVICE}, '{kind}', {subject}, {at}, {payload}, 1);"
    )


def _review_payload(row: str) -> str:
    return (
        f"json_object('question_id', (SELECT question_id FROM cards WHERE id = {row}.card_id),"
        f" 'reviewed_at', {row}.reviewed_at, 'rating', {row}.rating,"
        f" 'duration_ms', {row}.duration_ms, 'answer', {row}.answer, 'verdict', {row}.verdict,"
        f" 'score', {row}.score, 'kind', {row}.kind, 'was_new', {row}.was_new)"
    )


def _report_payload(row: str) -> str:
    return (
        f"json_object('question_id', {row}.question_id, 'deck_id', {row}.deck_id,"
        f" 'reason', {row}.reason, 'note', {row}.note, 'reported_at', {row}.reported_at)"
    )


def _exam_payload(row: str) -> str:
    return (
        f"json_object('id', {row}.id, 'started_at', {row}.started_at,"
        f" 'deadline', {row}.deadline, 'finished_at', {row}.finished_at, 'state', {row}.state,"
        f" 'score', {row}.score, 'passed', {row}.passed, 'questions', {row}.questions,"
        f" 'answered', {row}.answered, 'correct', {row}.correct)"
    )


def _deck_payload(row: str) -> str:
    return (
        f"json_object('id', {row}.id, 'name', {row}.name, 'kind', {row}.kind,"
        f" 'source', {row}.source, 'format', {row}.format, 'enabled', {row}.enabled,"
        f" 'deleted', {row}.deleted_at IS NOT NULL, 'new_per_day', {row}.new_per_day,"
        f" 'new_as_choice', {row}.new_as_choice)"
    )


def _question_payload(row: str) -> str:
    return (
        f"json_object('id', {row}.id, 'deck_id', {row}.deck_id, 'position', {row}.position,"
        f" 'source', {row}.source, 'payload', {row}.payload)"
    )


def _media_payload(row: str) -> str:
    return f"json_object('deck_id', {row}.deck_id, 'name', {row}.name, 'data', hex({row}.data))"


def _question_changed(row: str) -> str:
    # A re-import deletes and re-inserts its questions: only a new content revision travels.
    return (
        "(SELECT json_extract(payload, '$.payload') FROM sync_events"
        f" WHERE kind = 'question' AND subject = {row}.id ORDER BY seq DESC LIMIT 1)"
        f" IS NOT {row}.payload"
    )


TRIGGERS = {
    "sync_review": (
        f"AFTER INSERT ON reviews WHEN {_GUARD} BEGIN "
        + _event(
            "review",
            "(SELECT question_id FROM cards WHERE id = NEW.card_id)",
            "NEW.reviewed_at",
            _review_payload("NEW"),
        )
        + " UPDATE reviews SET uid = (SELECT id FROM sync_events WHERE seq = last_insert_rowid())"
        " WHERE id = NEW.id; END"
    ),
    "sync_undo": (
        "AFTER UPDATE OF undone_at ON reviews WHEN OLD.undone_at IS NULL"
        f" AND NEW.undone_at IS NOT NULL AND NEW.uid IS NOT NULL AND {_GUARD} BEGIN "
        + _event("undo", "NEW.uid", "NEW.undone_at", "json_object('review', NEW.uid)")
        + " END"
    ),
    "sync_rating": (
        f"AFTER UPDATE OF rating ON reviews WHEN OLD.rating != NEW.rating"
        f" AND NEW.uid IS NOT NULL AND {_GUARD} BEGIN "
        + _event("rating", "NEW.uid", _NOW, "json_object('review', NEW.uid, 'rating', NEW.rating)")
        + " END"
    ),
    "sync_suspend": (
        "AFTER UPDATE OF suspended ON cards WHEN OLD.suspended != NEW.suspended"
        f" AND {_GUARD} BEGIN "
        + _event(
            "suspend",
            "NEW.question_id",
            _NOW,
            "json_object('question_id', NEW.question_id, 'suspended', NEW.suspended)",
        )
        + " END"
    ),
    "sync_retire": (
        f"AFTER UPDATE OF retired ON cards WHEN OLD.retired != NEW.retired AND {_GUARD} BEGIN "
        + _event(
            "retire",
            "NEW.question_id",
            _NOW,
            "json_object('question_id', NEW.question_id, 'deck_id', NEW.deck_id,"
            " 'retired', NEW.retired)",
        )
        + " END"
    ),
    "sync_report": (
        f"AFTER INSERT ON reports WHEN {_GUARD} BEGIN "
        + _event("report", "NEW.question_id", "NEW.reported_at", _report_payload("NEW"))
        + " END"
    ),
    "sync_setting_new": (
        f"AFTER INSERT ON settings WHEN NEW.key NOT IN {_LOCAL_SETTINGS} AND {_GUARD} BEGIN "
        + _event("setting", "NEW.key", _NOW, "json_object('key', NEW.key, 'value', NEW.value)")
        + " END"
    ),
    "sync_setting": (
        f"AFTER UPDATE ON settings WHEN NEW.key NOT IN {_LOCAL_SETTINGS}"
        f" AND OLD.value IS NOT NEW.value AND {_GUARD} BEGIN "
        + _event("setting", "NEW.key", _NOW, "json_object('key', NEW.key, 'value', NEW.value)")
        + " END"
    ),
    "sync_exam": (
        "AFTER UPDATE OF finished_at ON exam_attempts WHEN OLD.finished_at IS NULL"
        f" AND NEW.finished_at IS NOT NULL AND {_GUARD} BEGIN "
        + _event("exam", "NEW.id", "NEW.finished_at", _exam_payload("NEW"))
        + " END"
    ),
    "sync_exam_new": (
        f"AFTER INSERT ON exam_attempts WHEN NEW.finished_at IS NOT NULL AND {_GUARD} BEGIN "
        + _event("exam", "NEW.id", "NEW.finished_at", _exam_payload("NEW"))
        + " END"
    ),
    "sync_deck_new": (
        f"AFTER INSERT ON decks WHEN NEW.kind = 'imported' AND {_GUARD} BEGIN "
        + _event("deck", "NEW.id", _NOW, _deck_payload("NEW"))
        + " END"
    ),
    "sync_deck": (
        "AFTER UPDATE OF name, enabled, deleted_at, new_per_day, new_as_choice, source, format"
        " ON decks"
        " WHEN NEW.kind = 'imported' AND (OLD.name IS NOT NEW.name OR OLD.enabled IS NOT"
        " NEW.enabled OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.new_per_day IS NOT"
        " NEW.new_per_day OR OLD.new_as_choice IS NOT NEW.new_as_choice"
        " OR OLD.source IS NOT NEW.source OR OLD.format IS NOT NEW.format)"
        f" AND {_GUARD} BEGIN " + _event("deck", "NEW.id", _NOW, _deck_payload("NEW")) + " END"
    ),
    "sync_question": (
        f"AFTER INSERT ON questions WHEN {_question_changed('NEW')} AND {_GUARD} BEGIN "
        + _event("question", "NEW.id", _NOW, _question_payload("NEW"))
        + " END"
    ),
    "sync_media": (
        f"AFTER INSERT ON media WHEN {_GUARD} BEGIN "
        + _event("media", "NEW.deck_id || '/' || NEW.name", _NOW, _media_payload("NEW"))
        + " END"
    ),
}


def _backfill(device: str) -> None:
    """Write the history from before sync existed as events of this device."""
    dev = f"'{device}'"
    op.execute(f"UPDATE reviews SET uid = {uuid7_sql('reviewed_at')} WHERE uid IS NULL")

    def copy(kind: str, subject: str, at: str, payload: str, source: str) -> None:
        op.execute(
            "INSERT INTO sync_events (id, device_id, kind, subject, at, payload, applied)"
            f" SELECT {uuid7_sql(at)}, {dev}, '{kind}', {subject}, {at}, {payload}, 1 {source}"
        )

    copy(
        "deck", "d.id", "d.updated_at", _deck_payload("d"), "FROM decks d WHERE d.kind = 'imported'"
    )
    copy(
        "question",
        "q.id",
        "d.updated_at",
        _question_payload("q"),
        "FROM questions q JOIN decks d ON d.id = q.deck_id ORDER BY q.deck_id, q.position",
    )
    copy(
        "media",
        "m.deck_id || '/' || m.name",
        "d.updated_at",
        _media_payload("m"),
        "FROM media m JOIN decks d ON d.id = m.deck_id",
    )
    op.execute(
        "INSERT INTO sync_events (id, device_id, kind, subject, at, payload, applied)"
        f" SELECT r.uid, {dev}, 'review', c.question_id, r.reviewed_at, {_review_payload('r')}, 1"
        " FROM reviews r JOIN cards c ON c.id = r.card_id ORDER BY r.reviewed_at, r.id"
    )
    copy(
        "undo",
        "r.uid",
        "r.undone_at",
        "json_object('review', r.uid)",
        "FROM reviews r WHERE r.undone_at IS NOT NULL ORDER BY r.undone_at",
    )
    copy(
        "retire",
        "c.question_id",
        _NOW,
        "json_object('question_id', c.question_id, 'deck_id', c.deck_id, 'retired', c.retired)",
        "FROM cards c WHERE c.retired",
    )
    copy(
        "suspend",
        "c.question_id",
        _NOW,
        "json_object('question_id', c.question_id, 'suspended', c.suspended)",
        "FROM cards c WHERE c.suspended",
    )
    copy("report", "p.question_id", "p.reported_at", _report_payload("p"), "FROM reports p")
    copy(
        "setting",
        "s.key",
        _NOW,
        "json_object('key', s.key, 'value', s.value)",
        f"FROM settings s WHERE s.key NOT IN {_LOCAL_SETTINGS}",
    )
    copy(
        "exam",
        "e.id",
        "e.finished_at",
        _exam_payload("e"),
        "FROM exam_attempts e WHERE e.finished_at IS NOT NULL ORDER BY e.finished_at",
    )


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "sync_events",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(600), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_sync_events_subject", "sync_events", ["kind", "subject"])
    op.create_index("ix_sync_events_applied", "sync_events", ["applied"])
    # A plain ADD COLUMN (no table copy); the unique index makes a pulled review idempotent.
    op.add_column("reviews", sa.Column("uid", sa.String(36), nullable=True))
    op.create_index("ix_reviews_uid", "reviews", ["uid"], unique=True)
    device = str(uuid6.uuid7())
    op.execute(f"INSERT INTO sync_state (key, value) VALUES ('device', '{device}')")
    _backfill(device)
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_reviews_uid", "reviews")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("uid")
    op.drop_table("sync_events")
    op.drop_table("sync_state")
