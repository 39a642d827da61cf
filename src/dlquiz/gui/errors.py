"""Unexpected errors while the window is open become a dialog, never a traceback.

PySide hands an exception raised inside a slot or an event handler to
``sys.excepthook``, and Python hands one that ends a thread to
``threading.excepthook``.  While the app runs, both hooks are
:class:`ErrorDialogs`: it writes the traceback to ``errors.log`` in the
user's log directory (through the same function the terminal commands use),
and shows a short message that says what went wrong, that the answers are
safe, and where the details are.  An error from another thread is carried
to the GUI thread first.  One dialog at a time: errors that come while it
is open are only logged.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from dlquiz.errorlog import log_file, log_unexpected, unexpected_line

__all__ = ["ErrorDialogs", "error_text", "log_file"]

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadHook = Callable[[threading.ExceptHookArgs], object]


class _ToGuiThread(QObject):
    """Carries an exception from the thread it ended to the GUI thread."""

    raised = Signal(object)


def error_text(error: BaseException, *, logged_to: Path | None) -> tuple[str, str]:
    """The dialog's main line and its explanation."""
    what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    where = (
        f"The details were written to {logged_to}. If it happens again, please include "
        "that file when you report the problem."
        if logged_to is not None
        else "The details could not be written to the log folder."
    )
    return (
        "Something unexpected went wrong, and dlquiz stopped what it was doing. "
        "Your answers are safe: each one is saved the moment you give it.",
        f"What happened: {what}\n\n{where}",
    )


class ErrorDialogs:
    """An ``excepthook`` that logs the error and explains it in a dialog."""

    def __init__(self, parent: Callable[[], QWidget | None] | None = None) -> None:
        self._parent = parent or QApplication.activeWindow
        self._previous: ExceptHook | None = None
        self._previous_thread_hook: ThreadHook | None = None
        self._relay: _ToGuiThread | None = None
        self.dialog: QMessageBox | None = None
        self.logged_only = 0  # errors that came while a dialog was already open

    def install(self) -> None:
        """Become ``sys.excepthook`` and ``threading.excepthook``; call on the GUI thread."""
        if self._previous is None:
            self._previous = sys.excepthook
            sys.excepthook = self
            self._relay = _ToGuiThread()
            self._relay.raised.connect(self._from_thread)
            self._previous_thread_hook = threading.excepthook
            threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None and sys.excepthook is self:
            sys.excepthook = self._previous
        if self._previous_thread_hook is not None and threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_thread_hook
        self._previous = None
        self._previous_thread_hook = None
        self._relay = None

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        """A thread ended with an exception: show it like any other, on the GUI thread."""
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        relay = self._relay
        if relay is None:
            return
        relay.raised.emit(args.exc_value)

    def _from_thread(self, error: BaseException) -> None:
        self(type(error), error, error.__traceback__)

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()  # Ctrl+C in the terminal that started the app
            return
        if error.__traceback__ is None and traceback is not None:
            error = error.with_traceback(traceback)
        try:
            logged_to = log_unexpected(error)
            # One line for whoever started it in a terminal.
            print(unexpected_line(error, logged_to=logged_to), file=sys.stderr)
            self.show(error, logged_to=logged_to)
        except Exception:  # noqa: BLE001 - the hook itself must never fail loudly
            if self._previous is not None:
                self._previous(kind, error, traceback)

    def show(self, error: BaseException, *, logged_to: Path | None) -> QMessageBox | None:
        """Open the dialog (without blocking); None when one is already open."""
        if self.dialog is not None and self.dialog.isVisible():
            self.logged_only += 1
            return None
        text, detail = error_text(error, logged_to=logged_to)
        box = QMessageBox(QMessageBox.Icon.Critical, "dlquiz: something went wrong", text)
        box.setParent(self._parent(), box.windowFlags())
        box.setInformativeText(detail)
        box.setAccessibleName("Unexpected error")
        if logged_to is not None:
            folder = box.addButton("Open log folder", QMessageBox.ButtonRole.ActionRole)
            folder.setToolTip(str(logged_to.parent))
            folder.clicked.connect(
                lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(logged_to.parent)))
            )
        box.addButton(QMessageBox.StandardButton.Ok)
        self.dialog = box
        box.open()
        return box
