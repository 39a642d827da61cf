"""The timed exam's rules: selection, timing, resume, marking (see docs/exams.md).

Plain Python with injected time, shared by the GUI and the terminal.
Typical use::

    selection = select_questions(pool, settings)
    attempt = start_attempt(selection, settings, attempt_id=new_id, now=clock.now())
    session = ExamSession(attempt, clock, on_change=save)
    session.answer(selection[0].id, "b")
    tick = session.tick()  # from a timer: countdown, announcements, auto-submit
    result = score_attempt(session.submit(), {q.id: q for q in pool})
"""

from dlquiz.core.exam.attempt import MAX_ANSWER_CHARS, ExamAttempt, ExamLocked, start_attempt
from dlquiz.core.exam.readable import readable_answer
from dlquiz.core.exam.results import (
    ExamResult,
    ReviewItem,
    TopicScore,
    result_summary,
    score_trend,
)
from dlquiz.core.exam.resume import Resume, SubmitNow, resume_decision
from dlquiz.core.exam.scoring import EXAM_RATINGS, GradeFn, exam_ratings, score_attempt
from dlquiz.core.exam.selection import ExamSelection, select_questions
from dlquiz.core.exam.serialize import (
    attempt_from_dict,
    attempt_to_dict,
    result_from_dict,
    result_to_dict,
)
from dlquiz.core.exam.session import ExamSession, Tick
from dlquiz.core.exam.settings import (
    AUTO_GRADED_TYPES,
    ExamSettings,
    settings_from_dict,
    settings_to_dict,
)
from dlquiz.core.exam.timing import (
    ANNOUNCE_AT,
    announcements_due,
    describe_time_left,
    format_countdown,
    warning,
)
from dlquiz.core.exam_outcome import Outcome

__all__ = [
    "ANNOUNCE_AT",
    "AUTO_GRADED_TYPES",
    "EXAM_RATINGS",
    "MAX_ANSWER_CHARS",
    "ExamAttempt",
    "ExamLocked",
    "ExamResult",
    "ExamSelection",
    "ExamSession",
    "ExamSettings",
    "GradeFn",
    "Outcome",
    "Resume",
    "ReviewItem",
    "SubmitNow",
    "Tick",
    "TopicScore",
    "announcements_due",
    "attempt_from_dict",
    "attempt_to_dict",
    "describe_time_left",
    "exam_ratings",
    "format_countdown",
    "readable_answer",
    "result_from_dict",
    "result_summary",
    "result_to_dict",
    "resume_decision",
    "score_attempt",
    "score_trend",
    "select_questions",
    "settings_from_dict",
    "settings_to_dict",
    "start_attempt",
    "warning",
]
