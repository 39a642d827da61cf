"""Counted nouns read as a person writes them, in the window and the terminal alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.core.wording import count, plural


@pytest.mark.parametrize(
    ("n", "noun", "text"),
    [
        (0, "question", "0 questions"),
        (1, "question", "1 question"),
        (2, "question", "2 questions"),
        (1, "bad row", "1 bad row"),
        (3, "bad row", "3 bad rows"),
        (2, "new card", "2 new cards"),
        (2, "match", "2 matches"),
        (2, "box", "2 boxes"),
        (2, "entry", "2 entries"),
        (2, "day", "2 days"),
        (12_345, "answer", "12,345 answers"),
        (-1, "day", "-1 day"),
    ],
)
def test_count(n: int, noun: str, text: str) -> None:
    assert count(n, noun) == text


@pytest.mark.parametrize(("n", "word"), [(1, "was"), (2, "were"), (1, "has"), (3, "have")])
def test_verbs_agree(n: int, word: str) -> None:
    assert plural(n, {"was": "was", "were": "was", "has": "has", "have": "has"}[word]) == word


def test_a_refused_file_counts_its_one_good_row_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dlquiz.cli.main import main

    deck = tmp_path / "two.csv"
    deck.write_text("front,back\nA,1\nB\n", encoding="utf-8")
    assert main(["--db", str(tmp_path / "c.dlquiz"), "import", str(deck)]) == 1
    err = capsys.readouterr().err
    assert "1 bad row (listed above); --skip-bad-rows imports the other 1 question" in err
    assert "1 questions" not in err
