"""File > Decks in the window: disable, rename and delete, on a real collection."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from dlquiz.gui.main_window import MainWindow
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.decks_store import list_decks
from dlquiz.storage.import_service import store_deck
from dlquiz.storage.schema import CardRow
from tests.helpers import open_test_collection, small_deck


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
