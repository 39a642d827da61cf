"""core.replay_engine computes what fsrs.Scheduler computes, bit for bit.

fsrs is the reference: every history here is also answered one review at a
time through ``fsrs.Scheduler.review_card`` (fuzz off, as replay uses it) and
the two must agree on stability, difficulty, phase, step, due and last review
exactly, not merely within a tolerance, since the engine repeats fsrs's float
operations in fsrs's order.  Histories cover every rating, same-day and
same-instant answers, gaps of microseconds to years, learning and relearning
steps (none, one, several), and random parameters anywhere in fsrs's bounds.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import fsrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlquiz.core.replay_engine import Replayed, ReplayEngine
from dlquiz.core.scheduling import (
    DEFAULT_PARAMETERS,
    PARAMETER_BOUNDS,
    SchedulerSettings,
    fsrs_scheduler,
)

START = datetime(2025, 3, 30, 23, 59, 59, 999_999, tzinfo=UTC)
History = list[tuple[int, datetime]]


def fsrs_reference(history: History, chosen: SchedulerSettings) -> tuple[fsrs.Card, int]:
    """fsrs's own loop: the card after the history, and the Again answers given in Review."""
    scheduler = fsrs_scheduler(chosen)
    card = fsrs.Card(card_id=1, due=history[0][1])
    lapses = 0
    for rating, at in history:
        if rating == 1 and card.state is fsrs.State.Review:
            lapses += 1
        card, _log = scheduler.review_card(card, fsrs.Rating(rating), at)
    return card, lapses


def assert_same(history: History, chosen: SchedulerSettings, got: Replayed) -> None:
    card, lapses = fsrs_reference(history, chosen)
    assert (got.phase, got.step) == (int(card.state), card.step), history
    # Exact equality: the engine does fsrs's float operations in fsrs's order.
    assert (got.stability, got.difficulty) == (card.stability, card.difficulty), history
    assert (got.due, got.last_review) == (card.due, card.last_review), history
    assert (got.reps, got.lapses) == (len(history), lapses)


# --- strategies -------------------------------------------------------------------------------

# Gaps from nothing (answers at the same instant) through a few seconds, the learning
# steps, the day boundary, weeks and years.
_GAP_SECONDS = st.one_of(
    st.just(0),
    st.integers(0, 120),
    st.integers(120, 4 * 3600),
    st.integers(86_400 - 90, 86_400 + 90),
    st.integers(4 * 3600, 45 * 86_400),
    st.integers(45 * 86_400, 3 * 365 * 86_400),
)
_GAPS = st.tuples(_GAP_SECONDS, st.integers(0, 999_999)).map(
    lambda g: timedelta(seconds=g[0], microseconds=g[1])
)
_HISTORY = st.lists(st.tuples(st.integers(1, 4), _GAPS), min_size=1, max_size=40)


def _parameter(index: int) -> st.SearchStrategy[float]:
    low, high = PARAMETER_BOUNDS[index]
    return st.one_of(
        st.just(DEFAULT_PARAMETERS[index]),
        st.sampled_from([low, high]),
        st.floats(low, high, allow_nan=False, allow_infinity=False),
    )


_PARAMETERS = st.one_of(
    st.just(DEFAULT_PARAMETERS),
    st.tuples(*(_parameter(i) for i in range(len(DEFAULT_PARAMETERS)))),
)
_STEPS = st.lists(st.integers(1, 3 * 86_400), min_size=0, max_size=4).map(tuple)
_SETTINGS = st.builds(
    SchedulerSettings,
    desired_retention=st.floats(0.70, 0.99),
    learning_steps_s=_STEPS,
    relearning_steps_s=_STEPS,
    maximum_interval_days=st.one_of(st.integers(1, 400), st.just(36500)),
    parameters=_PARAMETERS,
)


def _timed(steps: list[tuple[int, timedelta]]) -> History:
    out, at = [], START
    for rating, gap in steps:
        at += gap
        out.append((rating, at))
    return out


# 200 random settings, each with up to 8 histories; the 2,000 study-like lives
# below add as many more settings, so a larger budget here bought little.
@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(chosen=_SETTINGS, batch=st.lists(_HISTORY, min_size=1, max_size=8))
def test_the_engine_equals_fsrs_review_card_on_random_histories_and_settings(
    chosen: SchedulerSettings, batch: list[list[tuple[int, timedelta]]]
) -> None:
    engine = ReplayEngine(chosen)
    for steps in batch:
        history = _timed(steps)
        assert_same(history, chosen, engine.replay(history))


