"""Starting the desktop app: open the collection, show the window, handle trouble.

Problems opening the collection become dialogs (or, for ``--smoke-test``,
one line on stderr); a damaged file leads to the offer to restore the
newest good backup, never to a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
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

if TYPE_CHECKING:
    from dlquiz.gui.main_window import MainWindow


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


SMOKE_LIMIT_S = 60.0  # a smoke test that gets no paint or no tabs in this long has failed


def _smoke_report(window: MainWindow) -> int:
    """Print the time to the first question's paint, then let the other tabs load and exit.

    ``startup_ms`` counts from the start of the process (see
    ``first_paint.process_age_ms``) to the paint of the question's text, or
    of the page shown when there is no question.
    """
    from dlquiz.gui.first_paint import FirstPaint, process_age_ms

    card = window.study.card
    painted = FirstPaint(window.study.first_paint_target())
    _wait_for(painted.painted, done=lambda: painted.done)
    print(f"startup_ms={round(process_age_ms())}")
    print(f"first_question_id={card.question.id if card else ''}", flush=True)
    # The rest of the start-up must work too: SQLAlchemy loads, the other tabs are built.
    _wait_for(window.tabs_ready, done=window.tabs_are_built)
    print(f"tabs_ms={round(process_age_ms())}", flush=True)
    window.background.shutdown()
    window.collection.close(backup=False)
    if not painted.done or not window.tabs_are_built():
        print("dlquiz: the smoke test's window did not finish starting", file=sys.stderr)
        return 1
    return 0


def _wait_for(signal: SignalInstance, *, done: Callable[[], bool]) -> None:
    """Run the event loop until ``signal`` comes (or ``done()`` holds), at most SMOKE_LIMIT_S."""
    if done():
        return
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(int(SMOKE_LIMIT_S * 1000), loop.quit)
    loop.exec()


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
        return _smoke_report(window)
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
