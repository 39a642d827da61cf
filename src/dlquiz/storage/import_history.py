"""Another program's review history stored as reviews of kind ``imported``.

Imported reviews are history, not answers given here: undo never takes them
back (it only knows this session's answers), and statistics count them like
any other.  Storing the same history again adds nothing: a card's imported
reviews are matched by their time.

A package can carry hundreds of thousands of reviews, so the rows go straight
to the driver in one ``executemany``.  For a card that had no reviews and was
never reset, the reviews just stored are its whole log: their replay order
is known here, and :func:`replay_imported` replays them from memory instead
of reading them back (``storage.rebuild`` does the same for the other cards).
All of it runs on the import's plain driver connection: SQLAlchemy is never
loaded for an import.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import TypeVar

from dlquiz.core.ids import CardId
from dlquiz.core.scheduling import SchedulerSettings
from dlquiz.importers.result import ImportedReview
from dlquiz.importers.review_log import ReviewLog
from dlquiz.storage.bulk_load import held_off
from dlquiz.storage.bulk_time import text_of_micros_sql, utc_micros, utc_text
from dlquiz.storage.rebuild import Life, rebuild_from_memory, rebuild_in_session
from dlquiz.storage.sync_sql import GUARD_OFF, GUARD_ON

IMPORTED_KIND = "imported"
_Key = TypeVar("_Key", str, int)  # a time as a review row carries it
_INSERT = (
    "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, was_new, answer, verdict,"
    f" score, kind, state_before) VALUES (?, ?, ?, ?, ?, '', '', 0.0, '{IMPORTED_KIND}', '{{}}')"
)
# The same row with its time bound as microseconds since 1970, made text by SQLite.
_INSERT_MICROS = (
    "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, was_new, answer, verdict,"
    f" score, kind, state_before) VALUES (?1, {text_of_micros_sql('?2')}, ?3, ?4, ?5, '', '',"
    f" 0.0, '{IMPORTED_KIND}', '{{}}')"
)
_CARDS = (
    "SELECT question_id, id, reset_at IS NULL FROM cards"
    " WHERE question_id IN (SELECT value FROM json_each(?))"
)
_STORED = (
    "SELECT card_id, reviewed_at, kind FROM reviews"
    " WHERE card_id IN (SELECT value FROM json_each(?))"
)
# The ledger's trigger on new reviews (migration 0008_sync).  The guard row the
# ledger's triggers test (sync_sql.GUARD_ON) holds them off, but testing it cost a
# third of every insert: the trigger is dropped for the insert as well.
_REVIEW_TRIGGER = "sync_review"
_RESET = "UPDATE cards SET reset_at = ? WHERE id = ? AND (reset_at IS NULL OR reset_at < ?)"


@dataclass(frozen=True, slots=True)
class HistoryStored:
    """What storing a history did.

    ``card_ids`` are the cards that gained reviews; ``lives`` holds, for those
    among them whose whole log was stored just now, the reviews a rebuild
    would read back: the life since the last reset, in replay order.
    """

    reviews: int
    card_ids: tuple[CardId, ...]
    lives: dict[CardId, Life] = field(default_factory=dict)


def store_history(
    conn: sqlite3.Connection, history: Mapping[str, Sequence[ImportedReview]]
) -> HistoryStored:
    """Add the reviews of ``history`` (by question id) that are not stored yet.

    ``conn`` is the import's driver connection, inside its transaction.  A
    card's first review, and the first after a reset in the other program,
    is marked ``was_new``: replaying starts the card's life there.
    """
    if not conn.in_transaction:
        raise ValueError("store a history inside the import's transaction")
    cursor = conn.cursor()
    try:
        cards = _cards(cursor, [qid for qid, reviews in history.items() if reviews])
        has_reviews, seen = _stored(cursor, [card_id for card_id, _ in cards.values()])
    finally:
        cursor.close()
    batch = _Batch()
    touched: list[CardId] = []
    lives: dict[CardId, Life] = {}
    for qid, reviews in history.items():
        found = cards.get(qid)
        if found is None or not reviews:
            continue
        stored_id, never_reset = found
        card_id = CardId(stored_id)
        log = ReviewLog.of(reviews)
        if never_reset and card_id not in has_reviews:
            micros = utc_micros(log.times)
            if min(micros) >= 0:  # SQLite makes the text (see text_of_micros_sql)
                lives[card_id] = batch.whole_log(card_id, log, micros, batch.micro_rows)
            else:
                texts = list(map(utc_text, log.times))
                lives[card_id] = batch.whole_log(card_id, log, texts, batch.rows)
            touched.append(card_id)
            continue
        texts = list(map(utc_text, log.times))
        if batch.more_log(card_id, log, texts, seen, first=card_id not in has_reviews):
            touched.append(card_id)
    if batch.rows or batch.micro_rows:
        # No event per review here: the next sync gives them theirs (they have no uid yet).
        cursor = conn.cursor()
        try:
            cursor.execute(GUARD_ON, {"why": "import"})
            # Into a table that holds fewer reviews, sorting them all into new
            # indexes is cheaper than inserting each into the old ones.
            (stored,) = cursor.execute("SELECT count(*) FROM reviews").fetchone()
            bulk = batch.count() >= stored
            with held_off(cursor, "reviews", triggers=[_REVIEW_TRIGGER], indexes=bulk):
                cursor.executemany(_INSERT, batch.rows)
                cursor.executemany(_INSERT_MICROS, batch.micro_rows)
            cursor.execute(GUARD_OFF)
            # The other program's resets as the cards' own (migration 0010_sync): replay
            # and sync read them, and the reset events travel.
            cursor.executemany(_RESET, [(at, cid, at) for cid, at in batch.resets.items()])
        finally:
            cursor.close()
    return HistoryStored(reviews=batch.count(), card_ids=tuple(touched), lives=lives)


def replay_imported(
    conn: sqlite3.Connection, settings: SchedulerSettings, stored: HistoryStored
) -> None:
    """Set each card that gained reviews to FSRS's replay of its whole history.

    Its stability, difficulty, due date and counts become what studying that
    history here would have given.
    """
    rebuild_from_memory(conn, settings, stored.lives)
    rest = [card_id for card_id in stored.card_ids if card_id not in stored.lives]
    if rest:
        rebuild_in_session(conn, settings, rest, move_due=True, include_new=True, set_counts=True)


@dataclass(slots=True)
class _Batch:
    """The review rows to insert, and each card's last reset in the other program.

    ``rows`` carry each time as its stored text; ``micro_rows`` as microseconds
    since 1970, for SQLite to write as that same text.
    """

    rows: list[tuple[object, ...]] = field(default_factory=list)
    micro_rows: list[tuple[object, ...]] = field(default_factory=list)
    resets: dict[int, str] = field(default_factory=dict)

    def count(self) -> int:
        return len(self.rows) + len(self.micro_rows)

    def whole_log(
        self, card_id: int, log: ReviewLog, keys: Sequence[_Key], rows: list[tuple[object, ...]]
    ) -> Life:
        """Rows for a card's whole log; returns the life a rebuild would read back.

        ``keys`` are the times as ``rows`` take them (texts or microseconds):
        either orders them as the stored text does.  Hundreds of thousands of
        reviews pass here, so the rows are zipped from the log's columns.
        """
        fresh = [False] * len(keys)
        fresh[0] = True  # the card's first review begins its life
        for index in log.starts_over:
            fresh[index] = True
        rows += zip(
            repeat(card_id, len(keys)), keys, log.ratings, log.durations, fresh, strict=True
        )
        reset = None
        restarts = [index for index in log.starts_over if index > 0]
        if restarts:
            last = max(restarts, key=keys.__getitem__)
            reset = keys[last]
            self.resets[card_id] = utc_text(log.times[last])
        in_order = list(keys) == sorted(keys)
        if reset is None and in_order:
            return list(zip(log.ratings, log.times, strict=True))
        # A rebuild reads them by time (equal times in the order they were stored),
        # and only since the last reset (rebuild.after_reset, for rows stored just now).
        order = range(len(keys)) if in_order else sorted(range(len(keys)), key=keys.__getitem__)
        return [
            (log.ratings[i], log.times[i])
            for i in order
            if reset is None or keys[i] > reset or (keys[i] == reset and fresh[i])
        ]

    def more_log(
        self,
        card_id: int,
        reviews: ReviewLog,
        texts: list[str],
        seen: set[tuple[int, str]],
        *,
        first: bool,
    ) -> bool:
        """Rows for the reviews of a card's log not stored yet; whether there were any."""
        added = False
        for review, stored_at in zip(reviews, texts, strict=True):
            if (card_id, stored_at) in seen:
                continue
            if review.starts_over and not first:
                self.resets[card_id] = max(stored_at, self.resets.get(card_id, ""))
            self.rows.append(
                (card_id, stored_at, review.rating, review.duration_ms, first or review.starts_over)
            )
            first = False
            added = True
        return added


def _cards(cursor: sqlite3.Cursor, question_ids: list[str]) -> dict[str, tuple[int, bool]]:
    """Question id -> (card id, never reset), for the questions that have a card."""
    found = cursor.execute(_CARDS, (json.dumps(question_ids),))
    return {str(qid): (int(card_id), bool(never_reset)) for qid, card_id, never_reset in found}


def _stored(cursor: sqlite3.Cursor, card_ids: list[int]) -> tuple[set[int], set[tuple[int, str]]]:
    """The cards that have reviews already, and the (card, time) of their imported ones."""
    has_reviews: set[int] = set()
    seen: set[tuple[int, str]] = set()
    for card_id, moment, kind in cursor.execute(_STORED, (json.dumps(card_ids),)):
        has_reviews.add(card_id)
        if kind == IMPORTED_KIND:
            seen.add((card_id, moment))
    return has_reviews, seen
