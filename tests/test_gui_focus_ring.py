"""The focus frame shows from the start, not only after the first Tab press."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOption, QWidget

from dlquiz.gui.settings_dialog import SettingsDialog
from tests.gui_keys import fixed_clock, focused, press, shown_window
from tests.helpers import open_test_collection


def _frame_drawn(widget: QWidget) -> bool:
    """Whether the style is told to draw ``widget``'s focus frame (what Fusion checks)."""
    option = QStyleOption()
    option.initFrom(widget)
    state = option.state
    return bool(state & QStyle.StateFlag.State_HasFocus) and bool(
        state & QStyle.StateFlag.State_KeyboardFocusChange
    )


def test_an_input_focused_by_the_program_shows_its_frame(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "f.dlquiz", fixed_clock())
    win = shown_window(qtbot, collection)
    try:
        answer = focused()
        assert win.study.isAncestorOf(answer)  # focus set by the program, no Tab pressed
        assert _frame_drawn(answer)
        press(Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Settings
        qtbot.waitUntil(lambda: bool(win.findChildren(SettingsDialog)))
        dialog = win.findChildren(SettingsDialog)[-1]
        qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
        assert _frame_drawn(focused())
        press(Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not dialog.isVisible())
    finally:
        win.close()
