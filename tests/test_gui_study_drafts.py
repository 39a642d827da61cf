"""Esc in the middle of typing keeps the unchecked answer for when the card comes back.

Driven with keys on the focused widget, as a learner would: type, Esc to the
deck overview, Enter to study the deck again.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from dlquiz.chapter import chapter
from dlquiz.core.model import Question, QuestionType
from dlquiz.core.siblings import sibling_map
from dlquiz.gui.main_window import MainWindow
from dlquiz.gui.study_view import StudyPhase
from dlquiz.storage.schema import ReviewRow
from tests.gui_keys import add_deck, fixed_clock, press, shown_window, study_deck, type_text
from tests.helpers import open_test_collection


def typed_questions(count: int) -> list[Question]:
    """Typed questions of the chapter, none a sibling of another (siblings are buried)."""
    siblings = sibling_map(chapter()[1])
    picked: list[Question] = []
    taken: set[str] = set()
    for question in chapter()[1]:
        if question.type is QuestionType.TYPED and question.id not in taken:
            picked.append(dataclasses.replace(question, topic="Same"))
            taken |= siblings.get(question.id, frozenset()) | {question.id}
        if len(picked) == count:
            break
    return picked


@pytest.fixture
def studying(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The window, studying a deck of three typed questions."""
    collection = open_test_collection(tmp_path / "c.dlquiz", fixed_clock())
    add_deck(collection, typed_questions(3), "Typed")
    win = shown_window(qtbot, collection)
    study_deck(win, "Typed")
    yield win
    if not collection.closed:
        win.close()


def test_an_unchecked_answer_survives_esc(studying: MainWindow) -> None:
    win, collection = studying, studying.collection
    view = win.study
    first = view.card
    assert first is not None and view.answer_widget is not None
    type_text("half an ans")
    press(Qt.Key.Key_Escape)  # a slip: back to the overview
    assert view.pages.currentWidget() is view.overview_page
    press(Qt.Key.Key_Return)  # the same deck again
    assert view.card is not None and view.card.card_id == first.card_id
    assert view.answer_widget is not None
    assert view.answer_widget.answer_text() == "half an ans"  # nothing lost
    type_text("wer")
    press(Qt.Key.Key_Return)  # check it
    assert view._phase is StudyPhase.FEEDBACK
    assert view.answered_card is not None
    with collection.session() as session:  # stored with the draft plus what followed
        row = session.get(ReviewRow, view.answered_card.recorded.review_id)
        assert row is not None and row.answer == "half an answer"
    press(Qt.Key.Key_Return)  # on to the next card
    assert view.card is not None and view.card.card_id != first.card_id
    assert view.answer_widget is not None and view.answer_widget.answer_text() == ""


def test_nothing_typed_leaves_no_draft(studying: MainWindow) -> None:
    view = studying.study
    press(Qt.Key.Key_Escape)
    press(Qt.Key.Key_Return)
    assert view.answer_widget is not None and view.answer_widget.answer_text() == ""
    assert view._drafts == {}
