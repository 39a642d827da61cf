"""A collection whose review log comes from a simulated learner with known memory."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import insert, select

from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import SchedulerSettings
from dlquiz.core.simulate import simulate
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import Collection
from dlquiz.storage.rebuild import rebuild_cards
from dlquiz.storage.schema import CardRow, ReviewRow
from tests.helpers import open_test_collection, study_service

START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
# 'Today' for a file seeded with 120 days of history from START.
AFTER_HISTORY = START + timedelta(days=121)


def seed_history(
    collection: Collection,
    truth: Sequence[float],
    *,
    cards: int = 300,
    days: int = 120,
    new_per_day: int = 12,
    seed: int = 1,
) -> dict[int, int]:
    """Store a simulated log on the chapter deck's cards; returns simulated id -> card id."""
    study_service(collection).counts()  # the chapter deck's cards exist from here on
    histories, _days = simulate(
        truth=truth,
        schedule=SchedulerSettings(),
        cards=cards,
        days=days,
        new_per_day=new_per_day,
        start=START,
        seed=seed,
    )
    with collection.session() as s:
        ids = list(s.scalars(select(CardRow.id).order_by(CardRow.id)))
    assert len(ids) >= len(histories), "the chapter deck has fewer cards than simulated"
    mapping = {sim: ids[i] for i, (sim, _h) in enumerate(histories)}
    rows = [
        {
            "card_id": mapping[sim],
            "reviewed_at": at,
            "rating": rating,
            "kind": "study",
            "was_new": i == 0,
        }
        for sim, history in histories
        for i, (rating, at) in enumerate(history)
    ]
    with collection.session() as s:
        s.execute(insert(ReviewRow.__table__), rows)
    rebuild_cards(collection, include_new=True, set_counts=True)
    return mapping


def seeded_file(
    factory: pytest.TempPathFactory,
    truth: Sequence[float],
    *,
    now: datetime,
    cards: int = 250,
    days: int = 120,
) -> Path:
    """A collection file holding a simulated log, built once per test module."""
    path = factory.mktemp("seeded") / "c.dlquiz"
    collection = open_test_collection(path, FakeClock(now))
    seed_history(collection, truth, cards=cards, days=days)
    collection.close(backup=False)
    return path


def open_copy(seeded: Path, folder: Path, *, now: datetime) -> Collection:
    """A fresh copy of a seeded file, opened at ``now`` (each test may change its copy)."""
    copy = folder / "c.dlquiz"
    copy.write_bytes(seeded.read_bytes())
    return open_test_collection(copy, FakeClock(now))


@contextmanager
def copied_bank(seeded: Path, folder: Path, *, now: datetime) -> Iterator[QuestionBank]:
    """The question bank of a fresh copy of ``seeded``, closed (without a backup) afterwards."""
    collection = open_copy(seeded, folder, now=now)
    try:
        yield QuestionBank(collection)
    finally:
        if not collection.closed:
            collection.close(backup=False)


def press(qtbot: Any, widget: QWidget) -> None:
    """Focus ``widget`` and press Space on whatever has the focus, as a learner would."""
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, Qt.Key.Key_Space)
