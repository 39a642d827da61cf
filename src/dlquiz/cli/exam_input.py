"""Reading answer lines with a time limit, so a timed exam never hangs on input.

A reader thread reads the raw file descriptor and hands complete lines over
a queue; the exam waits on the queue with the time it has left.  Reading the
descriptor with ``os.read`` (not ``sys.stdin.readline``) keeps the thread
away from the buffered stream's lock, so the process can always exit while
the thread is still blocked in a read.
"""

from __future__ import annotations

import codecs
import os
import queue
import threading
from typing import Protocol, TextIO

_CHUNK = 65536


class LineSource(Protocol):
    """Where a timed exam reads its answer lines from."""

    def get(self, timeout: float) -> str | None:
        """The next line, None at the end of input, or TimeoutError after ``timeout`` s."""
        ...


class TimedLines:
    """Lines from ``stream``, each waited for at most a given number of seconds.

    Streams without a file descriptor (a ``StringIO`` in a test) are read
    directly; they never block, so they need no timeout.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._fd: int | None
        try:
            self._fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            self._fd = None
        self._thread: threading.Thread | None = None
        self._ended = False

    def get(self, timeout: float) -> str | None:
        """The next line without its line break, or None at the end of input.

        Raises:
            TimeoutError: no complete line came within ``timeout`` seconds.
        """
        if self._ended:
            return None
        if self._fd is None:
            line = self._stream.readline()
            self._ended = line == ""
            return None if self._ended else line.rstrip("\r\n")
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._pump, args=(self._fd,), name="dlquiz-exam-input", daemon=True
            )
            self._thread.start()
        try:
            received = self._lines.get(timeout=max(0.0, timeout))
        except queue.Empty:
            raise TimeoutError from None
        self._ended = received is None
        return received

    def _pump(self, fd: int) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pending = ""
        while True:
            try:
                chunk = os.read(fd, _CHUNK)
            except OSError:
                chunk = b""
            pending += decoder.decode(chunk, final=not chunk)
            *complete, pending = pending.split("\n")
            for line in complete:
                self._lines.put(line.rstrip("\r"))
            if not chunk:
                if pending:
                    self._lines.put(pending.rstrip("\r"))
                self._lines.put(None)
                return
