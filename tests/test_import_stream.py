"""storage.import_stream: a text file stored while it is read gives exactly the usual rows.

``dlquiz import`` of a text file into a new deck stores each batch the reader
hands over (storage/import_stream.py).  Every case here imports the same file
twice: by the command, which streams, and by ``read_file`` then ``store_read``,
the one store path of the window; the two collections must hold the same decks,
questions, cards and marks.  The cases that must not stream (an update, a
second topic, a failure on the way) must still give the usual rows, and a file
refused after reading must leave nothing behind.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.core.generate import generate_questions
from dlquiz.importers import anki_text, read_file
from dlquiz.storage import import_stream
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.import_service import store_read
from tests.helpers import open_test_collection
from tests.reliability.support import run_cli

# Every kind of row the fast path meets: plain cards (typed, number, flashcard),
# rows it leaves to the full reading (markup, a cloze with two numbers, an entity).
ROWS = (
    "Capital of Peru?,Lima\n"
    "Year of AlexNet?,2012\n"
    'Explain ReLU,"It passes positive values and zeroes the rest, so gradients live."\n'
    "<b>Bold</b> front?,an answer\n"
    "AlexNet won in {{c1::2012}} with {{c2::eight}} layers,\n"
    "Dropout fights?,overfitting\n"
    "Tom &amp; Jerry?,a cartoon\n"
    "How many layers in ResNet-152?,152\n"
)


def _dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(str(db))
    try:
        return {
            "decks": conn.execute(
                "SELECT id, name, kind, source, format, enabled, content_hash, deleted_at,"
                " new_per_day, new_as_choice FROM decks WHERE kind = 'imported' ORDER BY id"
            ).fetchall(),
            "questions": conn.execute(
                "SELECT id, deck_id, position, payload, source FROM questions ORDER BY id"
            ).fetchall(),
            "cards": conn.execute(
                "SELECT question_id, deck_id, topic, qtype, phase, step, stability, difficulty,"
                " due, last_review, reps, lapses, new_rank, suspended, retired, reset_at"
                " FROM cards ORDER BY question_id"
            ).fetchall(),  # the chapter's too: new ranks follow them
            "marks": conn.execute("SELECT deck_id FROM sync_content_changes").fetchall(),
        }
    finally:
        conn.close()


def _usual(
    db: Path, files: list[Path], deck: str | None = None, *, skip_bad_rows: bool = False
) -> dict[str, list[Any]]:
    """The files stored by read_file and store_read, the window's path."""
    collection = open_test_collection(db, FakeClock())
    QuestionBank(collection)  # the chapter's cards, as every command has them
    try:
        for path in files:
            imported = read_file(path, deck_name=deck, skip_bad_rows=skip_bad_rows)
            store_read(
                collection,
                imported,
                generate_questions(imported.deck),
                source=str(path.resolve()),
                deck_name=deck,
                as_new=False,
            )
    finally:
        collection.close(backup=False)
    return _dump(db)


