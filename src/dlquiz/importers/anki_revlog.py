"""An Anki collection's review log (``revlog``) read as dlquiz reviews.

Each revlog row is one button press: its id is the time in milliseconds,
``ease`` the button (1 Again ... 4 Easy), ``time`` the milliseconds taken and
``type`` the kind (0 learning, 1 review, 2 relearning, 3 filtered deck,
4 manual, 5 rescheduled).  Manual and rescheduled rows, and any row with
ease 0, record a change of schedule, not an answer, so they are not reviews;
one with interval 0 is a reset ("Forget"), after which the card starts over.
Collections still on Anki's first scheduler (``schedVer`` 1) had three
buttons for cards in (re)learning, so their ease 2 and 3 mean Good and Easy.

A learner's log can hold hundreds of thousands of rows, so SQLite does the
per-row work (which rows are answers, the rating, the duration) and hands
the answers over grouped by card (Anki's ``ix_revlog_cid`` index gives that
order for free); Python only makes each review's time.  The few scheduling
rows are read apart, for the resets among them and for the notice.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import groupby
from operator import itemgetter

from .context import ReadContext
from .result import ImportedReview
from .review_log import ReviewLog

MANUAL_KINDS = (4, 5)
LEARNING_KINDS = (0, 2)
MAX_DURATION_MS = 60 * 60 * 1000  # Anki caps the time of an answer; a longer one is bad data
_LAST_MS = 253_402_300_799_999  # 9999-12-31 23:59:59.999, the last time a datetime holds
_NEEDED = frozenset({"id", "cid", "ease", "ivl", "time", "type"})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_STAMP, _RATING, _DURATION = itemgetter(1), itemgetter(2), itemgetter(3)  # of an answer row

# An answer: a button 1-4 pressed outside a manual change of schedule.  ``type IS NULL``
# counts as an answer, as a missing kind is no evidence of a reschedule.
_IS_ANSWER = (
    "typeof(ease) = 'integer' AND ease BETWEEN 1 AND 4"
    f" AND (type IS NULL OR type NOT IN {MANUAL_KINDS})"
)
_DATED = f"typeof(id) = 'integer' AND id BETWEEN 0 AND {_LAST_MS}"
_ANSWERS = (
    "SELECT cid, id,"
    # Only the first scheduler's (re)learning buttons 2 and 3 mean Good and Easy.
    f" CASE WHEN ? AND type IN {LEARNING_KINDS} AND ease IN (2, 3) THEN ease + 1 ELSE ease END,"
    f" CASE WHEN typeof(time) = 'integer' AND time BETWEEN 0 AND {MAX_DURATION_MS}"
    " THEN time ELSE 0 END"
    f" FROM revlog WHERE {_IS_ANSWER} AND {_DATED} ORDER BY cid, id"
)
# The rest: changes of schedule (flag 1 for a reset), and answers with no readable time.
_OTHERS = (
    f"SELECT cid, id, CASE WHEN {_IS_ANSWER} THEN NULL"
    f" ELSE coalesce(type IN {MANUAL_KINDS} AND ivl = 0, 0) END"
    f" FROM revlog WHERE NOT ({_IS_ANSWER} AND {_DATED})"
)


def read_revlog(
    con: sqlite3.Connection, ctx: ReadContext, card_local_ids: dict[int, str]
) -> dict[str, Sequence[ImportedReview]]:
    """Reviews by question local id, oldest first, for the cards that became questions.

    Each card's reviews come as a :class:`ReviewLog` (columns, not one object each).
    """
    present = {row[1] for row in con.execute("PRAGMA table_info(revlog)")}
    if not _NEEDED <= present:
        return {}
    resets, scheduling, undated = _others(con)
    history: dict[str, Sequence[ImportedReview]] = {}
    orphans = 0
    answers = con.execute(_ANSWERS, (_scheduler_version(con) == 1,))
    for cid, group in groupby(answers, key=itemgetter(0)):
        local = card_local_ids.get(cid)
        rows = list(group)
        if local is None:
            orphans += len(rows)
            continue
        stamps = list(map(_STAMP, rows))
        log = ReviewLog(
            # timedelta's fourth argument is milliseconds (positional: a third cheaper).
            [_EPOCH + timedelta(0, 0, 0, stamp) for stamp in stamps],
            list(map(_RATING, rows)),
            list(map(_DURATION, rows)),
            _fresh_starts(stamps, resets.get(cid, ())),
        )
        if local in history:  # two Anki cards became one question: one log, in time order
            merged = sorted([*history[local], *log], key=itemgetter(0))
            log = ReviewLog.of(merged)
        history[local] = log
    if scheduling:
        ctx.notice(
            f"{scheduling} review-log entr{'y' if scheduling == 1 else 'ies'} not imported: "
            "manual reschedules and resets, not answers"
        )
    if orphans:
        ctx.notice(
            f"{orphans} review{'' if orphans == 1 else 's'} not imported: "
            "their cards are not in the package or were skipped"
        )
    if undated:
        ctx.notice(
            f"{undated} review{'' if undated == 1 else 's'} not imported: "
            "their time is not a date (the log's id is not milliseconds since 1970)"
        )
    return history


def _others(con: sqlite3.Connection) -> tuple[dict[int, list[int]], int, int]:
    """Each card's reset times (ms, in order), the rows that change a schedule, and
    the answers without a readable time."""
    resets: dict[int, list[int]] = {}
    scheduling = undated = 0
    for cid, stamp, is_reset in con.execute(_OTHERS):
        if is_reset is None:
            undated += 1
            continue
        scheduling += 1
        if is_reset and isinstance(stamp, int):
            resets.setdefault(cid, []).append(stamp)
    for stamps in resets.values():
        stamps.sort()
    return resets, scheduling, undated


def _fresh_starts(stamps: list[int], resets: Sequence[int]) -> set[int]:
    """The positions of the first answer after each reset (answers and resets in ms)."""
    after = (bisect_right(stamps, reset) for reset in resets)
    return {index for index in after if index < len(stamps)}


def _scheduler_version(con: sqlite3.Connection) -> int:
    """``schedVer`` of a schema-11 collection's settings; 2 unless it says otherwise.

    Only an explicit 1 counts: newer exports leave the key out, and guessing
    wrong would turn Good answers into Easy ones.
    """
    try:
        row = con.execute("SELECT conf FROM col LIMIT 1").fetchone()
        conf = json.loads(row[0]) if row and row[0] else {}
    except (sqlite3.Error, ValueError, TypeError):
        return 2
    version = conf.get("schedVer", 2) if isinstance(conf, dict) else 2
    return version if isinstance(version, int) else 2
