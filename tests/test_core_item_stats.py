"""Facility and discrimination indices (Moodle's quiz statistics), against hand-worked cases."""

from __future__ import annotations

import math
import random

import pytest

from dlquiz.core.item_stats import item_statistics, pearson


def test_a_question_everyone_gets_right_is_easy_and_does_not_discriminate() -> None:
    attempts = [{"easy": 1.0, "q": s} for s in (0.0, 0.5, 1.0)]
    stats = item_statistics(attempts)["easy"]
    assert stats.facility == 1.0
    assert stats.discrimination is None  # the item does not vary
    assert stats.attempts == 3


def test_a_question_only_the_strong_attempts_get_right_discriminates_fully() -> None:
    # Rest-of-test scores 3, 2, 1, 0; the item is right exactly for the two best.
    attempts = [
        {"item": 1.0, "a": 1.0, "b": 1.0, "c": 1.0},
        {"item": 1.0, "a": 1.0, "b": 1.0, "c": 0.0},
        {"item": 0.0, "a": 1.0, "b": 0.0, "c": 0.0},
        {"item": 0.0, "a": 0.0, "b": 0.0, "c": 0.0},
    ]
    stats = item_statistics(attempts)["item"]
    assert stats.facility == 0.5
    # By hand: x = 1,1,0,0 (mean .5), y = 3,2,1,0 (mean 1.5): sxy = 2, sxx = 1, syy = 5.
    assert stats.discrimination == pytest.approx(2 / math.sqrt(5))


def test_a_question_the_weak_attempts_get_right_has_negative_discrimination() -> None:
    attempts = [
        {"odd": 0.0, "a": 1.0, "b": 1.0},
        {"odd": 0.0, "a": 1.0, "b": 0.0},
        {"odd": 1.0, "a": 0.0, "b": 0.0},
    ]
    stats = item_statistics(attempts)["odd"]
    assert stats.discrimination is not None and stats.discrimination < -0.8
    assert stats.facility == pytest.approx(1 / 3)


def test_the_rest_of_the_test_excludes_the_question_itself() -> None:
    # If the item were counted in the total, it would correlate with itself.
    attempts = [{"item": 1.0, "other": 0.0}, {"item": 0.0, "other": 1.0}]
    assert item_statistics(attempts)["item"].discrimination == pytest.approx(-1.0)


def test_questions_missing_from_some_attempts_use_only_the_attempts_that_had_them() -> None:
    attempts = [{"a": 1.0, "b": 0.5}, {"a": 0.0}, {"b": 1.0}]
    stats = item_statistics(attempts)
    assert stats["a"].attempts == 2 and stats["a"].facility == 0.5
    assert stats["b"].attempts == 2 and stats["b"].facility == 0.75


def test_partial_credit_counts_as_a_fraction() -> None:
    stats = item_statistics([{"q": 0.25}, {"q": 0.75}])["q"]
    assert stats.facility == 0.5
    assert stats.discrimination is None  # the rest of the test is empty


@pytest.mark.parametrize("bad", [-0.1, 1.5])
def test_scores_outside_zero_to_one_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        item_statistics([{"q": bad}])


def test_no_attempts_no_figures() -> None:
    assert item_statistics([]) == {}


def test_pearson_agrees_with_the_textbook_formula_on_random_data() -> None:
    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(2, 30)
        xs = [rng.random() for _ in range(n)]
        ys = [0.3 * x + rng.random() for x in xs]
        mx, my = sum(xs) / n, sum(ys) / n
        cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (n - 1)
        sx = math.sqrt(sum((x - mx) ** 2 for x in xs) / (n - 1))
        sy = math.sqrt(sum((y - my) ** 2 for y in ys) / (n - 1))
        assert pearson(xs, ys) == pytest.approx(cov / (sx * sy))


def test_pearson_is_undefined_for_fewer_than_two_points_and_refuses_uneven_series() -> None:
    assert pearson([1.0], [2.0]) is None
    with pytest.raises(ValueError):
        pearson([1.0, 2.0], [1.0])
