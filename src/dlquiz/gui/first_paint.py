"""Noticing the window's first paint, and how long the process took to get there.

The window starts its slow work (SQLAlchemy, the other tabs) only once the
first question has been painted, and ``--smoke-test`` reports the time to
that paint.  ``benchmarks/bench_startup.py`` uses the same rule for a bare
PySide6 label, so the two figures compare like with like.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

import dlquiz


class FirstPaint(QObject):
    """Emits ``painted`` once, when ``widget`` receives its first paint event."""

    painted = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.done = False
        self._widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if not self.done and watched is self._widget and event.type() == QEvent.Type.Paint:
            self.done = True
            self._widget.removeEventFilter(self)
            self.painted.emit()
        return False


def process_age_ms() -> float:
    """Milliseconds since this process started (Linux: from /proc, to 10 ms).

    Elsewhere it counts from the first import of ``dlquiz``, which leaves out
    the interpreter's own start.
    """
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/stat", encoding="ascii") as handle:
                # The command name (field 2) may hold spaces; the fields after ")" do not.
                fields = handle.read().rsplit(")", 1)[1].split()
            with open("/proc/uptime", encoding="ascii") as handle:
                uptime_s = float(handle.read().split()[0])
            started_s = int(fields[19]) / os.sysconf("SC_CLK_TCK")
            return max(0.0, (uptime_s - started_s) * 1000)
        except (OSError, ValueError, IndexError):
            pass
    return (time.perf_counter() - dlquiz.IMPORTED_AT) * 1000
