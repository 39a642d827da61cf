"""Driving the window as a learner does: keys go to whatever widget has the focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from dlquiz.gui.main_window import MainWindow

NO_MOD = Qt.KeyboardModifier.NoModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key | str, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
    """One key press on the focused widget, as the keyboard would send it."""
    QApplication.processEvents()
    QTest.keyClick(focused(), key, modifier)
    QApplication.processEvents()


def type_text(text: str) -> None:
    QApplication.processEvents()
    QTest.keyClicks(focused(), text)


def study_deck(win: MainWindow, name: str) -> None:
    """Ctrl+1, Esc to the deck overview, arrows to ``name``, Enter."""
    press(Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    press(Qt.Key.Key_Escape)
    names = win.study.overview_page.deck_names()
    assert name in names, f"{name!r} is not in the overview: {names}"
    press(Qt.Key.Key_Home)
    for _ in range(names.index(name)):
        press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)
