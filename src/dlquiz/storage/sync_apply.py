"""Apply pulled events to the collection, then replay the cards they touch.

Merging is a union: a review, an undo, a report or an exam attempt is added
if it is not here yet, so applying twice changes nothing.  What can change
back and forth (a suspension, a retirement, a setting, a deck's content)
takes the value of its newest event, by the action's time and then by id,
so every device settles on the same one whatever order events arrive in.
Card state is never taken from another device: the cards that got reviews,
undos or rating changes are replayed from the merged review log
(``storage.rebuild``).  The triggers of migration 0008_sync are held off
while this runs, so applied events are not echoed as new local ones.

An event whose card or review is not here yet (a deck still to come) stays
unapplied and is tried again on every sync.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from dlquiz.core.ids import CardId
from dlquiz.core.serialize import question_from_row, stored_key
from dlquiz.core.settings import Settings
from dlquiz.storage.deck_writer import sync_cards
from dlquiz.storage.readers import raw_connection
from dlquiz.storage.rebuild import after_reset, rebuild_in_session
from dlquiz.storage.sync_content import digest_of, media_digest, media_reference
from dlquiz.storage.sync_sql import GUARD_OFF, GUARD_ON
from dlquiz.storage.sync_states import count_whole_lives, fill_states_before

# Deck content first, so that reviews of a new deck's cards find them.
_ORDER = (
    "deck",
    "question",
    "media",
    "retire",
    "review",
    "rating",
    "undo",
    "reset",
    "suspend",
    "report",
)
_ORDER_SQL = " ".join(f"WHEN '{kind}' THEN {i}" for i, kind in enumerate(_ORDER))
_UNAPPLIED = text(
    "SELECT seq, id, kind, subject, at, payload FROM sync_events WHERE applied = 0"
    f" ORDER BY CASE kind {_ORDER_SQL} ELSE 99 END, at, id"
)
_NEWEST = text(
    "SELECT id FROM sync_events WHERE kind = :kind AND subject = :subject"
    " ORDER BY at DESC, id DESC LIMIT 1"
)


@dataclass(slots=True)
class Applied:
    """What applying did: events applied, left waiting, and the cards to replay."""

    applied: int = 0
    waiting: int = 0
    cards: set[CardId] = field(default_factory=set)
    settings_changed: bool = False
    decks: set[str] = field(default_factory=set)


def _card(session: Session, question_id: str) -> CardId | None:
    found = session.execute(
        text("SELECT id FROM cards WHERE question_id = :q"), {"q": question_id}
    ).scalar()
    return None if found is None else CardId(int(found))


def _review_card(session: Session, uid: str) -> CardId | None:
    found = session.execute(text("SELECT card_id FROM reviews WHERE uid = :u"), {"u": uid}).scalar()
    return None if found is None else CardId(int(found))


def _is_newest(session: Session, event_id: str, kind: str, subject: str) -> bool:
    return session.execute(_NEWEST, {"kind": kind, "subject": subject}).scalar() == event_id


def _apply_reset(session: Session, ev: _Waiting) -> tuple[bool, CardId | None]:
    """The card starts a new life at the reset's time; replay then counts only later reviews.

    The newest reset wins (an older one arriving late changes nothing).
    """
    card = _card(session, ev.subject)
    if card is None:
        return False, None
    if not _is_newest(session, ev.id, ev.kind, ev.subject):
        return True, card
    counts = bool(ev.data.get("counts"))
    session.execute(
        text(
            "UPDATE cards SET reset_at = :at,"
            " reps = CASE WHEN :counts THEN 0 ELSE reps END,"
            " lapses = CASE WHEN :counts THEN 0 ELSE lapses END"
            " WHERE id = :id AND (reset_at IS NULL OR reset_at < :at)"
        ),
        {"at": ev.at, "counts": counts, "id": card},
    )
    return True, card


def _review(session: Session, event_id: str, data: dict[str, Any]) -> CardId | None:
    card = _card(session, str(data["question_id"]))
    if card is None:
        return None
    session.execute(
        text(
            "INSERT OR IGNORE INTO reviews (card_id, reviewed_at, rating, duration_ms, answer,"
            " verdict, score, kind, was_new, state_before, undone_at, uid) VALUES (:card,"
            " :reviewed_at, :rating, :duration_ms, :answer, :verdict, :score, :kind, :was_new,"
            " '{}', NULL, :uid)"
        ),
        {**{k: data[k] for k in _REVIEW_FIELDS}, "card": card, "uid": event_id},
    )
    return card


_REVIEW_FIELDS = (
    "reviewed_at",
    "rating",
    "duration_ms",
    "answer",
    "verdict",
    "score",
    "kind",
    "was_new",
)


@dataclass(frozen=True, slots=True)
class _Waiting:
    """An unapplied event as stored: ``at`` in the stored text form, ``data`` its payload."""

    id: str
    kind: str
    subject: str
    at: str
    data: dict[str, Any]


def _apply_one(session: Session, ev: _Waiting) -> tuple[bool, CardId | None]:
    """Apply one event; (applied?, the card to replay if any)."""
    event_id, kind, subject, at, data = ev.id, ev.kind, ev.subject, ev.at, ev.data
    if kind == "review":
        card = _review(session, event_id, data)
        return card is not None, card
    if kind in ("undo", "rating"):
        card = _review_card(session, subject)
        if card is None:
            return False, None
        if kind == "undo":
            session.execute(
                text("UPDATE reviews SET undone_at = :at WHERE uid = :u AND undone_at IS NULL"),
                {"at": at, "u": subject},
            )
        else:
            session.execute(
                text("UPDATE reviews SET rating = :r WHERE uid = :u"),
                {"r": int(data["rating"]), "u": subject},
            )
        return True, card
    if kind == "reset":
        return _apply_reset(session, ev)
    if kind in ("suspend", "retire"):
        if _card(session, subject) is None:
            return False, None
        if _is_newest(session, event_id, kind, subject):
            column = "suspended" if kind == "suspend" else "retired"
            session.execute(
                text(f"UPDATE cards SET {column} = :v WHERE question_id = :q"),
                {"v": bool(data[column]), "q": subject},
            )
        return True, None
    if kind == "report":
        session.execute(
            text(
                "INSERT INTO reports (question_id, deck_id, reason, note, reported_at)"
                " VALUES (:question_id, :deck_id, :reason, :note, :reported_at)"
            ),
            {k: data[k] for k in ("question_id", "deck_id", "reason", "note", "reported_at")},
        )
        return True, None
    if kind == "exam":
        session.execute(
            text(
                "INSERT OR IGNORE INTO exam_attempts (id, started_at, deadline, finished_at,"
                " state, score, passed, questions, answered, correct) VALUES (:id, :started_at,"
                " :deadline, :finished_at, :state, :score, :passed, :questions, :answered,"
                " :correct)"
            ),
            data,
        )
        return True, None
    return _apply_content(session, ev), None


def _apply_content(session: Session, ev: _Waiting) -> bool:
    """Settings and deck content: the newest event of each subject wins."""
    event_id, kind, subject, at, data = ev.id, ev.kind, ev.subject, ev.at, ev.data
    if kind == "media":
        return _apply_media(session, ev)
    if not _is_newest(session, event_id, kind, subject):
        return True
    if kind == "setting":
        session.execute(
            text("INSERT OR REPLACE INTO settings (key, value) VALUES (:k, :v)"),
            {"k": data["key"], "v": data["value"]},
        )
    elif kind == "deck":
        session.execute(
            text(
                "INSERT INTO decks (id, name, kind, source, format, enabled, content_hash,"
                " created_at, updated_at, deleted_at, new_per_day, new_as_choice)"
                " VALUES (:id, :name, 'imported', :source, :format, :enabled, '', :at, :at,"
                " CASE WHEN :deleted THEN :at END, :new_per_day, :new_as_choice)"
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                " source = excluded.source, format = excluded.format, enabled = excluded.enabled,"
                " updated_at = excluded.updated_at, deleted_at = excluded.deleted_at,"
                " new_per_day = excluded.new_per_day, new_as_choice = excluded.new_as_choice"
            ),
            {**data, "at": at},
        )
    elif kind == "question":
        if (
            session.execute(
                text("SELECT 1 FROM decks WHERE id = :d"), {"d": data["deck_id"]}
            ).first()
            is None
        ):
            return False
        session.execute(
            text(
                "INSERT OR REPLACE INTO questions (id, deck_id, position, payload, source)"
                " VALUES (:id, :deck_id, :position, :payload, :source)"
            ),
            data,
        )
    return True


def _apply_media(session: Session, ev: _Waiting) -> bool:
    """Store a pulled picture when its event is the newest, then drop the bytes from the event.

    The bytes travel in the pushed event (``sync_content.with_media_bytes``);
    here they live in the media row, and the ledger keeps only what the
    event names (the row and its SHA-256), as this device's own events do.
    An event pushed without its bytes (its picture was replaced before the
    push) writes nothing: the later revision brings them.
    """
    data = ev.data
    digest = digest_of(data)
    blob = None if data.get("data") is None else bytes.fromhex(str(data["data"]))
    newest = _is_newest(session, ev.id, ev.kind, ev.subject)
    deck = session.execute(text("SELECT 1 FROM decks WHERE id = :d"), {"d": data["deck_id"]})
    if newest and deck.first() is None:
        return False  # its deck has not arrived: wait, bytes and all
    if newest and blob is not None and media_digest(blob) == digest:
        session.execute(
            text("INSERT OR REPLACE INTO media (deck_id, name, data) VALUES (:d, :n, :b)"),
            {"d": data["deck_id"], "n": data["name"], "b": blob},
        )
    if digest is not None:
        session.execute(
            text("UPDATE sync_events SET payload = :p WHERE id = :id"),
            {"p": media_reference(str(data["deck_id"]), str(data["name"]), digest), "id": ev.id},
        )
    return True


def _refresh_decks(session: Session, deck_ids: Iterable[str], changed: set[str]) -> None:
    """Give new questions their cards, and reset those whose answer changed (as an import does)."""
    for deck_id in sorted(deck_ids):
        rows = session.execute(
            text("SELECT id, deck_id, payload FROM questions WHERE deck_id = :d ORDER BY position"),
            {"d": deck_id},
        ).all()
        questions = [question_from_row(*row) for row in rows]
        # Retiring travels as its own events; nothing is retired here.
        sync_cards(
            raw_connection(session),
            deck_id,
            questions,
            changed_keys=changed,
            retire=lambda _q: False,
        )


_CONTENT = frozenset({"deck", "question", "media"})


def apply_pending(session: Session) -> Applied:
    """Apply every unapplied event, in the caller's transaction, and replay touched cards."""
    done = Applied()
    session.execute(text(GUARD_ON), {"why": "1"})
    try:
        rows = [
            (seq, _Waiting(event_id, kind, subject, at, json.loads(payload)))
            for seq, event_id, kind, subject, at, payload in session.execute(_UNAPPLIED)
        ]
        finished: list[dict[str, int]] = []
        # Deck content first, then the cards it needs, then what happens to those cards.
        changed_keys = _apply_all(
            session, [r for r in rows if r[1].kind in _CONTENT], done, finished
        )
        if done.decks:
            _refresh_decks(session, done.decks, changed_keys)
        _apply_reviews(session, [r for r in rows if r[1].kind == "review"], done, finished)
        rest = [r for r in rows if r[1].kind not in _CONTENT and r[1].kind != "review"]
        _apply_all(session, rest, done, finished)
        if finished:
            session.execute(text("UPDATE sync_events SET applied = 1 WHERE seq = :seq"), finished)
    finally:
        session.execute(text(GUARD_OFF))
    return done


