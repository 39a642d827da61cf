"""Attempts and results to JSON-safe dicts and back, for storing after every answer.

Datetimes are ISO-8601 strings in UTC (``2026-01-05T12:00:00+00:00``).  The
monotonic anchor is never stored: it means nothing to another process.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dlquiz.core.exam.attempt import ExamAttempt, require_utc
from dlquiz.core.exam.results import ExamResult, ReviewItem, TopicScore
from dlquiz.core.exam.settings import settings_from_dict, settings_to_dict
from dlquiz.core.exam_outcome import Outcome

FORMAT_VERSION = 1


def _time(value: datetime) -> str:
    return require_utc(value, "time").isoformat()


def _parse_time(value: object, what: str) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be an ISO-8601 string, got {value!r}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} is not an ISO-8601 time: {value!r}") from None
    return require_utc(parsed, what)


def _check_version(data: dict[str, Any], what: str) -> None:
    if not isinstance(data, dict):
        raise ValueError(f"a saved {what} must be a JSON object")
    version = data.get("version")
    if version != FORMAT_VERSION:
        raise ValueError(
            f"a saved {what} has format version {version!r}; this dlquiz reads {FORMAT_VERSION}"
        )


def attempt_to_dict(attempt: ExamAttempt) -> dict[str, Any]:
    """The attempt as JSON-safe values (inverse of :func:`attempt_from_dict`)."""
    return {
        "version": FORMAT_VERSION,
        "id": attempt.id,
        "settings": settings_to_dict(attempt.settings),
        "question_ids": list(attempt.question_ids),
        "started_at": _time(attempt.started_at),
        "deadline": _time(attempt.deadline),
        "answers": dict(attempt.answers),
        "flags": attempt.flagged_ids(),
        "current": attempt.current,
        "submitted_at": None if attempt.submitted_at is None else _time(attempt.submitted_at),
        "auto_submitted": attempt.auto_submitted,
        "seen_at": None if attempt.seen_at is None else _time(attempt.seen_at),
    }


def attempt_from_dict(data: dict[str, Any]) -> ExamAttempt:
    """Rebuild an attempt saved by :func:`attempt_to_dict`.

    Raises:
        ValueError: the data is not a valid saved attempt; the message says why.
    """
    _check_version(data, "exam attempt")
    try:
        submitted = data["submitted_at"]
        answers = data["answers"]
        if not isinstance(answers, dict):
            raise ValueError("answers must be a JSON object")
        return ExamAttempt(
            id=data["id"],
            settings=settings_from_dict(data["settings"]),
            question_ids=tuple(data["question_ids"]),
            started_at=_parse_time(data["started_at"], "started_at"),
            deadline=_parse_time(data["deadline"], "deadline"),
            answers=answers,
            flags=frozenset(data["flags"]),
            current=data["current"],
            submitted_at=None if submitted is None else _parse_time(submitted, "submitted_at"),
            auto_submitted=bool(data["auto_submitted"]),
            # Absent from attempts saved before dlquiz kept it.
            seen_at=None
            if data.get("seen_at") is None
            else _parse_time(data["seen_at"], "seen_at"),
        )
    except KeyError as missing:
        raise ValueError(f"a saved exam attempt lacks the key {missing}") from None
    except (TypeError, AttributeError) as error:
        raise ValueError(f"a saved exam attempt is malformed: {error}") from None


def result_to_dict(result: ExamResult) -> dict[str, Any]:
    """The full result, review included, as JSON-safe values."""
    return {
        "version": FORMAT_VERSION,
        "attempt_id": result.attempt_id,
        "started_at": _time(result.started_at),
        "finished_at": _time(result.finished_at),
        "auto_submitted": result.auto_submitted,
        "time_limit_s": result.time_limit_s,
        "time_used_s": result.time_used_s,
        "pass_mark": result.pass_mark,
        "points": result.points,
        "max_points": result.max_points,
        "passed": result.passed,
        "answered": result.answered,
        "correct": result.correct,
        "partial": result.partial,
        "incorrect": result.incorrect,
        "unanswered": result.unanswered,
        "topics": [
            {"topic": t.topic, "questions": t.questions, "correct": t.correct, "points": t.points}
            for t in result.topics
        ],
        "items": [_item_to_dict(item) for item in result.items],
        "missing_ids": list(result.missing_ids),
    }


def _item_to_dict(item: ReviewItem) -> dict[str, Any]:
    return {
        "number": item.number,
        "question_id": item.question_id,
        "question_type": item.question_type,
        "prompt": item.prompt,
        "your_answer": item.your_answer,
        "raw_answer": item.raw_answer,
        "correct_answer": item.correct_answer,
        "outcome": item.outcome.value,
        "score": item.score,
        "feedback": item.feedback,
        "explanation": item.explanation,
        "topic": item.topic,
        "flagged": item.flagged,
    }


def result_from_dict(data: dict[str, Any]) -> ExamResult:
    """Rebuild a result saved by :func:`result_to_dict`.

    Raises:
        ValueError: the data is not a valid saved result.
    """
    _check_version(data, "exam result")
    try:
        items = tuple(
            ReviewItem(**{**item, "outcome": Outcome(item["outcome"])}) for item in data["items"]
        )
        topics = tuple(TopicScore(**topic) for topic in data["topics"])
        return ExamResult(
            attempt_id=data["attempt_id"],
            started_at=_parse_time(data["started_at"], "started_at"),
            finished_at=_parse_time(data["finished_at"], "finished_at"),
            auto_submitted=data["auto_submitted"],
            time_limit_s=data["time_limit_s"],
            time_used_s=data["time_used_s"],
            pass_mark=data["pass_mark"],
            points=data["points"],
            max_points=data["max_points"],
            passed=data["passed"],
            answered=data["answered"],
            correct=data["correct"],
            partial=data["partial"],
            incorrect=data["incorrect"],
            unanswered=data["unanswered"],
            topics=topics,
            items=items,
            missing_ids=tuple(data["missing_ids"]),
        )
    except KeyError as missing:
        raise ValueError(f"a saved exam result lacks the key {missing}") from None
    except TypeError as error:
        raise ValueError(f"a saved exam result is malformed: {error}") from None
