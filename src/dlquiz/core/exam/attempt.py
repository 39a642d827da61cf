"""One sitting of an exam: the questions, the answers given, and the deadline.

An :class:`ExamAttempt` is immutable; every operation returns a new attempt,
which the front end stores at once, so a crash loses nothing that was shown
as saved.  Times come in as arguments: core never reads a clock itself.

Timing: the deadline is UTC wall time, so the clock keeps running while the
app is closed.  While it runs, the time left is counted on a monotonic clock
from the moment the attempt was opened (see :meth:`ExamAttempt.opened`), so
changing the system clock during an exam neither gives nor takes time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import MappingProxyType

from dlquiz.core.exam.settings import ExamSettings
from dlquiz.core.model import Question

MAX_ANSWER_CHARS = 10_000


class ExamLocked(RuntimeError):
    """Input was refused because the exam was submitted or its time is up."""


def require_utc(value: datetime, what: str) -> datetime:
    """Return ``value`` in UTC; refuse naive datetimes, whose zone is a guess."""
    if not isinstance(value, datetime):
        raise ValueError(f"{what} must be a datetime, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (UTC), got a naive datetime")
    return value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Wall and monotonic time read together when the attempt was opened.

    It lives only as long as the process: a monotonic reading means nothing
    to another process, so it is never stored.
    """

    wall: datetime
    monotonic: float


