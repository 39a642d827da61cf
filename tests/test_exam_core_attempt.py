"""An exam attempt: answers, flags, navigation, the deadline and the lock after it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from dlquiz.core.exam import (
    MAX_ANSWER_CHARS,
    ExamAttempt,
    ExamLocked,
    ExamSettings,
    start_attempt,
)
from dlquiz.core.model import Question, QuestionType, TextKey

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def question(local: str) -> Question:
    return Question(
        id=f"dl:{local}",
        deck="dl",
        type=QuestionType.TYPED,
        prompt=f"{local}?",
        key=TextKey((local,)),
        answer=local,
        topic="Big Data",
    )


QUESTIONS = [question(name) for name in ("q1", "q2", "q3", "q4")]


def new_attempt(*, limit: int | None = None) -> ExamAttempt:
    settings = ExamSettings(questions=4, time_limit_s=limit)
    return start_attempt(QUESTIONS, settings, attempt_id="exam-1", now=T0)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_start_sets_the_deadline_from_the_limit() -> None:
    attempt = new_attempt()
    assert attempt.question_ids == ("dl:q1", "dl:q2", "dl:q3", "dl:q4")
    assert attempt.started_at == T0
    assert attempt.deadline == at(240)  # one minute per question
    assert attempt.time_limit_s == 240
    assert new_attempt(limit=600).deadline == at(600)
    assert not attempt.submitted
    assert attempt.time_left(at(100)) == 140


def test_start_refuses_an_empty_exam_and_naive_times() -> None:
    with pytest.raises(ValueError, match="no question matches these exam settings"):
        start_attempt([], ExamSettings(), attempt_id="x", now=T0)
    with pytest.raises(ValueError, match="timezone-aware"):
        start_attempt(QUESTIONS, ExamSettings(), attempt_id="x", now=datetime(2026, 3, 2, 9))


def test_other_time_zones_are_stored_as_utc() -> None:
    paris = timezone(timedelta(hours=1))
    attempt = start_attempt(
        QUESTIONS, ExamSettings(), attempt_id="x", now=datetime(2026, 3, 2, 10, tzinfo=paris)
    )
    assert attempt.started_at == T0
    assert attempt.started_at.tzinfo is UTC


def test_answers_are_kept_as_given_and_can_change_until_submit() -> None:
    attempt = new_attempt()
    attempt = attempt.answer("dl:q1", "  AlexNet ", now=at(10))
    assert attempt.answer_for("dl:q1") == "  AlexNet "  # kept exactly; grading comes later
    attempt = attempt.answer("dl:q1", "ResNet", now=at(20))
    assert attempt.answer_for("dl:q1") == "ResNet"
    attempt = attempt.answer("dl:q2", "1.2 million", now=at(30))
    assert attempt.unanswered_ids() == ["dl:q3", "dl:q4"]
    cleared = attempt.clear("dl:q1", now=at(40))
    assert not cleared.is_answered("dl:q1")
    assert cleared.answer_for("dl:q1") == ""
    blank = attempt.answer("dl:q2", "   ", now=at(41))
    assert blank.unanswered_ids() == ["dl:q2", "dl:q3", "dl:q4"]
    # The earlier attempt is unchanged: every operation returns a new one.
    assert attempt.answer_for("dl:q1") == "ResNet"


def test_bad_input_is_refused_clearly() -> None:
    attempt = new_attempt()
    with pytest.raises(ValueError, match="'dl:nope' is not in this exam"):
        attempt.answer("dl:nope", "x", now=at(1))
    with pytest.raises(ValueError, match=f"at most {MAX_ANSWER_CHARS} characters"):
        attempt.answer("dl:q1", "x" * (MAX_ANSWER_CHARS + 1), now=at(1))
    with pytest.raises(ValueError, match="there is no question 5; the exam has 4"):
        attempt.go_to(4)


def test_flags_and_navigation() -> None:
    attempt = new_attempt().flag("dl:q3").flag("dl:q1")
    assert attempt.flagged_ids() == ["dl:q1", "dl:q3"]  # exam order, not flag order
    attempt = attempt.toggle_flag("dl:q1").unflag("dl:q4")
    assert attempt.flagged_ids() == ["dl:q3"]
    assert attempt.current_id == "dl:q1"
    assert attempt.previous().current == 0  # stays on the first
    last = attempt.go_to(3)
    assert last.current_id == "dl:q4"
    assert last.next().current == 3  # stays on the last
    assert last.previous().previous().current == 1


def test_input_is_locked_after_submit_but_review_navigation_works() -> None:
    attempt = new_attempt().answer("dl:q1", "a", now=at(5)).submit(at(60))
    assert attempt.submitted
    assert attempt.submitted_at == at(60)
    assert not attempt.auto_submitted
    assert attempt.time_used_s == 60
    with pytest.raises(ExamLocked, match="submitted; answers can no longer change"):
        attempt.answer("dl:q2", "b", now=at(61))
    with pytest.raises(ExamLocked):
        attempt.clear("dl:q1", now=at(61))
    with pytest.raises(ExamLocked):
        attempt.flag("dl:q2")
    with pytest.raises(ExamLocked, match="already been submitted"):
        attempt.submit(at(62))
    assert attempt.go_to(2).current == 2
    assert attempt.time_left(at(61)) == 0
    assert attempt.answer_for("dl:q1") == "a"


def test_the_deadline_locks_input_even_before_anyone_submits() -> None:
    attempt = new_attempt(limit=60)
    attempt = attempt.answer("dl:q1", "just in time", now=at(59.9))
    assert not attempt.expired(at(59.9))
    assert attempt.expired(at(60))
    with pytest.raises(ExamLocked, match="time is up"):
        attempt.answer("dl:q2", "too late", now=at(60))
    assert attempt.time_left(at(75)) == 0


def test_a_late_submission_counts_as_automatic_at_the_deadline() -> None:
    attempt = new_attempt(limit=60).answer("dl:q1", "x", now=at(30)).submit(at(95))
    assert attempt.auto_submitted
    assert attempt.submitted_at == at(60)
    assert attempt.time_used_s == 60
    assert attempt.expired(at(95))


def test_monotonic_counting_ignores_wall_clock_jumps() -> None:
    attempt = new_attempt(limit=600).opened(T0, 1000.0)
    # Ten real seconds later the system clock was set an hour ahead...
    assert attempt.time_left(at(3600 + 10), monotonic=1010.0) == 590
    # ...or an hour back: the exam neither ends early nor gains time.
    assert attempt.time_left(at(-3600 + 10), monotonic=1010.0) == 590
    assert not attempt.expired(at(3600), monotonic=1010.0)
    ok = attempt.answer("dl:q1", "x", now=at(3600), monotonic=1010.0)
    assert ok.is_answered("dl:q1")
    with pytest.raises(ExamLocked):
        attempt.answer("dl:q1", "x", now=at(-3600), monotonic=1600.0)
    # The submission is dated on the monotonic count too.
    done = attempt.submit(at(3600), monotonic=1120.0)
    assert done.submitted_at == at(120)
    assert done.time_used_s == 120


def test_without_a_monotonic_reading_the_wall_clock_is_used_but_never_adds_time() -> None:
    attempt = new_attempt(limit=600)
    assert attempt.time_left(at(-7200)) == 600  # a clock set back gives at most the limit


def test_the_attempt_checks_its_own_consistency() -> None:
    attempt = new_attempt()
    with pytest.raises(ValueError, match="same question twice"):
        ExamAttempt(
            id="x",
            settings=attempt.settings,
            question_ids=("a", "a"),
            started_at=T0,
            deadline=at(60),
        )
    with pytest.raises(ValueError, match="deadline must come after the start"):
        ExamAttempt(
            id="x",
            settings=attempt.settings,
            question_ids=("a",),
            started_at=T0,
            deadline=T0,
        )
    with pytest.raises(ValueError, match="'b' is not in this exam"):
        ExamAttempt(
            id="x",
            settings=attempt.settings,
            question_ids=("a",),
            started_at=T0,
            deadline=at(60),
            flags=frozenset({"b"}),
        )
