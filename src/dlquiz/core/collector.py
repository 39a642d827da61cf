"""Pausing Python's cyclic garbage collector while a large structure is built.

Reading or storing a large deck creates hundreds of thousands of objects and
no reference cycles worth collecting.  With the collector running, its
repeated passes over the growing heap took about as long as the work itself
(a 100,000-row import, a 50,000-fact deck load).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pauses:
    """Counts the open pauses in every thread, so that the last one to end resumes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = 0
        self.resume = False  # whether the collector ran when the first pause began


_PAUSES = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector for the ``with`` block; it resumes when the last such block ends.

    Safe to nest and to use from several threads at once (a worker's import
    while the window loads a deck): the collector is re-enabled only when no
    block is open, and only if it was enabled before the first one.
    """
    with _PAUSES.lock:
        if _PAUSES.open == 0:
            _PAUSES.resume = gc.isenabled()
            gc.disable()
        _PAUSES.open += 1
    try:
        yield
    finally:
        with _PAUSES.lock:
            _PAUSES.open -= 1
            if _PAUSES.open == 0 and _PAUSES.resume:
                gc.enable()
