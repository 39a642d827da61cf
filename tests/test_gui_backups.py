"""Backups from the window: list, take, restore (and restart)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from dlquiz.core.settings import Settings
from dlquiz.gui.main_window import MainWindow
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import open_collection
from tests.helpers import open_test_collection


def _open_backups(qtbot, win: MainWindow):  # type: ignore[no-untyped-def]
    """File > Backups… on a shown, active window, as a learner opens it."""
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    dialog = win.show_backups()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _press_back_up_now(qtbot, win: MainWindow, dialog) -> None:  # type: ignore[no-untyped-def]
    """Alt+B on the focused widget; the copy runs off the GUI thread."""
    from PySide6.QtCore import Qt

    from tests.gui_keys import focused

    with qtbot.waitSignal(win.background.done, timeout=10_000):
        # A mnemonic clicks after Qt's short click animation, hence the wait for the signal.
        QTest.keyClick(focused(), Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)


def test_backups_dialog_takes_and_restores(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.dlquiz"
    collection = open_test_collection(path)
    collection.save_settings(Settings(new_per_day=11))
    win = MainWindow(collection, QuestionBank(collection))
    qtbot.addWidget(win)
    dialog = _open_backups(qtbot, win)
    assert not dialog.restore_button.isEnabled()  # nothing to restore yet
    _press_back_up_now(qtbot, win, dialog)
    assert dialog.list.count() == 1 and dialog.restore_button.isEnabled()
    assert dialog.progress.text() == "Backup taken."
    collection.save_settings(Settings(new_per_day=3))  # a change after the backup
    started: list[list[str]] = []
    monkeypatch.setattr(
        "PySide6.QtCore.QProcess.startDetached",
        lambda program, arguments: started.append([program, *arguments]) or True,
    )
    name = dialog.list.currentItem().data(0x0100)  # Qt.UserRole
    win.restore_and_restart(name)
    assert collection.closed
    assert started and started[0][-2:] == ["--db", str(path)]
    reopened = open_collection(path, clock=collection.clock)
    try:
        assert reopened.settings().new_per_day == 11  # the backup's state
    finally:
        reopened.close(backup=False)
    assert any(p.name.startswith("c.dlquiz.replaced-") for p in tmp_path.iterdir())


def test_a_failed_backup_is_told_and_the_dialog_stays_usable(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from dlquiz.storage.failures import BackupFailed

    collection = open_test_collection(tmp_path / "c.dlquiz")
    win = MainWindow(collection, QuestionBank(collection))
    qtbot.addWidget(win)
    dialog = _open_backups(qtbot, win)

    def no_room() -> None:
        raise BackupFailed("c.dlquiz.backups: no space left on the disk")

    monkeypatch.setattr(collection, "backup_now", no_room)
    warnings: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning",
        lambda _parent, _title, text: warnings.append(text),
    )
    _press_back_up_now(qtbot, win, dialog)
    assert warnings == ["c.dlquiz.backups: no space left on the disk"]
    assert dialog.progress.text() == "The backup failed."
    assert dialog.backup_button.isEnabled() and dialog.list.count() == 1  # "No backups yet."

    # Closing the window also fails to back up (something changed): the window still closes,
    # with a warning, and the collection is closed, not left open behind a dead window.
    collection.save_settings(Settings(new_per_day=4))
    win.close()
    assert collection.closed and not win.isVisible()
    assert len(warnings) == 2 and "only this closing backup copy is missing" in warnings[1]


def test_a_timed_backup_in_progress_is_waited_for(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import threading

    collection = open_test_collection(tmp_path / "c.dlquiz")
    win = MainWindow(collection, QuestionBank(collection))
    qtbot.addWidget(win)
    dialog = _open_backups(qtbot, win)
    release = threading.Event()

    def slow_timed_backup() -> None:
        release.wait(10)
        collection.backup_now()

    assert win.background.run("backup", slow_timed_backup)
    dialog.backup_now()
    assert dialog.progress.text() == "A backup is already being taken…"
    assert not dialog.backup_button.isEnabled()
    with qtbot.waitSignal(win.background.done, timeout=10_000):
        release.set()
    assert dialog.backup_button.isEnabled() and dialog.restore_button.isEnabled()
    assert dialog.list.count() == 1
