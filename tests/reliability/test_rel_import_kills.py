"""kill -9 while ``dlquiz import`` stores a text file as it reads it (storage/import_stream.py).

The stream writes batch after batch from a second thread inside one
transaction.  Killed at any moment before its commit, the collection must be
exactly as before the import: no deck, no question, no card of it, the file
sound and the next import whole.  Killed after the commit, before the learner
is told, the deck is there in full.
"""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest

from dlquiz.importers import anki_text
from tests.reliability.kill_hook import Moment, run_killable
from tests.reliability.support import integrity, new_collection, run_cli

pytestmark = pytest.mark.slow

ROWS = 40  # over several batches (HANDOVER_ROWS is made small below)

MOMENTS: list[tuple[str, Moment, bool]] = [
    ("before the first batch", [("^INSERT INTO questions", 1)], False),
    ("between a batch's questions and its cards", [("^INSERT INTO cards", 2)], False),
    ("in the third batch", [("^INSERT INTO questions", 3)], False),
    ("just before the commit", [("^COMMIT", 1)], False),
    ("after the commit, before the report", [("^COMMIT", 1), ("^<stdout> .*stored as", 1)], True),
]


def _counts(db: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(str(db))
    try:
        return (
            conn.execute("SELECT count(*) FROM decks WHERE kind = 'imported'").fetchone()[0],
            conn.execute("SELECT count(*) FROM questions").fetchone()[0],
            conn.execute("SELECT count(*) FROM cards WHERE deck_id LIKE 'import-%'").fetchone()[0],
        )
    finally:
        conn.close()


def test_kill_while_streaming_an_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(anki_text, "HANDOVER_ROWS", 8)  # the forked child inherits it
    path = tmp_path / "deck.csv"
    path.write_text("".join(f"Question {i}?,Answer {i}\n" for i in range(ROWS)), encoding="utf-8")
    for trial, (name, moment, kept) in enumerate(MOMENTS):
        db = new_collection(tmp_path / f"c{trial}.dlquiz")
        done = run_killable(["--db", str(db), "import", str(path)], moment)
        assert done.code == -signal.SIGKILL, f"{name}: not killed ({done.code}): {done.err}"
        assert integrity(db) == "ok", name
        assert _counts(db) == ((1, ROWS, ROWS) if kept else (0, 0, 0)), name
        again = run_cli(capsys, "--db", str(db), "import", str(path))
        assert again.code == 0, f"{name}: {again.err}"
        assert _counts(db) == (1, ROWS, ROWS), name
        assert f"{0 if kept else ROWS} new" in again.out, f"{name}: {again.out}"
