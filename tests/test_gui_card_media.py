"""Every picture of a card in order, the back's only after the answer, and sounds to open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from dlquiz.core.labels import NO_ANSWER_SIDE
from dlquiz.core.model import FlashKey, Question, QuestionType
from dlquiz.gui import texts
from dlquiz.gui.card_media import MIN_PICTURE_HEIGHT, CardMediaStrip, fit_for
from dlquiz.gui.deck_images import MAX_SHOWN
from dlquiz.gui.study_view import StudyPhase
from dlquiz.storage.collection import Collection
from dlquiz.storage.import_service import store_deck
from tests.gui_keys import fixed_clock, focused, png, press, shown_window, study_deck
from tests.helpers import open_test_collection


def store_apkg(
    collection: Collection, questions: list[Question], name: str, media: dict[str, bytes]
) -> None:
    """Store ``questions`` with their ``media`` as an Anki package's import would."""
    store_deck(
        collection,
        questions,
        name=name,
        source="t",
        fmt="apkg",
        media=media,
        as_new=False,
        now=collection.clock.now(),
    )


@pytest.mark.parametrize("count", [1, 2, 3, 5, 12])
def test_several_pictures_share_the_card(count: int) -> None:
    fit = fit_for(count)
    assert fit.width() == MAX_SHOWN.width()
    assert MIN_PICTURE_HEIGHT <= fit.height() <= MAX_SHOWN.height()
    if count == 1:
        assert fit == MAX_SHOWN
    assert fit_for(count + 1).height() <= fit.height()


@pytest.mark.usefixtures("qapp")
def test_the_strip_shows_every_picture_in_order_and_skips_what_it_cannot_show() -> None:
    files = {
        "wide.png": png(1440, 100, "red"),
        "broken.png": b"not a picture",
        "tall.png": png(50, 900, "blue"),
        "small.png": png(20, 10, "green"),
    }
    strip = CardMediaStrip(lambda _deck, name: files.get(name))
    strip.show_media("d", ["wide.png", "broken.png", "gone.png", "tall.png", "small.png"])
    shown = strip.pictures
    assert [label.pixmap().toImage().pixelColor(0, 0).name() for label in shown] == [
        QColor("red").name(),
        QColor("blue").name(),
        QColor("green").name(),
    ]
    fit = fit_for(4)
    for label in shown:
        assert label.pixmap().width() <= fit.width()
        assert label.pixmap().height() <= fit.height()
    assert shown[2].pixmap().width() == 20  # small pictures keep their size
    assert [label.accessibleName() for label in shown] == [
        "Picture 1 of 3",
        "Picture 2 of 3",
        "Picture 3 of 3",
    ]
    strip.show_media("d", [])
    assert strip.pictures == [] and strip.isHidden()


