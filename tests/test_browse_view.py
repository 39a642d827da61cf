"""The Browse tab in the main window: filters, keyboard actions, study now and history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, QStandardPaths, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from dlquiz.chapter import chapter
from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import Rating
from dlquiz.gui.browse_filters import SEARCH_DELAY_MS
from dlquiz.gui.browse_model import COLUMNS
from dlquiz.gui.browse_view import BrowseView
from dlquiz.gui.main_window import MainWindow
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.browse_query import BrowseFilter, SortKey
from dlquiz.storage.collection import Collection
from dlquiz.storage.schema import CardRow
from tests.helpers import open_test_collection

CHAPTER_CARDS = len(chapter()[1])  # every chapter question is one card


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path: Path) -> Iterator[None]:
    """Keep column choices and geometry out of the real user's settings."""
    user = QSettings.Scope.UserScope
    usual = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    QSettings.setPath(QSettings.Format.NativeFormat, user, str(tmp_path / "qsettings"))
    yield
    QSettings.setPath(QSettings.Format.NativeFormat, user, usual)


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    win = MainWindow(collection, QuestionBank(collection))
    win.service.zone = UTC
    win.browse.query.zone = UTC
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # window shortcuts need an active window
    yield win
    if not collection.closed:
        collection.close(backup=False)


def open_browse(win: MainWindow) -> BrowseView:
    win.tabs.setCurrentWidget(win.browse)  # showing the tab runs the search
    assert win.browse.model.total > 0
    return win.browse


def answer_some(win: MainWindow, count: int) -> list[int]:
    done = []
    for _ in range(count):
        card = win.service.next_card()
        assert card is not None
        win.service.record(card, rating=Rating.GOOD, answer="x", grade=None, duration_ms=1000)
        done.append(card.card_id)
    return done


def card_row(collection: Collection, card_id: int) -> CardRow:
    with collection.session() as s:
        row = s.get(CardRow, card_id)
        assert row is not None
        return row


def select_rows(view: BrowseView, rows: list[int]) -> None:
    selection = view.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.clearSelection()
    selection.setCurrentIndex(view.model.index(rows[0], 0), flags)
    for row in rows[1:]:
        selection.select(view.model.index(row, 0), flags)


def test_the_tab_lists_cards_and_the_filters_narrow_them(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = open_browse(window)
    assert view.count_label.text() == f"{CHAPTER_CARDS} cards found"
    assert window.tabs.indexOf(window.browse) == window.tabs.indexOf(window.exam) + 1
    assert window.tabs.indexOf(window.stats) == window.tabs.indexOf(window.browse) + 1
    view.state_box.setCurrentIndex(view.state_box.findData("review"))
    assert view.model.total == 0 and view.count_label.text() == "0 cards found"
    view.state_box.setCurrentIndex(view.state_box.findData("new"))
    assert view.model.total == CHAPTER_CARDS
    view.type_box.setCurrentIndex(view.type_box.findData("ordering"))
    assert view.model.total == len(view.query.card_ids(BrowseFilter(qtype="ordering"))) > 0
    view.type_box.setCurrentIndex(0)
    view.search_edit.setFocus()
    qtbot.keyClicks(view.search_edit, "ResNet")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)
    expected = view.query.card_ids(BrowseFilter(state="new", text="ResNet"))
    assert 0 < view.model.total == len(expected) < CHAPTER_CARDS
    assert "resnet" in view.preview.toPlainText().casefold()  # the first match is previewed


