"""The learner's settings, their defaults and their limits."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from typing import Any

from dlquiz.core.scheduling import SchedulerSettings

THEMES = ("system", "light", "dark")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the learner can set; stored in the collection, one key per field."""

    desired_retention: float = 0.90
    new_per_day: int = 20  # each deck's daily new cards, unless the deck sets its own
    new_per_day_total: int = 100  # the cap over all decks together
    day_start_hour: int = 4
    learning_steps_s: tuple[int, ...] = (60, 600)
    relearning_steps_s: tuple[int, ...] = (600,)
    maximum_interval_days: int = 36500
    # When the FSRS parameters change, move due dates to the new intervals (Anki's
    # "reschedule cards on change"); off keeps them and updates only memory states.
    reschedule_on_change: bool = False
    # The learner's fitted FSRS-6 weights, empty for FSRS's defaults, and when they were
    # fitted (ISO time, "" for the defaults).  Kept here so scheduling reads them with
    # every other setting; storage.memory_store keeps the record of each fit.
    fsrs_parameters: tuple[float, ...] = field(default=(), metadata={"element": float})
    fsrs_fitted_at: str = ""
    exam_questions: int = 20
    exam_seconds_per_question: int = 60
    exam_pass_mark: float = 0.70
    theme: str = "system"
    font_size: int = 0  # 0 means the system's size
    welcome_done: bool = False
    # Anki's default too: a question's siblings (same fact or note, or one
    # that gives its answer away) wait until the next day once it is answered.
    bury_siblings: bool = True
    # The exam being prepared for (Exam readiness > Accept plan): its moment as an ISO
    # UTC time ("" for none), the recall to reach by then, and its decks (none: all).
    exam_goal_at: str = ""
    exam_goal_target: float = 0.95
    exam_goal_decks: tuple[str, ...] = field(default=(), metadata={"element": str})

    def validate(self) -> None:
        """Raise ValueError naming the first setting that is out of range."""
        self.scheduler().validate()
        if not 0 <= self.new_per_day <= 9999:
            raise ValueError("new cards per day must be between 0 and 9999")
        if not 0 <= self.new_per_day_total <= 9999:
            raise ValueError("new cards per day in all decks must be between 0 and 9999")
        if not 0 <= self.day_start_hour <= 23:
            raise ValueError("the day start hour must be between 0 and 23")
        if not 1 <= self.exam_questions <= 500:
            raise ValueError("an exam has between 1 and 500 questions")
        if not 5 <= self.exam_seconds_per_question <= 3600:
            raise ValueError("exam time per question must be between 5 s and 1 hour")
        if not 0.0 < self.exam_pass_mark <= 1.0:
            raise ValueError("the pass mark must be above 0 % and at most 100 %")
        if self.theme not in THEMES:
            raise ValueError(f"theme must be one of {', '.join(THEMES)}")
        if not (self.font_size == 0 or 6 <= self.font_size <= 40):
            raise ValueError("font size must be 0 (system) or between 6 and 40 points")
        if not 0.0 < self.exam_goal_target <= 1.0:
            raise ValueError("the exam target recall must be above 0 % and at most 100 %")
        if self.exam_goal_at and datetime.fromisoformat(self.exam_goal_at).tzinfo is None:
            raise ValueError("the exam being prepared for needs a time zone")

    def scheduler(self) -> SchedulerSettings:
        """The scheduling part, with the learner's FSRS parameters (or FSRS's defaults)."""
        if self.fsrs_parameters:
            return replace(self._scheduling(), parameters=self.fsrs_parameters)
        return self._scheduling()

    def _scheduling(self) -> SchedulerSettings:
        return SchedulerSettings(
            desired_retention=self.desired_retention,
            learning_steps_s=self.learning_steps_s,
            relearning_steps_s=self.relearning_steps_s,
            maximum_interval_days=self.maximum_interval_days,
        )

    def to_items(self) -> dict[str, Any]:
        """JSON-safe values by key."""
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_items(cls, items: dict[str, Any]) -> Settings:
        """Build from stored values, ignoring unknown keys and keeping defaults for bad ones."""
        settings = cls()
        for f in fields(cls):
            if f.name not in items:
                continue
            default = getattr(settings, f.name)
            value = items[f.name]
            try:
                if isinstance(default, tuple):
                    element = f.metadata.get("element", int)
                    value = tuple(element(v) for v in value)
                elif isinstance(default, bool):
                    value = bool(value)
                else:
                    value = type(default)(value)
                candidate = replace(settings, **{f.name: value})
                candidate.validate()
            except (TypeError, ValueError):
                continue
            settings = candidate
        return settings
