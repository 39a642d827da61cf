"""An Anki collection's review log (``revlog``) read as dlquiz reviews.

Each revlog row is one button press: its id is the time in milliseconds,
``ease`` the button (1 Again ... 4 Easy), ``time`` the milliseconds taken and
``type`` the kind (0 learning, 1 review, 2 relearning, 3 filtered deck,
4 manual, 5 rescheduled).  Manual and rescheduled rows, and any row with
ease 0, record a change of schedule, not an answer, so they are not reviews;
one with interval 0 is a reset ("Forget"), after which the card starts over.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from .context import ReadContext
from .result import ImportedReview

MANUAL_KINDS = (4, 5)
MAX_DURATION_MS = 60 * 60 * 1000  # Anki caps the time of an answer; a longer one is bad data
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def read_revlog(
    con: sqlite3.Connection, ctx: ReadContext, card_local_ids: dict[int, str]
) -> dict[str, list[ImportedReview]]:
    """Reviews by question local id, oldest first, for the cards that became questions."""
    present = {row[1] for row in con.execute("PRAGMA table_info(revlog)")}
    if not {"id", "cid", "ease", "ivl", "time", "type"} <= present:
        return {}
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
        duration = int(taken) if isinstance(taken, int) and 0 <= taken <= MAX_DURATION_MS else 0
        starts_over = int(cid) in reset
        reset.discard(int(cid))
        history.setdefault(local, []).append(
            ImportedReview(
                _EPOCH + timedelta(milliseconds=stamp), ease, duration, starts_over=starts_over
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
