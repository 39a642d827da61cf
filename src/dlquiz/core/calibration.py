"""How well FSRS parameters predict a learner's answers: log loss, RMSE(bins), bands.

A review is *scored* when at least one whole day passed since the card's
previous answer, as in fsrs's own optimiser: same-day learning steps say
little about long-term memory.  Its prediction is the card's retrievability
just before the answer, replayed from the earlier answers with the given
parameters; the outcome is recalled unless the rating was Again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from dlquiz.core.replay_engine import ReplayEngine
from dlquiz.core.scheduling import SchedulerSettings

History = Sequence[tuple[int, datetime]]  # (rating, UTC time), in time order

# Predictions are clipped away from 0 and 1 so one confident miss cannot make the loss infinite.
_EPS = 1e-6
CALIBRATION_BINS = 10
# Interval bands for true retention, in whole days since the previous answer.
INTERVAL_BANDS: tuple[tuple[int, int | None], ...] = (
    (1, 1),
    (2, 3),
    (4, 7),
    (8, 14),
    (15, 30),
    (31, 90),
    (91, 365),
    (366, None),
)


@dataclass(frozen=True, slots=True)
class Prediction:
    """One scored review: what the model predicted and what happened."""

    card_id: int
    reviewed_at: datetime
    elapsed_days: int
    predicted: float
    recalled: bool


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """Reviews whose prediction fell in ``[low, high)``: mean prediction against reality."""

    low: float
    high: float
    count: int
    predicted: float
    actual: float


@dataclass(frozen=True, slots=True)
class Score:
    """Log loss and RMSE(bins) of a set of predictions (lower is better for both)."""

    reviews: int
    log_loss: float
    rmse_bins: float
    bins: tuple[CalibrationBin, ...]


@dataclass(frozen=True, slots=True)
class Band:
    """True and predicted retention for reviews after intervals in ``[low, high]`` days."""

    low: int
    high: int | None
    count: int
    actual: float
    predicted: float

    @property
    def label(self) -> str:
        if self.high is None:
            return f"> {self.low - 1} d"
        return f"{self.low} d" if self.low == self.high else f"{self.low}-{self.high} d"


def predictions(
    histories: Iterable[tuple[int, History]],
    settings: SchedulerSettings,
    *,
    since: datetime | None = None,
) -> list[Prediction]:
    """The scored reviews of ``histories`` replayed with ``settings``' parameters.

    Every answer updates the card, but only answers at or after ``since``
    (when given) are returned, so a model can be judged on later reviews
    while earlier ones still shape each card's state.
    """
    engine = ReplayEngine(settings)
    out: list[Prediction] = []
    for card_id, history in histories:
        for position, elapsed, recall in engine.scored(history, since=since):
            rating, at = history[position]
            out.append(Prediction(card_id, at, elapsed, recall, rating > 1))
    return out


def score(scored: Sequence[Prediction]) -> Score:
    """Log loss (mean binary cross-entropy) and RMSE over ten equal-width bins.

    RMSE(bins) is the root of the count-weighted mean squared gap between a
    bin's mean prediction and its share of recalled answers.
    """
    if not scored:
        return Score(reviews=0, log_loss=math.nan, rmse_bins=math.nan, bins=())
    loss = 0.0
    for p in scored:
        r = min(max(p.predicted, _EPS), 1.0 - _EPS)
        loss -= math.log(r) if p.recalled else math.log(1.0 - r)
    bins = calibration(scored)
    squared = sum(b.count * (b.predicted - b.actual) ** 2 for b in bins)
    return Score(
        reviews=len(scored),
        log_loss=loss / len(scored),
        rmse_bins=math.sqrt(squared / len(scored)),
        bins=bins,
    )


def calibration(
    scored: Sequence[Prediction], *, bins: int = CALIBRATION_BINS
) -> tuple[CalibrationBin, ...]:
    """Predicted against actual recall in ``bins`` equal-width bins (empty ones left out)."""
    sums = [[0, 0.0, 0] for _ in range(bins)]  # count, predicted sum, recalled count
    for p in scored:
        index = min(int(p.predicted * bins), bins - 1)
        cell = sums[index]
        cell[0] += 1
        cell[1] += p.predicted
        cell[2] += p.recalled
    return tuple(
        CalibrationBin(i / bins, (i + 1) / bins, int(n), total / n, recalled / n)
        for i, (n, total, recalled) in enumerate(sums)
        if n
    )


def retention_bands(scored: Sequence[Prediction]) -> tuple[Band, ...]:
    """True retention (share not rated Again) by interval band, with the mean prediction."""
    out: list[Band] = []
    for low, high in INTERVAL_BANDS:
        chosen = [
            p for p in scored if p.elapsed_days >= low and (high is None or p.elapsed_days <= high)
        ]
        if chosen:
            out.append(
                Band(
                    low=low,
                    high=high,
                    count=len(chosen),
                    actual=sum(p.recalled for p in chosen) / len(chosen),
                    predicted=sum(p.predicted for p in chosen) / len(chosen),
                )
            )
    return tuple(out)