@dataclass(frozen=True, slots=True)
class ExamAttempt:
    """The saved state of one exam sitting.

    ``answers`` maps question ids to the text typed, in the terminal answer
    syntax; a missing or blank entry is unanswered.  ``current`` is the index
    of the question on screen.  ``submitted_at`` is set once, by
    :meth:`submit`; from then on answers and flags are locked.
    """

    id: str
    settings: ExamSettings
    question_ids: tuple[str, ...]
    started_at: datetime
    deadline: datetime
    answers: Mapping[str, str] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()
    current: int = 0
    submitted_at: datetime | None = None
    auto_submitted: bool = False
    anchor: Anchor | None = field(default=None, compare=False, repr=False)
    # The latest exam time this attempt is known to have reached (saved with it).
    # A wall clock set back while dlquiz was closed cannot take the exam back
    # before it: time used and dates stay true.
    seen_at: datetime | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise and check once, here
        if not isinstance(self.id, str) or not self.id.strip():
            raise ValueError("an exam attempt needs a non-empty id")
        ids = tuple(self.question_ids)
        if not ids:
            raise ValueError("an exam needs at least one question")
        if len(set(ids)) != len(ids):
            raise ValueError("an exam cannot ask the same question twice")
        set_(self, "question_ids", ids)
        set_(self, "started_at", require_utc(self.started_at, "started_at"))
        set_(self, "deadline", require_utc(self.deadline, "deadline"))
        if self.deadline <= self.started_at:
            raise ValueError("the deadline must come after the start")
        known = set(ids)
        answers: dict[str, str] = {}
        for qid, text in dict(self.answers).items():
            if not isinstance(text, str):
                raise ValueError(f"the answer to {qid!r} must be text, got {text!r}")
            if text.strip():
                answers[qid] = text
        for qid in [*answers, *self.flags]:
            if qid not in known:
                raise ValueError(f"question {qid!r} is not in this exam")
        set_(self, "answers", MappingProxyType(answers))
        set_(self, "flags", frozenset(self.flags))
        if not 0 <= self.current < len(ids):
            raise ValueError(f"current question {self.current} is out of range 0..{len(ids) - 1}")
        if self.submitted_at is not None:
            set_(self, "submitted_at", require_utc(self.submitted_at, "submitted_at"))
        if self.seen_at is not None:
            set_(self, "seen_at", require_utc(self.seen_at, "seen_at"))

    # --- reading -----------------------------------------------------------

    @property
    def time_limit_s(self) -> float:
        return (self.deadline - self.started_at).total_seconds()

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def current_id(self) -> str:
        return self.question_ids[self.current]

    @property
    def time_used_s(self) -> float:
        """Seconds from start to submission, within 0..limit; needs a submitted attempt."""
        if self.submitted_at is None:
            raise ValueError("the attempt has not been submitted yet")
        used = (self.submitted_at - self.started_at).total_seconds()
        return min(max(used, 0.0), self.time_limit_s)

    def answer_for(self, question_id: str) -> str:
        """The answer given, or "" when the question is unanswered."""
        return self.answers.get(question_id, "")

    def is_answered(self, question_id: str) -> bool:
        return question_id in self.answers

    def unanswered_ids(self) -> list[str]:
        """Unanswered questions in exam order, for the submit confirmation."""
        return [qid for qid in self.question_ids if qid not in self.answers]

    def flagged_ids(self) -> list[str]:
        """Flagged questions in exam order."""
        return [qid for qid in self.question_ids if qid in self.flags]

    # --- time --------------------------------------------------------------

    def exam_time(self, now: datetime, *, monotonic: float | None = None) -> datetime:
        """The wall time the exam believes it is.

        With an anchor and a monotonic reading this is the anchor's wall time
        plus the monotonic seconds since, so a jump of the system clock after
        opening is ignored; otherwise it is ``now``, but never earlier than the
        latest time the attempt was seen at (a clock set back while closed).
        """
        now = require_utc(now, "now")
        if self.anchor is None or monotonic is None:
            return max(now, self.started_at, self.seen_at or self.started_at)
        elapsed = max(0.0, monotonic - self.anchor.monotonic)
        return self.anchor.wall + timedelta(seconds=elapsed)

    def time_left(self, now: datetime, *, monotonic: float | None = None) -> float:
        """Seconds left before the deadline, within 0..limit; 0 once submitted.

        Pass ``monotonic`` (the same clock as :meth:`opened` was given)
        while the exam is running, so clock changes do not count.
        """
        if self.submitted:
            return 0.0
        left = (self.deadline - self.exam_time(now, monotonic=monotonic)).total_seconds()
        # A wall clock set back while the app was closed must not add time.
        return min(max(left, 0.0), self.time_limit_s)

    def expired(self, now: datetime, *, monotonic: float | None = None) -> bool:
        """True once the deadline is reached, whether or not the exam was submitted."""
        return self.exam_time(now, monotonic=monotonic) >= self.deadline

    def opened(self, now: datetime, monotonic: float) -> ExamAttempt:
        """The attempt with its timing anchored on this process's monotonic clock.

        Call it when the attempt is started or resumed, with readings taken
        together from one clock.  A wall clock behind the time the attempt was
        last seen at is not believed: the exam carries on from that time.
        """
        wall = self.exam_time(now)
        return replace(self, anchor=Anchor(wall, float(monotonic)))

    def noted(self, now: datetime, *, monotonic: float | None = None) -> ExamAttempt:
        """The attempt remembering the exam time it has reached (call before saving)."""
        reached = self.exam_time(now, monotonic=monotonic)
        if self.seen_at is not None and self.seen_at >= reached:
            return self
        return replace(self, seen_at=reached)

    # --- input -------------------------------------------------------------

    def _check_open(self, question_id: str) -> None:
        if self.submitted:
            raise ExamLocked("the exam has been submitted; answers can no longer change")
        if question_id not in self.question_ids:
            raise ValueError(f"question {question_id!r} is not in this exam")

    def _check_time(self, now: datetime, monotonic: float | None) -> None:
        if self.time_left(now, monotonic=monotonic) <= 0.0:
            raise ExamLocked("time is up; answers can no longer change")

    def answer(
        self, question_id: str, text: str, *, now: datetime, monotonic: float | None = None
    ) -> ExamAttempt:
        """Record ``text`` as the answer; a blank text leaves the question unanswered.

        Raises:
            ExamLocked: the exam was submitted or its time is up.
            ValueError: the question is not in this exam, or the text is too long.
        """
        self._check_open(question_id)
        self._check_time(now, monotonic)
        if len(text) > MAX_ANSWER_CHARS:
            raise ValueError(f"an answer may have at most {MAX_ANSWER_CHARS} characters")
        answers = dict(self.answers)
        if text.strip():
            answers[question_id] = text
        else:
            answers.pop(question_id, None)
        return replace(self, answers=answers)

    def clear(
        self, question_id: str, *, now: datetime, monotonic: float | None = None
    ) -> ExamAttempt:
        """Take the answer back, leaving the question unanswered."""
        return self.answer(question_id, "", now=now, monotonic=monotonic)

    def flag(self, question_id: str) -> ExamAttempt:
        """Mark a question for review (a reminder for the learner, never graded)."""
        self._check_open(question_id)
        return replace(self, flags=self.flags | {question_id})

    def unflag(self, question_id: str) -> ExamAttempt:
        self._check_open(question_id)
        return replace(self, flags=self.flags - {question_id})

    def toggle_flag(self, question_id: str) -> ExamAttempt:
        if question_id in self.flags:
            return self.unflag(question_id)
        return self.flag(question_id)

    # --- navigation (allowed after submission too, for the review) ----------

    def go_to(self, index: int) -> ExamAttempt:
        """Show question ``index`` (0-based)."""
        if not 0 <= index < len(self.question_ids):
            raise ValueError(
                f"there is no question {index + 1}; the exam has {len(self.question_ids)}"
            )
        return replace(self, current=index)

    def next(self) -> ExamAttempt:
        """The next question; stays on the last one."""
        return replace(self, current=min(self.current + 1, len(self.question_ids) - 1))

    def previous(self) -> ExamAttempt:
        """The previous question; stays on the first one."""
        return replace(self, current=max(self.current - 1, 0))

    # --- the end -----------------------------------------------------------

    def submit(
        self, now: datetime, *, monotonic: float | None = None, auto: bool = False
    ) -> ExamAttempt:
        """Hand the exam in.

        A submission at or after the deadline counts as automatic and is
        dated at the deadline: time used never exceeds the limit.

        Raises:
            ExamLocked: it was already submitted.
        """
        if self.submitted:
            raise ExamLocked("the exam has already been submitted")
        at = self.exam_time(now, monotonic=monotonic)
        if at >= self.deadline:
            at, auto = self.deadline, True
        return replace(self, submitted_at=max(at, self.started_at), auto_submitted=auto)


def start_attempt(
    questions: Sequence[Question],
    settings: ExamSettings,
    *,
    attempt_id: str,
    now: datetime,
    monotonic: float | None = None,
) -> ExamAttempt:
    """Begin an exam on ``questions`` (usually :func:`select_questions`' result).

    The deadline is ``now`` plus the settings' limit for this many questions.
    With ``monotonic`` the attempt is opened at once (see :meth:`ExamAttempt.opened`).

    Raises:
        ValueError: no questions (the filters matched nothing), or a naive ``now``.
    """
    if not questions:
        raise ValueError(
            "no question matches these exam settings; choose other decks, topics or types"
        )
    started = require_utc(now, "now")
    limit = settings.time_limit_for(len(questions))
    attempt = ExamAttempt(
        id=attempt_id,
        settings=settings,
        question_ids=tuple(q.id for q in questions),
        started_at=started,
        deadline=started + timedelta(seconds=limit),
    )
    return attempt if monotonic is None else attempt.opened(started, monotonic)
