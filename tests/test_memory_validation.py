"""Scoring parameters on a log and the validate-before-keeping rule (no torch needed)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from dlquiz.core.calibration import (
    Prediction,
    calibration,
    predictions,
    retention_bands,
    score,
)
from dlquiz.core.scheduling import DEFAULT_PARAMETERS, SchedulerSettings
from dlquiz.core.simulate import simulate
from dlquiz.core.validation import Histories, before_time, split_time, too_few, validated_fit

START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)

# A learner who remembers far better than FSRS's average learner: longer first
# intervals, and memories that grow faster with each success (w8).
STRONG = (1.5, 4.0, 12.0, 30.0, *DEFAULT_PARAMETERS[4:8], 2.6, *DEFAULT_PARAMETERS[9:])
# A learner model that forgets everything within hours.
HOPELESS = (0.01, 0.01, 0.02, 0.05, *DEFAULT_PARAMETERS[4:])


def _log(truth: Sequence[float], *, cards: int = 400, days: int = 120, seed: int = 1) -> Histories:
    histories, _days = simulate(
        truth=truth,
        schedule=SchedulerSettings(),
        cards=cards,
        days=days,
        new_per_day=15,
        start=START,
        seed=seed,
    )
    return histories


@pytest.fixture(scope="module")
def strong_log() -> Histories:
    return _log(STRONG)


def _p(predicted: float, recalled: bool, elapsed: int = 3) -> Prediction:
    return Prediction(1, START, elapsed, predicted, recalled)


def test_log_loss_and_rmse_bins_by_hand() -> None:
    scored = [_p(0.9, True), _p(0.9, False), _p(0.55, True), _p(0.15, False)]
    result = score(scored)
    expected = -(math.log(0.9) + math.log(0.1) + math.log(0.55) + math.log(0.85)) / 4
    assert result.log_loss == pytest.approx(expected)
    # bins: [0.9,1.0): mean 0.9 vs 0.5 (2 reviews); [0.5,0.6): 0.55 vs 1; [0.1,0.2): 0.15 vs 0
    squared = 2 * 0.4**2 + 0.45**2 + 0.15**2
    assert result.rmse_bins == pytest.approx(math.sqrt(squared / 4))
    assert [b.count for b in result.bins] == [1, 1, 2]
    assert score([]).reviews == 0 and math.isnan(score([]).log_loss)


def test_a_certain_wrong_prediction_costs_a_lot_but_stays_finite() -> None:
    assert 10 < score([_p(1.0, False)]).log_loss < 20
    assert score([_p(1.0, True)]).log_loss == pytest.approx(0.0, abs=1e-5)


def test_calibration_bins_cover_zero_to_one_and_count_every_review() -> None:
    scored = [_p(i / 100, i % 3 != 0) for i in range(101)]
    bins = calibration(scored)
    assert sum(b.count for b in bins) == 101
    assert bins[0].low == 0.0 and bins[-1].high == 1.0
    for b in bins:
        assert b.low <= b.predicted <= b.high


def test_retention_bands_split_by_interval() -> None:
    scored = [_p(0.9, True, 1), _p(0.9, False, 1), _p(0.8, True, 5), _p(0.5, False, 400)]
    bands = {b.label: b for b in retention_bands(scored)}
    assert bands["1 d"].actual == 0.5 and bands["1 d"].count == 2
    assert bands["4-7 d"].actual == 1.0
    assert bands["> 365 d"].predicted == 0.5


def test_only_reviews_a_day_or_more_apart_are_scored() -> None:
    at = START
    history = [(3, at), (3, at + timedelta(minutes=5)), (3, at + timedelta(hours=30))]
    scored = predictions([(1, history)], SchedulerSettings())
    assert [p.elapsed_days for p in scored] == [1]


def test_true_parameters_predict_their_own_learner_better(strong_log: Histories) -> None:
    settings = SchedulerSettings()
    truth = score(predictions(strong_log, replace(settings, parameters=STRONG)))
    default = score(predictions(strong_log, settings))
    hopeless = score(predictions(strong_log, replace(settings, parameters=HOPELESS)))
    assert truth.reviews > 1000
    assert truth.log_loss < default.log_loss < hopeless.log_loss
    assert truth.rmse_bins < default.rmse_bins


def test_the_later_part_is_scored_with_the_earlier_part_shaping_cards(
    strong_log: Histories,
) -> None:
    cutoff = split_time(strong_log)
    assert cutoff is not None
    later = predictions(strong_log, SchedulerSettings(), since=cutoff)
    everything = predictions(strong_log, SchedulerSettings())
    assert 0.15 < len(later) / len(everything) < 0.25
    assert all(p.reviewed_at >= cutoff for p in later)
    # the same predictions as in the full replay, not those of cards started afresh
    full = {(p.card_id, p.reviewed_at): p.predicted for p in everything}
    assert all(full[(p.card_id, p.reviewed_at)] == p.predicted for p in later)


def test_a_fit_that_predicts_better_is_kept_and_refitted_on_everything(
    strong_log: Histories,
) -> None:
    seen: list[Histories] = []

    def fitter(histories: Histories) -> Sequence[float]:
        seen.append(histories)
        return STRONG

    result = validated_fit(strong_log, settings=SchedulerSettings(), fit=fitter)
    assert result.kept and result.parameters == STRONG
    assert result.after is not None and result.before is not None and result.default is not None
    assert result.after.log_loss < result.before.log_loss
    cutoff = split_time(strong_log)
    assert cutoff is not None
    first, second = seen
    assert max(at for _c, h in first for _r, at in h) < cutoff  # the fit never saw later reviews
    assert sum(len(h) for _c, h in second) == sum(len(h) for _c, h in strong_log)


def test_a_fit_that_predicts_worse_is_refused_and_nothing_changes(strong_log: Histories) -> None:
    calls: list[int] = []

    def fitter(histories: Histories) -> Sequence[float]:
        calls.append(len(histories))
        return HOPELESS

    in_use = SchedulerSettings(parameters=STRONG)
    result = validated_fit(strong_log, settings=in_use, fit=fitter)
    assert not result.kept and result.parameters == STRONG
    assert result.fitted == HOPELESS and len(calls) == 1  # no refit
    assert "no better" in result.reason


def test_a_fit_must_also_beat_the_defaults() -> None:
    log = _log(DEFAULT_PARAMETERS, seed=5)  # a learner just like FSRS's default one
    d = DEFAULT_PARAMETERS
    weaker = (d[0] / 2, d[1] / 2, d[2] / 2, d[3] / 2, *d[4:8], 1.5, *d[9:])
    in_use = SchedulerSettings(parameters=STRONG)  # wrong for this learner
    result = validated_fit(log, settings=in_use, fit=lambda _h: weaker)
    assert result.before is not None and result.after is not None and result.default is not None
    assert result.after.log_loss < result.before.log_loss  # better than what is in use...
    assert result.default.log_loss < result.after.log_loss  # ...but not than the defaults
    assert not result.kept


def test_too_few_reviews_keep_the_parameters_and_say_so() -> None:
    small = _log(STRONG, cards=30, days=20)
    assert too_few(small) is not None
    result = validated_fit(small, settings=SchedulerSettings(), fit=lambda _h: pytest.fail("fit"))
    assert not result.kept and result.parameters == DEFAULT_PARAMETERS
    assert "too few reviews" in result.reason
    assert validated_fit([], settings=SchedulerSettings(), fit=lambda _h: STRONG).reviews == 0


def test_before_time_drops_later_reviews_and_empty_cards() -> None:
    histories = [
        (1, [(3, START), (3, START + timedelta(days=5))]),
        (2, [(3, START + timedelta(days=9))]),
    ]
    cut = before_time(histories, START + timedelta(days=2))
    assert cut == [(1, [(3, START)])]


def test_the_simulated_learner_is_reproducible_and_recalls_as_scheduled() -> None:
    first = _log(DEFAULT_PARAMETERS, cards=200, days=60, seed=3)
    again = _log(DEFAULT_PARAMETERS, cards=200, days=60, seed=3)
    assert first == again
    scored = predictions(first, SchedulerSettings())
    recalled = sum(p.recalled for p in scored) / len(scored)
    assert 0.8 < recalled < 0.97  # scheduled for 90 % retention
