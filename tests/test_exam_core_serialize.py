"""Saving attempts and results as JSON and reading them back."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dlquiz.core.exam import (
    ExamAttempt,
    ExamSettings,
    attempt_from_dict,
    attempt_to_dict,
    result_from_dict,
    result_to_dict,
    score_attempt,
    start_attempt,
)
from dlquiz.core.model import ChoiceKey, Grade, Question, QuestionType, TextKey, Verdict

T0 = datetime(2026, 3, 2, 9, 0, 0, 250_000, tzinfo=UTC)
QUESTIONS = [
    Question(
        id="dl:bert-stages",
        deck="dl",
        type=QuestionType.TYPED,
        prompt="What are BERT's two stages?",
        key=TextKey(("pre-training and fine-tuning",)),
        answer="pre-training and fine-tuning",
        topic="BERT and Transfer Learning (2018)",
    ),
    Question(
        id="dl:transformer-lab",
        deck="dl",
        type=QuestionType.MULTIPLE_CHOICE,
        prompt="Who published the Transformer?",
        key=ChoiceKey((0,)),
        answer="Google",
        topic="The Transformer Revolution (2017)",
        choices=("Google", "DeepMind", "OpenAI", "Microsoft Research"),
    ),
    Question(
        id="dl:alphago-opponent",
        deck="dl",
        type=QuestionType.TYPED,
        prompt="Whom did AlphaGo beat in 2016?",
        key=TextKey(("Lee Sedol",)),
        answer="Lee Sedol",
        topic="AlphaGo's Triumph (2016)",
    ),
]


def sample_attempt() -> ExamAttempt:
    settings = ExamSettings(decks=("dl",), questions=3, seed=77, time_limit_s=900)
    attempt = start_attempt(QUESTIONS, settings, attempt_id="exam-42", now=T0, monotonic=5.0)
    attempt = attempt.answer("dl:transformer-lab", "a", now=T0, monotonic=6.0)
    attempt = attempt.answer("dl:alphago-opponent", "Lee Sedoll", now=T0, monotonic=7.0)
    return attempt.flag("dl:bert-stages").go_to(2)


def test_an_attempt_survives_a_json_round_trip() -> None:
    attempt = sample_attempt()
    text = json.dumps(attempt_to_dict(attempt))
    back = attempt_from_dict(json.loads(text))
    assert back == attempt
    assert back.anchor is None  # a monotonic reading means nothing to the next process
    assert back.deadline == T0 + timedelta(seconds=900)
    assert back.settings.seed == 77
    submitted = attempt.submit(T0 + timedelta(minutes=3), auto=True)
    assert attempt_from_dict(json.loads(json.dumps(attempt_to_dict(submitted)))) == submitted


def test_times_are_stored_as_iso_8601_utc() -> None:
    data = attempt_to_dict(sample_attempt())
    assert data["started_at"] == "2026-03-02T09:00:00.250000+00:00"
    assert data["deadline"] == "2026-03-02T09:15:00.250000+00:00"
    assert data["submitted_at"] is None
    assert data["flags"] == ["dl:bert-stages"]
    assert data["answers"] == {"dl:transformer-lab": "a", "dl:alphago-opponent": "Lee Sedoll"}
    # A "Z" suffix, as other tools write UTC, reads the same.
    data["started_at"] = "2026-03-02T09:00:00.250000Z"
    assert attempt_from_dict(data).started_at == T0


def broken(**changes: Any) -> dict[str, Any]:
    data = attempt_to_dict(sample_attempt())
    for key, value in changes.items():
        if value is KeyError:
            del data[key]
        else:
            data[key] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (broken(version=99), "format version 99; this dlquiz reads 1"),
        (broken(deadline=KeyError), "lacks the key 'deadline'"),
        (broken(started_at="yesterday"), "started_at is not an ISO-8601 time: 'yesterday'"),
        (broken(started_at="2026-03-02T09:00:00"), "timezone-aware"),
        (broken(answers={"dl:other": "x"}), "question 'dl:other' is not in this exam"),
        (broken(answers=["a"]), "answers must be a JSON object"),
        (broken(answers={"dl:bert-stages": 3}), "must be text, got 3"),
        (broken(current=7), "current question 7 is out of range 0..2"),
        (broken(settings={"questions": 3}), "exam settings lack the key"),
        (broken(question_ids=[]), "at least one question"),
    ],
)
def test_a_damaged_saved_attempt_is_refused_with_a_reason(
    data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        attempt_from_dict(data)
    assert message in str(caught.value)


def test_not_an_object_at_all() -> None:
    with pytest.raises(ValueError, match="must be a JSON object"):
        attempt_from_dict([])  # type: ignore[arg-type]


def test_a_result_survives_a_json_round_trip() -> None:
    def grade(question: Question, answer: str) -> Grade:
        verdict = Verdict.CORRECT if answer in ("a", "Lee Sedoll") else Verdict.INCORRECT
        return Grade(verdict, float(verdict is Verdict.CORRECT), question.answer, "ok")

    attempt = sample_attempt().submit(T0 + timedelta(minutes=4))
    result = score_attempt(attempt, {q.id: q for q in QUESTIONS}, grade=grade)
    text = json.dumps(result_to_dict(result))
    back = result_from_dict(json.loads(text))
    assert back == result
    assert back.item("dl:transformer-lab").your_answer == "Google"
    with pytest.raises(ValueError, match="lacks the key 'items'"):
        result_from_dict({k: v for k, v in result_to_dict(result).items() if k != "items"})
