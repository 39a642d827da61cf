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
import tempfile
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BACKUP_PAGE = "<backup page>"
STDOUT = "<stdout> "
STDIN = "<stdin>"
Moment = list[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class Outcome:
    code: int  # -9 when the moment came
    out: str
    err: str


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
) -> Outcome:
    """``dlquiz ARGV`` in a forked child fed ``stdin``, killed at ``moment``."""
    from dlquiz.cli.main import main

    read_in, write_in = os.pipe()
    read_out, write_out = os.pipe()
    with tempfile.TemporaryFile() as err_file:
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 70
            try:
                os.dup2(read_in, 0)
                os.dup2(write_out, 1)
                os.dup2(err_file.fileno(), 2)
                for fd in (read_in, write_in, read_out, write_out):
                    os.close(fd)
                watched = _Moment(moment, trace)
                _watch_sqlite(watched)
                sys.stdin = _Read(0, watched)  # type: ignore[assignment]
                sys.stdout = _Shown(1, watched)  # type: ignore[assignment]
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                code = main(argv)
            except BaseException:  # noqa: BLE001 - reported to the parent, never raised there
                os.write(2, traceback.format_exc().encode())
            finally:
                os._exit(code)
        os.close(read_in)
        os.close(write_out)
        try:
            with os.fdopen(write_in, "w", encoding="utf-8") as feed:
                feed.write(stdin)  # small: fits the pipe even if the child never reads it
        except BrokenPipeError:
            pass  # the child was killed before it read it all
        with os.fdopen(read_out, encoding="utf-8") as shown:
            out = shown.read()
        _pid, status = os.waitpid(pid, 0)
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace")
    return Outcome(os.waitstatus_to_exitcode(status), out, err)
