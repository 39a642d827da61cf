"""Fitting FSRS parameters with fsrs's own optimiser (the optional ``optimizer`` extra).

``fsrs.Optimizer`` needs PyTorch, pandas and tqdm, installed with
``pip install "dlquiz[optimizer]"``.  Nothing here is imported until a fit is
asked for, so dlquiz starts and schedules without them.

fsrs's optimiser has no progress callback.  It starts one ``fsrs.Card`` per
card history on each pass over the log, so counting those starts gives
progress, and raising from one stops a fit that was cancelled.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

INSTALL_HINT = (
    'pip install "dlquiz[optimizer]" (it brings PyTorch; for the small CPU build run'
    ' "pip install torch==2.13.0" first)'
)
# One pass to count the reviews, then a training pass and a scoring pass per epoch.
_PASSES = 1 + 2 * 5
_LOCK = threading.Lock()  # the progress hook lives in fsrs's module: one fit at a time


class FitCancelled(Exception):
    """The learner cancelled the fit."""


def missing() -> str | None:
    """What is missing for fitting, or None when the optimiser can run."""
    absent = [
        name for name in ("torch", "pandas", "tqdm") if importlib.util.find_spec(name) is None
    ]
    if absent:
        names = ", ".join(absent[:-1]) + (" and " if len(absent) > 1 else "") + absent[-1]
        verb = "are" if len(absent) > 1 else "is"
        return f"fitting needs the optimizer extra ({names} {verb} not installed): {INSTALL_HINT}"
    return None


@contextmanager
def _counting_cards(
    module: Any, *, total: int, progress: Callable[[float], None], cancel: threading.Event | None
) -> Iterator[None]:
    original = module.Card
    started = 0

    def card(*args: Any, **kwargs: Any) -> Any:
        nonlocal started
        if cancel is not None and cancel.is_set():
            raise FitCancelled
        started += 1
        if started % 64 == 0:
            progress(min(0.99, started / total))
        return original(*args, **kwargs)

    module.Card = card
    try:
        yield
    finally:
        module.Card = original


def fit_parameters(
    histories: Sequence[tuple[int, Sequence[tuple[int, datetime]]]],
    *,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> tuple[float, ...]:
    """21 FSRS-6 parameters fitted to ``histories`` by ``fsrs.Optimizer``.

    Args:
        histories: ``(card_id, [(rating, UTC time), ...])`` in time order.
        progress: told the finished share (0 to 1) now and then.
        cancel: set it to stop; the fit then raises FitCancelled.

    Raises:
        ImportError: the optimizer extra is not installed (see :func:`missing`).
        FitCancelled: ``cancel`` was set.
    """
    reason = missing()
    if reason is not None:
        raise ImportError(reason)
    import fsrs
    import fsrs.optimizer as module

    logs = [
        fsrs.ReviewLog(
            card_id=card_id, rating=fsrs.Rating(rating), review_datetime=at, review_duration=None
        )
        for card_id, history in histories
        for rating, at in history
    ]
    tell = progress or (lambda _share: None)
    with _LOCK:
        optimizer = module.Optimizer(logs)
        total = max(1, len(histories) * _PASSES)
        with _counting_cards(module, total=total, progress=tell, cancel=cancel):
            fitted = optimizer.compute_optimal_parameters(verbose=False)
    tell(1.0)
    return tuple(float(w) for w in fitted)
