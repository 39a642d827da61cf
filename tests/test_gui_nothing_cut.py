"""Every dialog at 1024×700: no one-line label is narrower than its text (cut at the edge)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from dlquiz.gui.elided_label import ElidedLabel
from dlquiz.gui.main_window import MainWindow
from dlquiz.gui.welcome import WelcomeDialog
from tests.gui_keys import fixed_clock, shown_window
from tests.helpers import collection_with_small_deck


def cut_labels(window: QWidget) -> list[str]:
    """The shown one-line labels whose text does not fit their width."""
    return [
        label.text()
        for label in window.findChildren(QLabel)
        if label.isVisible()
        and label.text()
        and not label.wordWrap()
        and not isinstance(label, ElidedLabel)  # shortens on purpose, with a tip
        and label.width() < label.sizeHint().width()
    ]


OPENERS: dict[str, Callable[[MainWindow], QDialog]] = {
    "backups": MainWindow.show_backups,
    "decks": MainWindow.show_decks,
    "settings": MainWindow.open_settings,
    "readiness": MainWindow.open_readiness,
    "sync": MainWindow.open_sync,
    "welcome": lambda win: _shown(WelcomeDialog(new_per_day=20, parent=win)),
    "import": lambda win: win.import_file(_gift(win)),
}


def _shown(dialog: QDialog) -> QDialog:
    dialog.open()
    return dialog


def _gift(win: MainWindow) -> Path:
    path = win.collection.path.with_name("quiz.gift")
    path.write_text("::Year::In which year did AlexNet win ImageNet? {#2012}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(OPENERS))
def test_no_label_of_a_dialog_is_cut(qtbot, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    win = shown_window(qtbot, collection_with_small_deck(tmp_path / "c.dlquiz", fixed_clock()))
    try:
        dialog = OPENERS[name](win)
        qtbot.waitUntil(dialog.isVisible)
        button = getattr(dialog, "import_button", None)
        if button is not None:  # the import dialog: once its preview is in
            qtbot.waitUntil(button.isEnabled, timeout=20_000)
        QApplication.processEvents()
        assert dialog.frameGeometry().width() <= 1024
        assert cut_labels(dialog) == []
        dialog.done(0)
    finally:
        win.close()


def test_no_label_of_a_tab_is_cut(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = shown_window(qtbot, collection_with_small_deck(tmp_path / "c.dlquiz", fixed_clock()))
    try:
        assert win.width() == 1024
        for index in range(win.tabs.count()):
            win.tabs.setCurrentIndex(index)
            QApplication.processEvents()
            assert cut_labels(win) == [], win.tabs.tabText(index)
        shortcuts = win.show_shortcuts()
        assert cut_labels(shortcuts) == []
        shortcuts.done(0)
    finally:
        win.close()
