"""The learner's progress figures as typed values: what ``dlquiz stats`` and the
Statistics tab show.

Storage computes them (``storage.stats``); the charts and the terminal read
them as they are, with real dates, and ``to_json`` gives the documented JSON
of ``dlquiz stats --json`` (ISO dates, the same keys as before these types).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class StudyDay:
    """One study day with answers: counts and the time spent answering."""

    day: date
    reviews: int
    correct: int
    new: int  # first answers to new cards
    time_s: float

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "reviews": self.reviews,
            "correct": self.correct,
            "new": self.new,
            "time_s": self.time_s,
        }


@dataclass(frozen=True, slots=True)
class DueDay:
    """Scheduled cards due on one coming study day (today's include the overdue ones)."""

    day: date
    due: int

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "due": self.due}


@dataclass(frozen=True, slots=True)
class ExamPoint:
    """One finished exam: when, its score (0 to 1) and whether it passed."""

    finished_at: datetime
    score: float
    passed: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "finished_at": self.finished_at.isoformat(),
            "score": self.score,
            "passed": self.passed,
        }


@dataclass(frozen=True, slots=True)
class Today:
    """What the current study day holds so far."""

    reviews: int = 0
    correct: int = 0
    time_s: float = 0.0

    @property
    def correct_share(self) -> float | None:
        return None if not self.reviews else self.correct / self.reviews


@dataclass(frozen=True, slots=True)
class ProgressStats:
    """Every progress figure of one collection at one moment.

    Shares (``retention_30d``, ``mastery`` and the per-section ones) are
    fractions from 0 to 1, rounded to 4 places; None where nothing counts yet.
    """

    reviews_total: int
    cards_total: int
    cards_due_now: int
    cards_new: int
    retention_30d: float | None
    cards_by_state: Mapping[str, int]  # new, learning, review, relearning
    retention_30d_by_topic: Mapping[str, float]  # the chapter's sections first, in order
    time_spent_30d_s: float
    today: date
    day_start_hour: int
    cards_suspended: int
    time_spent_total_s: float
    studied_today: Today
    reviews_per_day: tuple[StudyDay, ...]  # the last 365 study days with answers, oldest first
    streak_days: int
    due_forecast_30d: tuple[DueDay, ...]
    mastery: float | None
    mastery_by_topic: Mapping[str, float]
    exam_trend: tuple[ExamPoint, ...]

    @property
    def days_studied_365(self) -> int:
        return len(self.reviews_per_day)

    def due_on(self, offset: int) -> int:
        """Cards due ``offset`` study days from today (0: today, overdue included)."""
        return self.due_forecast_30d[offset].due if offset < len(self.due_forecast_30d) else 0

    def to_json(self) -> dict[str, Any]:
        """The object ``dlquiz stats --json`` prints (documented in the README)."""
        return {
            "reviews_total": self.reviews_total,
            "cards_total": self.cards_total,
            "cards_due_now": self.cards_due_now,
            "cards_new": self.cards_new,
            "retention_30d": self.retention_30d,
            "cards_by_state": dict(self.cards_by_state),
            "retention_30d_by_topic": dict(self.retention_30d_by_topic),
            "time_spent_30d_s": self.time_spent_30d_s,
            "today": self.today.isoformat(),
            "day_start_hour": self.day_start_hour,
            "cards_suspended": self.cards_suspended,
            "time_spent_total_s": self.time_spent_total_s,
            "studied_today": {
                "reviews": self.studied_today.reviews,
                "correct": self.studied_today.correct,
                "time_s": self.studied_today.time_s,
            },
            "reviews_per_day": [day.to_json() for day in self.reviews_per_day],
            "days_studied_365": self.days_studied_365,
            "streak_days": self.streak_days,
            "due_forecast_30d": [day.to_json() for day in self.due_forecast_30d],
            "mastery": self.mastery,
            "mastery_by_topic": dict(self.mastery_by_topic),
            "exam_trend": [point.to_json() for point in self.exam_trend],
        }
