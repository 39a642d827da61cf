"""Run ``dlquiz`` in a child process that SIGKILLs itself at an exact moment of its work.

A random sleep before ``kill -9`` lands wherever the scheduler puts it, and
most trials end up in the same long stretch; here each trial names the
moment instead, so every kind of moment is hit on every run.

A moment is a list of ``(pattern, n)`` steps: wait for the ``n``-th event
matching the first pattern (a case-insensitive regular expression), then count
from there to the ``n``-th match of the next one, and so on; the child kills
itself just *before* the last step's event happens.  Events are the SQL of each
statement SQLite is about to run (on any connection of the child),
``"<backup page>"`` for each page SQLite's online backup is about to copy (so
a kill can land in the middle of a copy), and ``"<stdout> "`` followed by each
piece of text about to be written to standard output (``"^<stdout> Rated"``:
killed just before a verdict line is shown, so after what came before it was
stored), and ``"<stdin>"`` each time a line of standard input is about to be
read (``"^<stdin>"``: killed while waiting for the learner).  ``trace``
appends every event to a file, to see what a run does when choosing moments.

The child is forked from the test's process, which has dlquiz imported
already, so a trial costs the work being killed and not a Python start-up and
dlquiz's imports; it opens its own connections, gets its own pipes, and dies
by a real SIGKILL like any killed dlquiz.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import sys
import threading
from pathlib import Path
from typing import Any

from tests.reliability.support import Run, run_cli_forked

BACKUP_PAGE = "<backup page>"
STDOUT = "<stdout> "
STDIN = "<stdin>"
Moment = list[tuple[str, int]]


class _Moment:
    """Counts events across all connections and threads of the child."""

    def __init__(self, steps: Moment, trace: Path | None) -> None:
        self._steps = [(re.compile(p, re.IGNORECASE), n) for p, n in steps]
        self._seen = 0
        self._trace = trace.open("a", encoding="utf-8") if trace else None
        self._lock = threading.Lock()

    def event(self, text: str) -> None:
        """A statement about to run, a page about to be copied, or text about to be shown."""
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


def _watch_sqlite(moment: _Moment) -> None:
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
    """Standard output, unbuffered, that reports each write to the moment before making it."""

    def __init__(self, fd: int, moment: _Moment) -> None:
        self._stream = open(fd, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        self._moment = moment

    def write(self, text: str) -> int:
        if text.strip():
            self._moment.event(STDOUT + text)
        written = self._stream.write(text)
        self._stream.flush()  # what was written before the kill is what the learner saw
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Read:
    """Standard input that reports each line about to be read to the moment."""

    def __init__(self, fd: int, moment: _Moment) -> None:
        self._stream = open(fd, encoding="utf-8", closefd=False)  # noqa: SIM115
        self._moment = moment

    def readline(self, size: int = -1) -> str:
        self._moment.event(STDIN)
        return self._stream.readline(size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def run_killable(
    argv: list[str], moment: Moment, *, stdin: str = "", trace: Path | None = None
) -> Run:
    """``dlquiz ARGV`` in a forked child fed ``stdin``, killed at ``moment``."""

    def watch() -> None:
        watched = _Moment(moment, trace)
        _watch_sqlite(watched)
        sys.stdin = _Read(0, watched)  # type: ignore[assignment]
        sys.stdout = _Shown(1, watched)  # type: ignore[assignment]

    return run_cli_forked(argv, stdin=stdin, prepare=watch)
