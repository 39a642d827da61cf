"""Unexpected errors while the window is open become a dialog, never a traceback.

PySide hands an exception raised inside a slot or an event handler to
``sys.excepthook``.  While the app runs, that hook is :class:`ErrorDialogs`:
it writes the traceback to ``errors.log`` in the user's log directory
(through the same function the terminal commands use), and shows a short
message that says what went wrong, that the answers are safe, and where
the details are.  One dialog at a time: errors that come while it is open
are only logged.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from dlquiz.cli.errors import report_unexpected

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
LOG_NAME = "errors.log"


def log_file() -> Path:
    """Where unexpected errors are written."""
    from dlquiz.storage.paths import log_dir

    return log_dir() / LOG_NAME


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
        self.dialog: QMessageBox | None = None
        self.logged_only = 0  # errors that came while a dialog was already open

    def install(self) -> None:
        if self._previous is None:
            self._previous = sys.excepthook
            sys.excepthook = self

    def uninstall(self) -> None:
        if self._previous is not None and sys.excepthook is self:
            sys.excepthook = self._previous
        self._previous = None

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
            message = report_unexpected(error)
            print(message, file=sys.stderr)  # one line for whoever started it in a terminal
            path = log_file()
            logged_to = path if "could not be written" not in message else None
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