def test_typing_searches_after_a_pause(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = open_browse(window)
    view.search_edit.setText("GoogLeNet")
    assert view.model.total == CHAPTER_CARDS  # not yet: the search waits for a pause in typing
    timer = view.filters.pause_timer
    assert timer.isActive() and timer.isSingleShot() and timer.interval() == SEARCH_DELAY_MS
    view.search_edit.setText("GoogLeNet ")  # another key: the pause starts again
    assert timer.isActive() and view.model.total == CHAPTER_CARDS
    timer.stop()
    timer.timeout.emit()  # the pause has passed, without waiting for it
    assert view.model.total == len(view.query.card_ids(BrowseFilter(text="GoogLeNet")))


def test_ctrl_j_suspends_then_unsuspends_the_selection(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = open_browse(window)
    select_rows(view, [0, 1, 2])
    ids = view.selected_card_ids()
    assert len(ids) == 3
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert all(card_row(window.collection, i).suspended for i in ids)
    state_column = next(c for c, (k, _h, _t) in enumerate(COLUMNS) if k is SortKey.STATE)
    assert view.model.index(0, state_column).data() == "New (suspended)"
    assert view.suspend_button.text() == "Unsus&pend"
    assert "3 cards suspended" in view.count_label.text()
    qtbot.keyClick(view.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert not any(card_row(window.collection, i).suspended for i in ids)


def test_reset_asks_first_and_can_clear_the_counts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    studied = answer_some(window, 2)
    view = open_browse(window)
    view.state_box.setCurrentIndex(view.state_box.findData("learning"))
    assert sorted(view.model.card_id(r) for r in range(view.model.rowCount())) == sorted(studied)
    select_rows(view, [0])
    target = view.current_card_id()
    assert target is not None
    box = view.ask_reset()
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert card_row(window.collection, target).phase == 1  # nothing changed
    box = view.ask_reset()
    assert box is not None
    box.checkBox().setChecked(True)
    reset = next(b for b in box.buttons() if b.text() == "Reset")
    reset.click()
    row = card_row(window.collection, target)
    assert row.phase == 0 and row.reps == 0 and row.due is None
    assert "reset to new" in view.count_label.text()


def test_study_now_shows_that_card_in_the_study_tab(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = open_browse(window)
    last = view.model.rowCount() - 1
    select_rows(view, [last])  # a new card far back in the queue
    wanted = view.current_card_id()
    view.table.setFocus()
    with qtbot.waitSignal(view.study_now):
        qtbot.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.study
    assert window.study.card is not None and window.study.card.card_id == wanted
    window.study.submit()  # an empty answer: graded and recorded on that very card
    assert card_row(window.collection, wanted).reps == 1  # type: ignore[arg-type]


def test_history_lists_answers_and_marks_undone_ones(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    card = window.service.next_card()
    assert card is not None
    window.service.record(card, rating=Rating.AGAIN, answer="first", grade=None, duration_ms=500)
    window.service.record(card, rating=Rating.GOOD, answer="second", grade=None, duration_ms=500)
    window.service.undo_last()
    view = open_browse(window)
    assert view.select_card(card.card_id)
    view.table.setFocus()
    qtbot.keyClick(
        view.table,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = view.history_dialog
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    answers = [table.item(r, 6).text() for r in range(table.rowCount())]
    notes = [table.item(r, 7).text() for r in range(table.rowCount())]
    assert answers == ["first", "second"]
    assert notes[0] == "" and notes[1].startswith("undone")
    assert table.item(0, 2).text() == "1 Again"
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Tab)  # Tab leaves the table; arrows move in it
    assert QApplication.focusWidget() is not table
    dialog.close()


def test_tab_leaves_the_card_table(window: MainWindow) -> None:
    view = open_browse(window)
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.table and view.table.currentIndex().row() == 1
    QTest.keyClick(view.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not view.table


def test_columns_can_be_hidden_and_stay_hidden(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = open_browse(window)
    deck = next(c for c, (k, _h, _t) in enumerate(COLUMNS) if k is SortKey.DECK)
    lapses = next(c for c, (k, _h, _t) in enumerate(COLUMNS) if k is SortKey.LAPSES)
    assert view.table.isColumnHidden(deck)  # one deck only: its name says nothing
    window.resize(1600, 1000)  # wide enough that no column folds away for want of room
    qtbot.waitUntil(lambda: not view.table.isColumnHidden(lapses))
    view.columns.toggle(lapses)
    assert view.table.isColumnHidden(lapses)
    view.columns.toggle(0)  # the question column always stays
    assert not view.table.isColumnHidden(0)
    again = BrowseView(view.query)
    qtbot.addWidget(again)
    again.refresh()
    assert again.table.isColumnHidden(lapses) and again.table.isColumnHidden(deck)


def test_every_control_is_named_and_tab_order_follows_the_layout(window: MainWindow) -> None:
    view = open_browse(window)
    controls = [
        w
        for w in view.findChildren(QWidget)
        if isinstance(w, (QComboBox, QLineEdit, QPushButton, QTableView))
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.parent() is not None
        and not isinstance(w.parent(), QComboBox)
    ]
    assert controls and all(w.accessibleName() for w in controls), [
        type(w).__name__ for w in controls if not w.accessibleName()
    ]
    order = []
    widget = view.search_edit
    for _ in range(500):  # the chain also holds labels, scroll bars and viewports
        if widget in (
            view.search_edit,
            view.deck_box,
            view.topic_box,
            view.type_box,
            view.state_box,
            view.table,
            view.suspend_button,
            view.history_button,
        ):
            if widget in order:
                break
            order.append(widget)
        widget = widget.nextInFocusChain()
    assert order == [
        view.search_edit,
        view.deck_box,
        view.topic_box,
        view.type_box,
        view.state_box,
        view.table,
        view.suspend_button,
        view.history_button,
    ]


def test_short_columns_show_their_text_whole(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Dates, types and figures fit their columns; only the long text columns may elide."""
    from PySide6.QtWidgets import QStyle

    answer_some(window, 3)
    window.browse.collection_changed()
    view = open_browse(window)
    style = view.table.style()
    # A view's item pads its text by the focus frame's margin plus one pixel on each side.
    padding = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view.table) + 1)
    metrics = view.table.fontMetrics()
    long_text = {SortKey.QUESTION, SortKey.DECK, SortKey.TOPIC}
    checked = 0
    for column, (key, _title, _tip) in enumerate(COLUMNS):
        if key in long_text or view.table.isColumnHidden(column):
            continue
        width = view.table.horizontalHeader().sectionSize(column)
        for row in range(view.model.rowCount()):
            text = view.model.index(row, column).data()
            assert metrics.horizontalAdvance(str(text)) + padding <= width, (key, text, width)
            checked += 1
    assert checked > 0


def column_of(key: SortKey) -> int:
    return next(c for c, (k, _h, _t) in enumerate(COLUMNS) if k is key)


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1600, 1000)])
def test_the_question_column_gets_the_room(
    qtbot, window: MainWindow, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    """At 1024 px the figures a learner reads least fold away; at 1600 px every column shows."""
    from dlquiz.gui.browse_columns import QUESTION_SHARE
    from tests.gui_keys import press

    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)
    press(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # the Browse tab
    view = window.browse
    assert window.tabs.currentWidget() is view and view.model.total > 0
    header = view.table.horizontalHeader()
    room = view.table.viewport().width()
    qtbot.waitUntil(
        lambda: header.sectionSize(column_of(SortKey.QUESTION)) >= QUESTION_SHARE * room
    )
    shown = {key for c, (key, _h, _t) in enumerate(COLUMNS) if not view.table.isColumnHidden(c)}
    # The columns that say what the card is and when it comes stay at any width.
    assert {
        SortKey.TOPIC,
        SortKey.TYPE,
        SortKey.STATE,
        SortKey.DUE,
        SortKey.RETRIEVABILITY,
    } <= shown
    if width >= 1600:
        assert shown == {key for key, _h, _t in COLUMNS} - {SortKey.DECK}  # one deck: no Deck
    # Nothing runs off the right edge: no sideways scrolling to read a row.
    assert header.length() <= room


def test_a_column_choice_is_kept_at_any_width(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = open_browse(window)
    difficulty = column_of(SortKey.DIFFICULTY)
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: not view.table.isColumnHidden(difficulty))
    view.columns.toggle(difficulty)  # the learner hides it from the header menu
    assert view.table.isColumnHidden(difficulty)
    window.resize(1024, 700)
    window.resize(1700, 1000)
    qtbot.waitUntil(lambda: window.width() == 1700)
    assert view.table.isColumnHidden(difficulty)
    stability = column_of(SortKey.STABILITY)
    window.resize(900, 640)
    qtbot.waitUntil(lambda: window.width() == 900)
    assert not view.table.isColumnHidden(stability)  # chosen: no longer folded for the width
