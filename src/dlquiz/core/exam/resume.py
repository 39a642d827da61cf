"""What to do with an unfinished attempt found when dlquiz opens again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dlquiz.core.exam.attempt import ExamAttempt, require_utc


@dataclass(frozen=True, slots=True)
class Resume:
    """Time is left: offer to carry on (or to submit now).

    ``attempt`` is opened on the monotonic clock when one was given, ready to
    count down; ``seconds_left`` is the time really left, the time spent
    closed already taken off.
    """

    attempt: ExamAttempt
    seconds_left: float


@dataclass(frozen=True, slots=True)
class SubmitNow:
    """The deadline passed while dlquiz was closed: ``attempt`` is submitted.

    It was submitted automatically at its deadline, with the answers saved
    before the app closed.  Store it and show its result.
    """

    attempt: ExamAttempt


def resume_decision(
    attempt: ExamAttempt, now: datetime, *, monotonic: float | None = None
) -> Resume | SubmitNow:
    """Decide whether a saved, unsubmitted attempt resumes or is handed in.

    Args:
        attempt: the attempt as saved before the app closed.
        now: the current UTC wall time.
        monotonic: a monotonic reading taken with ``now``; when given, the
            resumed attempt counts down on it.

    Raises:
        ValueError: the attempt was already submitted, so there is nothing to resume.
    """
    if attempt.submitted:
        raise ValueError(f"exam attempt {attempt.id!r} was already submitted")
    now = require_utc(now, "now")
    left = attempt.time_left(now)
    if left <= 0.0:
        return SubmitNow(attempt.submit(now, auto=True))
    resumed = attempt if monotonic is None else attempt.opened(now, monotonic)
    return Resume(attempt=resumed, seconds_left=left)
