"""Backups of a collection with a long review log: taking one, and rotating the folder.

Prints one JSON object:
- take_ms: median of ``take_backup`` (copy, ``quick_check`` of the copy, rotation);
- rotate_keep_ms: median of a rotation the calendar keeps everything in (opens nothing);
- rotate_remove_ms: one rotation, in a fresh process's state, that removes ``removed``
  backups: it reads what each one holds and, the worst case, ``quick_check``s the best one
  (here a copy this process has not checked; a backup it took itself is checked already);
- take_fresh_ms: ``take_backup`` in a fresh process's state whose rotation removes one (the
  usual close backup of a day);
- read_every_backup_ms: reading what every backup holds, which each rotation did before
  it read only when the calendar would remove one, and once per process;
- backups: how many backups the folder held while rotating.

Usage: python benchmarks/bench_backup.py [--quick]
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path


def build(path: Path, reviews: int) -> None:
    from dlquiz.core.clock import FakeClock
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.collection import open_collection

    collection = open_collection(path, clock=FakeClock())
    QuestionBank(collection)  # the chapter's cards
    collection.close(backup=False)
    conn = sqlite3.connect(str(path))
    (card,) = conn.execute("SELECT min(id) FROM cards").fetchone()
    conn.executemany(
        "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, answer, verdict, score,"
        " kind, was_new, state_before) VALUES (?, '2026-01-01 00:00:00', 3, 1, 'x', 'correct',"
        " 1, 'study', 0, '{}')",
        [(card,) for _ in range(reviews)],
    )
    conn.commit()
    conn.close()


def main() -> None:
    import os

    quick = "--quick" in sys.argv
    reviews = 20_000 if quick else 200_000
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_DATA_HOME"] = folder  # backups go beside nothing of the learner's
        from dlquiz.storage import backup as backups

        path = Path(folder) / "c.dlquiz"
        build(path, reviews)
        start = datetime(2026, 1, 1, 9, tzinfo=UTC)
        takes = []
        for day in range(20):  # one a day: the calendar soon removes the oldest
            began = time.perf_counter()
            backups.take_backup(path, now=start + timedelta(days=day))
            takes.append((time.perf_counter() - began) * 1000)
        now = start + timedelta(days=19)
        keeps = []
        for _ in range(20):
            began = time.perf_counter()
            backups.rotate(path, now=now)
            keeps.append((time.perf_counter() - began) * 1000)
        held = len(backups.list_backups(path))
        backups._CONTENTS.clear()  # as another process finds the folder: nothing remembered
        backups._SOUND.clear()
        began = time.perf_counter()
        for backup in backups.list_backups(path):
            backups.content_of(backup.path)
        read_all = (time.perf_counter() - began) * 1000
        backups._CONTENTS.clear()
        backups._SOUND.clear()
        newest = backups.list_backups(path)[0]
        later = now + timedelta(days=1)  # a copy stamped a day later: one old backup must go
        shutil.copyfile(newest.path, newest.path.with_name(f"backup-{later:%Y%m%d-%H%M%S}.db"))
        began = time.perf_counter()
        removed = backups.rotate(path, now=later)
        remove = (time.perf_counter() - began) * 1000
        backups._CONTENTS.clear()
        backups._SOUND.clear()
        began = time.perf_counter()
        backups.take_backup(path, now=later + timedelta(days=1))
        take_fresh = (time.perf_counter() - began) * 1000
        print(
            json.dumps(
                {
                    "reviews": reviews,
                    "backups": held,
                    "take_ms": round(statistics.median(takes), 2),
                    "rotate_keep_ms": round(statistics.median(keeps), 3),
                    "rotate_remove_ms": round(remove, 2),
                    "removed": len(removed),
                    "read_every_backup_ms": round(read_all, 2),
                    "take_fresh_ms": round(take_fresh, 2),
                }
            )
        )


if __name__ == "__main__":
    main()
