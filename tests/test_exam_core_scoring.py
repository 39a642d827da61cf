"""Marking an exam: points, partial credit, sections, the review, ratings and history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dlquiz.core.exam import (
    EXAM_RATINGS,
    ExamAttempt,
    ExamResult,
    ExamSettings,
    Outcome,
    exam_ratings,
    result_summary,
    score_attempt,
    score_trend,
    start_attempt,
)
from dlquiz.core.model import (
    AnswerKey,
    Bound,
    ChoiceKey,
    Grade,
    ListKey,
    ListMember,
    MatchKey,
    NumberKey,
    OrderKey,
    Question,
    QuestionType,
    Verdict,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
IMAGENET = "The ImageNet Moment (2012)"
WHY = "Why Deep Learning Suddenly Worked"
DEEPER = "Going Deeper (2014)"


def q(
    local: str, qtype: QuestionType, key: AnswerKey, answer: str, topic: str, **extra: Any
) -> Question:
    return Question(
        id=f"dl:{local}",
        deck="dl",
        type=qtype,
        prompt=f"Prompt of {local}",
        key=key,
        answer=answer,
        topic=topic,
        explanation=f"Why {local}.",
        **extra,
    )


QUESTIONS = [
    q("alexnet-year", QuestionType.TYPED, NumberKey(2012, is_year=True), "2012", IMAGENET),
    q(
        "alexnet-team",
        QuestionType.MULTIPLE_CHOICE,
        ChoiceKey((2,)),
        "University of Toronto",
        IMAGENET,
        choices=("Oxford", "Google", "University of Toronto", "Microsoft Research"),
    ),
    q(
        "factors",
        QuestionType.LIST,
        ListKey(
            (
                ListMember("big data"),
                ListMember("GPU computing", ("GPUs",)),
                ListMember("algorithmic innovations"),
            )
        ),
        "big data, GPU computing and algorithmic innovations",
        WHY,
    ),
    q(
        "order",
        QuestionType.ORDERING,
        OrderKey((1, 2, 0)),
        "AlexNet → GoogLeNet → ResNet",
        DEEPER,
        choices=("ResNet", "AlexNet", "GoogLeNet"),
    ),
    q(
        "depths",
        QuestionType.MATCHING,
        MatchKey(("AlexNet", "VGGNet"), (1, 0)),
        "AlexNet → 8 layers; VGGNet → 19 layers",
        DEEPER,
        choices=("19 layers", "8 layers"),
    ),
    q(
        "resnet-depth",
        QuestionType.TYPED,
        NumberKey(100, unit="layers", bound=Bound.AT_LEAST),
        "over 100 layers",
        DEEPER,
    ),
]
BY_ID = {question.id: question for question in QUESTIONS}


def taken(answers: dict[str, str], *, pass_mark: float = 0.7, used: float = 300) -> ExamAttempt:
    settings = ExamSettings(questions=6, time_limit_s=600, pass_mark=pass_mark)
    attempt = start_attempt(QUESTIONS, settings, attempt_id="exam-3", now=T0)
    for local, text in answers.items():
        attempt = attempt.answer(f"dl:{local}", text, now=T0 + timedelta(seconds=1))
    return attempt.flag("dl:order").submit(T0 + timedelta(seconds=used))


SCRIPTED = {
    ("dl:alexnet-year", "2012"): Grade(Verdict.CORRECT, 1.0, "2012", "Correct."),
    ("dl:alexnet-team", "a"): Grade(Verdict.INCORRECT, 0.0, "University of Toronto", "No."),
    ("dl:factors", "gpus, big data"): Grade(Verdict.PARTIAL, 2 / 3, "...", "2 of 3."),
    ("dl:order", "2 1 3"): Grade(Verdict.PARTIAL, 2 / 3, "...", "2 of 3 pairs."),
    ("dl:depths", "a2 b1"): Grade(Verdict.CORRECT, 1.0, "...", "Correct."),
}


def scripted_grade(question: Question, answer: str) -> Grade:
    """A stand-in grader with known scores, so the arithmetic can be checked exactly."""
    return SCRIPTED[(question.id, answer)]


ANSWERS = {
    "alexnet-year": "2012",
    "alexnet-team": "a",
    "factors": "gpus, big data",
    "order": "2 1 3",
    "depths": "a2 b1",
}  # resnet-depth left unanswered


def test_points_counts_and_partial_credit() -> None:
    result = score_attempt(taken(ANSWERS), BY_ID, grade=scripted_grade)
    assert result.points == pytest.approx(1 + 0 + 2 / 3 + 2 / 3 + 1 + 0)
    assert result.max_points == result.questions == 6
    assert result.score == pytest.approx((10 / 3) / 6)
    assert not result.passed
    assert (result.answered, result.correct, result.partial, result.incorrect) == (5, 2, 2, 1)
    assert result.unanswered == 1
    assert result.time_used_s == 300
    assert result.time_limit_s == 600
    assert result.finished_at == T0 + timedelta(seconds=300)
    assert result.missing_ids == ()


def test_breakdown_by_chapter_section_in_chapter_order() -> None:
    result = score_attempt(
        taken(ANSWERS), BY_ID, grade=scripted_grade, topic_order=(IMAGENET, WHY, DEEPER)
    )
    rows = [(t.topic, t.questions, t.correct, round(t.points, 4)) for t in result.topics]
    assert rows == [
        (IMAGENET, 2, 1, 1.0),
        (WHY, 1, 0, 0.6667),
        (DEEPER, 3, 1, 1.6667),
    ]
    assert result.topics[0].share == 0.5
    # Without an order the sections come by name.
    plain = score_attempt(taken(ANSWERS), BY_ID, grade=scripted_grade)
    assert [t.topic for t in plain.topics] == sorted([IMAGENET, WHY, DEEPER])


def test_the_review_shows_every_question_readably() -> None:
    result = score_attempt(taken(ANSWERS), BY_ID, grade=scripted_grade)
    assert [item.number for item in result.items] == [1, 2, 3, 4, 5, 6]
    team = result.item("dl:alexnet-team")
    assert team.your_answer == "Oxford"  # the choice text, not the letter
    assert team.raw_answer == "a"
    assert team.correct_answer == "University of Toronto"
    assert team.outcome is Outcome.INCORRECT
    assert team.explanation == "Why alexnet-team."
    assert team.topic == IMAGENET
    assert team.prompt == "Prompt of alexnet-team"
    order = result.item("dl:order")
    assert order.flagged
    assert order.your_answer == "AlexNet → ResNet → GoogLeNet"
    assert order.score == pytest.approx(2 / 3)
    skipped = result.item("dl:resnet-depth")
    assert skipped.outcome is Outcome.UNANSWERED
    assert (skipped.your_answer, skipped.score) == ("", 0.0)
    assert skipped.correct_answer == "over 100 layers"
    with pytest.raises(KeyError):
        result.item("dl:nope")


def test_pass_mark_is_inclusive_despite_float_sums() -> None:
    grades = dict.fromkeys(BY_ID, 0.4)

    def forty(question: Question, answer: str) -> Grade:
        return Grade(Verdict.PARTIAL, grades[question.id], question.answer, answer)

    answered = {local.removeprefix("dl:"): "x" for local in grades}
    result = score_attempt(taken(answered, pass_mark=0.4), BY_ID, grade=forty)
    assert sum([0.4] * 6) / 6 < 0.4  # the float sum falls just short...
    assert result.passed  # ...and the learner still passes
    strict = score_attempt(taken(answered, pass_mark=0.41), BY_ID, grade=forty)
    assert not strict.passed


def test_scores_outside_zero_to_one_are_clamped() -> None:
    def wild(question: Question, answer: str) -> Grade:
        score = 1.5 if question.id == "dl:alexnet-year" else -0.5
        return Grade(Verdict.PARTIAL, score, question.answer, answer)

    result = score_attempt(taken(ANSWERS), BY_ID, grade=wild)
    assert result.item("dl:alexnet-year").score == 1.0
    assert result.item("dl:alexnet-team").score == 0.0


def test_questions_gone_from_the_deck_are_left_out_not_counted_wrong() -> None:
    fewer = {qid: question for qid, question in BY_ID.items() if qid != "dl:depths"}
    result = score_attempt(taken(ANSWERS), fewer, grade=scripted_grade)
    assert result.missing_ids == ("dl:depths",)
    assert result.max_points == 5
    assert result.points == pytest.approx(1 + 2 / 3 + 2 / 3)


def test_only_a_submitted_attempt_is_marked() -> None:
    attempt = start_attempt(QUESTIONS, ExamSettings(questions=6), attempt_id="x", now=T0)
    with pytest.raises(ValueError, match="only after it has been submitted"):
        score_attempt(attempt, BY_ID, grade=scripted_grade)


def test_exam_answers_become_ratings_missed_ones_again() -> None:
    result = score_attempt(taken(ANSWERS), BY_ID, grade=scripted_grade)
    assert exam_ratings(result) == {
        "dl:alexnet-year": 3,  # correct: Good
        "dl:alexnet-team": 1,  # incorrect: Again
        "dl:factors": 2,  # partial: Hard
        "dl:order": 2,
        "dl:depths": 3,
        "dl:resnet-depth": 1,  # unanswered: Again, so it comes due soon
    }
    assert set(EXAM_RATINGS.values()) <= {1, 2, 3, 4}


def test_with_the_real_grader() -> None:
    answers = {
        "alexnet-year": "in 2012",
        "alexnet-team": "c",
        "factors": "GPUs; big data",
        "order": "2 1 3",
        "depths": "a2 b1",
        "resnet-depth": "152",
    }
    result = score_attempt(taken(answers), BY_ID)  # the default: dlquiz.core.grading.grade
    outcomes = {item.question_id: item.outcome for item in result.items}
    assert outcomes == {
        "dl:alexnet-year": Outcome.CORRECT,
        "dl:alexnet-team": Outcome.CORRECT,
        "dl:factors": Outcome.PARTIAL,
        "dl:order": Outcome.PARTIAL,
        "dl:depths": Outcome.CORRECT,
        "dl:resnet-depth": Outcome.CORRECT,
    }
    assert result.item("dl:factors").score == pytest.approx(2 / 3)
    assert result.item("dl:alexnet-team").your_answer == "University of Toronto"
    assert result.passed
    wrong = score_attempt(taken({"alexnet-year": "2011", "order": "3 2 1"}), BY_ID)
    assert wrong.item("dl:alexnet-year").outcome is Outcome.INCORRECT
    assert wrong.correct == 0
    assert not wrong.passed


def test_history_trend_and_summary() -> None:
    later = score_attempt(taken(ANSWERS, used=100), BY_ID, grade=scripted_grade)
    first_attempt = start_attempt(
        QUESTIONS, ExamSettings(questions=6), attempt_id="exam-0", now=T0 - timedelta(days=2)
    ).submit(T0 - timedelta(days=2) + timedelta(minutes=1))
    earlier = score_attempt(first_attempt, BY_ID, grade=scripted_grade)
    assert earlier.score == 0.0
    assert score_trend([later, earlier]) == [0.0, pytest.approx(later.score)]

    summary = result_summary(later)
    for key in ("started_at", "finished_at", "score", "passed", "questions", "answered", "correct"):
        assert key in summary
    assert summary["started_at"] == "2026-03-02T09:00:00+00:00"
    assert summary["finished_at"] == "2026-03-02T09:01:40+00:00"
    assert (summary["questions"], summary["answered"], summary["correct"]) == (6, 5, 2)
    assert summary["score"] == round(later.score, 4)
    assert summary["passed"] is False


def test_results_are_values() -> None:
    one = score_attempt(taken(ANSWERS), BY_ID, grade=scripted_grade)
    two = score_attempt(taken(ANSWERS), BY_ID, grade=scripted_grade)
    assert one == two
    assert isinstance(one, ExamResult)
