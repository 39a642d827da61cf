"""storage.rebuild: cards rebuilt from their stored reviews on a real collection."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from dlquiz.core.clock import FakeClock
from dlquiz.core.replay import PastReview, replay
from dlquiz.core.scheduling import DEFAULT_PARAMETERS, CardPhase, CardState, Rating
from dlquiz.storage.browse_actions import reset_progress, study_card
from dlquiz.storage.collection import Collection
from dlquiz.storage.rebuild import rebuild_card, rebuild_cards
from dlquiz.storage.schema import CardRow, ReviewRow
from dlquiz.storage.study import StudyService, state_of
from tests.helpers import open_test_collection, study_service

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


def _study(service: StudyService, clock: FakeClock, *, answers: int, seed: int) -> None:
    """Answer whatever is due with random ratings while days go by."""
    rng = random.Random(seed)
    for _ in range(answers):
        card = service.next_card()
        if card is None:
            clock.advance(rng.choice([3600, 86400, 3 * 86400]))
            continue
        rating = rng.choice([Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.GOOD, Rating.EASY])
        service.record(card, rating=rating, answer="", grade=None, duration_ms=1000)
        clock.advance(rng.choice([20, 90, 700, 4 * 3600]))


def _states(collection: Collection) -> dict[int, CardState]:
    with collection.session() as s:
        return {row.id: state_of(row) for row in s.scalars(select(CardRow))}


def _scramble(collection: Collection) -> None:
    with collection.session() as s:
        s.execute(
            update(CardRow)
            .where(CardRow.phase != 0)
            .values(stability=1.0, difficulty=5.0, due=START, step=None, phase=2)
        )


def test_rebuilding_every_card_gives_back_what_studying_gave(
    tmp_path: Path, clock: FakeClock
) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        service = study_service(collection)
        _study(service, clock, answers=150, seed=1)
        service.undo_last()  # an undone answer must not count
        card = service.next_card()
        assert card is not None
        recorded = service.record(card, rating=Rating.AGAIN, answer="", grade=None, duration_ms=1)
        service.amend_rating(recorded, card, Rating.EASY)  # the amended rating counts
        studied = _states(collection)
        _scramble(collection)
        result = rebuild_cards(collection)
        assert _states(collection) == studied
        reviewed = [cid for cid, st in studied.items() if st.phase is not CardPhase.NEW]
        assert result.cards == len(reviewed) > 10
        with collection.session() as s:
            live = s.scalars(select(ReviewRow).where(ReviewRow.undone_at.is_(None))).all()
        assert result.reviews == len(live)
    finally:
        collection.close()


def test_one_card_and_a_chosen_few(tmp_path: Path, clock: FakeClock) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        _study(study_service(collection), clock, answers=80, seed=2)
        studied = _states(collection)
        _scramble(collection)
        reviewed = sorted(cid for cid, st in studied.items() if st.phase is not CardPhase.NEW)
        first, few = reviewed[0], reviewed[1:4]
        assert rebuild_card(collection, first)
        assert rebuild_cards(collection, few).cards == 3
        after = _states(collection)
        for cid in [first, *few]:
            assert after[cid] == studied[cid]
        untouched = reviewed[4]
        assert after[untouched].stability == 1.0  # not asked for, not rebuilt
        never = next(cid for cid, st in studied.items() if st.phase is CardPhase.NEW)
        assert not rebuild_card(collection, never)
        assert rebuild_cards(collection, []).cards == 0
    finally:
        collection.close()


def test_the_state_is_the_core_replay_of_the_stored_log(tmp_path: Path, clock: FakeClock) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        _study(study_service(collection), clock, answers=60, seed=3)
        rebuild_cards(collection)
        settings = collection.settings().scheduler()
        with collection.session() as s:
            rows = s.scalars(select(ReviewRow).where(ReviewRow.undone_at.is_(None))).all()
        logs: dict[int, list[PastReview]] = {}
        for r in rows:
            logs.setdefault(r.card_id, []).append(PastReview(Rating(r.rating), r.reviewed_at))
        states = _states(collection)
        for card_id, history in logs.items():
            assert states[card_id] == replay(history, settings, card_id=card_id)
    finally:
        collection.close()


def test_keeping_due_dates_recomputes_only_memory(tmp_path: Path, clock: FakeClock) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        _study(study_service(collection), clock, answers=80, seed=4)
        before = _states(collection)
        fitted = list(DEFAULT_PARAMETERS)
        fitted[2], fitted[3] = 6.0, 20.0  # a learner who remembers better
        chosen = collection.settings().scheduler()
        from dataclasses import replace

        new_settings = replace(chosen, parameters=tuple(fitted))
        rebuild_cards(collection, settings=new_settings, move_due=False)
        kept = _states(collection)
        changed = 0
        for cid, old in before.items():
            new = kept[cid]
            assert (new.due, new.phase, new.step, new.last_review) == (
                old.due,
                old.phase,
                old.step,
                old.last_review,
            )
            changed += new.stability != old.stability
        assert changed > 5
        rebuild_cards(collection, settings=new_settings, move_due=True)
        moved = _states(collection)
        assert sum(moved[c].due != before[c].due for c in before) > 5
    finally:
        collection.close()


def test_a_reset_card_stays_new_and_its_next_life_starts_afresh(
    tmp_path: Path, clock: FakeClock
) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        service = study_service(collection)
        card = service.next_card()
        assert card is not None
        for rating in (Rating.GOOD, Rating.GOOD, Rating.AGAIN):
            current = study_card(service.bank, card.card_id)
            assert current is not None
            service.record(current, rating=rating, answer="", grade=None, duration_ms=1)
            clock.advance(3 * 86400)
        reset_progress(collection, [card.card_id])
        rebuild_cards(collection)
        assert _states(collection)[card.card_id].phase is CardPhase.NEW
        fresh = study_card(service.bank, card.card_id)
        assert fresh is not None and fresh.state.phase is CardPhase.NEW
        service.record(fresh, rating=Rating.EASY, answer="", grade=None, duration_ms=1)
        studied = _states(collection)[card.card_id]
        rebuild_cards(collection)
        assert _states(collection)[card.card_id] == studied
        assert studied.stability == pytest.approx(DEFAULT_PARAMETERS[3])  # Easy, as if new
    finally:
        collection.close()


def test_an_imported_history_for_new_cards_sets_state_and_counts(
    tmp_path: Path, clock: FakeClock
) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        study_service(collection).counts()  # the chapter deck's cards exist now
        with collection.session() as s:
            card_id = s.scalars(select(CardRow.id).limit(1)).one()
        times = [START - timedelta(days=d) for d in (40, 39, 30, 10)]
        ratings = [Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD]
        with collection.session() as s:
            s.execute(
                insert(ReviewRow.__table__),
                [
                    {"card_id": card_id, "reviewed_at": t, "rating": int(r), "kind": "manual"}
                    for t, r in zip(times, ratings, strict=True)
                ],
            )
        assert not rebuild_card(collection, card_id)  # new cards need include_new
        assert rebuild_card(collection, card_id, include_new=True, set_counts=True)
        state = _states(collection)[card_id]
        expected = replay(
            [PastReview(r, t) for t, r in zip(times, ratings, strict=True)],
            collection.settings().scheduler(),
            card_id=card_id,
        )
        assert state == expected and state.reps == 4 and state.phase is not CardPhase.NEW
    finally:
        collection.close()


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 2, 12, 0, tzinfo=UTC),
        datetime(2026, 3, 2, 12, 0, 5, 123456, tzinfo=UTC),
        datetime(1999, 12, 31, 23, 59, 59, 1, tzinfo=UTC),
    ],
)
def test_bulk_text_times_are_those_the_orm_writes(tmp_path: Path, moment: datetime) -> None:
    from dlquiz.storage.types import from_stored, to_stored

    collection = open_test_collection(tmp_path / "c.dlquiz")
    try:
        with collection.session() as s:
            s.add(
                CardRow(question_id="x:1", deck_id="x", qtype="typed", due=moment, last_review=None)
            )
        with collection.engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT due FROM cards WHERE question_id = 'x:1'")
            text = stored.scalar_one()
        assert text == to_stored(moment)
        assert from_stored(text) == moment
    finally:
        collection.close()
