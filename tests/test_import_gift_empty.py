"""GIFT choices with no text (``~=right``) are dropped with a notice, as Moodle drops them."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.core.model import ChoiceKey
from dlquiz.core.problems import InputError
from dlquiz.importers import read_file


@pytest.mark.parametrize(
    ("block", "choices", "correct"),
    [
        ("{~=Paris ~London ~Berlin}", ("Paris", "London", "Berlin"), (0,)),
        ("{~London ~=Paris ~Berlin}", ("London", "Paris", "Berlin"), (1,)),
        ("{\n~=Paris\n~London\n~=Lyon\n}", ("Paris", "London", "Lyon"), (0, 2)),
        ("{=Paris ~London ~ ~Berlin}", ("Paris", "London", "Berlin"), (0,)),
        ("{=Paris ~London ~#no text, only feedback}", ("Paris", "London"), (0,)),
        ("{~=Paris ~~London}", ("Paris", "London"), (0,)),
        ("{~%100%Paris ~%0% ~%0%London}", ("Paris", "London"), (0,)),
    ],
)
def test_empty_choice_dropped_with_notice(
    tmp_path: Path, block: str, choices: tuple[str, ...], correct: tuple[int, ...]
) -> None:
    path = tmp_path / "capitals.gift"
    path.write_text(f"The capital of France?{block}\n", encoding="utf-8")
    imported = read_file(path)
    (question,) = imported.deck.questions
    assert question.choices == choices
    assert isinstance(question.key, ChoiceKey)
    assert question.key.correct == correct
    assert any("empty answer dropped" in notice for notice in imported.notices)
    assert imported.notices[0].startswith("capitals.gift:1:")


def test_many_questions_with_empty_choices_all_import(tmp_path: Path) -> None:
    # One teacher's habit, repeated through a whole file: every question imports.
    body = "\n\n".join(f"Question {n}?{{~=right {n} ~wrong {n} ~other {n}}}" for n in range(40))
    path = tmp_path / "habit.gift"
    path.write_text(body + "\n", encoding="utf-8")
    imported = read_file(path)
    assert len(imported.deck.questions) == 40
    assert any("37 more like this" in notice for notice in imported.notices)


def test_too_few_answers_after_dropping_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "one.gift"
    path.write_text("Only one?{~=Paris ~}\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs at least two answers"):
        read_file(path)


def test_dropping_the_only_correct_answer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "none.gift"
    path.write_text("Which?{= ~London ~Berlin}\n", encoding="utf-8")
    with pytest.raises(InputError, match="no correct answer"):
        read_file(path)
