"""Exam settings: defaults, normalisation and the messages for bad values."""

from __future__ import annotations

import math

import pytest

from dlquiz.core.exam import (
    AUTO_GRADED_TYPES,
    ExamSettings,
    settings_from_dict,
    settings_to_dict,
)
from dlquiz.core.model import QuestionType


def test_defaults_follow_the_issue() -> None:
    settings = ExamSettings()
    assert settings.questions == 20
    assert settings.pass_mark == 0.70
    assert QuestionType.FLASHCARD not in settings.types
    assert set(settings.types) == set(QuestionType) - {QuestionType.FLASHCARD}
    assert settings.types == AUTO_GRADED_TYPES
    # One minute per question actually drawn, unless a limit is given.
    assert settings.time_limit_for(20) == 1200
    assert settings.time_limit_for(7) == 420
    assert ExamSettings(time_limit_s=900).time_limit_for(20) == 900


def test_equal_choices_give_equal_settings() -> None:
    first = ExamSettings(
        decks=("b", "a", "a"),
        topics=("Going Deeper (2014)", "AlphaGo's Triumph (2016)"),
        types=(QuestionType.LIST, QuestionType.TYPED, QuestionType.LIST),
        seed=7,
    )
    second = ExamSettings(
        decks=("a", "b"),
        topics=("AlphaGo's Triumph (2016)", "Going Deeper (2014)"),
        types=("typed", "list"),  # type: ignore[arg-type]  # names as the CLI gives them
        seed=7,
    )
    assert first == second
    assert first.decks == ("a", "b")
    assert first.types == (QuestionType.TYPED, QuestionType.LIST)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"questions": 0}, "questions must be between 1 and 500, got 0"),
        ({"questions": 501}, "questions must be between 1 and 500, got 501"),
        ({"questions": True}, "questions must be between 1 and 500"),
        ({"questions": 2.5}, "questions must be between 1 and 500"),
        ({"time_limit_s": 5}, "time limit must be between 10 seconds and 24 hours"),
        ({"time_limit_s": 86_401}, "time limit must be between 10 seconds and 24 hours"),
        ({"pass_mark": 70}, "pass mark must be a share between 0 and 1"),
        ({"pass_mark": -0.1}, "pass mark must be a share between 0 and 1"),
        ({"pass_mark": math.nan}, "pass mark must be a share between 0 and 1"),
        ({"types": (QuestionType.FLASHCARD,)}, "flashcards cannot be part of an exam"),
        ({"types": ("essay",)}, "unknown question type 'essay'; use one of: typed"),
        ({"types": ()}, "at least one question type"),
        ({"seed": -1}, "seed must be a whole number"),
        ({"decks": ("",)}, "deck ids must be non-empty strings"),
        ({"topics": (" ",)}, "topics must be non-empty strings"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        ExamSettings(**options)  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_settings_round_trip_through_json_values() -> None:
    settings = ExamSettings(
        decks=("dl",),
        topics=("The ImageNet Moment (2012)",),
        questions=12,
        seed=99,
        time_limit_s=600,
        pass_mark=0.5,
        types=(QuestionType.ORDERING,),
    )
    data = settings_to_dict(settings)
    assert data["types"] == ["ordering"]
    assert settings_from_dict(data) == settings


def test_settings_from_dict_names_what_is_missing_or_wrong() -> None:
    data = settings_to_dict(ExamSettings())
    del data["seed"]
    with pytest.raises(ValueError, match="lack the key 'seed'"):
        settings_from_dict(data)
    bad = settings_to_dict(ExamSettings()) | {"questions": 9999}
    with pytest.raises(ValueError, match="between 1 and 500"):
        settings_from_dict(bad)
