"""Driving the window as a learner does: keys go to whatever widget has the focus.

Also the shared set-up of those tests: a deck stored, the window shown and active.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dlquiz.core.clock import FakeClock
from dlquiz.core.ids import DeckId
from dlquiz.core.model import Question
from dlquiz.gui.main_window import MainWindow
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import Collection
from tests.helpers import store_questions

NO_MOD = Qt.KeyboardModifier.NoModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key | str, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
    """One key press on the focused widget, as the keyboard would send it."""
    QApplication.processEvents()
    QTest.keyClick(focused(), key, modifier)
    QApplication.processEvents()


def type_text(text: str) -> None:
    QApplication.processEvents()
    QTest.keyClicks(focused(), text)


def study_deck(win: MainWindow, name: str) -> None:
    """Ctrl+1, Esc to the deck overview, arrows to ``name``, Enter."""
    press(Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    press(Qt.Key.Key_Escape)
    names = win.study.overview_page.deck_names()
    assert name in names, f"{name!r} is not in the overview: {names}"
    press(Qt.Key.Key_Home)
    for _ in range(names.index(name)):
        press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)


def add_deck(collection: Collection, questions: list[Question], name: str) -> None:
    """Store ``questions`` as an imported deck called ``name``."""
    store_questions(collection, questions, name)


def shown_window(qtbot: QtBot, collection: Collection) -> MainWindow:
    """The main window at 1024×700, active (window shortcuts need that), started."""
    win = MainWindow(collection, QuestionBank(collection))
    win.service.zone = UTC
    qtbot.addWidget(win)
    win.resize(1024, 700)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.start()
    return win


def fixed_clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))


def png(width: int, height: int, colour: str = "red") -> bytes:
    """A PNG of one colour, as a deck's picture."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(buffer.data())


def store_pictured_deck(collection: Collection, name: str = "Pictures") -> DeckId:
    """One question whose prompt shows a 40x30 red picture, stored as an Anki import would."""
    import dataclasses

    from dlquiz.importers.ids import deck_id_for
    from dlquiz.storage.import_service import store_deck
    from tests.helpers import small_deck

    deck_id = deck_id_for(name)
    _deck, questions = small_deck(deck_id)
    pictured = dataclasses.replace(
        questions[0], prompt=questions[0].prompt + '<img src="red.png">', media=("red.png",)
    )
    store_deck(
        collection,
        [pictured],
        name=name,
        source="t",
        fmt="apkg",
        media={"red.png": png(40, 30)},
        as_new=False,
        now=collection.clock.now(),
    )
    return deck_id
