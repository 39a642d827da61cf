"""The browser's table model: Qt's model checks, paging, sorting and cell texts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from dlquiz.chapter import chapter
from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import Rating
from dlquiz.gui.browse_model import COLUMNS, BrowseModel
from dlquiz.storage.browse_actions import set_suspended
from dlquiz.storage.browse_query import BrowseFilter, BrowseQuery, SortKey
from dlquiz.storage.collection import Collection
from dlquiz.storage.study import StudyService
from tests.helpers import open_test_collection, study_service

CHAPTER_CARDS = len(chapter()[1])  # every chapter question is one card


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))


@pytest.fixture
def collection(tmp_path: Path, clock: FakeClock) -> Iterator[Collection]:
    opened = open_test_collection(tmp_path / "c.dlquiz", clock)
    yield opened
    opened.close(backup=False)


@pytest.fixture
def service(collection: Collection) -> StudyService:
    service = study_service(collection)
    for rating in (Rating.GOOD, Rating.EASY, Rating.AGAIN, Rating.EASY, Rating.HARD):
        card = service.next_card()
        assert card is not None
        service.record(card, rating=rating, answer="x", grade=None, duration_ms=1000)
    return service


@pytest.fixture
def model(service: StudyService) -> BrowseModel:
    model = BrowseModel(BrowseQuery(service.bank, zone=UTC), page_size=64)
    model.reload()
    return model


def column(key: SortKey) -> int:
    return next(i for i, (k, _h, _t) in enumerate(COLUMNS) if k is key)


def test_passes_qt_model_checks_while_fetching_and_sorting(qtmodeltester, model) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(model)
    assert 64 <= model.rowCount() < model.total  # the tester fetched some pages, not all
    model.sort(column(SortKey.RETRIEVABILITY), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.set_filter(BrowseFilter(text="alexnet"))
    qtmodeltester.check(model)


def test_rows_arrive_a_page_at_a_time_until_every_card_is_shown(model: BrowseModel) -> None:
    root = QModelIndex()
    assert model.rowCount() == 64 and model.canFetchMore(root)
    pages = 1
    while model.canFetchMore(root):
        before = model.rowCount()
        model.fetchMore(root)
        assert model.rowCount() - before <= 64
        pages += 1
    assert model.rowCount() == model.total == CHAPTER_CARDS
    assert pages == -(-CHAPTER_CARDS // 64)
    ids = [model.card_id(r) for r in range(model.rowCount())]
    assert ids == model.query.card_ids(BrowseFilter(), sort=SortKey.DUE)


def test_header_click_sorts_in_sql_both_ways(model: BrowseModel) -> None:
    stability = column(SortKey.STABILITY)
    model.sort(stability, Qt.SortOrder.DescendingOrder)
    shown = [model.browse_row(r).stability for r in range(5)]
    assert all(value is not None for value in shown)
    assert shown == sorted(shown, reverse=True)  # type: ignore[type-var]
    model.sort(stability, Qt.SortOrder.AscendingOrder)
    shown = [model.browse_row(r).stability for r in range(5)]
    assert shown == sorted(shown)  # type: ignore[type-var]
    assert model.headerData(stability, Qt.Orientation.Horizontal) == "Stability"
    tip = model.headerData(stability, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "90 %" in tip


def test_cells_say_state_due_and_recall_in_words(
    model: BrowseModel, service: StudyService, collection: Collection
) -> None:
    model.sort(column(SortKey.DUE), Qt.SortOrder.AscendingOrder)
    first = model.browse_row(0)
    state = model.index(0, column(SortKey.STATE)).data()
    assert state == first.state.capitalize()
    assert model.index(0, column(SortKey.RETRIEVABILITY)).data().endswith("%")
    # Learning cards due today show the time of day.
    assert model.index(0, column(SortKey.DUE)).data() == first.due.strftime("%H:%M")  # type: ignore[union-attr]
    new_row = next(r for r in range(model.rowCount()) if model.browse_row(r).phase == 0)
    assert model.index(new_row, column(SortKey.DUE)).data().startswith("New #")
    assert model.index(new_row, column(SortKey.RETRIEVABILITY)).data() == "—"
    set_suspended(collection, [first.card_id], suspended=True)
    model.refresh_cards([first.card_id])
    assert model.index(0, column(SortKey.STATE)).data().endswith("(suspended)")
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).italic()
    assert model.index(0, 0).data(BrowseModel.CARD_ID_ROLE) == first.card_id


def test_an_empty_search_gives_an_empty_table(qtmodeltester, model: BrowseModel) -> None:  # type: ignore[no-untyped-def]
    model.set_filter(BrowseFilter(text="no card says this qqqzz"))
    assert model.rowCount() == 0 and model.total == 0
    assert not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