@pytest.fixture
def streamed_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the command falls back to the usual path."""

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the import did not stream")

    monkeypatch.setattr(import_stream, "store_read", refused)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anki_text, "HANDOVER_ROWS", 3)  # several batches for a small file


@pytest.mark.parametrize(
    ("header", "deck"),
    [
        ("", None),
        ("#deck:Vision papers\n", None),
        ("#separator:Comma\n#notetype:Basic (type in the answer)\n", None),
        ("", "My own name"),
        ("#deck:Vision papers\n", "My own name"),
    ],
    ids=["plain", "deck header", "typed note type", "chosen name", "header and chosen name"],
)
@pytest.mark.usefixtures("streamed_only", "small_batches")
def test_a_streamed_import_stores_what_the_usual_path_stores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, deck: str | None
) -> None:
    path = tmp_path / "deck.csv"
    path.write_text(header + ROWS * 3, encoding="utf-8")  # repeats: "-2" ids, skipped copies
    chosen = [] if deck is None else ["--deck", deck]
    done = run_cli(capsys, "--db", str(tmp_path / "a.dlquiz"), "import", str(path), *chosen)
    assert done.code == 0, done.err
    streamed = _dump(tmp_path / "a.dlquiz")
    assert len(streamed["questions"]) >= 9 and len(streamed["cards"]) > 9
    assert streamed == _usual(tmp_path / "b.dlquiz", [path], deck)


@pytest.mark.usefixtures("small_batches")
def test_an_update_of_a_deck_takes_the_usual_path_and_keeps_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "v1" / "deck.csv", tmp_path / "v2" / "deck.csv"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_text(ROWS, encoding="utf-8")
    # The second release drops one card, changes an answer and adds one.
    second.write_text(
        ROWS.replace("Dropout fights?,overfitting\n", "").replace("Lima", "Lima city")
        + "New card?,yes\n",
        encoding="utf-8",
    )
    db = tmp_path / "a.dlquiz"
    assert run_cli(capsys, "--db", str(db), "import", str(first)).code == 0
    done = run_cli(capsys, "--db", str(db), "import", str(second))
    assert done.code == 0, done.err
    assert "1 new" in done.out and "1 changed" in done.out and "1 retired" in done.out
    assert _dump(db) == _usual(tmp_path / "b.dlquiz", [first, second])


@pytest.mark.parametrize(
    "header",
    [
        "#separator:Comma\n#deck column:3\n",  # topics by row
        "#separator:Comma\n#html:true\n",  # every field read as HTML
        "#separator:Comma\n#notetype:Basic (and reversed card)\n",  # two cards a row
    ],
    ids=["deck column", "html", "reversed"],
)
@pytest.mark.usefixtures("small_batches")
def test_a_file_off_the_fast_path_is_stored_the_usual_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str
) -> None:
    path = tmp_path / "topics.csv"
    path.write_text(header + "".join(f"q{i}?,{i},T{i % 2}\n" for i in range(8)), encoding="utf-8")
    done = run_cli(capsys, "--db", str(tmp_path / "a.dlquiz"), "import", str(path))
    assert done.code == 0, done.err
    assert _dump(tmp_path / "a.dlquiz") == _usual(tmp_path / "b.dlquiz", [path])


@pytest.mark.usefixtures("small_batches")
def test_a_failure_while_streaming_falls_back_to_the_usual_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    original = import_stream._insert

    def fails_second(conn: sqlite3.Connection, batch: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        original(conn, batch)

    monkeypatch.setattr(import_stream, "_insert", fails_second)
    path = tmp_path / "deck.csv"
    path.write_text(ROWS, encoding="utf-8")
    done = run_cli(capsys, "--db", str(tmp_path / "a.dlquiz"), "import", str(path))
    assert done.code == 0, done.err
    assert len(calls) >= 2  # it streamed, and failed on the way
    assert _dump(tmp_path / "a.dlquiz") == _usual(tmp_path / "b.dlquiz", [path])


@pytest.mark.usefixtures("small_batches")
def test_a_file_refused_after_streaming_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "a.dlquiz"
    kept = tmp_path / "kept.csv"
    kept.write_text("Kept?,yes\n", encoding="utf-8")
    assert run_cli(capsys, "--db", str(db), "import", str(kept)).code == 0
    before = _dump(db)
    # Good rows first (several batches are written), then a row with one field.
    bad = tmp_path / "bad.csv"
    bad.write_text(ROWS + "only one field\n", encoding="utf-8")
    done = run_cli(capsys, "--db", str(db), "import", str(bad))
    assert done.code == 1
    assert "bad.csv:9: only 1 field" in done.err and "--skip-bad-rows" in done.err
    # An unclosed quote that swallows the rest of the file refuses it too.
    broken = tmp_path / "broken.csv"
    broken.write_text(ROWS + 'Open?,"never closed\n' + "line\n" * 60, encoding="utf-8")
    done = run_cli(capsys, "--db", str(db), "import", str(broken))
    assert done.code == 1 and "closing quote" in done.err
    assert _dump(db) == before


@pytest.mark.usefixtures("streamed_only", "small_batches")
def test_skipped_bad_rows_stream_the_good_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deck.csv"
    path.write_text(ROWS + "only one field\n" + ROWS.replace("?", "??"), encoding="utf-8")
    done = run_cli(
        capsys, "--db", str(tmp_path / "a.dlquiz"), "import", str(path), "--skip-bad-rows"
    )
    assert done.code == 0, done.err
    assert "1 bad row left out" in done.out
    assert _dump(tmp_path / "a.dlquiz") == _usual(tmp_path / "b.dlquiz", [path], skip_bad_rows=True)


def test_a_dry_run_stores_nothing_and_makes_no_collection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deck.csv"
    path.write_text(ROWS, encoding="utf-8")
    db = tmp_path / "a.dlquiz"
    done = run_cli(capsys, "--db", str(db), "import", "--dry-run", str(path))
    assert done.code == 0 and "would import" in done.out
    assert not db.exists()
    refused = tmp_path / "refused.csv"
    refused.write_text("only one field\n", encoding="utf-8")
    assert run_cli(capsys, "--db", str(db), "import", str(refused)).code == 1
    assert not db.exists()  # nothing to store: no collection made


@pytest.mark.usefixtures("small_batches")
def test_two_files_into_one_deck_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The first makes the deck (streamed); the second updates it (the usual path).
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text(ROWS, encoding="utf-8")
    two.write_text("Another?,card\nAnd?,more\n", encoding="utf-8")
    db = tmp_path / "a.dlquiz"
    done = run_cli(capsys, "--db", str(db), "import", str(one), str(two), "--deck", "Both")
    assert done.code == 0, done.err
    assert _dump(db) == _usual(tmp_path / "b.dlquiz", [one, two], "Both")
