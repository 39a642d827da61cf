"""The learner's memory model as user actions: optimise, evaluate, go back to defaults.

One call is one user action, used by ``dlquiz fsrs`` and by Settings >
Scheduling alike.  Whenever the parameters in use change, every card is
rebuilt from its reviews with them; whether due dates move follows the
``reschedule_on_change`` setting.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dlquiz.core.calibration import Band, Score, predictions, retention_bands, score
from dlquiz.core.ids import DeckId
from dlquiz.core.validation import Fitter, Histories, Validated, validated_fit
from dlquiz.core.workload import Workload, simulate_workload
from dlquiz.storage.collection import Collection
from dlquiz.storage.memory_store import (
    ParametersInUse,
    parameters_in_use,
    record_fit,
    scheduler_settings,
    use_defaults,
)
from dlquiz.storage.rebuild import RebuildResult, read_histories, rebuild_cards

# Shares of the whole optimisation given to each stage, for one progress bar.
_STAGES = {"load": (0.0, 0.02), "fit": (0.02, 0.45), "score": (0.45, 0.5), "refit": (0.5, 0.98)}


@dataclass(frozen=True, slots=True)
class OptimizeOutcome:
    """What ``optimize`` found, decided and changed."""

    validated: Validated
    rebuilt: RebuildResult | None  # None when the parameters stayed


def load_histories(collection: Collection, deck_ids: Sequence[DeckId] | None = None) -> Histories:
    """The review log as card histories, for fitting and scoring."""
    with collection.session() as s:
        return read_histories(s, deck_ids=deck_ids)


def optimize(
    collection: Collection,
    *,
    deck_ids: Sequence[DeckId] | None = None,
    fitter: Fitter | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    move_due: bool | None = None,
) -> OptimizeOutcome:
    """Fit parameters to the log, keep them only if they predict later reviews better.

    Args:
        deck_ids: fit on these decks' reviews only (the parameters still apply
            to the whole collection).
        fitter: defaults to fsrs's optimiser (``dlquiz.fsrs_fit``).
        progress: told the finished share, 0 to 1.
        cancel: set to stop; ``dlquiz.fsrs_fit.FitCancelled`` is raised and
            nothing changes.
        move_due: whether due dates follow kept parameters (default: the
            ``reschedule_on_change`` setting).

    Raises:
        ImportError: the default fitter's extra is not installed.
    """
    tell = progress or (lambda _share: None)
    stage = ["load"]

    def on_stage(name: str) -> None:
        stage[0] = name
        tell(_STAGES[name][0])

    def scaled(share: float) -> None:
        low, high = _STAGES[stage[0]]
        tell(low + (high - low) * share)

    if fitter is None:
        # Imported only when a fit is really due: a log too small to fit needs no torch.
        from dlquiz import fsrs_fit

        def fitter(histories: Histories) -> tuple[float, ...]:
            return fsrs_fit.fit_parameters(histories, progress=scaled, cancel=cancel)

    histories = load_histories(collection, deck_ids)
    settings = scheduler_settings(collection)
    outcome = validated_fit(histories, settings=settings, fit=fitter, on_stage=on_stage)
    if cancel is not None and cancel.is_set():
        from dlquiz.fsrs_fit import FitCancelled

        raise FitCancelled
    deck_id = deck_ids[0] if deck_ids and len(deck_ids) == 1 else None
    record_fit(collection, outcome, deck_id=deck_id, now=collection.clock.now())
    rebuilt = None
    if outcome.kept:
        rebuilt = rebuild_all(collection, move_due=move_due)
    tell(1.0)
    return OptimizeOutcome(validated=outcome, rebuilt=rebuilt)


def rebuild_all(collection: Collection, *, move_due: bool | None = None) -> RebuildResult:
    """Every card rebuilt with the parameters in use; due dates move if ``move_due``.

    ``move_due`` defaults to the ``reschedule_on_change`` setting.
    """
    if move_due is None:
        move_due = collection.settings().reschedule_on_change
    return rebuild_cards(collection, settings=scheduler_settings(collection), move_due=move_due)


def reset_to_defaults(collection: Collection, *, move_due: bool | None = None) -> RebuildResult:
    """Use FSRS's default parameters again and rebuild every card with them."""
    use_defaults(collection, now=collection.clock.now())
    return rebuild_all(collection, move_due=move_due)


def evaluate(collection: Collection, *, deck_ids: Sequence[DeckId] | None = None) -> Score:
    """How well the parameters in use predict the whole log (log loss, RMSE(bins))."""
    histories = load_histories(collection, deck_ids)
    return score(predictions(histories, scheduler_settings(collection)))


@dataclass(frozen=True, slots=True)
class MemoryReport:
    """For Statistics: calibration of the parameters in use and true retention by interval."""

    source: str
    score: Score
    bands: tuple[Band, ...]


def memory_report(collection: Collection) -> MemoryReport:
    """Predicted against actual recall on the whole log, and retention by interval band."""
    histories = load_histories(collection)
    scored = predictions(histories, scheduler_settings(collection))
    return MemoryReport(
        source=parameters_in_use(collection).source,
        score=score(scored),
        bands=retention_bands(scored),
    )


def workload(collection: Collection, *, days: int = 365) -> list[Workload]:
    """Simulated reviews per day at several desired retentions, with the parameters in use."""
    from dlquiz.storage.readiness_store import card_states

    states = [c.state for c in card_states(collection, None)]
    return simulate_workload(
        states,
        scheduler_settings(collection),
        now=collection.clock.now(),
        new_per_day=collection.settings().new_per_day,
        days=days,
    )


def current(collection: Collection) -> ParametersInUse:
    """The parameters in use (for ``dlquiz fsrs params`` and Settings)."""
    return parameters_in_use(collection)
