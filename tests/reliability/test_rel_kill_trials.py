"""kill -9 at each kind of moment: during study, right after submitting an exam, in a migration.

Each trial names the moment it kills at (tests/reliability/kill_hook.py): before
a transaction's first write, between its writes, before its commit, after the
commit but before the learner is told, and in the middle of a backup copy.  A
random sleep reached the same moments only by chance, and mostly the longest
one; naming them hits every kind on every run, with fewer processes.  Every
trial checks that the process really died at its moment (it was not let
finish), that the file passes ``integrity_check``, that exactly the work the
learner was told about (and at most the one answer in flight) is stored, and
that the next start works.
"""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import open_collection
from dlquiz.storage.exam_flow import settle_unfinished
from dlquiz.storage.exams_store import ExamStore
from dlquiz.storage.migrate import HEAD_REVISION
from dlquiz.storage.study import StudyService
from tests.reliability.kill_hook import Moment, run_killable
from tests.reliability.support import (
    first_revision_file,
    integrity,
    new_collection,
    review_count,
    run_cli,
)

pytestmark = pytest.mark.slow


def _killed(db: Path, moment: Moment, *args: str, stdin: str = "") -> str:
    """``dlquiz --db DB ARGS`` fed ``stdin``, insisting that it died at ``moment``."""
    done = run_killable(["--db", str(db), *args], moment, stdin=stdin)
    assert done.code == -signal.SIGKILL, (
        f"the kill moment never came (exit {done.code}); stderr: {done.err[-2000:]}"
    )
    return done.out


def _scalar(db: Path, sql: str) -> int:
    conn = sqlite3.connect(str(db))
    try:
        return int(conn.execute(sql).fetchone()[0] or 0)
    finally:
        conn.close()


def _revision(db: Path) -> str:
    conn = sqlite3.connect(str(db))
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


# Moments within the answer in flight, counted from that answer's card update (one per
# answer; an empty list kills just before it): (name, moment, is that answer stored?).
STUDY_MOMENTS: list[tuple[str, Moment, bool]] = [
    ("before the answer's first write", [], False),
    ("between the card's update and its review", [("^INSERT INTO reviews", 1)], False),
    ("just before the commit", [("^COMMIT", 1)], False),
    ("after the commit, before the verdict is shown", [("^COMMIT", 1), ("^<stdout> ", 1)], True),
    ("after the verdict, before the rating line", [("^<stdout> Rated ", 1)], True),
]


def test_kill_during_study(tmp_path: Path) -> None:
    db = new_collection(tmp_path / "c.dlquiz")
    stored = 0
    for trial, (name, moment, kept) in enumerate(STUDY_MOMENTS):
        answered = 1 + trial % 3  # answered and shown in full before the one in flight
        steps = [("^UPDATE cards SET phase", answered + 1), *moment]
        out = _killed(db, steps, "study", "--terminal", stdin="2012\n" * (answered + 1))
        assert out.count("Rated ") == answered, f"{name}: {out[-800:]}"
        assert integrity(db) == "ok", name
        stored += answered + int(kept)
        assert review_count(db) == stored, name  # nothing shown is lost, nothing unshown invented
    # At the end of a session: killed while copying the backup taken on close.
    moment = [("^<stdout> Session over", 1), ("<backup page>", 3)]
    _killed(db, moment, "study", "--terminal", stdin="2012\n")
    assert integrity(db) == "ok"
    assert review_count(db) == stored + 1
    _assert_opens_and_leaves_no_partial_backup(db)


def _assert_opens_and_leaves_no_partial_backup(db: Path) -> None:
    collection = open_collection(db, clock=FakeClock())
    collection.close(backup=False)
    backups = db.with_name(db.name + ".backups")
    assert not list(backups.glob("*.part"))


