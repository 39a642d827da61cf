"""kill -9 at random moments: study, an exam right after submit, a migration.

A bounded number of trials with a fixed seed, so CI runs the same moments
each time.  After every kill the file passes ``integrity_check``, every
verdict that was shown is in the log, a marked exam has all its reviews, and
the next start works.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import open_collection
from dlquiz.storage.exam_flow import settle_unfinished
from dlquiz.storage.exams_store import ExamStore
from dlquiz.storage.migrate import HEAD_REVISION
from dlquiz.storage.study import StudyService
from tests.reliability.support import (
    first_revision_file,
    integrity,
    new_collection,
    review_count,
)

pytestmark = pytest.mark.slow
TRIALS = 10


def _start(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dlquiz", "--db", str(db), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )


def _kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            stream.close()


def _scalar(db: Path, sql: str) -> int:
    conn = sqlite3.connect(str(db))
    try:
        return int(conn.execute(sql).fetchone()[0] or 0)
    finally:
        conn.close()


def test_kill_during_study(tmp_path: Path) -> None:
    rng = random.Random(17)
    db = tmp_path / "c.dlquiz"
    shown_total = 0
    for _trial in range(TRIALS):
        proc = _start(db, "study", "--terminal")
        assert proc.stdin is not None and proc.stdout is not None
        answers = rng.randint(1, 5)
        shown = 0
        for _ in range(answers):
            proc.stdin.write("2012\n")
            proc.stdin.flush()
            while True:
                line = proc.stdout.readline()
                assert line, "dlquiz ended early"
                if line.startswith("Rated "):
                    shown += 1
                    break
        proc.stdin.write("1999\n")  # one more answer, killed at a random moment of it
        proc.stdin.flush()
        time.sleep(rng.uniform(0.0, 0.05))
        _kill(proc)
        shown_total += shown
        assert integrity(db) == "ok"
        logged = review_count(db)
        assert shown_total <= logged <= shown_total + _trial + 1  # nothing shown was lost
        shown_total = logged


def test_kill_right_after_submitting_an_exam(tmp_path: Path) -> None:
    rng = random.Random(23)
    db = new_collection(tmp_path / "c.dlquiz")
    for _trial in range(TRIALS):
        proc = _start(db, "exam", "--terminal", "--questions", "6", "--time-limit", "600")
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("x\n" * 6)
        proc.stdin.flush()
        while "to hand the exam in" not in (line := proc.stdout.readline()):
            assert line, "dlquiz ended early"
        proc.stdin.write("submit\n")
        proc.stdin.flush()
        time.sleep(rng.uniform(0.0, 0.4))  # while the exam is marked and its reviews logged
        _kill(proc)
        assert integrity(db) == "ok"
        _assert_marked_exams_have_all_reviews(db)
        collection = open_collection(db, clock=FakeClock())
        try:
            bank = QuestionBank(collection)
            service = StudyService(bank)
            settle_unfinished(
                ExamStore(collection),
                bank,
                service,
                now=collection.clock.now(),
                monotonic=collection.clock.monotonic(),
            )
            store = ExamStore(collection)
            while (left := store.unfinished_attempt()) is not None:  # one not yet submitted
                store.finalize(left.submit(left.deadline), bank, service)
        finally:
            collection.close(backup=False)
        _assert_marked_exams_have_all_reviews(db)


def _assert_marked_exams_have_all_reviews(db: Path) -> None:
    wanted = _scalar(db, "SELECT sum(questions) FROM exam_attempts WHERE finished_at IS NOT NULL")
    logged = _scalar(db, "SELECT count(*) FROM reviews WHERE kind = 'exam'")
    assert logged == wanted


def test_kill_during_a_migration(tmp_path: Path) -> None:
    rng = random.Random(31)
    original = tmp_path / "original.dlquiz"
    reviews = review_count(first_revision_file(original, reviews=60_000))
    for trial in range(TRIALS):
        db = tmp_path / f"old-{trial}.dlquiz"
        shutil.copyfile(original, db)
        proc = _start(db, "stats", "--json")
        time.sleep(rng.uniform(0.2, 2.0))
        _kill(proc)
        assert integrity(db) == "ok"
        assert review_count(db) == reviews
        done = subprocess.run(
            [sys.executable, "-m", "dlquiz", "--db", str(db), "stats", "--json"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert _scalar(db, "SELECT count(*) FROM reviews") == reviews
        conn = sqlite3.connect(str(db))
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            HEAD_REVISION
        )
        conn.close()
        backups = db.with_name(db.name + ".backups")
        assert not list(backups.glob("*.part"))
        assert len(list(backups.glob("backup-*.db"))) <= 2  # one before the migration, one after