_INSERT_REVIEW = (
    "INSERT OR IGNORE INTO reviews (card_id, reviewed_at, rating, duration_ms, answer,"
    " verdict, score, kind, was_new, state_before, undone_at, uid)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', NULL, ?)"
)


def _apply_reviews(
    session: Session,
    rows: list[tuple[int, _Waiting]],
    done: Applied,
    finished: list[dict[str, int]],
) -> None:
    """Reviews in bulk: a first sync brings a whole history (one lookup, one executemany)."""
    if not rows:
        return
    wanted = sorted({str(ev.data["question_id"]) for _seq, ev in rows})
    cards = {
        str(q): CardId(int(i))
        for q, i in session.execute(
            text(
                "SELECT question_id, id FROM cards"
                " WHERE question_id IN (SELECT value FROM json_each(:q))"
            ),
            {"q": json.dumps(wanted)},
        )
    }
    values = []
    for seq, ev in rows:
        card = cards.get(str(ev.data["question_id"]))
        if card is None:
            done.waiting += 1
            continue
        data = ev.data
        values.append((card, *(data[k] for k in _REVIEW_FIELDS), ev.id))
        finished.append({"seq": seq})
        done.applied += 1
        done.cards.add(card)
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(_INSERT_REVIEW, values)
    finally:
        cursor.close()


