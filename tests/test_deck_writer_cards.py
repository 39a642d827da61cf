"""storage.deck_writer: the cards SQLite makes from just-stored rows equal those made row by row."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.core.model import Question
from dlquiz.core.serialize import question_to_dict
from dlquiz.importers import read_file
from dlquiz.storage import deck_writer
from dlquiz.storage.deck_list import IMPORTED
from tests.helpers import open_test_collection

DECK = "import-x"
FIRST = 7  # the deck already holds rows before this position
ROWS = (
    "When was AlexNet published?,2012\n"
    "Who led the team?,Geoffrey Hinton\n"
    'Why did it win?,"Depth, ReLU, dropout and two GPUs, trained on ImageNet."\n'
    "AlexNet won in {{c1::2012}} with {{c2::eight}} layers,\n"
    "What is ReLU?,an activation function\n"
)


def _questions(tmp_path: Path, header: str) -> list[Question]:
    path = tmp_path / "deck.csv"
    path.write_text(header + ROWS, encoding="utf-8")
    return list(read_file(path, format="anki-text").deck.questions)


def _cards(
    tmp_path: Path, name: str, questions: list[Question], *, stored_from: int | None
) -> tuple[deck_writer.SyncReport, list[tuple[object, ...]]]:
    collection = open_test_collection(tmp_path / name, FakeClock())
    with collection.write() as conn:
        now = datetime(2026, 12, 1, tzinfo=UTC)
        deck_writer.insert_deck(conn, DECK, name="x", kind=IMPORTED, source="", fmt="csv", now=now)
        rows = [
            (q.id, DECK, FIRST + i, orjson.dumps(question_to_dict(q, compact=True)).decode(), "")
            for i, q in enumerate(questions)
        ]
        deck_writer.insert_rows(conn, "questions", deck_writer._NEW_QUESTION, rows, sort_by=0)
        report = deck_writer.sync_cards(
            conn, DECK, questions, changed_keys=set(), stored_from=stored_from
        )
        cards = conn.execute(
            "SELECT question_id, deck_id, topic, qtype, phase, step, stability, difficulty, due,"
            " last_review, reps, lapses, new_rank, suspended, retired, reset_at FROM cards"
            " WHERE deck_id = ? ORDER BY question_id",
            (DECK,),
        ).fetchall()
    collection.close(backup=False)
    return report, cards


@pytest.mark.parametrize("header", ["", "#deck:Vision\n"], ids=["no topic", "one topic"])
def test_cards_made_by_sqlite_equal_cards_made_row_by_row(
    tmp_path: Path, header: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = _questions(tmp_path, header)
    assert len({q.type for q in questions}) >= 3  # typed, flashcard and cloze
    taken: list[int] = []
    original = deck_writer._cards_of_stored

    def spy(*args: object) -> None:
        taken.append(1)
        original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(deck_writer, "_cards_of_stored", spy)
    by_sqlite = _cards(tmp_path, "a.dlquiz", questions, stored_from=FIRST)
    by_rows = _cards(tmp_path, "b.dlquiz", questions, stored_from=None)
    assert taken == [1]  # only the first took the SQLite path
    assert by_sqlite == by_rows
    assert len(by_sqlite[1]) == len(questions) and by_sqlite[0].added == len(questions)
    ranks = [row[12] for row in sorted(by_sqlite[1], key=lambda row: row[12])]
    by_rank = [row[0] for row in sorted(by_sqlite[1], key=lambda row: row[12])]
    assert by_rank == [q.id for q in questions]  # new cards come in the file's order
    assert ranks == list(range(ranks[0], ranks[0] + len(questions)))


def test_a_deck_with_several_topics_takes_the_row_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "deck.csv"
    path.write_text(
        "#separator:Comma\n#deck column:3\na?,1,One\nb?,2,One\nc?,3,Two\nd?,4,Two\n",
        encoding="utf-8",
    )
    questions = list(read_file(path).deck.questions)
    assert len({q.topic for q in questions}) == 2
    monkeypatch.setattr(deck_writer, "_cards_of_stored", None)  # would fail if called
    report, cards = _cards(tmp_path, "c.dlquiz", questions, stored_from=FIRST)
    assert report.added == 4
    ranks = {row[0]: row[12] for row in cards}
    # Topics take turns: One, Two, One, Two.
    assert sorted(ranks, key=ranks.__getitem__) == [questions[i].id for i in (0, 2, 1, 3)]
