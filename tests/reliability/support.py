"""Shared builders for the reliability suite: run dlquiz in-process, make reviews."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from dlquiz.cli.main import main
from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import Rating
from dlquiz.storage.collection import Collection, open_collection
from tests.helpers import study_service


@dataclass(frozen=True, slots=True)
class Run:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """``dlquiz ARGV`` in this process, as a learner's shell would run it."""
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def answer_some(collection: Collection, count: int) -> None:
    """Answer ``count`` cards with Good, each its own committed review."""
    service = study_service(collection)
    for _ in range(count):
        card = service.next_card()
        assert card is not None
        service.record(card, rating=Rating.GOOD, answer="x", grade=None, duration_ms=10)


def new_collection(path: Path, *, reviews: int = 0, clock: FakeClock | None = None) -> Path:
    """A closed collection at ``path`` holding ``reviews`` reviews."""
    collection = open_collection(path, clock=clock or FakeClock())
    try:
        answer_some(collection, reviews)
    finally:
        collection.close(backup=False)
    return path


def review_count(path: Path) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(str(path))
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()
