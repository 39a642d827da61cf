"""Which FSRS parameters the collection uses, and the record of every fit.

The newest kept row of ``fsrs_fits`` holds the parameters in use; a
collection without one uses FSRS's defaults.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from dlquiz.core.scheduling import DEFAULT_PARAMETERS, SchedulerSettings, check_parameters
from dlquiz.core.validation import Validated
from dlquiz.storage.collection import Collection
from dlquiz.storage.schema import FsrsFitRow

OPTIMIZED = "optimized"
DEFAULT = "default"


@dataclass(frozen=True, slots=True)
class ParametersInUse:
    """The 21 weights scheduling uses now, where they came from and when."""

    parameters: tuple[float, ...]
    source: str  # "default" | "optimized"
    fitted_at: datetime | None


# Scheduling asks on every Browse page and study session; the answer changes only here.
_CACHE: weakref.WeakKeyDictionary[Collection, ParametersInUse] = weakref.WeakKeyDictionary()


def parameters_in_use(collection: Collection) -> ParametersInUse:
    """The newest kept parameters, or FSRS's defaults when none was kept.

    A stored vector fsrs would refuse (a hand-edited file) falls back to the defaults.
    """
    cached = _CACHE.get(collection)
    if cached is None:
        cached = _CACHE[collection] = _read_in_use(collection)
    return cached


def _read_in_use(collection: Collection) -> ParametersInUse:
    with collection.session() as s:
        row = s.scalars(
            select(FsrsFitRow).where(FsrsFitRow.kept).order_by(FsrsFitRow.id.desc()).limit(1)
        ).first()
        if row is None:
            return ParametersInUse(DEFAULT_PARAMETERS, DEFAULT, None)
        stored, source, fitted_at = row.parameters, row.source, row.fitted_at
    try:
        parameters = tuple(float(w) for w in json.loads(stored))
        check_parameters(parameters)
    except (TypeError, ValueError):
        return ParametersInUse(DEFAULT_PARAMETERS, DEFAULT, None)
    return ParametersInUse(parameters, source, fitted_at)


def scheduler_settings(collection: Collection) -> SchedulerSettings:
    """The learner's scheduling settings with the parameters in use."""
    return collection.settings().scheduler(parameters_in_use(collection).parameters)


def record_fit(
    collection: Collection, outcome: Validated, *, deck_id: str | None, now: datetime
) -> None:
    """Store an optimisation's outcome; when kept, its parameters are in use from now on."""
    before, after = outcome.before, outcome.after
    with collection.session() as s:
        s.add(
            FsrsFitRow(
                fitted_at=now,
                source=OPTIMIZED,
                kept=outcome.kept,
                parameters=json.dumps(
                    list(outcome.parameters if outcome.kept else outcome.fitted or ())
                ),
                deck_id=deck_id,
                reviews=outcome.reviews,
                held_out=outcome.held_out,
                log_loss_before=None if before is None else before.log_loss,
                log_loss_after=None if after is None else after.log_loss,
                rmse_bins_before=None if before is None else before.rmse_bins,
                rmse_bins_after=None if after is None else after.rmse_bins,
                reason=outcome.reason,
            )
        )
    _CACHE.pop(collection, None)
    collection.mark_changed()


def use_defaults(collection: Collection, *, now: datetime) -> None:
    """Go back to FSRS's default parameters (kept as a row, so the change is on record)."""
    with collection.session() as s:
        s.add(
            FsrsFitRow(
                fitted_at=now,
                source=DEFAULT,
                kept=True,
                parameters=json.dumps(list(DEFAULT_PARAMETERS)),
                reviews=0,
                held_out=0,
                reason="back to FSRS's defaults",
            )
        )
    _CACHE.pop(collection, None)
    collection.mark_changed()
