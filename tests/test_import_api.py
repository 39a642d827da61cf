"""The public API: detection, forced formats, progress, cancellation, counts."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from dlquiz.core.problems import InputError
from dlquiz.importers import FORMATS, ImportCancelled, detect_format, read_file

GIFT = "Who won?{=AlexNet ~VGG}\n"
AIKEN = "Who won?\nA) AlexNet\nB) VGG\nANSWER: A\n"


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("deck.apkg", b"PK\x03\x04rest", "apkg"),
        ("x.colpkg", b"PK\x03\x04rest", "apkg"),
        ("collection.anki2", b"SQLite format 3\x00", "apkg"),
        ("deck.yaml", b"id: x\n", "yaml"),
        ("q.txt", GIFT.encode(), "gift"),
        ("q.txt", AIKEN.encode(), "aiken"),
        ("q.txt", b"#separator:tab\na\tb\n", "anki-text"),
        ("q.txt", b"front\tback\nf2\tb2\n", "anki-text"),
        ("q.csv", b"front,back\nf2,b2\n", "csv"),
        ("q.xml", b'<?xml version="1.0"?><quiz/>', "moodle-xml"),
        ("q.txt", "\ufeff<quiz></quiz>".encode(), "moodle-xml"),
        ("q.txt", b"Paris is {1:SHORTANSWER:=Paris}", "moodle-cloze"),
        ("notes.md", b"Just a sentence.", "unknown"),
    ],
)
def test_detect_format(name: str, head: bytes, expected: str) -> None:
    assert detect_format(Path(name), head) == expected


def test_formats_are_listed() -> None:
    assert FORMATS == ("yaml", "anki-text", "csv", "apkg", "gift", "aiken", "moodle-xml")


def test_format_can_be_forced(tmp_path: Path) -> None:
    path = tmp_path / "looks-like-gift.txt"
    path.write_text("Who won? {=AlexNet}\tanswer\n", encoding="utf-8")
    assert read_file(path).format == "gift"
    forced = read_file(path, format="anki-text", deck_name="My deck")
    assert forced.format == "anki-text"
    assert forced.deck.name == "My deck"
    assert forced.deck.id == "import-my-deck"
    assert forced.deck.questions[0].answer == "answer"


def test_unknown_forced_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.txt"
    path.write_text(GIFT, encoding="utf-8")
    with pytest.raises(InputError, match="unknown format 'docx'"):
        read_file(path, format="docx")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be opened"):
        read_file(tmp_path / "absent.txt")


def test_progress_is_reported_in_order_and_finishes(tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    path.write_text("".join(f"front {i}\tback {i}\n" for i in range(5000)), encoding="utf-8")
    seen: list[float] = []
    imported = read_file(path, progress=seen.append)
    assert len(imported.deck.questions) == 5000  # one question per row
    assert seen == sorted(seen)
    assert seen[-1] == 1.0
    assert all(0.0 <= value <= 1.0 for value in seen)
    assert len(seen) <= 101
    steps = [b - a for a, b in zip(seen, seen[1:], strict=False)]
    assert all(step >= 0.01 for step in steps[:-1])


def test_cancel_stops_the_import(tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    path.write_text("".join(f"front {i}\tback {i}\n" for i in range(5000)), encoding="utf-8")
    cancel = threading.Event()

    def cancel_midway(fraction: float) -> None:
        if fraction > 0.2:
            cancel.set()

    with pytest.raises(ImportCancelled):
        read_file(path, progress=cancel_midway, cancel=cancel)


def test_cancel_before_start(tmp_path: Path) -> None:
    path = tmp_path / "q.txt"
    path.write_text(GIFT, encoding="utf-8")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelled):
        read_file(path, cancel=cancel)


def test_counts_and_topics(tmp_path: Path) -> None:
    path = tmp_path / "q.gift"
    path.write_text(
        "$CATEGORY: $course$/top/Nets\n\nWho won?{=AlexNet ~VGG}\n\nReLU is new.{F}\n",
        encoding="utf-8",
    )
    imported = read_file(path)
    assert imported.counts() == {"multiple_choice": 1, "true_false": 1}
    assert imported.deck.topics == ("Nets",)
    assert imported.deck.source == str(path)