# Moments after "submit": the marking is one transaction (attempt, then each card and review).
EXAM_MOMENTS: list[tuple[str, Moment, bool]] = [
    ("before the marking's first write", [("^UPDATE exam_attempts SET finished_at", 1)], False),
    # The attempt is marked and some of its reviews are written, none committed.
    (
        "halfway through the reviews",
        [("^UPDATE exam_attempts SET finished_at", 1), ("^UPDATE cards", 4)],
        False,
    ),
    (
        "just before the commit",
        [("^UPDATE exam_attempts SET finished_at", 1), ("^COMMIT", 1)],
        False,
    ),
    ("after the commit, before the result is shown", [("^<stdout> === Result", 1)], True),
    ("in the backup taken on close", [("^<stdout> === Result", 1), ("<backup page>", 3)], True),
]


def test_kill_right_after_submitting_an_exam(tmp_path: Path) -> None:
    db = new_collection(tmp_path / "c.dlquiz")
    marked = 0
    for name, moment, kept in EXAM_MOMENTS:
        exam = ("exam", "--terminal", "--questions", "6", "--time-limit", "600")
        _killed(db, moment, *exam, stdin="x\n" * 6 + "submit\n")
        assert integrity(db) == "ok", name
        _assert_marked_exams_have_all_reviews(db)
        marked += int(kept)
        finished = "SELECT count(*) FROM exam_attempts WHERE finished_at IS NOT NULL"
        assert _scalar(db, finished) == marked, name
        _settle(db)
        marked += int(not kept)  # the next start hands in what the killed one left unmarked
        assert _scalar(db, finished) == marked, name
        _assert_marked_exams_have_all_reviews(db)


def _settle(db: Path) -> None:
    """What the next start does with an exam left open: mark it, or hand it in."""
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


def _assert_marked_exams_have_all_reviews(db: Path) -> None:
    wanted = _scalar(db, "SELECT sum(questions) FROM exam_attempts WHERE finished_at IS NOT NULL")
    logged = _scalar(db, "SELECT count(*) FROM reviews WHERE kind = 'exam'")
    assert logged == wanted


def _stamp(revision: str) -> str:
    return f"^UPDATE alembic_version SET version_num='{revision}'"


# One file taken from revision 0001 to the head by successive starts, each killed at its
# moment: (moment, the revision the file must be at afterwards).
MIGRATION_MOMENTS: list[tuple[str, Moment, str]] = [
    ("in the middle of the backup taken before migrating", [("<backup page>", 5)], "0001"),
    ("after that backup, before the first migration", [("^BEGIN IMMEDIATE", 1)], "0001"),
    (
        "inside the first migration, before its commit",
        [(_stamp("0002"), 1), ("^COMMIT", 1)],
        "0001",
    ),
    ("between two migrations", [(_stamp("0002"), 1), ("^COMMIT", 1), (".", 1)], "0002"),
    (
        "inside the migration that adds sync, between its statements",
        [("^CREATE TRIGGER sync_exam ", 1)],
        "0007_imp",
    ),
    (
        "inside the last migration, before its commit",
        [(_stamp(HEAD_REVISION), 1), ("^COMMIT", 1)],
        "0009_imp",
    ),
    (
        "after the last migration, in the first write of the opened collection",
        [(_stamp(HEAD_REVISION), 1), ("^COMMIT", 1), ("^INSERT INTO", 3)],
        HEAD_REVISION,
    ),
    (
        "in the backup taken on closing the migrated collection",
        [("<backup page>", 5)],
        HEAD_REVISION,
    ),
]


def test_kill_during_a_migration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = first_revision_file(tmp_path / "old.dlquiz", reviews=3_000)
    reviews = review_count(db)
    backups = db.with_name(db.name + ".backups")
    for name, moment, revision in MIGRATION_MOMENTS:
        _killed(db, moment, "stats", "--json")
        assert integrity(db) == "ok", name
        assert review_count(db) == reviews, name
        assert _revision(db) == revision, name
    # The next start finishes the job.
    done = run_cli(capsys, "--db", str(db), "stats", "--json")
    assert done.code == 0, done.err
    assert review_count(db) == reviews
    assert _revision(db) == HEAD_REVISION
    assert not list(backups.glob("*.part"))
    assert 1 <= len(list(backups.glob("backup-*.db"))) <= 2  # one before the migration, one after
