"""Optimise / evaluate / params on a real collection, through the service and the CLI."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from dlquiz.cli.main import main
from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import DEFAULT_PARAMETERS, Rating
from dlquiz.core.settings import Settings
from dlquiz.core.validation import Histories
from dlquiz.storage.collection import Collection
from dlquiz.storage.memory_service import current, evaluate, optimize, reset_to_defaults
from dlquiz.storage.memory_store import scheduler_settings
from dlquiz.storage.schema import CardRow, FsrsFitRow, SettingRow
from tests.helpers import open_test_collection, study_service
from tests.memory_helpers import START, seed_history

STRONG = (1.5, 4.0, 12.0, 30.0, *DEFAULT_PARAMETERS[4:8], 2.6, *DEFAULT_PARAMETERS[9:])
HOPELESS = (0.01, 0.01, 0.02, 0.05, *DEFAULT_PARAMETERS[4:])


def _cards(collection: Collection) -> dict[int, tuple[float | None, object]]:
    with collection.session() as s:
        return {r.id: (r.stability, r.due) for r in s.scalars(select(CardRow))}


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Collection]:
    clock = FakeClock(START.replace(year=2025, month=5, day=10))
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    seed_history(collection, STRONG)
    yield collection
    collection.close()


def test_a_better_fit_is_kept_used_for_study_and_cards_follow(seeded: Collection) -> None:
    before = _cards(seeded)
    outcome = optimize(seeded, fitter=lambda _h: STRONG)
    assert outcome.validated.kept
    in_use = current(seeded)
    assert in_use.parameters == STRONG and in_use.source == "optimized"
    assert in_use.fitted_at == seeded.clock.now()
    assert study_service(seeded).scheduler.settings.parameters == STRONG
    after = _cards(seeded)
    changed = [c for c in before if before[c][0] is not None and before[c][0] != after[c][0]]
    assert len(changed) > 100
    # reschedule_on_change is off by default: due dates stay
    assert all(before[c][1] == after[c][1] for c in before)
    score = evaluate(seeded)
    assert score.reviews > 1000 and score.log_loss < 0.4


def test_rescheduling_on_change_moves_due_dates(seeded: Collection) -> None:
    seeded.save_settings(replace(seeded.settings(), reschedule_on_change=True))
    before = _cards(seeded)
    optimize(seeded, fitter=lambda _h: STRONG)
    after = _cards(seeded)
    assert sum(before[c][1] != after[c][1] for c in before) > 100
    reset_to_defaults(seeded)
    assert current(seeded).source == "default"
    assert _cards(seeded) == before  # the defaults give back the first schedule


def test_a_worse_fit_is_recorded_but_not_used(seeded: Collection) -> None:
    before = _cards(seeded)
    outcome = optimize(seeded, fitter=lambda _h: HOPELESS)
    assert not outcome.validated.kept and outcome.rebuilt is None
    assert current(seeded).parameters == DEFAULT_PARAMETERS
    assert _cards(seeded) == before
    with seeded.session() as s:
        row = s.scalars(select(FsrsFitRow)).one()
        assert not row.kept and json.loads(row.parameters) == list(HOPELESS)
        assert row.log_loss_after is not None and row.log_loss_before is not None
        assert row.log_loss_after > row.log_loss_before


def test_cancelling_changes_nothing(seeded: Collection) -> None:
    from dlquiz.fsrs_fit import FitCancelled

    cancel = threading.Event()

    def fitter(_h: Histories) -> Sequence[float]:
        cancel.set()
        return STRONG

    with pytest.raises(FitCancelled):
        optimize(seeded, fitter=fitter, cancel=cancel)
    assert current(seeded).source == "default"
    with seeded.session() as s:
        assert s.scalars(select(FsrsFitRow)).first() is None


def test_stored_parameters_out_of_bounds_fall_back_to_defaults(seeded: Collection) -> None:
    optimize(seeded, fitter=lambda _h: STRONG)
    assert scheduler_settings(seeded).parameters == STRONG
    with seeded.session() as s:
        row = s.get(SettingRow, "fsrs_parameters")
        assert row is not None and json.loads(row.value) == list(STRONG)
        row.value = json.dumps([99.0] * 21)  # a hand-edited file
    seeded._settings = None  # read the settings again, as the next start would
    assert current(seeded).parameters == DEFAULT_PARAMETERS
    assert scheduler_settings(seeded).parameters == DEFAULT_PARAMETERS


def test_an_answer_still_costs_one_transaction_with_fitted_parameters(seeded: Collection) -> None:
    from sqlalchemy import event

    optimize(seeded, fitter=lambda _h: STRONG)
    service = study_service(seeded)
    service.counts()
    begun: list[int] = []
    event.listen(seeded.engine, "begin", lambda _conn: begun.append(1))
    card = service.next_card()
    assert card is not None
    before = len(begun)
    service.record(card, rating=Rating.GOOD, answer="", grade=None, duration_ms=1)
    assert len(begun) - before == 1
    assert service.scheduler.settings.parameters == STRONG


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_params_and_evaluate_json(
    seeded: Collection, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(seeded.path)
    seeded.close()
    code, out, _ = _run(capsys, "--db", db, "fsrs", "params", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown == {"parameters": list(DEFAULT_PARAMETERS), "source": "default", "fitted_at": None}
    code, out, _ = _run(capsys, "--db", db, "fsrs", "evaluate", "--json")
    figures = json.loads(out)
    assert code == 0 and figures["reviews"] > 1000 and figures["source"] == "default"
    assert 0 < figures["log_loss"] < 1 and 0 <= figures["rmse_bins"] < 0.5
    assert sum(b["reviews"] for b in figures["calibration"]) == figures["reviews"]
    code, out, _ = _run(capsys, "--db", db, "fsrs", "evaluate")
    assert code == 0 and "log loss" in out


def test_cli_optimize_with_too_few_reviews_keeps_defaults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(START))
    seed_history(collection, STRONG, cards=20, days=15)
    collection.close()
    db = str(tmp_path / "c.dlquiz")
    code, out, _ = _run(capsys, "--db", db, "fsrs", "optimize", "--json")
    figures = json.loads(out)
    assert code == 0 and figures["kept"] is False
    expected_keys = {
        "reviews",
        "kept",
        "parameters_before",
        "parameters_after",
        "log_loss_before",
        "log_loss_after",
        "rmse_bins_before",
        "rmse_bins_after",
    }
    assert expected_keys <= set(figures)
    assert figures["parameters_after"] == list(DEFAULT_PARAMETERS)
    assert "too few reviews" in figures["message"]
    code, out, _ = _run(capsys, "--db", db, "fsrs", "optimize")
    assert code == 0 and "too few reviews" in out


def test_cli_unknown_deck_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(
        capsys, "--db", str(tmp_path / "c.dlquiz"), "fsrs", "optimize", "--deck", "nope"
    )
    assert code == 1 and "no deck named 'nope'" in err


def test_settings_keep_the_reschedule_choice(tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz")
    try:
        collection.save_settings(Settings(reschedule_on_change=True))
        collection._settings = None
        assert collection.settings().reschedule_on_change is True
    finally:
        collection.close()
