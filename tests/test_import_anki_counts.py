"""Every card Anki makes is a question, or a notice says why it is not.

Each case is a package holding one note under test beside an ordinary card,
with the card ordinals Anki's cards table lists for it: how many questions
dlquiz makes of the note, and the notice that explains each card it does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.core.model import QuestionType
from dlquiz.importers import read_file
from tests.test_import_apkg import BASIC, CLOZE, PNG, schema11, zip_legacy

# (fields, model id, card ordinals, questions made, notice fragments)
CASES: list[tuple[list[str], int, list[int], int, list[str]]] = [
    (["Recite the alphabet", ""], 10, [0], 1, []),
    (["Say hello", "<br>&nbsp; "], 10, [0], 1, []),  # a back of only spacing is empty too
    (["Only one side", ""], 10, [0], 1, []),  # Anki makes no reverse card of an empty side
    (["Front", "Back"], 10, [0, 1], 2, []),
    (["", "Back only"], 10, [1], 1, []),  # the reverse card alone, as Anki made it
    (["", "Back only"], 10, [0], 0, ["its front is empty"]),  # a stale card of Anki's
    (['<img src="gone.png">', "text"], 10, [0], 0, ["image gone.png left out", "front is empty"]),
    (["Which colour?", '<img src="gone.png">'], 10, [0], 1, ["image gone.png left out"]),
    (["Which colour?", '<img src="p.png">'], 10, [0], 1, []),
    (["{{c1::a}} and {{c2::b}}", ""], 30, [0, 1], 2, []),
    (["{{c1::a}} and {{c2::b}}", ""], 30, [0], 1, []),  # Anki made card 1 only
    (["{{c1::a}} and {{c2::b}}", ""], 30, [0, 1, 2], 2, ["card 3 asks c3, which the note no"]),
    (["no deletion here", ""], 30, [0], 0, ["has no {{c1::...}} deletion"]),
    (["{{c1:: }} is empty", ""], 30, [0], 0, ["deletion c1 is empty"]),
]


@pytest.mark.parametrize("case", CASES)
def test_every_card_is_a_question_or_explained(
    tmp_path: Path, case: tuple[list[str], int, list[int], int, list[str]]
) -> None:
    fields, model, ords, made, notices = case
    collection = tmp_path / "c.anki2"
    rows = [
        (1, "case", model, "", fields, ords, 100),
        (2, "plain", 10, "", ["Capital of Peru", "Lima"], [0], 100),
    ]
    schema11(collection, rows, models={10: BASIC, 30: CLOZE})
    imported = read_file(zip_legacy(collection, tmp_path / "case.apkg", {"p.png": PNG}))
    ours = [q for q in imported.deck.questions if q.text_prompt != "Capital of Peru"]
    assert len(ours) == made
    for fragment in notices:
        assert any(fragment in notice for notice in imported.notices), imported.notices
    if not notices:
        assert not imported.notices
    for question in ours:
        if question.type is QuestionType.FLASHCARD and not question.answer:
            assert question.text_prompt  # an empty back still asks its front
