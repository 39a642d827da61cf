"""Fit FSRS parameters and keep them only if they predict later reviews better.

The log is split by time: parameters are fitted on the earlier part and all
three candidates (the fit, FSRS's defaults and the parameters in use) are
scored on the later part, where every card still starts from its full
earlier history.  Only a fit that beats both on log loss is kept, and then
it is refitted on the whole log.  A raw fit scored on the data it saw can
look better than the defaults and still predict the future worse.

The fitter is passed in (``dlquiz.fsrs_fit`` wraps fsrs's optimiser), so
this module stays free of torch and the rule can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from dlquiz.core.calibration import History, Score, predictions, score
from dlquiz.core.scheduling import DEFAULT_PARAMETERS, SchedulerSettings, check_parameters

Histories = Sequence[tuple[int, History]]
Fitter = Callable[[Histories], Sequence[float]]

HOLDOUT_SHARE = 0.2  # the latest fifth of the scored reviews is held back
MIN_SCORED_REVIEWS = 600  # below this a fit is noise; fsrs itself wants 512 to fit at all
MIN_HELD_OUT = 100
MIN_DAYS = 7  # reviews on at least this many different days


@dataclass(frozen=True, slots=True)
class Validated:
    """What an optimisation found and decided.

    ``before`` is the score of the parameters in use on the held-back
    reviews, ``after`` that of the fit on the earlier reviews, ``default``
    that of FSRS's defaults.  ``parameters`` are the ones to use from now on.
    """

    reviews: int
    scored_reviews: int
    held_out: int
    kept: bool
    reason: str
    parameters_before: tuple[float, ...]
    parameters: tuple[float, ...]
    before: Score | None
    after: Score | None
    default: Score | None
    fitted: tuple[float, ...] | None = None  # the fit on the earlier reviews, kept or not


def split_time(histories: Histories, *, share: float = HOLDOUT_SHARE) -> datetime | None:
    """The time from which the latest ``share`` of scored reviews begins."""
    times = sorted(p.reviewed_at for p in predictions(histories, SchedulerSettings()))
    if not times:
        return None
    return times[min(len(times) - 1, int(len(times) * (1.0 - share)))]


def before_time(histories: Histories, cutoff: datetime) -> list[tuple[int, History]]:
    """Each card's reviews strictly before ``cutoff`` (cards left empty are dropped)."""
    out: list[tuple[int, History]] = []
    for card_id, history in histories:
        kept = [item for item in history if item[1] < cutoff]
        if kept:
            out.append((card_id, kept))
    return out


def too_few(histories: Histories) -> str | None:
    """Why the log is too small to fit, or None when it is large enough."""
    scored = predictions(histories, SchedulerSettings())
    days = {p.reviewed_at.date() for p in scored}
    if len(scored) < MIN_SCORED_REVIEWS or len(days) < MIN_DAYS:
        return (
            f"too few reviews to fit parameters: {len(scored)} reviews a day or more after the "
            f"previous one, on {len(days)} days (at least {MIN_SCORED_REVIEWS} on "
            f"{MIN_DAYS} days are needed); the parameters stay as they are"
        )
    return None


def validated_fit(
    histories: Histories,
    *,
    settings: SchedulerSettings,
    fit: Fitter,
    on_stage: Callable[[str], None] | None = None,
) -> Validated:
    """Fit on the earlier reviews, judge on the later ones, refit on all if it wins.

    Args:
        histories: every card's ``(rating, UTC time)`` answers in time order.
        settings: the scheduling settings in use (their parameters are "before").
        fit: turns histories into 21 parameters (may raise to cancel).
        on_stage: told "fit", "score" and "refit" as each stage begins.
    """
    stage = on_stage or (lambda _name: None)
    reviews = sum(len(h) for _c, h in histories)
    in_use = settings.parameters
    refusal = too_few(histories)
    cutoff = split_time(histories)
    if refusal is not None or cutoff is None:
        return Validated(
            reviews, 0, 0, False, refusal or "no reviews", in_use, in_use, None, None, None
        )
    stage("fit")
    candidate = tuple(float(w) for w in fit(before_time(histories, cutoff)))
    check_parameters(candidate)
    stage("score")
    scores = {
        name: score(predictions(histories, replace(settings, parameters=params), since=cutoff))
        for name, params in (
            ("before", in_use),
            ("after", candidate),
            ("default", DEFAULT_PARAMETERS),
        )
    }
    held_out = scores["before"].reviews
    scored_reviews = len(predictions(histories, settings))

    def decided(kept: bool, reason: str, parameters: tuple[float, ...]) -> Validated:
        return Validated(
            reviews,
            scored_reviews,
            held_out,
            kept,
            reason,
            in_use,
            parameters,
            scores["before"],
            scores["after"],
            scores["default"],
            candidate,
        )

    if held_out < MIN_HELD_OUT:
        reason = f"only {held_out} later reviews to judge a fit on (at least {MIN_HELD_OUT} needed)"
        return decided(False, reason, in_use)
    best_other = min(scores["before"].log_loss, scores["default"].log_loss)
    if not scores["after"].log_loss < best_other:
        reason = (
            f"the fit predicted the latest {held_out} reviews no better (log loss "
            f"{scores['after'].log_loss:.4f} against {best_other:.4f}); the parameters stay"
        )
        return decided(False, reason, in_use)
    stage("refit")
    final = tuple(float(w) for w in fit(histories))
    check_parameters(final)
    reason = (
        f"the fit predicted the latest {held_out} reviews better (log loss "
        f"{scores['after'].log_loss:.4f} against {best_other:.4f}); refitted on all reviews"
    )
    return decided(True, reason, final)
