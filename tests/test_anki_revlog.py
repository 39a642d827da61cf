"""importers.anki_revlog on review logs written row by row, as Anki's schema holds them."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

from dlquiz.importers.anki_revlog import read_revlog
from dlquiz.importers.context import ReadContext

START_MS = 1_735_689_600_000  # 2025-01-01 00:00 UTC
MINUTE = 60_000


def _collection(
    rows: list[tuple[object, ...]], *, scheduler: int | None = None
) -> sqlite3.Connection:
    """Anki's revlog and col tables; rows are (id, cid, ease, ivl, time, type)."""
    con = sqlite3.connect(":memory:")
    con.executescript(
        "CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer,"
        " ease integer, ivl integer, lastIvl integer, factor integer, time integer, type integer);"
        "CREATE INDEX ix_revlog_cid ON revlog (cid);"
        "CREATE TABLE col (id integer primary key, conf text);"
    )
    conf = {} if scheduler is None else {"schedVer": scheduler}
    con.execute("INSERT INTO col VALUES (1, ?)", (json.dumps(conf),))
    con.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
        " VALUES (?, ?, -1, ?, ?, 0, 2500, ?, ?)",
        rows,
    )
    return con


def _at(ms: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)


def test_answers_come_per_card_in_time_order_with_their_ratings_and_times() -> None:
    con = _collection(
        [
            (START_MS + 2 * MINUTE, 7, 3, 1, 4_000, 1),
            (START_MS, 7, 1, 0, 12_345, 0),
            (START_MS + MINUTE, 8, 4, 4, 99 * 3_600_000, 0),  # a day-long answer: bad data
            (START_MS + 3 * MINUTE, 9, 2, 1, 1_000, 1),  # card 9 is not a question
        ]
    )
    ctx = ReadContext(label="c.anki2", deck_id="d")
    history = read_revlog(con, ctx, {7: "n1-1", 8: "n2-1"})
    assert [(r.reviewed_at, r.rating, r.duration_ms) for r in history["n1-1"]] == [
        (_at(START_MS), 1, 12_345),
        (_at(START_MS + 2 * MINUTE), 3, 4_000),
    ]
    assert [(r.rating, r.duration_ms, r.starts_over) for r in history["n2-1"]] == [(4, 0, False)]
    assert ctx.notices() == (
        "c.anki2: 1 review not imported: their cards are not in the package or were skipped",
    )


def test_a_forget_starts_the_next_answer_over_and_a_reschedule_does_not() -> None:
    con = _collection(
        [
            (START_MS, 7, 3, 1, 1_000, 0),
            (START_MS + MINUTE, 7, 0, 30, 0, 5),  # rescheduled to 30 days: no reset
            (START_MS + 2 * MINUTE, 7, 3, 30, 1_000, 1),
            (START_MS + 3 * MINUTE, 7, 0, 0, 0, 4),  # Forget
            (START_MS + 4 * MINUTE, 7, 0, 0, 0, 4),  # and once more: still one fresh start
            (START_MS + 5 * MINUTE, 7, 4, 4, 1_000, 0),
            (START_MS + 6 * MINUTE, 7, 3, 9, 1_000, 1),
            (START_MS + 7 * MINUTE, 8, 0, 0, 0, 4),  # a reset with no answer after it
        ]
    )
    ctx = ReadContext(label="c.anki2", deck_id="d")
    history = read_revlog(con, ctx, {7: "n1-1", 8: "n2-1"})
    assert [(r.rating, r.starts_over) for r in history["n1-1"]] == [
        (3, False),
        (3, False),
        (4, True),
        (3, False),
    ]
    assert "n2-1" not in history
    assert ctx.notices() == (
        "c.anki2: 4 review-log entries not imported: manual reschedules and resets, not answers",
    )


def test_the_first_schedulers_learning_buttons_and_rows_without_a_kind() -> None:
    rows: list[tuple[object, ...]] = [
        (START_MS, 7, 2, 0, 1_000, 0),  # learning, button 2: Good on the first scheduler
        (START_MS + MINUTE, 7, 3, 0, 1_000, 2),  # relearning, button 3: Easy
        (START_MS + 2 * MINUTE, 7, 2, 3, 1_000, 1),  # a review: four buttons already
        (START_MS + 3 * MINUTE, 7, 3, 3, 1_000, None),  # no kind: an answer all the same
    ]
    first = read_revlog(
        _collection(rows, scheduler=1), ReadContext(label="x", deck_id="d"), {7: "q"}
    )
    later = read_revlog(_collection(rows), ReadContext(label="x", deck_id="d"), {7: "q"})
    assert [r.rating for r in first["q"]] == [3, 4, 2, 3]
    assert [r.rating for r in later["q"]] == [2, 3, 2, 3]


def test_two_anki_cards_of_one_question_give_one_log_in_time_order() -> None:
    con = _collection(
        [
            (START_MS, 7, 3, 1, 1_000, 0),
            (START_MS + MINUTE, 8, 1, 0, 1_000, 0),
            (START_MS + 2 * MINUTE, 7, 4, 3, 1_000, 1),
        ]
    )
    history = read_revlog(con, ReadContext(label="x", deck_id="d"), {7: "q", 8: "q"})
    assert [r.rating for r in history["q"]] == [3, 1, 4]


def test_an_answer_whose_id_is_no_time_is_left_out_with_a_notice() -> None:
    con = _collection([(START_MS, 7, 3, 1, 1_000, 0)])
    con.execute("INSERT INTO revlog VALUES (?, 7, -1, 3, 1, 0, 2500, 1000, 1)", (10**16,))
    ctx = ReadContext(label="c.anki2", deck_id="d")
    history = read_revlog(con, ctx, {7: "q"})
    assert len(history["q"]) == 1
    assert ctx.notices() == (
        "c.anki2: 1 review not imported: their time is not a date "
        "(the log's id is not milliseconds since 1970)",
    )


def test_a_collection_without_a_full_revlog_has_no_history() -> None:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE revlog (id integer primary key, cid integer)")
    assert read_revlog(con, ReadContext(label="x", deck_id="d"), {7: "q"}) == {}
