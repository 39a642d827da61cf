"""``grade``: one answer, in the terminal answer syntax, against one question."""

from __future__ import annotations

from dlquiz.core.grading.arrangement import judge_matching, judge_order
from dlquiz.core.grading.choices import judge_choice, judge_true_false
from dlquiz.core.grading.lists import judge_list
from dlquiz.core.grading.numeric import judge_number
from dlquiz.core.grading.outcome import Outcome, clamp_score, closing, verdict_for
from dlquiz.core.grading.phrased import asked_about
from dlquiz.core.grading.text import judge_text
from dlquiz.core.model import (
    ChoiceKey,
    FlashKey,
    Grade,
    ListKey,
    MatchKey,
    NumberKey,
    OrderKey,
    Question,
    QuestionType,
    TextKey,
    TrueFalseKey,
    Verdict,
)


def _judge(question: Question, answer: str) -> Outcome:
    expected = question.answer
    choices = question.choices or ()
    key = question.key
    if isinstance(key, NumberKey):
        return judge_number(key, answer, expected=expected)
    if isinstance(key, TextKey):
        # A sentence that repeats the question's subject ("GoogLeNet was developed
        # by Google") does not name a wrong answer by naming it.
        return judge_text(asked_about(key, question.text_prompt), answer, expected=expected)
    if isinstance(key, ListKey):
        return judge_list(key, answer, expected=expected)
    if isinstance(key, ChoiceKey):
        return judge_choice(key, answer, choices=choices, expected=expected)
    if isinstance(key, TrueFalseKey):
        return judge_true_false(key, answer, expected=expected)
    if isinstance(key, OrderKey):
        return judge_order(key, answer, choices=choices, expected=expected)
    if isinstance(key, MatchKey):
        return judge_matching(key, answer, choices=choices, expected=expected)
    raise ValueError(f"question {question.id} has a key that cannot be graded: {key!r}")


MAX_ANSWER_CHARS = 1000
"""The longest answer graded, everywhere (study, exams, ``dlquiz grade``).

Far beyond any short answer or working, and it keeps one grade well under a
millisecond: grading is linear in the answer's length up to this cap.
"""


def grade(question: Question, answer: str) -> Grade:
    """Grade one answer the way a careful teacher would.

    The answer is always text in the terminal answer syntax (see
    docs/grading.md): free text, a choice letter, "t"/"f", "3 1 2 4",
    "a2 b1 c3" or a comma-separated list.  An empty answer means "don't
    know".  An answer that cannot be read, or one longer than
    ``MAX_ANSWER_CHARS``, is incorrect and the feedback says why; grading
    never raises for any text.

    Args:
        question: the question as it was shown.
        answer: what the learner typed or the widget produced.

    Returns:
        The verdict, the score in 0..1, the expected answer and feedback.

    Raises:
        ValueError: for a flashcard, which the learner rates instead.
    """
    if question.type is QuestionType.FLASHCARD or isinstance(question.key, FlashKey):
        raise ValueError("flashcards are rated by the learner, not graded")
    if not answer.strip():
        feedback = f"Not answered. The answer is {closing(question.answer)}"
        return Grade(Verdict.INCORRECT, 0.0, question.answer, feedback)
    if len(answer) > MAX_ANSWER_CHARS:
        feedback = (
            f"Your answer is longer than {MAX_ANSWER_CHARS:,} characters, the most that is"
            f" graded. The answer is {closing(question.answer)}"
        )
        return Grade(Verdict.INCORRECT, 0.0, question.answer, feedback)
    outcome = _judge(question, answer)
    score = clamp_score(outcome.score)
    return Grade(verdict_for(score), score, question.answer, outcome.feedback)
