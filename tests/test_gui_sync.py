"""Tools > Sync in the window: keys, a background sync, the offline state, automatic syncs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from dlquiz.gui.main_window import MainWindow
from dlquiz.sync.service import SyncService
from tests.gui_keys import fixed_clock, press, shown_window, type_text
from tests.helpers import open_test_collection
from tests.sync_support import Device, closed_port, review_log

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "window.dlquiz", fixed_clock())
    win = shown_window(qtbot, collection)
    yield win
    if not collection.closed:
        win.close()


def _sync_by_keys(qtbot, win: MainWindow, url: str, *, ok: bool) -> None:  # type: ignore[no-untyped-def]
    press(Qt.Key.Key_Y, CTRL_SHIFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    assert QApplication.focusWidget().placeholderText().startswith("postgresql://")
    type_text(url)
    with qtbot.waitSignal(win.sync.finished, timeout=30_000) as finished:
        press(Qt.Key.Key_Return)  # the default button: Sync now
    assert finished.args == [ok]


def _log_elsewhere(tmp_path: Path, hub: str) -> list[tuple[object, ...]]:
    """The review log another device of the learner gets from the hub."""
    other = Device(tmp_path / "other.dlquiz")
    try:
        SyncService(other.collection).sync(hub)
        return review_log(other.collection)
    finally:
        other.close()


def test_no_hub_means_no_automatic_sync_and_a_quiet_status_bar(window: MainWindow) -> None:
    assert window.sync.state == "none"
    assert window.sync_label.text() == ""
    assert not window.sync.timer.isActive()
    assert "cards waiting today" in window.due_label.text()


def test_sync_from_the_menu_by_keys_sends_the_answers(
    qtbot,
    window: MainWindow,
    hub: str,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    card = window.service.next_card()
    assert card is not None
    from dlquiz.core.scheduling import Rating

    window.service.record(card, rating=Rating.GOOD, answer="", grade=None, duration_ms=1)
    _sync_by_keys(qtbot, window, hub, ok=True)
    assert window.sync_label.text().startswith("Synced: ")
    assert "sent" in window.sync_label.text()
    assert window.sync.timer.isActive()  # from now on it syncs every few minutes
    assert [row[3] for row in _log_elsewhere(tmp_path, hub)] == [int(Rating.GOOD)]


def test_an_unreachable_hub_shows_the_offline_state_and_studying_goes_on(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    _sync_by_keys(qtbot, window, f"postgresql://u@127.0.0.1:{closed_port()}/x", ok=False)
    assert window.sync.state == "offline"
    text = window.sync_label.text()
    assert text.startswith("Sync offline: ") and "unreachable" in text and "next try in" in text
    press(Qt.Key.Key_Escape)  # the dialog goes; the study view is there as before
    assert window.service.next_card() is not None


def test_automatic_syncs_bring_another_devices_answers_and_refresh_the_views(
    qtbot,
    window: MainWindow,
    hub: str,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    _sync_by_keys(qtbot, window, hub, ok=True)
    press(Qt.Key.Key_Escape)
    other = Device(tmp_path / "other.dlquiz")
    try:
        other.review(3)
        SyncService(other.collection).sync(hub)
    finally:
        other.close()
    with (
        qtbot.waitSignal(window.collection_changed, timeout=30_000),
        qtbot.waitSignal(window.sync.finished, timeout=30_000),
    ):
        window.sync.timer.timeout.emit()  # the every-few-minutes timer, fired by the test
    assert len(review_log(window.collection)) == 3
    assert window.sync_label.text() == "Synced: 0 sent, 3 received"


def test_closing_the_window_sends_what_was_answered_since_the_last_sync(
    qtbot,
    window: MainWindow,
    hub: str,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from dlquiz.core.scheduling import Rating

    _sync_by_keys(qtbot, window, hub, ok=True)
    press(Qt.Key.Key_Escape)
    card = window.service.next_card()
    assert card is not None
    window.service.record(card, rating=Rating.EASY, answer="", grade=None, duration_ms=1)
    window.close()  # waits for the closing sync before the collection closes
    assert window.collection.closed
    assert [row[3] for row in _log_elsewhere(tmp_path, hub)] == [int(Rating.EASY)]
