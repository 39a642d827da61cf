"""What happens to one card's life across devices: resets, deleted decks, states before.

Two devices of one learner sync through a real PostgreSQL hub.  A reset and a
deck deletion are facts that must travel like reviews; a pulled review gets
the state before it from the replay, so its history reads as a local one's.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from dlquiz.core.scheduling import Rating
from dlquiz.storage.browse_actions import card_history, reset_progress
from dlquiz.storage.deck_service import DeckService
from dlquiz.sync.service import SyncService
from tests.helpers import small_deck, store_questions
from tests.sync_support import Device, card_states, days, pair, review_log

QUESTION_COLUMNS = "phase, step, round(stability, 9), round(difficulty, 9), due, reps, lapses"


def _sync(device: Device, hub: str | None = None) -> None:
    SyncService(device.collection).sync(hub)


def _card(device: Device, question_id: str) -> tuple[Any, ...]:
    with device.collection.session() as s:
        row = s.execute(
            text(f"SELECT id, {QUESTION_COLUMNS} FROM cards WHERE question_id = :q"),
            {"q": question_id},
        ).one()
    return tuple(row)


def _states_before(device: Device) -> dict[str, dict[str, Any]]:
    with device.collection.session() as s:
        rows = s.execute(text("SELECT uid, state_before FROM reviews")).all()
    return {str(uid): json.loads(state) for uid, state in rows}


def _intervals(device: Device, question_id: str) -> list[tuple[int, bool, timedelta | None]]:
    card_id = _card(device, question_id)[0]
    return [(e.rating, e.undone, e.interval) for e in card_history(device.collection, card_id)]


def _first_easy_stability(device: Device) -> float:
    from dlquiz.core.replay_engine import ReplayEngine

    engine = ReplayEngine(device.collection.settings().scheduler())
    return engine.replay([(int(Rating.EASY), device.clock.now())]).stability


def _same_time(a: Device, b: Device) -> None:
    """Both clocks at the later of the two (devices of one learner are used in turn)."""
    ahead = max(a.clock.now(), b.clock.now())
    for device in (a, b):
        device.clock.advance((ahead - device.clock.now()).total_seconds())


# (ratings, seconds between answers, index of an answer taken back and given again)
HISTORIES = [
    ([3, 3, 3, 3], days(1), None),
    ([1, 1, 3, 4], 600, None),
    ([4, 1, 2, 3, 3], days(3), 2),
    ([2, 3, 1, 3, 4, 3], days(0.3), 0),
    ([3], 60, None),
]


@pytest.mark.parametrize(("ratings", "gap_s", "undo_at"), HISTORIES)
def test_a_pulled_review_has_the_state_before_it_that_the_learner_saw(
    tmp_path: Path, hub: str, ratings: list[int], gap_s: float, undo_at: int | None
) -> None:
    for a, b in pair(tmp_path):
        question = a.review(1, rating=Rating(ratings[0]), step_s=gap_s)[0]
        for i, rating in enumerate(ratings[1:], 1):
            a.review_question(question, Rating(rating))
            a.clock.advance(gap_s)
            if i == undo_at:
                assert a.study.undo_last() is not None
                a.review_question(question, Rating.GOOD)
                a.clock.advance(gap_s)
        _sync(a, hub)
        _sync(b, hub)
        here, there = _states_before(a), _states_before(b)
        assert set(here) == set(there)
        assert all(state for state in there.values())  # nothing left empty
        assert there == here  # the same states an answer here recorded
        assert _intervals(b, question) == _intervals(a, question)
        assert all(
            interval is not None
            for _r, undone, interval in _intervals(b, question)[:-1]
            if not undone
        )


def test_reviews_merged_from_two_devices_all_get_a_state_before(tmp_path: Path, hub: str) -> None:
    # Seconds apart: two answers at one instant are ordered by event id in a replay.
    for a, b in pair(tmp_path, skew_s=7):
        shared = a.review(4, step_s=days(1))
        b.review(4, step_s=days(2))  # some of the same cards, answered offline on both
        a.review(2, rating=Rating.AGAIN, step_s=600)
        _sync(a, hub)
        _sync(b, hub)
        _sync(a)
        assert _states_before(a) == _states_before(b)  # one merged log, one walk
        assert all(_states_before(a).values())
        for question in set(shared):
            for device in (a, b):
                entries = _intervals(device, question)
                assert None not in [i for _r, _u, i in entries]  # every answer's interval


# (counters reset too, the other device answers before the reset, ... after it, who syncs first)
RESETS = [
    pytest.param((counts, before, after, first), id=f"{counts}-{before}-{after}-{first}")
    for counts in (False, True)
    for before, after in ((False, False), (True, False), (False, True), (True, True))
    for first in ("resetter", "other")
]


@pytest.mark.parametrize("case", RESETS)
def test_a_reset_travels_and_only_later_answers_count(
    tmp_path: Path, hub: str, case: tuple[bool, bool, bool, str]
) -> None:
    counts, before, after, first = case
    for a, b in pair(tmp_path):
        question = a.review(1, step_s=days(1))[0]
        a.review_question(question, Rating.GOOD)
        a.clock.advance(days(4))
        _sync(a, hub)
        _sync(b, hub)
        assert _card(b, question)[1] != 0  # the other device has the progress
        _same_time(a, b)
        if before:
            b.review_question(question, Rating.AGAIN)  # offline, before the reset
        a.clock.advance(60)
        assert reset_progress(a.collection, [_card(a, question)[0]], reset_counts=counts) == 1
        if after:
            b.clock.advance(days(1))
            b.review_question(question, Rating.EASY)  # offline, after the reset
        one, two = (a, b) if first == "resetter" else (b, a)
        _sync(one)
        _sync(two)
        _sync(one)
        assert review_log(a.collection) == review_log(b.collection)  # history is kept
        states = card_states(a.collection)
        assert states == card_states(b.collection)
        phase, stability, reps = states[question][0], states[question][2], states[question][6]
        answers = 2 + before + after  # every answer of the log, reset or not
        if after:
            assert phase != 0  # a new life of one answer: its memory is a first answer's
            assert stability == round(_first_easy_stability(a), 9)
        else:
            assert phase == 0  # new again on both, whatever came before the reset
        # The counters start again with the reset, or go on counting the whole log.
        assert reps == (int(after) if counts else answers)
        _sync(a)
        _sync(b)
        assert card_states(a.collection) == card_states(b.collection) == states  # settled


def test_the_newest_of_two_resets_wins_on_both_devices(tmp_path: Path, hub: str) -> None:
    for a, b in pair(tmp_path):
        question = a.review(1, step_s=days(1))[0]
        _sync(a, hub)
        _sync(b, hub)
        _same_time(a, b)
        b.review_question(question, Rating.GOOD)  # between the two resets
        a.clock.advance(600)
        reset_progress(a.collection, [_card(a, question)[0]])
        b.clock.advance(30)
        reset_progress(b.collection, [_card(b, question)[0]])  # the earlier reset
        b.clock.advance(1200)
        b.review_question(question, Rating.HARD)  # after both (the laptop's at +600 s)
        for device in (b, a, b):
            _sync(device)
        assert card_states(a.collection) == card_states(b.collection)
        # Only the last answer counts for memory; the counters count all three.
        assert card_states(a.collection)[question][0] != 0
        assert card_states(a.collection)[question][6] == 3


@pytest.mark.parametrize("purge", [False, True])
def test_a_deleted_deck_disappears_elsewhere_and_comes_back_with_its_progress(
    tmp_path: Path, hub: str, purge: bool
) -> None:
    for a, b in pair(tmp_path):
        questions = small_deck("trip")[1]
        store_questions(a.collection, questions, "Trip deck")
        deck_id = DeckService(a.collection).find("Trip deck").id
        with a.collection.session() as s:
            ids = sorted(
                s.execute(text("SELECT question_id FROM cards WHERE deck_id = :d"), {"d": deck_id})
                .scalars()
                .all()
            )
        for question in ids:
            a.review_question(question, Rating.GOOD)
        _sync(a, hub)
        _sync(b, hub)
        progress = {q: _card(b, q)[1:] for q in ids}
        assert all(state[0] != 0 for state in progress.values())
        DeckService(a.collection).delete(deck_id, purge=purge)
        _sync(a)
        _sync(b)
        for device in (a, b):
            assert deck_id not in {d.id for d in DeckService(device.collection).all()}
            device.study.bank.forget_imported()
            asked = set()
            while (card := device.study.next_card()) is not None and card.question.id not in asked:
                asked.add(card.question.id)
                device.study.record(card, rating=Rating.GOOD, answer="", grade=None, duration_ms=1)
            assert not asked & set(ids)  # none of its cards is asked any more
        # Imported again on the other device: its progress is still there.
        store_questions(b.collection, questions, "Trip deck")
        assert {q: _card(b, q)[1:] for q in ids} == progress
        _sync(b)
        _sync(a)
        _sync(b)  # the answers given above while looking for the deck's cards
        assert deck_id in {d.id for d in DeckService(a.collection).all()}  # back here too
        if not purge:  # the history stayed here as well: the same progress
            assert card_states(a.collection) == card_states(b.collection)