def _random_settings(rng: random.Random) -> SchedulerSettings:
    parameters = tuple(
        rng.uniform(low, high) if rng.random() < 0.5 else w
        for w, (low, high) in zip(DEFAULT_PARAMETERS, PARAMETER_BOUNDS, strict=True)
    )
    return SchedulerSettings(
        desired_retention=rng.uniform(0.7, 0.99),
        learning_steps_s=tuple(rng.randrange(1, 7200) for _ in range(rng.randrange(0, 4))),
        relearning_steps_s=tuple(rng.randrange(1, 7200) for _ in range(rng.randrange(0, 3))),
        maximum_interval_days=rng.choice([1, 7, 100, 36500]),
        parameters=parameters,
    )


def _random_history(rng: random.Random) -> History:
    """A study-like life: learning steps, reviews at about their due date, lapses, crams."""
    at = START + timedelta(seconds=rng.randrange(0, 10**8), microseconds=rng.randrange(10**6))
    out: History = []
    for _ in range(rng.randrange(1, 60)):
        out.append((rng.choices((1, 2, 3, 4), weights=(15, 10, 60, 15))[0], at))
        kind = rng.random()
        if kind < 0.35:
            gap = rng.uniform(0, 3600)
        elif kind < 0.45:
            gap = 86_400 + rng.uniform(-60, 60)
        else:
            gap = rng.expovariate(1 / (20 * 86_400))
        at += timedelta(seconds=gap)
    return out


def test_two_thousand_study_like_lives_equal_fsrs() -> None:
    rng = random.Random(20261201)
    histories = 0
    for _ in range(100):
        chosen = _random_settings(rng)
        engine = ReplayEngine(chosen)
        for _ in range(20):
            history = _random_history(rng)
            assert_same(history, chosen, engine.replay(history))
            histories += 1
    assert histories == 2000


def test_naive_utc_times_give_the_same_memory_as_aware_ones() -> None:
    rng = random.Random(3)
    engine = ReplayEngine(SchedulerSettings())
    for _ in range(50):
        aware = _random_history(rng)
        naive = [(r, at.replace(tzinfo=None)) for r, at in aware]
        a, n = engine.replay(aware), engine.replay(naive)
        assert a._replace(due=a.due.replace(tzinfo=None), last_review=n.last_review) == n


@pytest.mark.parametrize("rating", [0, 5, -1])
def test_a_rating_outside_one_to_four_is_refused(rating: int) -> None:
    engine = ReplayEngine(SchedulerSettings())
    with pytest.raises(ValueError, match="not one of 1"):
        engine.replay([(3, START), (rating, START + timedelta(days=2))])
    with pytest.raises(ValueError, match="not one of 1"):
        engine.replay([(rating, START)])


def test_an_empty_history_is_refused() -> None:
    with pytest.raises(ValueError, match="empty history"):
        ReplayEngine(SchedulerSettings()).replay([])


def test_scored_reviews_carry_fsrs_retrievability_just_before_the_answer() -> None:
    rng = random.Random(11)
    chosen = SchedulerSettings()
    scheduler = fsrs_scheduler(chosen)
    engine = ReplayEngine(chosen)
    checked = 0
    for _ in range(200):
        history = _random_history(rng)
        since = history[len(history) // 2][1]
        expected = []
        card = fsrs.Card(card_id=1, due=history[0][1])
        for position, (rating, at) in enumerate(history):
            if card.last_review is not None and at >= since:
                elapsed = (at - card.last_review).days
                if elapsed >= 1:
                    expected.append(
                        (position, elapsed, scheduler.get_card_retrievability(card, at))
                    )
            card, _ = scheduler.review_card(card, fsrs.Rating(rating), at)
        got = [tuple(s) for s in engine.scored(history, since=since)]
        assert got == expected
        checked += len(got)
    assert checked > 300


def test_going_on_from_a_replayed_state_equals_replaying_the_whole_history() -> None:
    rng = random.Random(5)
    for _ in range(40):
        chosen = _random_settings(rng)
        engine = ReplayEngine(chosen)
        for _ in range(10):
            history = _random_history(rng)
            if len(history) < 2:
                continue
            cut = rng.randrange(1, len(history))
            head = engine.replay(history[:cut])
            assert engine.continue_from(head, history[cut:]) == engine.replay(history)


def test_a_step_the_settings_no_longer_have_cannot_be_continued() -> None:
    three_steps = ReplayEngine(SchedulerSettings(learning_steps_s=(60, 600, 3600)))
    on_third = three_steps.replay([(3, START), (3, START + timedelta(minutes=1))])
    assert (on_third.phase, on_third.step) == (1, 2)
    one_step = ReplayEngine(SchedulerSettings(learning_steps_s=(60,)))
    assert three_steps.can_continue(on_third) and not one_step.can_continue(on_third)
    with pytest.raises(ValueError, match="no learning step 2"):
        one_step.continue_from(on_third, [(3, START + timedelta(hours=1))])
    with pytest.raises(ValueError, match="no review"):
        three_steps.continue_from(on_third, [])