class _Player(QObject):
    """Stands in for the system's player: Qt hands it the file URL."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def play(self, url: QUrl) -> None:
        self.opened.append(url.toLocalFile())


@pytest.mark.usefixtures("qapp")
def test_a_sound_is_handed_to_the_systems_player(tmp_path: Path) -> None:
    player = _Player()
    QDesktopServices.setUrlHandler("file", player, "play")
    try:
        strip = CardMediaStrip(
            lambda _d, name: b"ID3 sound" if name else None, folder=lambda: tmp_path
        )
        strip.show_media("deck-a", ["a & b.mp3"])
        (button,) = strip.sound_buttons
        assert button.text() == texts.OPEN_SOUND.format(name="a && b.mp3")
        button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    written = tmp_path / "deck-a" / "a & b.mp3"
    assert player.opened == [str(written)]
    assert written.read_bytes() == b"ID3 sound"
    assert strip.sound_status.text() == texts.SOUND_OPENED.format(name="a & b.mp3")


@pytest.mark.usefixtures("qapp")
def test_a_sound_no_program_takes_is_said_not_played(tmp_path: Path) -> None:
    strip = CardMediaStrip(
        lambda _d, _n: b"x", open_url=lambda _url: False, folder=lambda: tmp_path
    )
    strip.show_media("d", ["x.wav"])
    assert strip.open_sound("d", "x.wav", b"x") is False
    assert strip.sound_status.text() == texts.SOUND_NOT_OPENED.format(name="x.wav")
    assert strip.sound_status.textFormat() is Qt.TextFormat.PlainText


def test_the_back_pictures_wait_for_the_answer(qtbot: QtBot, tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "m.dlquiz", fixed_clock())
    card = Question(
        id="import-pics:n1",
        deck="import-pics",
        type=QuestionType.FLASHCARD,
        prompt='<p>Which?</p><img src="one.png"><img src="two.png">',
        plain_prompt="Which? [image] [image]",
        key=FlashKey(back='<img src="three.png">'),
        answer="[image]",
        media=("one.png", "two.png", "three.png"),
    )
    files = {
        name: png(30, 20, colour)
        for name, colour in (("one.png", "red"), ("two.png", "blue"), ("three.png", "green"))
    }
    store_apkg(collection, [card], "Pics", files)
    win = shown_window(qtbot, collection)
    study_deck(win, "Pics")
    strip = win.study.media_strip
    assert win.study.phase is StudyPhase.REVEAL
    assert len(strip.pictures) == 2  # the back's picture is the answer
    press(Qt.Key.Key_Space)
    assert win.study.phase is StudyPhase.FEEDBACK
    colours = [label.pixmap().toImage().pixelColor(0, 0).name() for label in strip.pictures]
    assert colours == [QColor(c).name() for c in ("red", "blue", "green")]
    assert focused() is not None
    win.close()


def test_a_sound_only_card_offers_its_sound_and_says_it_has_no_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    collection = open_test_collection(tmp_path / "s.dlquiz", fixed_clock())
    card = Question(
        id="import-hear:n1",
        deck="import-hear",
        type=QuestionType.FLASHCARD,
        prompt='<audio src="hello.mp3">',
        plain_prompt="[sound]",
        key=FlashKey(back=""),
        answer="",
        media=("hello.mp3",),
    )
    store_apkg(collection, [card], "Hear", {"hello.mp3": b"ID3"})
    win = shown_window(qtbot, collection)
    study_deck(win, "Hear")
    assert win.due_label.text().startswith("1 card waiting today · ")  # one deck, one card
    (button,) = win.study.media_strip.sound_buttons
    assert button.isVisible()
    press(Qt.Key.Key_Space)
    assert win.study.expected_label.text() == NO_ANSWER_SIDE
    win.close()


def test_the_exam_review_shows_each_questions_pictures(qtbot: QtBot, tmp_path: Path) -> None:
    from dlquiz.core.model import TextKey

    collection = open_test_collection(tmp_path / "e.dlquiz", fixed_clock())
    pictured = Question(
        id="import-seen:n1",
        deck="import-seen",
        type=QuestionType.TYPED,
        prompt='<p>Which network won in 2012?</p><img src="net.png">',
        plain_prompt="Which network won in 2012? [image]",
        key=TextKey(accepted=("AlexNet",)),
        answer="AlexNet",
        explanation="Eight layers, trained on two GPUs.",
        media=("net.png",),
    )
    plain = Question(
        id="import-seen:n2",
        deck="import-seen",
        type=QuestionType.TYPED,
        prompt="Who led the team?",
        key=TextKey(accepted=("Hinton",)),
        answer="Hinton",
    )
    store_apkg(collection, [pictured, plain], "Seen", {"net.png": png(40, 30, "blue")})
    win = shown_window(qtbot, collection)
    win.exam.runner.confirm_submit = lambda _text: True
    press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    setup = win.exam.setup_page
    for i in range(setup.decks.count()):
        item = setup.decks.item(i)
        on = item.text() == "Seen"
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
    press(Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Sta&rt exam
    view = win.exam
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.run_page)
    for _ in range(2):
        session = view.runner.session
        assert session is not None
        answer = {"import-seen:n1": "AlexNet", "import-seen:n2": "nobody"}
        for char in answer[session.attempt.current_id]:
            press(char)
        press(Qt.Key.Key_Return)
    press(Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # S&ubmit exam…
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.results_page)
    review = view.results_page.review
    assert view.results_page.new_button.hasFocus()  # no picture opened a window of its own
    assert [entry.lines[0][:2] for entry in review.entries] == ["1.", "2."]
    with_picture = next(e for e in review.entries if "Which network" in e.text())
    without = next(e for e in review.entries if "Who led" in e.text())
    (label,) = with_picture.prompt_media.pictures
    assert label.isVisible()
    assert label.pixmap().toImage().pixelColor(0, 0).name() == QColor("blue").name()
    assert without.pictures() == 0 and not without.prompt_media.isVisible()
    assert "Correct answer: AlexNet" in with_picture.text()
    assert "Your answer: nobody" in without.text()
    for shown in with_picture.findChildren(QLabel):
        if shown.text():  # every text of the deck stays plain: no file is ever loaded
            assert shown.textFormat() is Qt.TextFormat.PlainText
    assert with_picture.text().endswith("Eight layers, trained on two GPUs.")
    # The review is read by keys: Tab reaches it (its arrows and PgUp/PgDn scroll it).
    for _ in range(12):
        if focused() is review:
            break
        press(Qt.Key.Key_Tab)
    assert focused() is review
    win.close()
