"""What a learner chooses before an exam starts, checked once at construction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dlquiz.core.model import QuestionType

# Flashcards are rated by the learner, so an exam cannot mark them.
AUTO_GRADED_TYPES: tuple[QuestionType, ...] = tuple(
    t for t in QuestionType if t is not QuestionType.FLASHCARD
)

DEFAULT_QUESTIONS = 20
DEFAULT_SECONDS_PER_QUESTION = 60
DEFAULT_PASS_MARK = 0.70
MIN_QUESTIONS, MAX_QUESTIONS = 1, 500
MIN_TIME_LIMIT_S, MAX_TIME_LIMIT_S = 10, 24 * 60 * 60
# Seeds are stored in JSON and SQLite integers, both safe within 63 bits.
MAX_SEED = 2**63 - 1


def _sorted_unique(values: Iterable[str], what: str) -> tuple[str, ...]:
    out: set[str] = set()
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{what} must be non-empty strings, got {value!r}")
        out.add(value)
    return tuple(sorted(out))


def _question_types(values: Iterable[QuestionType | str]) -> tuple[QuestionType, ...]:
    found: set[QuestionType] = set()
    for value in values:
        try:
            qtype = QuestionType(value)
        except ValueError:
            names = ", ".join(t.value for t in AUTO_GRADED_TYPES)
            raise ValueError(f"unknown question type {value!r}; use one of: {names}") from None
        if qtype is QuestionType.FLASHCARD:
            raise ValueError("flashcards cannot be part of an exam: they cannot be graded")
        found.add(qtype)
    if not found:
        raise ValueError("an exam needs at least one question type")
    # Keep the model's order so equal settings compare and serialise equal.
    return tuple(t for t in QuestionType if t in found)


@dataclass(frozen=True, slots=True)
class ExamSettings:
    """The choices that define an exam; the same settings and seed give the same exam.

    ``decks`` and ``topics`` are filters: empty means every deck or every
    topic of the pool.  ``time_limit_s`` of None means one minute per
    question actually drawn.  Sequences are normalised (sorted, de-duplicated)
    so that two equal choices always give the same exam.

    Raises:
        ValueError: a value out of range, with a message fit for the learner.
    """

    decks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    questions: int = DEFAULT_QUESTIONS
    types: tuple[QuestionType, ...] = AUTO_GRADED_TYPES
    time_limit_s: int | None = None
    pass_mark: float = DEFAULT_PASS_MARK
    seed: int = 0

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise once, here
        set_(self, "decks", _sorted_unique(self.decks, "deck ids"))
        set_(self, "topics", _sorted_unique(self.topics, "topics"))
        set_(self, "types", _question_types(self.types))
        if not _is_int(self.questions) or not MIN_QUESTIONS <= self.questions <= MAX_QUESTIONS:
            raise ValueError(
                f"questions must be between {MIN_QUESTIONS} and {MAX_QUESTIONS}, "
                f"got {self.questions!r}"
            )
        if self.time_limit_s is not None and (
            not _is_int(self.time_limit_s)
            or not MIN_TIME_LIMIT_S <= self.time_limit_s <= MAX_TIME_LIMIT_S
        ):
            raise ValueError(
                f"the time limit must be between {MIN_TIME_LIMIT_S} seconds and "
                f"{MAX_TIME_LIMIT_S // 3600} hours ({MAX_TIME_LIMIT_S} s), "
                f"got {self.time_limit_s!r}"
            )
        if (
            isinstance(self.pass_mark, bool)
            or not isinstance(self.pass_mark, int | float)
            or not 0.0 <= self.pass_mark <= 1.0
        ):
            raise ValueError(
                f"the pass mark must be a share between 0 and 1 (0.7 for 70 %), "
                f"got {self.pass_mark!r}"
            )
        set_(self, "pass_mark", float(self.pass_mark))
        if not _is_int(self.seed) or not 0 <= self.seed <= MAX_SEED:
            raise ValueError(f"the seed must be a whole number from 0 to {MAX_SEED}")

    def time_limit_for(self, question_count: int) -> int:
        """The time limit in seconds for an exam of ``question_count`` questions.

        An explicit limit wins; otherwise one minute per question, so an exam
        cut short by a small pool is not also given time for absent questions.
        """
        if self.time_limit_s is not None:
            return self.time_limit_s
        return max(MIN_TIME_LIMIT_S, DEFAULT_SECONDS_PER_QUESTION * question_count)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def settings_to_dict(settings: ExamSettings) -> dict[str, Any]:
    """The settings as JSON-safe values (inverse of :func:`settings_from_dict`)."""
    return {
        "decks": list(settings.decks),
        "topics": list(settings.topics),
        "questions": settings.questions,
        "types": [t.value for t in settings.types],
        "time_limit_s": settings.time_limit_s,
        "pass_mark": settings.pass_mark,
        "seed": settings.seed,
    }


def settings_from_dict(data: dict[str, Any]) -> ExamSettings:
    """Rebuild settings saved by :func:`settings_to_dict`.

    Raises:
        ValueError: a missing key or a value that the settings refuse.
    """
    if not isinstance(data, dict):
        raise ValueError("exam settings must be a JSON object")
    try:
        return ExamSettings(
            decks=tuple(data["decks"]),
            topics=tuple(data["topics"]),
            questions=data["questions"],
            types=tuple(data["types"]),
            time_limit_s=data["time_limit_s"],
            pass_mark=data["pass_mark"],
            seed=data["seed"],
        )
    except KeyError as missing:
        raise ValueError(f"exam settings lack the key {missing}") from None
    except TypeError as error:
        raise ValueError(f"exam settings are malformed: {error}") from None
