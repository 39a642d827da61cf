"""An Anki collection's review log (``revlog``) read as dlquiz reviews.

Each revlog row is one button press: its id is the time in milliseconds,
``ease`` the button (1 Again ... 4 Easy), ``time`` the milliseconds taken and
``type`` the kind (0 learning, 1 review, 2 relearning, 3 filtered deck,
4 manual, 5 rescheduled).  Manual and rescheduled rows, and any row with
ease 0, record a change of schedule, not an answer, so they are not reviews;
one with interval 0 is a reset ("Forget"), after which the card starts over.
Collections still on Anki's first scheduler (``schedVer`` 1) had three
buttons for cards in (re)learning, so their ease 2 and 3 mean Good and Easy.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

from .context import ReadContext
from .result import ImportedReview

MANUAL_KINDS = (4, 5)
LEARNING_KINDS = (0, 2)
MAX_DURATION_MS = 60 * 60 * 1000  # Anki caps the time of an answer; a longer one is bad data
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def read_revlog(
    con: sqlite3.Connection, ctx: ReadContext, card_local_ids: dict[int, str]
) -> dict[str, list[ImportedReview]]:
    """Reviews by question local id, oldest first, for the cards that became questions."""
    present = {row[1] for row in con.execute("PRAGMA table_info(revlog)")}
    if not {"id", "cid", "ease", "ivl", "time", "type"} <= present:
        return {}
    three_buttons = _scheduler_version(con) == 1
    history: dict[str, list[ImportedReview]] = {}
    reset: set[int] = set()
    scheduling = orphans = 0
    rows = con.execute("SELECT id, cid, ease, ivl, time, type FROM revlog ORDER BY id")
    for stamp, cid, ease, interval, taken, kind in rows:
        if not isinstance(ease, int) or not 1 <= ease <= 4 or kind in MANUAL_KINDS:
            scheduling += 1
            if kind in MANUAL_KINDS and interval == 0:
                reset.add(int(cid))
            continue
        local = card_local_ids.get(int(cid))
        if local is None or not isinstance(stamp, int):
            orphans += 1
            continue
        rating = ease + 1 if three_buttons and kind in LEARNING_KINDS and ease in (2, 3) else ease
        duration = int(taken) if isinstance(taken, int) and 0 <= taken <= MAX_DURATION_MS else 0
        starts_over = int(cid) in reset
        reset.discard(int(cid))
        history.setdefault(local, []).append(
            ImportedReview(
                _EPOCH + timedelta(milliseconds=stamp), rating, duration, starts_over=starts_over
            )
        )
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
    return history


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
