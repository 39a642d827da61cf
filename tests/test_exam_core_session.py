"""A running exam driven by a fake clock: countdown, announcements, expiry and resume."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.core.exam import (
    ExamAttempt,
    ExamLocked,
    ExamSession,
    ExamSettings,
    Resume,
    SubmitNow,
    attempt_from_dict,
    attempt_to_dict,
    resume_decision,
    start_attempt,
)
from dlquiz.core.model import Question, QuestionType, TextKey

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
QUESTIONS = [
    Question(
        id=f"dl:q{i}",
        deck="dl",
        type=QuestionType.TYPED,
        prompt=f"q{i}?",
        key=TextKey((f"a{i}",)),
        answer=f"a{i}",
        topic="GPU Computing",
    )
    for i in range(1, 11)
]


class JumpyClock(FakeClock):
    """A fake clock whose wall time can also be set by hand, as a user might.

    ``monotonic_shift`` moves the monotonic origin, as a new process would.
    """

    def __init__(self, start: datetime, *, monotonic_shift: float = 0.0) -> None:
        super().__init__(start)
        self.wall_offset = timedelta()
        self.monotonic_shift = monotonic_shift

    def now(self) -> datetime:
        return super().now() + self.wall_offset

    def monotonic(self) -> float:
        return super().monotonic() + self.monotonic_shift


def begin(
    clock: FakeClock, *, limit: int = 600, saved: list[ExamAttempt] | None = None
) -> ExamSession:
    settings = ExamSettings(questions=10, time_limit_s=limit)
    attempt = start_attempt(QUESTIONS, settings, attempt_id="exam-7", now=clock.now())
    on_change = None if saved is None else saved.append
    return ExamSession(attempt, clock, on_change=on_change)


def test_every_change_reaches_the_save_hook() -> None:
    clock, saved = FakeClock(T0), []  # type: ignore[var-annotated]
    session = begin(clock, saved=saved)
    session.answer("dl:q1", "a1")
    session.toggle_flag("dl:q2")
    session.next()
    assert [a.answer_for("dl:q1") for a in saved] == ["a1", "a1", "a1"]
    assert saved[-1].flagged_ids() == ["dl:q2"]
    assert saved[-1].current == 1
    assert saved[-1] is session.attempt


def test_the_countdown_announces_each_threshold_once() -> None:
    clock = FakeClock(T0)
    session = begin(clock, limit=600)
    heard: list[str] = []
    shown: list[str] = []
    for _ in range(600 * 4):  # a timer firing every 250 ms
        clock.advance(0.25)
        tick = session.tick()
        heard.extend(tick.announcements)
        shown.append(tick.countdown)
        if tick.auto_submitted:
            break
    assert heard == ["5 minutes left", "1 minute left", "30 seconds left"]
    assert shown[0] == "10:00"  # 599.75 s left is shown rounded up
    assert shown[3] == "09:59"
    assert shown[-1] == "00:00"
    assert session.attempt.submitted
    assert session.attempt.auto_submitted
    assert session.attempt.submitted_at == T0 + timedelta(seconds=600)


def test_warning_style_in_the_last_minute_only() -> None:
    clock = FakeClock(T0)
    session = begin(clock, limit=120)
    clock.advance(59)
    assert not session.tick().warning
    clock.advance(2)
    assert session.tick().warning


def test_time_running_out_submits_what_was_answered_and_locks_input() -> None:
    clock, saved = FakeClock(T0), []  # type: ignore[var-annotated]
    session = begin(clock, limit=60, saved=saved)
    session.answer("dl:q1", "a1")
    session.answer("dl:q2", "wrong")
    clock.advance(60)
    # The learner presses Enter just after zero, before the timer fired.
    with pytest.raises(ExamLocked, match="time is up; the exam was submitted"):
        session.answer("dl:q3", "a3")
    attempt = session.attempt
    assert attempt.submitted and attempt.auto_submitted
    assert dict(attempt.answers) == {"dl:q1": "a1", "dl:q2": "wrong"}
    assert saved[-1] is attempt  # the submission was saved too
    tick = session.tick()
    assert not tick.auto_submitted  # only once
    assert tick.seconds_left == 0
    with pytest.raises(ExamLocked):
        session.clear("dl:q1")


def test_a_manual_submit_before_time_is_up() -> None:
    clock = FakeClock(T0)
    session = begin(clock, limit=600)
    clock.advance(125)
    attempt = session.submit()
    assert not attempt.auto_submitted
    assert attempt.time_used_s == 125
    assert not session.submit_if_expired()


def test_changing_the_system_clock_during_the_exam_changes_nothing() -> None:
    clock = JumpyClock(T0)
    session = begin(clock, limit=600)
    clock.advance(100)
    clock.wall_offset = timedelta(hours=2)  # set forward: must not end the exam
    assert session.time_left() == 500
    assert not session.tick().auto_submitted
    clock.wall_offset = timedelta(hours=-2)  # set back: must not add time
    clock.advance(100)
    assert session.time_left() == 400
    session.answer("dl:q1", "a1")
    clock.advance(400)
    assert session.tick().auto_submitted


def test_resume_after_a_close_gets_the_time_really_left() -> None:
    clock = FakeClock(T0)
    session = begin(clock, limit=600)
    clock.advance(120)
    session.answer("dl:q1", "a1")
    session.toggle_flag("dl:q4")
    stored = json.dumps(attempt_to_dict(session.attempt))  # saved after every answer

    clock.advance(180)  # dlquiz closed (or crashed) for three minutes
    reopened = JumpyClock(clock.now(), monotonic_shift=-958.0)  # a new process's origin
    decision = resume_decision(
        attempt_from_dict(json.loads(stored)), reopened.now(), monotonic=reopened.monotonic()
    )
    assert isinstance(decision, Resume)
    assert decision.seconds_left == 300  # 600 - 120 answered - 180 closed
    resumed = ExamSession(decision.attempt, reopened)
    assert resumed.time_left() == 300
    assert resumed.attempt.answer_for("dl:q1") == "a1"
    assert resumed.attempt.flagged_ids() == ["dl:q4"]
    reopened.advance(299)
    resumed.answer("dl:q2", "a2")
    reopened.advance(1)
    assert resumed.tick().auto_submitted


def test_a_deadline_that_passed_while_closed_submits_what_was_saved() -> None:
    clock = FakeClock(T0)
    session = begin(clock, limit=300)
    clock.advance(30)
    session.answer("dl:q3", "a3")
    stored = attempt_to_dict(session.attempt)
    clock.advance(3600)  # came back an hour later
    decision = resume_decision(attempt_from_dict(stored), clock.now())
    assert isinstance(decision, SubmitNow)
    attempt = decision.attempt
    assert attempt.submitted and attempt.auto_submitted
    assert attempt.submitted_at == T0 + timedelta(seconds=300)
    assert attempt.time_used_s == 300
    assert dict(attempt.answers) == {"dl:q3": "a3"}


def test_resume_refuses_a_finished_attempt_and_caps_a_clock_set_back() -> None:
    clock = FakeClock(T0)
    attempt = begin(clock, limit=300).attempt
    earlier = T0 - timedelta(days=1)  # the clock was set back while closed
    decision = resume_decision(attempt, earlier)
    assert isinstance(decision, Resume)
    assert decision.seconds_left == 300
    with pytest.raises(ValueError, match="already submitted"):
        resume_decision(attempt.submit(T0 + timedelta(seconds=5)), clock.now())


def test_a_flag_after_time_is_up_is_refused_and_submits() -> None:
    clock = FakeClock(T0)
    session = begin(clock, limit=60)
    session.flag("dl:q1")
    clock.advance(61)
    with pytest.raises(ExamLocked, match="time is up"):
        session.toggle_flag("dl:q2")
    assert session.attempt.submitted and session.attempt.auto_submitted
    assert set(session.attempt.flagged_ids()) == {"dl:q1"}
