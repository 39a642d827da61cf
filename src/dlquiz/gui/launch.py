"""Starting the desktop app: open the collection, show the window, handle trouble.

Problems opening the collection become dialogs (or, for ``--smoke-test``,
one line on stderr); a damaged file leads to the offer to restore the
newest good backup, never to a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

import dlquiz
from dlquiz.core.clock import SystemClock
from dlquiz.core.problems import InputError
from dlquiz.storage.collection import (
    Collection,
    CollectionDamaged,
    CollectionInUse,
    NotACollection,
    open_collection,
    restore,
)
from dlquiz.storage.failures import StorageError
from dlquiz.storage.paths import resolve_db_path


def _fail(message: str, *, smoke: bool) -> int:
    if smoke or QApplication.instance() is None:
        print(f"dlquiz: {message}", file=sys.stderr)
    else:
        QMessageBox.critical(None, "dlquiz", message)
    return 1


def offer_restore(error: CollectionDamaged) -> bool:
    """Ask to restore the best good backup; True when it was restored."""
    if error.backup is None:
        return False
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "dlquiz: collection damaged",
        f"{error.path} cannot be used: {error.reason}.\n\n"
        f"Restore the best good backup, {error.backup.name} "
        f"(taken {error.backup.taken_at:%Y-%m-%d %H:%M} UTC)? The damaged file is kept "
        "aside, not deleted.",
    )
    restore_button = box.addButton("Restore backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore_button:
        return False
    from datetime import UTC, datetime

    restore(error.path, error.backup.name, now=datetime.now(UTC))
    return True


def open_or_explain(path: Path, *, smoke: bool) -> Collection | int:
    """The open collection, or the exit code after explaining why not."""
    clock = SystemClock()
    for _attempt in range(2):
        try:
            return open_collection(path, clock=clock)
        except (CollectionInUse, NotACollection) as error:
            return _fail(str(error), smoke=smoke)
        except CollectionDamaged as error:
            if smoke:
                return _fail(str(error), smoke=smoke)
            try:
                restored = offer_restore(error)
            except (ValueError, OSError, StorageError) as failed:  # e.g. that backup is damaged too
                return _fail(f"the backup could not be restored: {failed}", smoke=smoke)
            if not restored:
                return _fail(str(error), smoke=smoke)
        except StorageError as error:  # a full disk, read-only place, bad --db...
            return _fail(str(error), smoke=smoke)
    return _fail(f"{path}: could not be opened after restoring a backup", smoke=smoke)


def _no_screen() -> bool:
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )


def _quiet_offscreen_notices() -> None:
    """The offscreen platform warns about window hints it cannot honour; that is noise."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(_kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def run_gui(args: argparse.Namespace) -> int:
    """Run the desktop app until its window closes; return the exit code."""
    smoke = bool(getattr(args, "smoke_test", False))
    if _no_screen():
        if not smoke:
            return _fail(
                "no screen found (neither DISPLAY nor WAYLAND_DISPLAY is set). Start dlquiz "
                "from a desktop session, or study in the terminal: dlquiz study --terminal",
                smoke=True,
            )
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the smoke test needs no screen
    from dlquiz.gui.crash_log import enable_crash_log

    if enable_crash_log() is None and os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        _quiet_offscreen_notices()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "dlquiz"])
    assert isinstance(app, QApplication)
    app.setApplicationName("dlquiz")
    app.setApplicationVersion(dlquiz.__version__)
    from dlquiz.gui.icon import app_icon

    app.setWindowIcon(app_icon())
    try:
        db = resolve_db_path(getattr(args, "db", None))
    except StorageError as error:
        return _fail(str(error), smoke=smoke)
    opened = open_or_explain(db, smoke=smoke)
    if isinstance(opened, int):
        return opened
    collection = opened
    try:
        from dlquiz.storage.bank import QuestionBank

        bank = QuestionBank(collection)
    except InputError as error:
        collection.close(backup=False)
        return _fail(str(error), smoke=smoke)
    from dlquiz.gui.main_window import MainWindow
    from dlquiz.gui.style import apply_theme

    settings = collection.settings()
    apply_theme(app, theme=settings.theme, font_size=settings.font_size)
    window = MainWindow(collection, bank, defer_tabs=True)
    window.show()
    window.start()
    if smoke:
        app.processEvents()
        elapsed = (time.perf_counter() - dlquiz.IMPORTED_AT) * 1000
        card = window.study.card
        print(f"startup_ms={round(elapsed)}")
        print(f"first_question_id={card.question.id if card else ''}")
        sys.stdout.flush()
        collection.close(backup=False)
        return 0
    window.check_integrity_later()
    from dlquiz.gui.errors import ErrorDialogs
    from dlquiz.gui.welcome import maybe_show_welcome

    errors = ErrorDialogs(parent=lambda: window)
    errors.install()
    maybe_show_welcome(window, smoke=smoke)
    try:
        return app.exec()
    finally:
        errors.uninstall()