def _apply_all(
    session: Session,
    rows: list[tuple[int, _Waiting]],
    done: Applied,
    finished: list[dict[str, int]],
) -> set[str]:
    """Apply ``rows`` in order; returns the questions whose answer key changed."""
    changed_keys: set[str] = set()
    for seq, ev in rows:
        if ev.kind == "question":
            old = session.execute(
                text("SELECT payload FROM questions WHERE id = :q"), {"q": ev.subject}
            ).scalar()
            # Compared as keys, not texts: a compact payload and a full one can hold the same key.
            if old is not None and stored_key(old) != stored_key(str(ev.data["payload"])):
                changed_keys.add(ev.subject)
        ok, card = _apply_one(session, ev)
        if not ok:
            done.waiting += 1
            continue
        finished.append({"seq": seq})
        done.applied += 1
        if card is not None:
            done.cards.add(card)
        if ev.kind == "setting":
            done.settings_changed = True
        if ev.kind == "question":
            done.decks.add(str(ev.data["deck_id"]))
    return changed_keys


def replay(session: Session, card_ids: set[CardId]) -> int:
    """Recompute the cards from the merged review log; a card with no reviews left is new.

    Returns how many cards were replayed.
    """
    if not card_ids:
        return 0
    items = {
        str(k): json.loads(v)
        for k, v in session.execute(text("SELECT key, value FROM settings")).all()
    }
    settings = Settings.from_items(items).scheduler()
    result = rebuild_in_session(
        session, settings, sorted(card_ids), move_due=True, include_new=True, set_counts=True
    )
    # No review left in the card's life: new again (counters of a reset that kept
    # them are set from the whole log below).
    session.execute(
        text(
            "UPDATE cards SET phase = 0, step = NULL, stability = NULL, difficulty = NULL,"
            " due = NULL, last_review = NULL, reps = 0, lapses = 0"
            " WHERE id IN (SELECT value FROM json_each(:ids)) AND NOT EXISTS"
            " (SELECT 1 FROM reviews r WHERE r.card_id = cards.id AND r.undone_at IS NULL"
            f" AND {after_reset('r', 'cards')})"
        ),
        {"ids": json.dumps(sorted(card_ids))},
    )
    count_whole_lives(session, settings, card_ids)
    fill_states_before(session, settings, card_ids)
    return result.cards
