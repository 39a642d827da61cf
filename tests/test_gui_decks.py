"""File > Decks in the window: disable, rename and delete, on a real collection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from dlquiz.core.clock import FakeClock
from dlquiz.gui.decks_dialog import DecksDialog
from dlquiz.gui.main_window import MainWindow
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.decks_store import list_decks
from dlquiz.storage.import_service import store_deck
from dlquiz.storage.schema import CardRow
from tests.gui_keys import focused, press, shown_window
from tests.helpers import (
    collection_with_small_deck,
    open_test_collection,
    small_deck,
    store_questions,
)


def test_disable_rename_and_delete(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "c.dlquiz")
    _deck, questions = small_deck()
    store_deck(
        collection,
        questions,
        name="Extra",
        source="x",
        fmt="csv",
        media={},
        as_new=False,
        now=collection.clock.now(),
    )
    win = MainWindow(collection, QuestionBank(collection))
    qtbot.addWidget(win)
    dialog = win.show_decks()
    assert dialog.list.count() == 2
    builtin = dialog.list.item(0)  # built-in decks come first
    dialog.list.setCurrentItem(builtin)
    assert not dialog.delete_button.isEnabled()
    builtin.setCheckState(Qt.CheckState.Unchecked)  # disable the chapter deck
    with collection.session() as s:
        assert [d.enabled for d in list_decks(s)] == [False, True]
    assert "Extra" in win.study.deck_names.values()
    assert "The Deep Learning Revolution (2010-2018)" not in win.study.deck_names.values()
    dialog.list.setCurrentRow(1)
    dialog.rename_current("Renamed deck")
    assert "Renamed deck" in win.study.deck_names.values()
    dialog.list.setCurrentRow(1)
    dialog.delete_current(confirm=False)
    with collection.session() as s:
        assert [d.name for d in list_decks(s)] == ["The Deep Learning Revolution (2010-2018)"]
        kept = s.scalar(
            select(func.count()).select_from(CardRow).where(CardRow.deck_id == "import-extra")
        )
    assert kept == 4  # the cards and their history stay (retired) unless purged
    win.close()


def test_a_deck_limit_set_in_the_dialog_reaches_the_overview(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.gui_keys import focused, press

    collection = collection_with_small_deck(tmp_path / "c.dlquiz", FakeClock())
    win = MainWindow(collection, QuestionBank(collection))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    dialog = win.show_decks()
    dialog.list.setCurrentRow(1)  # the imported deck
    assert dialog.limit_box.text().startswith("Default")
    press(Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # the limit's mnemonic
    assert focused() is dialog.limit_box
    press(Qt.Key.Key_Up)
    press(Qt.Key.Key_Up)  # from Default to 1
    assert dialog.limit_box.value() == 1
    with collection.session() as s:
        assert [d.new_per_day for d in list_decks_rows(s)] == [None, 1]
    dialog.done(0)
    overview = win.service.overview()
    extra = next(d for d in overview.decks if d.name == "extra")
    assert extra.limit == 1 and extra.own_limit and extra.new == 1 and extra.held_back
    card = win.service.next_card([extra.deck_id])
    assert card is not None and card.question.deck == extra.deck_id
    win.service.answer(card, "", duration_ms=3000)  # its one new card of the day
    win.study.show_overview()
    note = win.study.overview_page.limit_label.text()
    assert "extra: no more new cards today; 1 new card a day is its own limit" in note
    assert "File > Decks" in note
    win.close()


def list_decks_rows(session):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from dlquiz.storage.schema import DeckRow

    return list(session.scalars(select(DeckRow).order_by(DeckRow.kind, DeckRow.name)))


# The File menu opened by keys asks the platform to raise and grab; offscreen cannot.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_long_deck_names_fit_the_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "n.dlquiz", FakeClock())
    long_name = "LucasWolfgang+QAS-Editor__test__datasets__anki__math"
    store_questions(collection, small_deck("import-long")[1], long_name)
    win = shown_window(qtbot, collection)
    try:
        press(Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
        QTest.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_D)  # &Decks…
        qtbot.waitUntil(lambda: bool(win.findChildren(DecksDialog)))
        dialog = win.findChildren(DecksDialog)[-1]
        qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
        assert dialog.frameGeometry().width() <= dialog.screen().availableGeometry().width()
        box = dialog.list
        assert box.horizontalScrollBarPolicy() is Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        lines = [box.item(row) for row in range(box.count())]
        assert any(long_name in item.text() for item in lines)
        for item in lines:
            assert item.toolTip() == item.text()  # the whole line, should it be elided
            width = box.fontMetrics().horizontalAdvance(item.text())
            # The whole line fits beside its check box (no "…" at this screen's width).
            assert box.visualItemRect(item).left() + width <= box.viewport().width()
        assert focused() is box
        press(Qt.Key.Key_Escape)
    finally:
        win.close()
