"""Backups from the window: list, take, restore (and restart)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.core.settings import Settings
from dlquiz.gui.main_window import MainWindow
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import open_collection
from tests.helpers import open_test_collection


def test_backups_dialog_takes_and_restores(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.dlquiz"
    collection = open_test_collection(path)
    collection.save_settings(Settings(new_per_day=11))
    win = MainWindow(collection, QuestionBank(collection))
    qtbot.addWidget(win)
    dialog = win.show_backups()
    assert not dialog.restore_button.isEnabled()  # nothing to restore yet
    dialog.backup_now()
    assert dialog.list.count() == 1 and dialog.restore_button.isEnabled()
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
