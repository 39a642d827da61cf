"""Which FSRS parameters the collection uses, and the record of every fit.

The parameters in use are a setting (``Settings.fsrs_parameters``, empty for
FSRS's defaults), so scheduling reads them with every other setting and an
answer costs no extra transaction.  ``fsrs_fits`` records each fit tried,
kept or not, and each return to the defaults.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from dlquiz.core.scheduling import DEFAULT_PARAMETERS, SchedulerSettings
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


def parameters_in_use(collection: Collection) -> ParametersInUse:
    """The learner's fitted parameters, or FSRS's defaults when none was kept.

    A stored vector fsrs would refuse (a hand-edited file) is dropped when the
    settings are read, so the defaults apply.
    """
    settings = collection.settings()
    if not settings.fsrs_parameters:
        return ParametersInUse(DEFAULT_PARAMETERS, DEFAULT, None)
    try:
        fitted_at: datetime | None = datetime.fromisoformat(settings.fsrs_fitted_at)
    except ValueError:
        fitted_at = None
    return ParametersInUse(settings.fsrs_parameters, OPTIMIZED, fitted_at)


def scheduler_settings(collection: Collection) -> SchedulerSettings:
    """The learner's scheduling settings with the parameters in use."""
    return collection.settings().scheduler()


def _use(collection: Collection, parameters: tuple[float, ...], *, now: datetime | None) -> None:
    chosen = replace(
        collection.settings(),
        fsrs_parameters=parameters,
        fsrs_fitted_at="" if now is None else now.isoformat(),
    )
    collection.save_settings(chosen)


def record_fit(
    collection: Collection, outcome: Validated, *, deck_id: str | None, now: datetime
) -> None:
    """Store an optimisation's outcome; when kept, its parameters are in use from now on."""
    before, after = outcome.before, outcome.after
    if outcome.kept:
        _use(collection, outcome.parameters, now=now)
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
    collection.mark_changed()


def use_defaults(collection: Collection, *, now: datetime) -> None:
    """Go back to FSRS's default parameters (kept as a row, so the change is on record)."""
    _use(collection, (), now=None)
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
    collection.mark_changed()
