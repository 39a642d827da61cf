"""The file dialogs, driven by keys: every column whole, the last folder again, suffixes added."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QTreeView
from pytestqt.qtbot import QtBot

from dlquiz.gui.file_dialogs import LAST_FOLDER_KEY, last_folder
from dlquiz.gui.import_dialog import ImportDialog
from tests.gui_keys import fixed_clock, press, shown_window, type_text
from tests.helpers import collection_with_small_deck

CSV = "question,answer\nWhich network won ImageNet in 2012?,AlexNet\n"


def details_of(dialog: QFileDialog) -> QTreeView:
    details = dialog.findChild(QTreeView, "treeView")
    assert details is not None, "Qt's own dialog has a details list"
    return details


# Typing a file name opens the dialog's completer popup, which offscreen Qt cannot raise.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_import_file_dialog_shows_every_column_whole(qtbot: QtBot, tmp_path: Path) -> None:
    """At 1024 px the Date Modified column was cut off at the dialog's right edge."""
    decks = tmp_path / "my decks"
    decks.mkdir()
    (decks / "networks.csv").write_text(CSV, encoding="utf-8")
    QSettings("dlquiz", "dlquiz").setValue(LAST_FOLDER_KEY, str(decks))  # used last time
    win = shown_window(qtbot, collection_with_small_deck(tmp_path / "c.dlquiz", fixed_clock()))
    press(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = win.findChild(QFileDialog)
    assert isinstance(dialog, QFileDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    assert Path(dialog.directory().absolutePath()) == decks
    details = details_of(dialog)
    qtbot.waitUntil(lambda: details.model().rowCount(details.rootIndex()) == 1)  # read in a thread
    header = details.header()
    room = details.viewport().width()
    for column in range(header.count()):
        assert not header.isSectionHidden(column)
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= room, f"column {column} runs past the edge ({right} > {room})"
        assert header.sectionSize(column) >= details.sizeHintForColumn(column), column
    screen = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().width() <= screen.width()
    # The file name box has the keys: type the name, Enter, and the preview opens.
    type_text("networks.csv")
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.findChild(ImportDialog) is not None)
    preview = win.findChild(ImportDialog)
    assert isinstance(preview, ImportDialog) and preview.path == decks / "networks.csv"
    qtbot.waitUntil(preview.import_button.isEnabled)
    preview.reject()
    assert last_folder() == str(decks)


def test_escape_closes_the_file_dialog_and_the_window_has_the_keys(
    qtbot: QtBot, tmp_path: Path
) -> None:
    win = shown_window(qtbot, collection_with_small_deck(tmp_path / "c.dlquiz", fixed_clock()))
    dialog = win.choose_import()
    qtbot.waitUntil(dialog.isActiveWindow)
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert win.findChild(ImportDialog) is None
    qtbot.waitUntil(win.isActiveWindow)
    assert QApplication.focusWidget() is not None and QApplication.focusWidget().window() is win


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_a_chart_saved_without_a_suffix_gets_png(qtbot: QtBot, tmp_path: Path) -> None:
    QSettings("dlquiz", "dlquiz").setValue(LAST_FOLDER_KEY, str(tmp_path))
    win = shown_window(qtbot, collection_with_small_deck(tmp_path / "c.dlquiz", fixed_clock()))
    win.tabs.setCurrentWidget(win.stats)
    dialog = win.stats.choose_save("retention")
    qtbot.waitUntil(dialog.isActiveWindow)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # the proposed name, all of it
    type_text("my chart")
    press(Qt.Key.Key_Return)
    qtbot.waitUntil((tmp_path / "my chart.png").is_file)
    assert (tmp_path / "my chart.png").read_bytes().startswith(b"\x89PNG")
