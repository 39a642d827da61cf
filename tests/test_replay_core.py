"""core.replay: a card's state is its review history replayed through fsrs."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlquiz.core.replay import PastReview, Replayer, replay
from dlquiz.core.scheduling import (
    DEFAULT_PARAMETERS,
    PARAMETER_BOUNDS,
    CardPhase,
    CardState,
    Rating,
    Scheduler,
    SchedulerSettings,
    check_parameters,
)

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

# Every weight 30 % larger, within fsrs's bounds: a second, quite different learner.
_BOLDER = tuple(
    max(low, min(high, w * 1.3))
    for w, (low, high) in zip(DEFAULT_PARAMETERS, PARAMETER_BOUNDS, strict=True)
)

# Gaps from a minute to several months, so learning, review and relearning all occur.
gaps = st.lists(
    st.tuples(
        st.sampled_from(list(Rating)),
        st.integers(min_value=30, max_value=200 * 86400),
    ),
    min_size=0,
    max_size=25,
)

scheduler_settings = st.builds(
    SchedulerSettings,
    desired_retention=st.sampled_from([0.75, 0.85, 0.9, 0.97]),
    learning_steps_s=st.sampled_from([(), (60,), (60, 600), (300, 3600, 86400)]),
    relearning_steps_s=st.sampled_from([(), (600,), (600, 3600)]),
    maximum_interval_days=st.sampled_from([30, 365, 36500]),
    parameters=st.sampled_from([DEFAULT_PARAMETERS, _BOLDER]),
)


def _history(steps: list[tuple[Rating, int]]) -> list[PastReview]:
    out, at = [], START
    for rating, gap in steps:
        at += timedelta(seconds=gap)
        out.append(PastReview(rating, at))
    return out


def _step_by_step(history: list[PastReview], chosen: SchedulerSettings) -> CardState:
    scheduler = Scheduler(chosen)
    state = CardState()
    for review in history:
        state = scheduler.review(state, review.rating, now=review.reviewed_at, card_id=7)
    return state


@settings(max_examples=150, deadline=None)
@given(steps=gaps, chosen=scheduler_settings)
def test_replay_is_the_same_as_answering_one_review_at_a_time(
    steps: list[tuple[Rating, int]], chosen: SchedulerSettings
) -> None:
    history = _history(steps)
    assert replay(history, chosen, card_id=7) == _step_by_step(history, chosen)


@settings(max_examples=60, deadline=None)
@given(steps=gaps, seed=st.integers(0, 10_000))
def test_the_order_reviews_are_given_in_does_not_matter(
    steps: list[tuple[Rating, int]], seed: int
) -> None:
    history = _history(steps)
    shuffled = list(history)
    random.Random(seed).shuffle(shuffled)
    assert replay(shuffled, SchedulerSettings()) == replay(history, SchedulerSettings())


@settings(max_examples=60, deadline=None)
@given(steps=gaps.filter(bool))
def test_replay_matches_a_bare_fsrs_review_card_loop(steps: list[tuple[Rating, int]]) -> None:
    history = _history(steps)
    bare = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=3, due=history[0].reviewed_at)
    for review in history:
        card, _ = bare.review_card(card, fsrs.Rating(int(review.rating)), review.reviewed_at)
    state = replay(history, SchedulerSettings(), card_id=3)
    assert (state.stability, state.difficulty, state.due, state.last_review, state.step) == (
        card.stability,
        card.difficulty,
        card.due,
        card.last_review,
        card.step,
    )
    assert int(state.phase) == int(card.state)


def test_an_empty_history_is_a_new_card() -> None:
    assert replay([], SchedulerSettings()) == CardState()


def test_reps_and_lapses_are_counted_from_the_history() -> None:
    day = timedelta(days=1)
    history = [
        PastReview(Rating.GOOD, START),
        PastReview(Rating.GOOD, START + timedelta(minutes=2)),  # leaves learning
        PastReview(Rating.GOOD, START + 5 * day),
        PastReview(Rating.AGAIN, START + 30 * day),  # a lapse: the card was in review
        PastReview(Rating.AGAIN, START + 30 * day + timedelta(minutes=5)),  # relearning
        PastReview(Rating.GOOD, START + 31 * day),
    ]
    state = replay(history, SchedulerSettings(learning_steps_s=(60,)))
    assert state.reps == 6 and state.lapses == 1
    assert state.phase is CardPhase.REVIEW


def test_parameters_change_stability_and_due() -> None:
    history = [PastReview(Rating.GOOD, START), PastReview(Rating.GOOD, START + timedelta(days=3))]
    faster = list(DEFAULT_PARAMETERS)
    faster[2] = 10.0  # first Good gives ten days of stability
    base = replay(history, SchedulerSettings(learning_steps_s=()))
    fitted = replay(history, SchedulerSettings(learning_steps_s=(), parameters=tuple(faster)))
    assert fitted.stability is not None and base.stability is not None
    assert fitted.stability > base.stability
    assert fitted.due is not None and base.due is not None and fitted.due > base.due


def test_desired_retention_moves_due_but_not_memory() -> None:
    history = [PastReview(Rating.GOOD, START), PastReview(Rating.GOOD, START + timedelta(days=4))]
    low = replay(history, SchedulerSettings(learning_steps_s=(), desired_retention=0.8))
    high = replay(history, SchedulerSettings(learning_steps_s=(), desired_retention=0.95))
    assert low.stability == high.stability and low.difficulty == high.difficulty
    assert low.due is not None and high.due is not None and low.due > high.due


def test_times_in_another_zone_are_taken_as_the_same_instant() -> None:
    plus_two = timezone(timedelta(hours=2))
    here = [PastReview(Rating.GOOD, START), PastReview(Rating.HARD, START + timedelta(days=2))]
    there = [PastReview(r.rating, r.reviewed_at.astimezone(plus_two)) for r in here]
    assert replay(there, SchedulerSettings()) == replay(here, SchedulerSettings())


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        replay([PastReview(Rating.GOOD, datetime(2026, 1, 1))], SchedulerSettings())


@pytest.mark.parametrize(
    ("index", "value", "reason"),
    [(0, 0.0, "w0"), (20, 0.9, "w20"), (4, 11.0, "w4")],
)
def test_parameters_outside_fsrs_bounds_are_refused(index: int, value: float, reason: str) -> None:
    bad = list(DEFAULT_PARAMETERS)
    bad[index] = value
    with pytest.raises(ValueError, match=reason):
        Replayer(SchedulerSettings(parameters=tuple(bad)))
    with pytest.raises(ValueError, match="21 parameters"):
        check_parameters(DEFAULT_PARAMETERS[:19])


def test_replay_many_keeps_card_ids() -> None:
    replayer = Replayer(SchedulerSettings())
    histories = [
        (11, [(3, START)]),
        (12, [(1, START), (3, START + timedelta(minutes=3))]),
        (13, []),
    ]
    out = dict(replayer.replay_many(histories))
    assert set(out) == {11, 12, 13}
    assert out[13] == CardState()
    assert out[12].reps == 2
