"""The SQL of the sync ledger: UUIDv7 ids, event payloads and the triggers (docs/sync.md).

Migration 0008_sync creates the triggers from here, and ``storage.sync_backfill``
writes the history from before sync existed with the same payloads, so an
event means the same whichever of them wrote it.  A change to a trigger needs
a new migration that drops and recreates it.  Deck content (questions and
pictures) has no trigger since 0009_imp: ``storage.sync_content`` makes its
events when a sync starts, from the rows an import changed.
"""

from __future__ import annotations

# Not written while remote events are being applied (a row that exists only
# inside the applying transaction, so other connections never see it).
GUARD = "NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying')"
# The guard row itself: set with ``{"why": ...}`` (named for whoever holds the triggers off).
GUARD_ON = "INSERT INTO sync_state (key, value) VALUES ('applying', :why)"
GUARD_OFF = "DELETE FROM sync_state WHERE key = 'applying'"
DEVICE = "(SELECT value FROM sync_state WHERE key = 'device')"
NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"
# Settings that belong to one screen, not to the learner.
LOCAL_SETTINGS = "('theme', 'font_size')"


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
        f" VALUES ({uuid7_sql(at)}, {DEVICE}, '{kind}', {subject}, {at}, {payload}, 1);"
    )


def review_payload(row: str) -> str:
    return (
        f"json_object('question_id', (SELECT question_id FROM cards WHERE id = {row}.card_id),"
        f" 'reviewed_at', {row}.reviewed_at, 'rating', {row}.rating,"
        f" 'duration_ms', {row}.duration_ms, 'answer', {row}.answer, 'verdict', {row}.verdict,"
        f" 'score', {row}.score, 'kind', {row}.kind, 'was_new', {row}.was_new)"
    )


def report_payload(row: str) -> str:
    return (
        f"json_object('question_id', {row}.question_id, 'deck_id', {row}.deck_id,"
        f" 'reason', {row}.reason, 'note', {row}.note, 'reported_at', {row}.reported_at)"
    )


def exam_payload(row: str) -> str:
    return (
        f"json_object('id', {row}.id, 'started_at', {row}.started_at,"
        f" 'deadline', {row}.deadline, 'finished_at', {row}.finished_at, 'state', {row}.state,"
        f" 'score', {row}.score, 'passed', {row}.passed, 'questions', {row}.questions,"
        f" 'answered', {row}.answered, 'correct', {row}.correct)"
    )


def deck_payload(row: str) -> str:
    return (
        f"json_object('id', {row}.id, 'name', {row}.name, 'kind', {row}.kind,"
        f" 'source', {row}.source, 'format', {row}.format, 'enabled', {row}.enabled,"
        f" 'deleted', {row}.deleted_at IS NOT NULL, 'new_per_day', {row}.new_per_day,"
        f" 'new_as_choice', {row}.new_as_choice)"
    )


def question_payload(row: str) -> str:
    return (
        f"json_object('id', {row}.id, 'deck_id', {row}.deck_id, 'position', {row}.position,"
        f" 'source', {row}.source, 'payload', {row}.payload)"
    )


