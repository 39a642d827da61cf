"""What a desired retention costs: simulated answers per day, with the learner's parameters."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dlquiz.cli.main import main
from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import DEFAULT_PARAMETERS, CardPhase, CardState, SchedulerSettings
from dlquiz.core.workload import simulate_workload
from dlquiz.gui.workload_view import WorkloadBox
from tests.helpers import open_test_collection
from tests.memory_helpers import START, seed_history

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _studied(count: int, stability: float) -> list[CardState]:
    return [
        CardState(
            phase=CardPhase.REVIEW,
            stability=stability,
            difficulty=5.0,
            due=NOW + timedelta(days=i % 10),
            last_review=NOW - timedelta(days=5),
            reps=4,
        )
        for i in range(count)
    ]


def test_higher_retention_costs_more_answers() -> None:
    rows = simulate_workload(_studied(200, 10.0), SchedulerSettings(), now=NOW, new_per_day=0)
    per_day = [r.reviews_per_day for r in rows]
    assert [r.retention for r in rows] == [0.8, 0.85, 0.9, 0.95]
    assert per_day == sorted(per_day) and per_day[-1] > 1.5 * per_day[0]
    for row in rows:  # the learner recalls about as often as scheduled
        assert row.recalled_share == pytest.approx(row.retention, abs=0.06)


def test_a_better_memory_costs_less() -> None:
    better = (1.5, 4.0, 12.0, 30.0, *DEFAULT_PARAMETERS[4:8], 2.6, *DEFAULT_PARAMETERS[9:])
    cards = _studied(200, 10.0)
    plain = simulate_workload(cards, SchedulerSettings(), now=NOW, new_per_day=0)
    strong = simulate_workload(cards, SchedulerSettings(parameters=better), now=NOW, new_per_day=0)
    assert strong[2].reviews_per_day < plain[2].reviews_per_day


def test_sampling_a_large_collection_scales_back_up() -> None:
    small = simulate_workload(_studied(500, 10.0), SchedulerSettings(), now=NOW, new_per_day=0)
    large = simulate_workload(_studied(5000, 10.0), SchedulerSettings(), now=NOW, new_per_day=0)
    for a, b in zip(small, large, strict=True):
        assert b.reviews_per_day == pytest.approx(10 * a.reviews_per_day, rel=0.15)


def test_new_cards_add_their_learning() -> None:
    new = [CardState() for _ in range(300)]
    none = simulate_workload(new, SchedulerSettings(), now=NOW, new_per_day=0)
    some = simulate_workload(new, SchedulerSettings(), now=NOW, new_per_day=10)
    assert all(r.reviews_per_day == 0 for r in none)
    assert all(r.reviews_per_day > 5 for r in some)


def test_cli_and_settings_show_the_workload(
    qtbot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(START + timedelta(days=121)))
    seed_history(collection, DEFAULT_PARAMETERS, cards=120, days=120)
    box = WorkloadBox(collection)
    qtbot.addWidget(box)
    with qtbot.waitSignal(box.shown, timeout=120_000):
        box.estimate()
    assert "desired retention" in box.table.text() and "<b>90%" in box.table.text()
    box.shutdown()
    collection.close(backup=False)
    code = main(["--db", str(tmp_path / "c.dlquiz"), "fsrs", "workload", "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert code == 0 and len(shown["workload"]) >= 3
