"""A running exam bound to a clock: the one object a front end drives.

:class:`ExamAttempt` takes times as arguments; :class:`ExamSession` reads
them from an injected :class:`~dlquiz.core.clock.Clock` and applies the
rules the GUI and the terminal share: count down on the monotonic clock,
submit automatically when time runs out, announce thresholds once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dlquiz.core.clock import Clock
from dlquiz.core.exam.attempt import ExamAttempt, ExamLocked
from dlquiz.core.exam.timing import announcements_due, format_countdown, warning


@dataclass(frozen=True, slots=True)
class Tick:
    """What the countdown shows after :meth:`ExamSession.tick`.

    ``auto_submitted`` is True only on the tick that handed the exam in.
    """

    seconds_left: float
    countdown: str
    warning: bool
    announcements: tuple[str, ...]
    auto_submitted: bool


class ExamSession:
    """Holds the current attempt and replaces it on every change.

    ``on_change`` is called with the new attempt after every change (answer,
    flag, navigation, submission), which is where the front end saves it.
    """

    def __init__(
        self,
        attempt: ExamAttempt,
        clock: Clock,
        *,
        on_change: Callable[[ExamAttempt], None] | None = None,
    ) -> None:
        self._clock = clock
        self._on_change = on_change
        self._attempt = attempt.opened(clock.now(), clock.monotonic())
        self._last_left = self.time_left()

    @property
    def attempt(self) -> ExamAttempt:
        return self._attempt

    def _set(self, attempt: ExamAttempt) -> ExamAttempt:
        attempt = attempt.noted(self._clock.now(), monotonic=self._clock.monotonic())
        self._attempt = attempt
        if self._on_change is not None:
            self._on_change(attempt)
        return attempt

    def time_left(self) -> float:
        """Seconds left, counted on the monotonic clock."""
        return self._attempt.time_left(self._clock.now(), monotonic=self._clock.monotonic())

    def expired(self) -> bool:
        return self._attempt.expired(self._clock.now(), monotonic=self._clock.monotonic())

    def submit(self, *, auto: bool = False) -> ExamAttempt:
        """Hand the exam in now (see :meth:`ExamAttempt.submit`)."""
        attempt = self._attempt.submit(
            self._clock.now(), monotonic=self._clock.monotonic(), auto=auto
        )
        return self._set(attempt)

    def submit_if_expired(self) -> bool:
        """Hand the exam in if its time is up; True if this call did it."""
        if self._attempt.submitted or not self.expired():
            return False
        self.submit(auto=True)
        return True

    def tick(self) -> Tick:
        """Advance the countdown: call it from a timer (a few times a second).

        Returns what to show, the messages to announce since the previous
        tick, and whether time ran out and the exam was submitted.
        """
        auto = self.submit_if_expired()
        left = 0.0 if self._attempt.submitted else self.time_left()
        messages = announcements_due(self._last_left, left)
        self._last_left = left
        return Tick(
            seconds_left=left,
            countdown=format_countdown(left),
            warning=warning(left),
            announcements=tuple(messages),
            auto_submitted=auto,
        )

    def answer(self, question_id: str, text: str) -> ExamAttempt:
        """Record an answer.

        Raises:
            ExamLocked: the exam was submitted, or time ran out; in the latter
                case it has just been submitted automatically (``attempt``
                holds the result, and ``on_change`` has been called).
        """
        self._refuse_if_expired()
        return self._set(
            self._attempt.answer(
                question_id, text, now=self._clock.now(), monotonic=self._clock.monotonic()
            )
        )

    def clear(self, question_id: str) -> ExamAttempt:
        """Take an answer back (same locking as :meth:`answer`)."""
        return self.answer(question_id, "")

    def _refuse_if_expired(self) -> None:
        # Flags are input too: once time is up they are refused like answers.
        if self.submit_if_expired():
            raise ExamLocked("time is up; the exam was submitted with the answers given")

    def toggle_flag(self, question_id: str) -> ExamAttempt:
        self._refuse_if_expired()
        return self._set(self._attempt.toggle_flag(question_id))

    def flag(self, question_id: str) -> ExamAttempt:
        self._refuse_if_expired()
        return self._set(self._attempt.flag(question_id))

    def unflag(self, question_id: str) -> ExamAttempt:
        self._refuse_if_expired()
        return self._set(self._attempt.unflag(question_id))

    def go_to(self, index: int) -> ExamAttempt:
        return self._set(self._attempt.go_to(index))

    def next(self) -> ExamAttempt:
        return self._set(self._attempt.next())

    def previous(self) -> ExamAttempt:
        return self._set(self._attempt.previous())
