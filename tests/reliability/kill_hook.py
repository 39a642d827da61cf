"""Run ``dlquiz`` and SIGKILL it at an exact moment of its work with SQLite.

Used as ``python tests/reliability/kill_hook.py DLQUIZ-ARGS...`` by the kill
trials.  A random sleep before ``kill -9`` lands wherever the scheduler puts
it, and most trials end up in the same long stretch; here each trial names
the moment instead, so every kind of moment is hit on every run.

``DLQUIZ_KILL_AT`` holds a JSON list of ``[pattern, n]`` steps: wait for the
``n``-th statement matching the first pattern (a case-insensitive regular
expression searched in the SQL), then count from there to the ``n``-th match
of the next one, and so on; the process kills itself just *before* the last
step's statement runs.  A pattern ``"<backup page>"`` counts pages copied by
SQLite's online backup instead, so a kill can land in the middle of a copy,
and one starting ``"<stdout> "`` is searched in each piece of text written to
standard output (``"<stdout> Rated"``: killed just before a verdict line is
shown, so after what came before it was stored).
When ``DLQUIZ_KILL_TRACE`` names a file, every statement is appended to it
(to see what a run does when choosing moments).

Only the standard library is imported before dlquiz's own ``__main__``.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import signal
import sqlite3
import sys
import threading
from typing import Any

BACKUP_PAGE = "<backup page>"
STDOUT = "<stdout> "


class _Moment:
    """Counts statements (and backup pages) across all connections of the process."""

    def __init__(self, steps: list[tuple[str, int]], trace: str | None) -> None:
        self._steps = [(re.compile(p, re.IGNORECASE), n) for p, n in steps]
        self._seen = 0
        self._trace = open(trace, "a", encoding="utf-8") if trace else None  # noqa: SIM115
        self._lock = threading.Lock()

    def event(self, text: str) -> None:
        """A statement about to run, a page copied, or text about to be shown."""
        if self._trace is not None:
            self._trace.write(" ".join(text.split()) + "\n")
            self._trace.flush()
        with self._lock:
            if not self._steps or self._steps[0][0].search(text) is None:
                return
            self._seen += 1
            if self._seen < self._steps[0][1]:
                return
            self._steps.pop(0)
            self._seen = 0
            if not self._steps:
                os.kill(os.getpid(), signal.SIGKILL)


def _install(moment: _Moment) -> None:
    class KillableConnection(sqlite3.Connection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.set_trace_callback(moment.event)

        def backup(
            self,
            target: Any,
            *,
            pages: int = -1,
            progress: Any = None,
            name: str = "main",
            sleep: float = 0.25,
        ) -> None:
            del pages, progress  # one page at a time, so a kill can land between any two
            super().backup(
                target,
                pages=1,
                progress=lambda *_: moment.event(BACKUP_PAGE),
                name=name,
                sleep=sleep,
            )

    original = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("factory", KillableConnection)
        return original(*args, **kwargs)

    sqlite3.connect = connect  # type: ignore[assignment]
    sqlite3.dbapi2.connect = connect  # type: ignore[assignment]


class _Shown:
    """Standard output that reports each write to the moment before making it."""

    def __init__(self, stream: Any, moment: _Moment) -> None:
        self._stream = stream
        self._moment = moment

    def write(self, text: str) -> int:
        if text.strip():
            self._moment.event(STDOUT + text)
        return int(self._stream.write(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main() -> None:
    steps = [(str(p), int(n)) for p, n in json.loads(os.environ.get("DLQUIZ_KILL_AT", "[]"))]
    moment = _Moment(steps, os.environ.get("DLQUIZ_KILL_TRACE"))
    _install(moment)
    sys.stdout = _Shown(sys.stdout, moment)  # type: ignore[assignment]
    sys.argv = ["dlquiz", *sys.argv[1:]]
    runpy.run_module("dlquiz", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
