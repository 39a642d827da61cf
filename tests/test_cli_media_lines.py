"""Terminal study says plainly which pictures and sounds of a card it cannot show."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

from dlquiz.cli.cmd_study import study_loop
from dlquiz.cli.render import answer_media_lines, render_question
from dlquiz.core.labels import OCCLUSION_IN_TERMINAL, PICTURE_IN_TERMINAL, SOUND_IN_TERMINAL
from dlquiz.core.model import FlashKey, Question, QuestionType
from dlquiz.importers import read_file
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.import_service import store_deck
from dlquiz.storage.study import StudyService
from tests.gui_keys import fixed_clock
from tests.helpers import open_test_collection

FIXTURES = Path(__file__).parent / "fixtures" / "anki"


def card(prompt: str, back: str, media: tuple[str, ...]) -> Question:
    return Question(
        id="import-t:n1",
        deck="import-t",
        type=QuestionType.FLASHCARD,
        prompt=prompt,
        plain_prompt="Which?",
        key=FlashKey(back=back),
        answer="it",
        media=media,
    )


CASES: list[tuple[Question, list[str], list[str]]] = [
    # (question, lines with the prompt, lines with the answer)
    (card("Which?", "it", ()), [], []),
    (
        card('Which?<img src="a.png">', '<img src="b.png">', ("a.png", "b.png")),
        [PICTURE_IN_TERMINAL.format(name="a.png")],
        [PICTURE_IN_TERMINAL.format(name="b.png")],
    ),
    (
        card('<audio src="s.mp3">', "", ("s.mp3",)),
        [SOUND_IN_TERMINAL.format(name="s.mp3")],
        [],
    ),
    (
        card("Which?", '<audio src="t.ogg"><img src="c.gif">', ("t.ogg", "c.gif")),
        [],
        [SOUND_IN_TERMINAL.format(name="t.ogg"), PICTURE_IN_TERMINAL.format(name="c.gif")],
    ),
]


@pytest.mark.parametrize(("question", "front", "back"), CASES)
def test_each_picture_and_sound_is_named_on_its_side(
    question: Question, front: list[str], back: list[str]
) -> None:
    lines = render_question(question)
    assert lines[1:-1] == front  # between the prompt and the answer hint
    assert answer_media_lines(question) == back


def test_an_occlusion_card_says_the_terminal_cannot_draw_it() -> None:
    question = read_file(FIXTURES / "occlusion.apkg").deck.questions[0]
    assert OCCLUSION_IN_TERMINAL.format(name="map.png") in render_question(question)
    assert answer_media_lines(question) == []


def test_terminal_study_of_an_occlusion_card_says_so_and_records_the_rating(
    tmp_path: Path,
) -> None:
    collection = open_test_collection(tmp_path / "t.dlquiz", fixed_clock())
    imported = read_file(FIXTURES / "occlusion.apkg")
    collection.save_settings(dataclasses.replace(collection.settings(), bury_siblings=False))
    store_deck(
        collection,
        list(imported.deck.questions),
        name="Map",
        source="occlusion.apkg",
        fmt="apkg",
        media=dict(imported.media),
        as_new=False,
        now=collection.clock.now(),
        guid_ids=True,
    )
    service = StudyService(QuestionBank(collection))
    out = io.StringIO()
    tally = study_loop(service, deck_ids=None, limit=1, inp=io.StringIO("\n2\n"), out=out)
    text = out.getvalue()
    assert OCCLUSION_IN_TERMINAL.format(name="map.png") in text
    assert "Label the map" in text
    assert tally["answered"] == 1 and tally["Hard"] == 1
    collection.close()
