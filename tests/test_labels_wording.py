"""Wordings a learner reads: exam question numbers, marking notes, the offline sync line."""

from __future__ import annotations

import pytest

from dlquiz.core.labels import marking_note, question_numbers


@pytest.mark.parametrize(
    ("numbers", "text"),
    [
        ([], "none"),
        (["3"], "question 3"),
        (["2", "5"], "questions 2, 5"),
        (["1", "2", "3", "10"], "questions 1, 2, 3, 10"),
    ],
)
def test_question_numbers(numbers: list[str], text: str) -> None:
    assert question_numbers(numbers) == text


def test_the_offline_sync_line_fits_a_1024_pixel_status_bar() -> None:
    """At the default font about 150 characters fit; the reason is the longest part."""
    from dlquiz.core.labels import sync_offline_line

    line = sync_offline_line(
        "hub 127.0.0.1:5432/classroom is unreachable (Connection refused)", retry_minutes=5
    )
    assert len(line) <= 130 and line.endswith("next try in 5 min")


@pytest.mark.parametrize(
    ("feedback", "shown"),
    [
        ("Correct.", ""),
        ("correct", ""),
        (" Correct! ", ""),
        ("Incorrect.", ""),
        ("Partly right.", ""),
        ("Not right.", ""),
        ("", ""),
        (
            "Correct. 'Hinton' is how the chapter names him.",
            "Correct. 'Hinton' is how the chapter names him.",
        ),
        ("Incorrect: the answer is 2012.", "Incorrect: the answer is 2012."),
        ("Correctly ordered except the last two.", "Correctly ordered except the last two."),
        ("Missing: GPUs.", "Missing: GPUs."),
    ],
)
def test_a_marking_note_that_only_repeats_the_verdict_is_not_shown(
    feedback: str, shown: str
) -> None:
    assert marking_note(feedback) == shown