def _media_payload_0008(row: str) -> str:
    # The picture itself, as hex, in the event: what 0008's trigger wrote.
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
        f"AFTER INSERT ON reviews WHEN {GUARD} BEGIN "
        + _event(
            "review",
            "(SELECT question_id FROM cards WHERE id = NEW.card_id)",
            "NEW.reviewed_at",
            review_payload("NEW"),
        )
        + " UPDATE reviews SET uid = (SELECT id FROM sync_events WHERE seq = last_insert_rowid())"
        " WHERE id = NEW.id; END"
    ),
    "sync_undo": (
        "AFTER UPDATE OF undone_at ON reviews WHEN OLD.undone_at IS NULL"
        f" AND NEW.undone_at IS NOT NULL AND NEW.uid IS NOT NULL AND {GUARD} BEGIN "
        + _event("undo", "NEW.uid", "NEW.undone_at", "json_object('review', NEW.uid)")
        + " END"
    ),
    "sync_rating": (
        f"AFTER UPDATE OF rating ON reviews WHEN OLD.rating != NEW.rating"
        f" AND NEW.uid IS NOT NULL AND {GUARD} BEGIN "
        + _event("rating", "NEW.uid", NOW, "json_object('review', NEW.uid, 'rating', NEW.rating)")
        + " END"
    ),
    "sync_suspend": (
        "AFTER UPDATE OF suspended ON cards WHEN OLD.suspended != NEW.suspended"
        f" AND {GUARD} BEGIN "
        + _event(
            "suspend",
            "NEW.question_id",
            NOW,
            "json_object('question_id', NEW.question_id, 'suspended', NEW.suspended)",
        )
        + " END"
    ),
    "sync_retire": (
        f"AFTER UPDATE OF retired ON cards WHEN OLD.retired != NEW.retired AND {GUARD} BEGIN "
        + _event(
            "retire",
            "NEW.question_id",
            NOW,
            "json_object('question_id', NEW.question_id, 'deck_id', NEW.deck_id,"
            " 'retired', NEW.retired)",
        )
        + " END"
    ),
    "sync_report": (
        f"AFTER INSERT ON reports WHEN {GUARD} BEGIN "
        + _event("report", "NEW.question_id", "NEW.reported_at", report_payload("NEW"))
        + " END"
    ),
    "sync_setting_new": (
        f"AFTER INSERT ON settings WHEN NEW.key NOT IN {LOCAL_SETTINGS} AND {GUARD} BEGIN "
        + _event("setting", "NEW.key", NOW, "json_object('key', NEW.key, 'value', NEW.value)")
        + " END"
    ),
    "sync_setting": (
        f"AFTER UPDATE ON settings WHEN NEW.key NOT IN {LOCAL_SETTINGS}"
        f" AND OLD.value IS NOT NEW.value AND {GUARD} BEGIN "
        + _event("setting", "NEW.key", NOW, "json_object('key', NEW.key, 'value', NEW.value)")
        + " END"
    ),
    "sync_exam": (
        "AFTER UPDATE OF finished_at ON exam_attempts WHEN OLD.finished_at IS NULL"
        f" AND NEW.finished_at IS NOT NULL AND {GUARD} BEGIN "
        + _event("exam", "NEW.id", "NEW.finished_at", exam_payload("NEW"))
        + " END"
    ),
    "sync_exam_new": (
        f"AFTER INSERT ON exam_attempts WHEN NEW.finished_at IS NOT NULL AND {GUARD} BEGIN "
        + _event("exam", "NEW.id", "NEW.finished_at", exam_payload("NEW"))
        + " END"
    ),
    "sync_deck_new": (
        f"AFTER INSERT ON decks WHEN NEW.kind = 'imported' AND {GUARD} BEGIN "
        + _event("deck", "NEW.id", NOW, deck_payload("NEW"))
        + " END"
    ),
    "sync_deck": (
        "AFTER UPDATE OF name, enabled, deleted_at, new_per_day, new_as_choice, source, format"
        " ON decks"
        " WHEN NEW.kind = 'imported' AND (OLD.name IS NOT NEW.name OR OLD.enabled IS NOT"
        " NEW.enabled OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.new_per_day IS NOT"
        " NEW.new_per_day OR OLD.new_as_choice IS NOT NEW.new_as_choice"
        " OR OLD.source IS NOT NEW.source OR OLD.format IS NOT NEW.format)"
        f" AND {GUARD} BEGIN " + _event("deck", "NEW.id", NOW, deck_payload("NEW")) + " END"
    ),
}

# Migration 0008_sync made these per-row triggers; 0009_imp drops them, because an
# import then paid for one event per stored row (3.5 s of a 100,000-row CSV's import,
# and each picture three times over).  Deck content now becomes events when a sync
# starts (``storage.sync_content``).  Kept here, unchanged, so 0008 still builds what it built.
DROPPED_IN_0009 = {
    "sync_question": (
        f"AFTER INSERT ON questions WHEN {_question_changed('NEW')} AND {GUARD} BEGIN "
        + _event("question", "NEW.id", NOW, question_payload("NEW"))
        + " END"
    ),
    "sync_media": (
        f"AFTER INSERT ON media WHEN {GUARD} BEGIN "
        + _event("media", "NEW.deck_id || '/' || NEW.name", NOW, _media_payload_0008("NEW"))
        + " END"
    ),
}

# Migration 0010_sync adds ``cards.reset_at`` and these triggers.  A card the learner
# made new again ("Reset to new" in Browse) is an event, so the reset travels and
# no device's replay brings the forgotten progress back; ``counts`` says whether
# the review and lapse counters start again too (else they go on counting the
# whole log, storage.sync_states).
ADDED_IN_0010 = {
    "sync_reset": (
        "AFTER UPDATE OF reset_at ON cards WHEN NEW.reset_at IS NOT NULL"
        f" AND OLD.reset_at IS NOT NEW.reset_at AND {GUARD} BEGIN "
        + _event(
            "reset",
            "NEW.question_id",
            "NEW.reset_at",
            "json_object('question_id', NEW.question_id, 'counts',"
            " NEW.reps = 0 AND NEW.lapses = 0)",
        )
        + " END"
    ),
    # A deck deleted with its history ("purge") leaves no row for sync_deck to see:
    # the other devices still learn that it is gone (their own history stays).
    "sync_deck_purge": (
        f"BEFORE DELETE ON decks WHEN OLD.kind = 'imported' AND {GUARD} BEGIN "
        + _event("deck", "OLD.id", NOW, f"json_set({deck_payload('OLD')}, '$.deleted', 1)")
        + " END"
    ),
}
