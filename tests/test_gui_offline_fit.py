"""A teacher's window when the hub cannot be reached, at 1024×700: nothing cut or overlapping.

No PostgreSQL is needed: the remembered hub is a port nothing listens on, so
the start-up sync fails the way an offline laptop's does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QTableView

from dlquiz.gui.class_report_view import ClassReportDialog
from dlquiz.gui.main_window import MainWindow
from dlquiz.storage import sync_log
from tests.gui_keys import fixed_clock, focused, press, shown_window
from tests.helpers import open_test_collection
from tests.sync_support import closed_port

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
# A reason as long as a real one can be: the hub's address and the driver's words.
LONG_HOST = "classroom-hub.physics-department.example-university.invalid"


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "teacher.dlquiz", fixed_clock())
    with collection.session() as s:
        sync_log.set_state(s, sync_log.HUB, f"postgresql://teacher@127.0.0.1:{closed_port()}/x")
        sync_log.set_state(s, sync_log.HUB_ROLE, "teacher")
    win = shown_window(qtbot, collection)
    qtbot.waitUntil(lambda: win.sync.state == "offline", timeout=30_000)
    yield win
    if not collection.closed:
        win.close()


def _on_screen(win: MainWindow, widget: QRect) -> bool:
    return win.statusBar().rect().contains(widget)


def test_the_status_bar_lines_sit_side_by_side_and_a_long_one_elides_with_a_tip(
    window: MainWindow,
) -> None:
    due, sync = window.due_label, window.sync_label
    window.sync.line.emit(
        f"Sync offline: the hub at {LONG_HOST} is unreachable (connection refused by the "
        "server). Answers are kept here; next try in 5 min"
    )
    QApplication.processEvents()
    assert window.width() == 1024
    assert "cards waiting today" in due.text() and not due.is_elided()
    assert due.isVisible() and sync.isVisible()
    assert not due.geometry().intersects(sync.geometry())
    drawn_from = sync.geometry().left() + sync.contentsRect().left()
    due_ends = due.geometry().left() + due.fontMetrics().horizontalAdvance(due.text())
    assert drawn_from - due_ends >= 12  # the two lines read apart
    assert _on_screen(window, due.geometry()) and _on_screen(window, sync.geometry())
    assert sync.is_elided() and sync.shown_text().endswith("…")
    assert sync.toolTip() == sync.text()  # the whole line, for the pointer and screen readers
    shown = sync.fontMetrics().horizontalAdvance(sync.shown_text())
    assert shown <= sync.contentsRect().width()

    # A passing message (the exam's "Exam submitted.") hides the due count for a while;
    # the sync line leaves it the room it needs.
    passing = "Exam submitted."
    window.statusBar().showMessage(passing, 10_000)
    QApplication.processEvents()
    assert not due.isVisible()
    assert sync.geometry().left() > sync.fontMetrics().horizontalAdvance(passing) + 6  # Qt: x=6
    window.statusBar().clearMessage()
    QApplication.processEvents()
    assert due.isVisible()

    window.sync.line.emit("Synced: 1 sent, 0 received")  # short again: whole, no tip
    QApplication.processEvents()
    assert not sync.is_elided() and sync.toolTip() == ""


def _header_fits(table: QTableView) -> list[str]:
    header = table.horizontalHeader()
    model = table.model()
    cut = []
    for section in range(header.count()):
        text = str(model.headerData(section, Qt.Orientation.Horizontal))
        if header.sectionSize(section) < header.sectionSizeHint(section):
            cut.append(text)
    return cut


def test_the_offline_class_report_shows_every_header_whole(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.class_report_action.isVisible()
    press(Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(window.findChildren(ClassReportDialog)))
    dialog = window.findChildren(ClassReportDialog)[-1]
    qtbot.waitUntil(lambda: dialog.state == "offline", timeout=30_000)
    assert "unreachable" in dialog.status.text() and "F5" in dialog.status.text()
    assert dialog.frameGeometry().width() <= 1024
    for key in (Qt.Key.Key_L, Qt.Key.Key_P, Qt.Key.Key_E):
        press(key, Qt.KeyboardModifier.AltModifier)
        table = focused()
        assert isinstance(table, QTableView) and table.isVisible()
        assert table.model().rowCount() == 0  # nothing could be read
        assert _header_fits(table) == []
        header = table.horizontalHeader()
        assert header.length() <= table.viewport().width()  # no column pushed out of view
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
