"""Countdown text, the warning style, spoken announcements and readable answers."""

from __future__ import annotations

import itertools
import math

import pytest

from dlquiz.core.exam import (
    announcements_due,
    describe_time_left,
    format_countdown,
    readable_answer,
    warning,
)
from dlquiz.core.model import (
    ChoiceKey,
    ListKey,
    ListMember,
    MatchKey,
    OrderKey,
    Question,
    QuestionType,
    TextKey,
    TrueFalseKey,
)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "00:00"),
        (-5, "00:00"),
        (math.nan, "00:00"),
        (0.2, "00:01"),  # rounded up: 00:00 only once time is really up
        (59.0000001, "00:59"),  # float noise does not add a second
        (59, "00:59"),
        (60, "01:00"),
        (299.5, "05:00"),
        (1200, "20:00"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3661, "1:01:01"),
        (86_400, "24:00:00"),
    ],
)
def test_format_countdown(seconds: float, shown: str) -> None:
    assert format_countdown(seconds) == shown


def test_warning_covers_the_last_minute() -> None:
    assert not warning(61)
    assert not warning(60.5)  # shown as 01:01
    assert warning(60)
    assert warning(1)
    assert warning(0)


@pytest.mark.parametrize(
    ("before", "after", "said"),
    [
        (301, 299, ["5 minutes left"]),
        (300.2, 300, ["5 minutes left"]),  # reaching 5:00 is crossing it
        (300, 299, []),  # already announced when it reached 5:00
        (299, 250, []),
        (61, 60, ["1 minute left"]),
        (31, 29, ["30 seconds left"]),
        (29, 0, []),
        (400, 50, ["1 minute left"]),  # a frozen app: only the nearest is said
        (400, 10, ["30 seconds left"]),
        (600, 599, []),
    ],
)
def test_announcements_when_crossing_thresholds(
    before: float, after: float, said: list[str]
) -> None:
    assert announcements_due(before, after) == said


def test_short_exams_never_announce_thresholds_they_started_under() -> None:
    # A 3-minute exam starts under the 5-minute mark: nothing to say about it.
    lefts = list(range(180, -1, -1))
    said = [m for prev, now in itertools.pairwise(lefts) for m in announcements_due(prev, now)]
    assert said == ["1 minute left", "30 seconds left"]


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "time is up"),
        (1, "1 second left"),
        (45, "45 seconds left"),
        (60, "1 minute left"),
        (252, "4 minutes 12 seconds left"),
        (3600, "1 hour left"),
        (3725, "1 hour 2 minutes 5 seconds left"),
    ],
)
def test_time_left_in_words_for_screen_readers(seconds: float, words: str) -> None:
    assert describe_time_left(seconds) == words


def make(qtype: QuestionType, key: object, choices: tuple[str, ...] | None) -> Question:
    return Question(
        id="dl:x",
        deck="dl",
        type=qtype,
        prompt="?",
        key=key,  # type: ignore[arg-type]
        answer="",
        choices=choices,
    )


MC = make(QuestionType.MULTIPLE_CHOICE, ChoiceKey((1,)), ("VGGNet", "AlexNet", "ResNet", "BERT"))
ORDER = make(QuestionType.ORDERING, OrderKey((1, 2, 0)), ("ResNet", "AlexNet", "GoogLeNet"))
MATCH = make(
    QuestionType.MATCHING,
    MatchKey(("AlexNet", "VGGNet", "GoogLeNet"), (2, 0, 1)),
    ("19 layers", "22 layers", "8 layers"),
)


@pytest.mark.parametrize(
    ("question", "typed", "shown"),
    [
        (MC, "b", "AlexNet"),
        (MC, " B ", "AlexNet"),
        (MC, "a c", "VGGNet; ResNet"),
        (MC, "e", "e"),  # no fifth choice: shown as typed
        (MC, "AlexNet", "AlexNet"),
        (MC, "2", "AlexNet"),  # a position, as the grader reads it
        (MC, "alexnet", "AlexNet"),  # the choice's own text
        (make(QuestionType.TRUE_FALSE, TrueFalseKey(True), None), "t", "True"),
        (make(QuestionType.TRUE_FALSE, TrueFalseKey(True), None), "FALSE", "False"),
        (make(QuestionType.TRUE_FALSE, TrueFalseKey(True), None), "maybe", "maybe"),
        (ORDER, "2 3 1", "AlexNet → GoogLeNet → ResNet"),
        (ORDER, "2,3,1", "AlexNet → GoogLeNet → ResNet"),
        (ORDER, "2 3 9", "2 3 9"),
        (ORDER, "2 3", "AlexNet → GoogLeNet → ResNet"),  # the one left out goes last
        (MATCH, "a3 b1 c2", "AlexNet → 8 layers; VGGNet → 19 layers; GoogLeNet → 22 layers"),
        (MATCH, "a-3, b-1", "AlexNet → 8 layers; VGGNet → 19 layers"),
        (MATCH, "a3 b1 whatever", "a3 b1 whatever"),
        (MATCH, "d1", "d1"),
        (MATCH, "3 1 2", "AlexNet → 8 layers; VGGNet → 19 layers; GoogLeNet → 22 layers"),
        (make(QuestionType.LIST, ListKey((ListMember("GPU computing"),)), None), "gpus", "gpus"),
        (make(QuestionType.TYPED, TextKey(("2012",)), None), "in 2012", "in 2012"),
        (MC, "", ""),
        (MC, "   ", ""),
    ],
)
def test_readable_answers_show_words_not_letters(
    question: Question, typed: str, shown: str
) -> None:
    assert readable_answer(question, typed) == shown
