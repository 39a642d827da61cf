"""Evidence for an exit that leaves no traceback: native crashes, Qt warnings, the exit.

``faulthandler`` writes every thread's Python stack to ``crash.log`` in the
user's log directory when the process dies of a signal (a segfault in Qt,
an abort); Qt's own warnings go to the same file, and a normal exit adds a
closing line, so a start without an end line is a crash to look into.
"""

from __future__ import annotations

import atexit
import faulthandler
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

LOG_NAME = "crash.log"
_QUIET = ("propagateSizeHints",)  # the offscreen platform's notice, not a problem

_open: list[TextIO] = []  # faulthandler writes to the file until the process ends


def _stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def enable_crash_log(*, echo_qt: bool = True) -> Path | None:
    """Start logging to ``crash.log``; returns its path, or None if it cannot be written."""
    from dlquiz import __version__
    from dlquiz.storage.paths import log_dir

    path = log_dir() / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = path.open("a", encoding="utf-8", buffering=1)  # line-buffered: crash-safe
    except OSError:
        return None
    _open.append(stream)
    stream.write(f"--- {_stamp()} dlquiz {__version__} started, pid {os.getpid()}\n")
    faulthandler.enable(stream, all_threads=True)
    _log_qt_messages(stream, echo=echo_qt)
    atexit.register(lambda: stream.write(f"--- {_stamp()} pid {os.getpid()} exited\n"))
    return path


def _log_qt_messages(stream: TextIO, *, echo: bool) -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if any(part in message for part in _QUIET):
            return
        if kind != QtMsgType.QtDebugMsg:
            stream.write(f"{_stamp()} Qt {kind.name}: {message}\n")
        if echo:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
