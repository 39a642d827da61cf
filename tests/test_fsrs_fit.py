"""fsrs's own optimiser through dlquiz.fsrs_fit (skipped, with the reason, without the extra)."""

from __future__ import annotations

import threading

import pytest

from dlquiz import fsrs_fit
from dlquiz.core.scheduling import DEFAULT_PARAMETERS, SchedulerSettings, check_parameters
from dlquiz.core.simulate import simulate
from tests.memory_helpers import START

MISSING = fsrs_fit.missing()
needs_optimizer = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


def _log() -> list[tuple[int, list[tuple[int, object]]]]:
    histories, _ = simulate(
        truth=DEFAULT_PARAMETERS,
        schedule=SchedulerSettings(),
        cards=150,
        days=80,
        new_per_day=10,
        start=START,
        seed=4,
    )
    return histories  # type: ignore[return-value]


def test_missing_names_the_install_command_when_something_is_absent() -> None:
    assert MISSING is None or 'pip install "dlquiz[optimizer]"' in MISSING


@needs_optimizer
def test_a_cancelled_fit_stops_at_once() -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(fsrs_fit.FitCancelled):
        fsrs_fit.fit_parameters(_log(), cancel=cancel)  # type: ignore[arg-type]


@needs_optimizer
@pytest.mark.slow
@pytest.mark.optimizer
def test_a_real_fit_gives_valid_parameters_and_reports_progress() -> None:
    shares: list[float] = []
    fitted = fsrs_fit.fit_parameters(_log(), progress=shares.append)  # type: ignore[arg-type]
    check_parameters(fitted)
    assert fitted != DEFAULT_PARAMETERS  # it really trained (the log has > 512 scored reviews)
    assert shares[-1] == 1.0 and shares == sorted(shares) and len(shares) > 5
