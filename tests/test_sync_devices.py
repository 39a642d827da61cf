"""Two devices of one learner, syncing through a real PostgreSQL hub."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from dlquiz.core.reports import ReportReason
from dlquiz.core.scheduling import Rating
from dlquiz.storage import sync_log
from dlquiz.storage.browse_actions import set_suspended
from dlquiz.storage.reports import report_problem
from dlquiz.sync.service import SyncResult, SyncService
from tests.helpers import small_deck, store_questions
from tests.sync_support import (
    Device,
    card_states,
    pair,
    review_log,
)


def _sync(device: Device, hub: str | None = None) -> SyncResult:
    return SyncService(device.collection).sync(hub)


def _agree(a: Device, b: Device) -> None:
    log = review_log(a.collection)
    assert log == review_log(b.collection)
    states = card_states(a.collection)
    assert states == card_states(b.collection)
    assert len(states) >= len({row[1] for row in log})


def _card_id(device: Device, question_id: str) -> int:
    with device.collection.session() as s:
        return int(
            s.execute(
                text("SELECT id FROM cards WHERE question_id = :q"), {"q": question_id}
            ).scalar_one()
        )


@pytest.mark.parametrize("first", ["laptop", "desktop"])
def test_offline_reviews_merge_to_one_log_and_the_same_states_in_either_order(
    devices: tuple[Device, Device], hub: str, first: str
) -> None:
    a, b = devices
    shared = a.review(3)  # both start from the same new queue: these cards overlap
    b.review(5)
    a.review(2, rating=Rating.AGAIN)
    one, two = (a, b) if first == "laptop" else (b, a)
    _sync(one, hub)
    _sync(two, hub)
    _sync(one)
    _agree(a, b)
    log = review_log(a.collection)
    assert len(log) == 10  # nothing lost
    assert set(shared) <= {row[1] for row in log}
    # A card reviewed on both devices carries both reviews, in time order.
    assert sum(1 for row in log if row[1] == shared[0]) == 2


def test_a_repeated_sync_changes_nothing(devices: tuple[Device, Device], hub: str) -> None:
    a, b = devices
    a.review(4)
    b.review(3)
    for device in (a, b, a, b):
        _sync(device, hub)
    before = (review_log(a.collection), card_states(a.collection))
    for device in (a, b, a):
        again = _sync(device)
        assert (again.pushed, again.pulled, again.applied) == (0, 0, 0)
    assert (review_log(a.collection), card_states(a.collection)) == before
    _agree(a, b)


def test_many_rounds_of_offline_study_stay_in_agreement(
    devices: tuple[Device, Device], hub: str
) -> None:
    a, b = devices
    for round_ in range(4):
        a.review(2 + round_ % 2)
        b.review(3)
        a.clock.advance(600)
        b.clock.advance(900)
        _sync(b if round_ % 2 else a, hub)
        _sync(a if round_ % 2 else b, hub)
    _sync(b)  # the last round's second device has what the first sent; now the other way
    _sync(a)
    _agree(a, b)
    assert len(review_log(a.collection)) == 2 + 3 + 2 + 3 + 3 * 4


def test_a_collection_copied_to_a_second_machine_still_syncs_both_ways(
    tmp_path: Path, hub: str
) -> None:
    import shutil

    first = Device(tmp_path / "laptop.dlquiz")
    first.review(2)
    first.close()
    shutil.copyfile(tmp_path / "laptop.dlquiz", tmp_path / "copy.dlquiz")  # same device id
    a, b = Device(tmp_path / "laptop.dlquiz"), Device(tmp_path / "copy.dlquiz")
    try:
        with a.collection.session() as s, b.collection.session() as t:
            assert sync_log.device_id(s) == sync_log.device_id(t)
        a.review(2)
        b.review(3)
        for device in (a, b, a, b):
            _sync(device, hub)
        _agree(a, b)
        assert len(review_log(a.collection)) == 7
    finally:
        a.close()
        b.close()


def test_undo_on_one_device_and_reviews_on_the_other(
    devices: tuple[Device, Device], hub: str
) -> None:
    a, b = devices
    first = a.review(1)[0]
    _sync(a, hub)
    _sync(b, hub)  # the desktop now has the laptop's answer
    assert a.study.undo_last() is not None  # ... which the laptop takes back
    b.review(2)
    b.review_question(first, Rating.HARD)  # and the desktop answers that card again
    _sync(a)
    _sync(b)
    _sync(a)
    _agree(a, b)
    undone = [row for row in review_log(b.collection) if row[5]]
    assert len(undone) == 1 and undone[0][1] == first


def test_undo_of_the_only_review_makes_the_card_new_on_the_other_device(
    devices: tuple[Device, Device], hub: str
) -> None:
    a, b = devices
    question = a.review(1)[0]
    _sync(a, hub)
    _sync(b, hub)
    assert card_states(b.collection)[question][0] != 0
    a.study.undo_last()
    _sync(a)
    _sync(b)
    with b.collection.session() as s:
        phase = s.execute(
            text("SELECT phase FROM cards WHERE question_id = :q"), {"q": question}
        ).scalar_one()
    assert phase == 0
    _agree(a, b)


@pytest.mark.parametrize("skew_minutes", [-9, 7, 30])
def test_clocks_that_disagree_by_minutes(tmp_path: Path, hub: str, skew_minutes: int) -> None:
    for a, b in pair(tmp_path, skew_s=skew_minutes * 60):
        question = a.review(1)[0]
        b.review_question(question, Rating.AGAIN)
        a.review_question(question, Rating.GOOD)
        b.review(2)
        _sync(a, hub)
        _sync(b, hub)
        _sync(a)
        _agree(a, b)
        times = [row[2] for row in review_log(a.collection) if row[1] == question]
        assert len(times) >= 3
        # The state follows the merged log in time order, not whichever device synced last.
        assert card_states(b.collection)[question][5] == max(times)


def test_amended_rating_travels(devices: tuple[Device, Device], hub: str) -> None:
    a, b = devices
    card = a.study.next_card()
    assert card is not None
    graded = a.study.answer(card, "no idea at all", duration_ms=3000)
    a.study.rate(graded, Rating.HARD, duration_ms=3000)
    _sync(a, hub)
    _sync(b, hub)
    assert [row[3] for row in review_log(b.collection)] == [int(Rating.HARD)]
    _agree(a, b)


def test_suspensions_reports_and_settings_travel_and_the_newest_wins(
    devices: tuple[Device, Device], hub: str
) -> None:
    a, b = devices
    asked = a.review(2)
    set_suspended(a.collection, [_card_id(a, asked[0])], suspended=True)
    report_problem(
        a.collection,
        card_id=_card_id(a, asked[1]),
        reason=ReportReason.WRONG,
        note="the year is off",
        now=a.clock.now(),
    )
    a.collection.save_settings(dataclasses.replace(a.collection.settings(), new_per_day=7))
    _sync(a, hub)
    _sync(b, hub)
    assert b.collection.settings().new_per_day == 7
    with b.collection.session() as s:
        suspended = set(s.execute(text("SELECT question_id FROM cards WHERE suspended")).scalars())
        notes = list(s.execute(text("SELECT note FROM reports")).scalars())
    assert suspended == {asked[0], asked[1]}  # a report suspends, on every device
    assert notes == ["the year is off"]
    # Later changes on the desktop win over the laptop's older ones.
    set_suspended(b.collection, [_card_id(b, asked[0])], suspended=False)
    b.collection.save_settings(dataclasses.replace(b.collection.settings(), new_per_day=12))
    _sync(b)
    _sync(a)
    assert a.collection.settings().new_per_day == 12
    _agree(a, b)
    with a.collection.session() as s:
        assert list(s.execute(text("SELECT count(*) FROM reports")).scalars()) == [1]


def test_screen_settings_stay_on_their_device(devices: tuple[Device, Device], hub: str) -> None:
    a, b = devices
    a.collection.save_settings(dataclasses.replace(a.collection.settings(), theme="dark"))
    _sync(a, hub)
    _sync(b, hub)
    assert b.collection.settings().theme == "system"


def test_an_imported_deck_and_its_reviews_reach_the_other_device(
    devices: tuple[Device, Device], hub: str
) -> None:
    a, b = devices
    store_questions(a.collection, small_deck("imported")[1], "Imported")
    a.study.bank.forget_imported()
    questions = [q for q in a.study.bank.questions() if q.deck != a.study.bank.chapter_deck.id]
    assert len(questions) == 4
    a.review_question(questions[0].id, Rating.GOOD)
    _sync(a, hub)
    result = _sync(b, hub)
    assert result.waiting == 0
    assert b.study.bank.get(questions[0].id) == questions[0]
    b.review_question(questions[1].id, Rating.EASY)
    _sync(b)
    _sync(a)
    _agree(a, b)
    assert {q.id for q in questions[:2]} <= set(card_states(a.collection))


def test_a_decks_own_options_travel(devices: tuple[Device, Device], hub: str) -> None:
    from dlquiz.storage.schema import DeckRow

    a, b = devices
    store_questions(a.collection, small_deck("imported")[1], "Imported")
    with a.collection.session() as s:
        row = next(r for r in s.query(DeckRow) if r.kind == "imported")
        row.new_per_day, row.new_as_choice, row.name, deck_id = 3, True, "Renamed", row.id
    _sync(a, hub)
    _sync(b, hub)
    with b.collection.session() as s:
        got = s.get(DeckRow, deck_id)
        assert got is not None
        assert (got.name, got.new_per_day, got.new_as_choice) == ("Renamed", 3, True)


def test_a_finished_exam_attempt_travels(devices: tuple[Device, Device], hub: str) -> None:
    from dlquiz.storage.schema import ExamAttemptRow

    a, b = devices
    now = a.clock.now()
    with a.collection.session() as s:
        s.add(
            ExamAttemptRow(
                id="exam-1",
                started_at=now,
                deadline=now,
                finished_at=None,
                state="{}",
                questions=3,
            )
        )
    with a.collection.session() as s:
        row = s.get(ExamAttemptRow, "exam-1")
        assert row is not None
        row.finished_at, row.score, row.passed, row.answered, row.correct = now, 2 / 3, False, 3, 2
    _sync(a, hub)
    _sync(b, hub)
    with b.collection.session() as s:
        got = s.get(ExamAttemptRow, "exam-1")
        assert got is not None and got.correct == 2 and got.finished_at == now


def test_an_unfinished_exam_does_not_travel(devices: tuple[Device, Device], hub: str) -> None:
    from dlquiz.storage.schema import ExamAttemptRow

    a, b = devices
    now = a.clock.now()
    with a.collection.session() as s:
        s.add(ExamAttemptRow(id="open", started_at=now, deadline=now, state="{}"))
    _sync(a, hub)
    _sync(b, hub)
    with b.collection.session() as s:
        assert s.get(ExamAttemptRow, "open") is None


def test_status_counts_what_waits_and_remembers_the_hub_without_password(
    devices: tuple[Device, Device], hub: str
) -> None:
    a, _b = devices
    a.review(3)
    service = SyncService(a.collection)
    assert service.status().pending >= 3
    service.sync(hub)
    status = service.status()
    assert status.pending == 0 and status.last_error is None or status.last_error == ""
    assert status.hub is not None and "secret" not in status.hub
    assert status.hub.startswith("postgresql://")
    with a.collection.session() as s:
        stored = " ".join(v for (v,) in s.execute(text("SELECT value FROM sync_state")))
    assert "admin-secret" not in stored
    assert json.loads(json.dumps(status.to_json()))["pending"] == 0


def test_every_local_action_is_an_event_with_a_uuid7_and_this_device(
    devices: tuple[Device, Device],
) -> None:
    import uuid

    a, _b = devices
    a.review(2)
    a.study.undo_last()
    with a.collection.session() as s:
        me = sync_log.device_id(s)
        events = sync_log.events_of(s)
    kinds = [e.kind for e in events]
    assert kinds.count("review") == 2 and kinds.count("undo") == 1
    for event in events:
        assert uuid.UUID(event.id).version == 7
        assert event.device_id == me
    review = next(e for e in events if e.kind == "review")
    stamp_ms = int(uuid.UUID(review.id).hex[:12], 16)
    assert stamp_ms == int(review.at.timestamp() * 1000)  # time-ordered by the action's time
