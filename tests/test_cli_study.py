"""Terminal study and the scripting commands.

The ones that are about the process (a kill, a second process holding the
lock, the window's smoke test, one whole session) start ``dlquiz`` as a user
does; the others call ``main`` in this process with the same arguments,
environment and standard input, which answers the same in a fraction of the time.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import Here


def dlquiz(
    *args: str, db: Path, stdin: str = "", timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DLQUIZ_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "dlquiz", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


@pytest.mark.slow  # starts a process
def test_terminal_study_answers_and_summarises(tmp_path: Path, here: Here) -> None:
    db = tmp_path / "c.dlquiz"
    done = dlquiz("study", "--terminal", "--limit", "3", db=db, stdin="a\n\n2012\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Rated ") == 3
    assert "Session over: 3 answered" in done.stdout
    assert "Traceback" not in done.stderr
    stats = json.loads(here("stats", "--json", db=db).stdout)  # what the process stored
    assert stats["reviews_total"] == 3
    assert {"reviews_total", "cards_total", "cards_due_now", "cards_new", "retention_30d"} <= set(
        stats
    )


def test_end_of_input_ends_cleanly(tmp_path: Path, here: Here) -> None:
    done = here("study", "--terminal", db=tmp_path / "c.dlquiz", stdin="")
    assert done.returncode == 0
    assert "Session over: 0 answered" in done.stdout


@pytest.mark.slow  # starts a (forked) process
def test_killed_after_nth_verdict_keeps_exactly_n_reviews(tmp_path: Path) -> None:
    from tests.reliability.kill_hook import run_killable

    db = tmp_path / "c.dlquiz"
    wanted = 4
    # Killed while it waits for the next answer, after the wanted-th verdict was shown.
    # Flashcards would need a second line; the chapter deck has none.
    moment = [("^<stdout> Rated ", wanted), ("^<stdin>", 1)]
    done = run_killable(["--db", str(db), "study", "--terminal"], moment, stdin="2012\n" * 9)
    assert done.code == -signal.SIGKILL, done.err
    assert done.out.count("Rated ") == wanted
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == wanted


@pytest.mark.slow  # starts a process
def test_second_instance_is_told_the_collection_is_open(tmp_path: Path, here: Here) -> None:
    db = tmp_path / "c.dlquiz"
    env = {**os.environ, "DLQUIZ_DB": str(db)}
    holder = subprocess.Popen(
        [sys.executable, "-m", "dlquiz", "study", "--terminal"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert holder.stdout is not None
        holder.stdout.readline()  # it has opened the collection and shown a question
        second = here("stats", "--json", db=db)  # another process's lock, seen from this one
        assert second.returncode == 1
        assert "already open" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        holder.kill()
        holder.wait(timeout=30)
        for stream in (holder.stdin, holder.stdout):
            if stream is not None:
                stream.close()


def test_damaged_collection_gives_a_clear_message(tmp_path: Path, here: Here) -> None:
    db = tmp_path / "c.dlquiz"
    db.write_bytes(b"\x00garbage" * 512)
    done = here("stats", "--json", db=db)
    assert done.returncode == 1
    assert "damaged" in done.stderr and str(db) in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_limit_and_unknown_deck_are_user_errors(tmp_path: Path, here: Here) -> None:
    db = tmp_path / "c.dlquiz"
    assert here("study", "--terminal", "--limit", "0", db=db).returncode == 1
    unknown = here("study", "--terminal", "--deck", "nope", db=db)
    assert unknown.returncode == 1 and "no deck named 'nope'" in unknown.stderr
    assert here("study", "--terminal", "--limit", "x", db=db).returncode == 1


@pytest.mark.slow
def test_smoke_test_prints_startup_figures(tmp_path: Path) -> None:
    done = dlquiz("--smoke-test", db=tmp_path / "c.dlquiz")
    assert done.returncode == 0, done.stderr
    lines = dict(line.split("=", 1) for line in done.stdout.split() if "=" in line)
    assert int(lines["startup_ms"]) > 0
    assert lines["first_question_id"].count(":") >= 1


def test_backup_list_and_restore_errors(tmp_path: Path, here: Here) -> None:
    db = tmp_path / "c.dlquiz"
    assert "no backups yet" in here("backup", "list", db=db).stdout
    assert here("backup", "now", db=db).returncode == 0
    listed = here("backup", "list", db=db).stdout.split()
    name = listed[0]
    assert name.startswith("backup-")
    missing = here("backup", "restore", "nope.db", db=db)
    assert missing.returncode == 1 and "no backup named" in missing.stderr
    restored = here("backup", "restore", name, db=db)
    assert restored.returncode == 0 and "kept as" in restored.stdout


def test_terminal_study_heads_a_question_without_a_section_by_its_deck_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from dlquiz.cli.main import main
    from dlquiz.core.model import Question, QuestionType, TextKey
    from dlquiz.importers.ids import deck_id_for
    from tests.helpers import open_test_collection, store_questions

    db = tmp_path / "c.dlquiz"
    collection = open_test_collection(db)
    deck_id = deck_id_for("World capitals")
    store_questions(
        collection,
        [
            Question(
                id=f"{deck_id}:q1",
                deck=deck_id,
                type=QuestionType.TYPED,
                prompt="Capital of Peru",
                key=TextKey(("Lima",)),
                answer="Lima",
            )
        ],
        "World capitals",
    )
    collection.close(backup=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("Lima\n\n"))
    args = ["--db", str(db), "study", "--terminal", "--deck", "World capitals", "--limit", "1"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "--- World capitals  (new 1" in out and deck_id not in out
