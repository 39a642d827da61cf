"""The per-deck setting "ask short answers as multiple choice while a card is new".

Through every layer: the deck service (storage), study (the same card asked
as multiple choice while new, typed once learnt, progress on one id), the
command line and File > Decks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from dlquiz.cli.main import main
from dlquiz.core.clock import FakeClock
from dlquiz.core.ids import DeckId
from dlquiz.core.model import ChoiceKey, NumberKey, Question, QuestionType, TextKey
from dlquiz.core.scheduling import CardPhase
from dlquiz.gui import texts
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import Collection
from dlquiz.storage.deck_service import DeckService
from dlquiz.storage.schema import CardRow, ReviewRow
from dlquiz.storage.study import StudyService
from tests.gui_keys import fixed_clock, focused, press, shown_window
from tests.helpers import open_test_collection, store_questions

NAMES = ["Geoffrey Hinton", "Yann LeCun", "Yoshua Bengio", "Andrew Ng", "Fei-Fei Li"]
DECK = DeckId("import-people")


def people(deck: str = DECK) -> list[Question]:
    out = [
        Question(
            id=f"{deck}:n{i}",
            deck=deck,
            type=QuestionType.TYPED,
            prompt=f"Who is person {i}?",
            plain_prompt=f"Who is person {i}?",
            key=TextKey(accepted=(name,)),
            answer=name,
            topic="People",
            fact_ids=(f"note:n{i}",),
        )
        for i, name in enumerate(NAMES)
    ]
    out.append(
        Question(
            id=f"{deck}:year",
            deck=deck,
            type=QuestionType.TYPED,
            prompt="AlexNet won in?",
            key=NumberKey(value=2012.0, is_year=True),
            answer="2012",
            topic="People",
            fact_ids=("note:year",),
        )
    )
    return out


def collection_with_people(path: Path, clock: FakeClock) -> Collection:
    collection = open_test_collection(path, clock)
    store_questions(collection, people(), "People")
    return collection


def test_the_setting_is_off_by_default_and_kept_per_deck(tmp_path: Path) -> None:
    collection = collection_with_people(tmp_path / "c.dlquiz", fixed_clock())
    decks = DeckService(collection)
    chapter = DeckId(QuestionBank(collection).chapter_deck.id)
    assert not decks.new_as_choice(DECK) and not decks.new_as_choice(chapter)
    decks.set_new_as_choice(DECK, True)
    assert decks.new_as_choice(DECK) and not decks.new_as_choice(chapter)
    decks.set_new_as_choice(DECK, False)
    assert not decks.new_as_choice(DECK)
    collection.close(backup=False)


def _study(collection: Collection) -> StudyService:
    from datetime import UTC

    return StudyService(QuestionBank(collection), zone=UTC)


def test_a_new_card_is_asked_as_choice_and_typed_once_learnt(tmp_path: Path) -> None:
    clock = fixed_clock()
    collection = collection_with_people(tmp_path / "c.dlquiz", clock)
    DeckService(collection).set_new_as_choice(DECK, True)
    service = _study(collection)
    card = service.next_card([DECK])
    assert card is not None and card.state.phase is CardPhase.NEW
    asked = card.question
    if asked.id.endswith(":year"):  # the only year: too few of its kind, so typed
        assert asked.type is QuestionType.TYPED
        card = service.next_card([DECK])
        assert card is not None
        asked = card.question
    assert asked.type is QuestionType.MULTIPLE_CHOICE
    assert isinstance(asked.key, ChoiceKey) and asked.choices is not None
    assert set(asked.choices) <= set(NAMES)
    (right,) = asked.key.correct
    graded = service.answer(card, "abcd"[right], duration_ms=4000)
    assert graded.grade.score == 1.0
    with collection.session() as s:
        row = s.scalar(select(CardRow).where(CardRow.question_id == asked.id))
        assert row is not None and row.phase != 0  # progress on the card's own id
        reviews = s.scalars(select(ReviewRow).where(ReviewRow.card_id == row.id)).all()
        assert len(reviews) == 1
    from dlquiz.storage.browse_actions import study_card

    learnt = study_card(service.bank, card.card_id)
    assert learnt is not None and learnt.state.phase is not CardPhase.NEW
    assert learnt.question.type is QuestionType.TYPED  # learnt: recalled, not recognised
    collection.close(backup=False)


def test_with_the_setting_off_new_cards_are_typed(tmp_path: Path) -> None:
    collection = collection_with_people(tmp_path / "c.dlquiz", fixed_clock())
    service = _study(collection)
    card = service.next_card([DECK])
    assert card is not None and card.question.type is QuestionType.TYPED
    for question in people():
        assert service.bank.asked(question, new=True) is question
    DeckService(collection).set_new_as_choice(DECK, True)
    for question in people():
        assert service.bank.asked(question, new=False) is question  # learnt: typed
    collection.close(backup=False)


def test_undo_asks_the_card_again_the_same_way(tmp_path: Path) -> None:
    collection = collection_with_people(tmp_path / "c.dlquiz", fixed_clock())
    DeckService(collection).set_new_as_choice(DECK, True)
    service = _study(collection)
    card = service.next_card([DECK])
    assert card is not None
    service.answer(card, "a", duration_ms=4000)
    back = service.undo_last()
    assert back is not None and back.question == card.question
    collection.close(backup=False)


@pytest.mark.parametrize(("setting", "stored"), [("on", True), ("off", False)])
def test_the_command_line_sets_it(tmp_path: Path, setting: str, stored: bool, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "c.dlquiz"
    collection_with_people(db, FakeClock()).close(backup=False)
    assert main(["--db", str(db), "decks", "new-as-choice", "People", setting]) == 0
    said = capsys.readouterr().out
    assert "multiple choice" in said if stored else "typed" in said
    collection = open_test_collection(db)
    assert DeckService(collection).new_as_choice(DECK) is stored
    collection.close(backup=False)


def test_the_command_line_names_an_unknown_deck(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "c.dlquiz"
    collection_with_people(db, FakeClock()).close(backup=False)
    assert main(["--db", str(db), "decks", "new-as-choice", "Nope", "on"]) == 1
    assert "no deck named 'Nope'" in capsys.readouterr().err


def test_file_decks_sets_it_by_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    collection = collection_with_people(tmp_path / "c.dlquiz", fixed_clock())
    win = shown_window(qtbot, collection)
    dialog = win.show_decks()
    names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    dialog.list.setCurrentRow(next(i for i, n in enumerate(names) if n.startswith("People")))
    assert dialog.choice_box.text() == texts.NEW_AS_CHOICE
    assert not dialog.choice_box.isChecked()
    press(Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # the box's mnemonic clicks it
    assert focused() is dialog.choice_box
    qtbot.waitUntil(dialog.choice_box.isChecked)  # Qt animates a mnemonic's click
    assert DeckService(collection).new_as_choice(DECK)
    press(Qt.Key.Key_Space)  # and Space turns it off again
    assert not DeckService(collection).new_as_choice(DECK)
    press(Qt.Key.Key_Space)
    dialog.list.setCurrentRow(0)  # the chapter deck keeps its own (off)
    assert not dialog.choice_box.isChecked()
    dialog.done(0)
    card = win.service.next_card([DECK])
    assert card is not None
    assert card.question.type in (QuestionType.MULTIPLE_CHOICE, QuestionType.TYPED)
    win.close()
