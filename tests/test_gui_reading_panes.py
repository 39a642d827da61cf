"""Panes read by keys (the exam review, the readiness figures) show their focus, and a
dialog of fields opens on its first field, never on the scroll area around them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from dlquiz.gui.exam_review import ExamReviewPane
from dlquiz.gui.settings_dialog import SettingsDialog
from dlquiz.gui.style import STYLE_SHEET, dark_palette
from tests.gui_keys import fixed_clock, focused, press, shown_window
from tests.helpers import open_test_collection


def _left_edge(widget: QWidget) -> QColor:
    image = widget.grab().toImage()
    return QColor(image.pixelColor(0, image.height() // 2))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_review_pane_shows_a_frame_while_it_has_the_focus(qtbot, theme: str) -> None:  # type: ignore[no-untyped-def]
    host = QWidget()  # the app's look on this window only: other tests keep theirs
    if theme == "dark":
        host.setPalette(dark_palette())
    host.setStyleSheet(STYLE_SHEET % {"prompt": 14, "verdict": 12})
    qtbot.addWidget(host)
    before = QScrollArea(host)  # something else to hold the focus first
    pane = ExamReviewPane(lambda _id: None, lambda _deck, _name: None, host)
    before.setGeometry(0, 0, 100, 100)
    pane.setGeometry(0, 120, 300, 200)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    before.setFocus()
    highlight = pane.palette().color(QPalette.ColorRole.Highlight)
    assert _left_edge(pane) != highlight
    press(Qt.Key.Key_Tab)
    assert focused() is pane
    assert _left_edge(pane) == highlight


def test_settings_open_on_their_first_field(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = shown_window(qtbot, open_test_collection(tmp_path / "s.dlquiz", fixed_clock()))
    try:
        press(Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: bool(win.findChildren(SettingsDialog)))
        dialog = win.findChildren(SettingsDialog)[-1]
        qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
        assert dialog.retention.isAncestorOf(focused()) or focused() is dialog.retention
        press(Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not dialog.isVisible())
    finally:
        win.close()
