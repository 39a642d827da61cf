"""No two visible controls of a window share a mnemonic or a shortcut, in any state.

The walk goes through every tab and page, a question of every type with its
feedback, an exam from setup to results, and every dialog.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from dlquiz.gui.main_window import MainWindow
from dlquiz.gui.study_view import StudyPhase
from tests.gui_keys import add_deck, fixed_clock, press, shown_window, study_deck
from tests.helpers import open_test_collection
from tests.key_clashes import clashes, mnemonic
from tests.test_gui_study import one_of_each_type


@pytest.mark.parametrize(
    ("text", "letter"),
    [("&File", "f"), ("E&xam", "x"), ("Q && A", None), ("Q && &A", "a"), ("plain", None)],
)
def test_mnemonic_reading(text: str, letter: str | None) -> None:
    assert mnemonic(text) == letter


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "c.dlquiz", fixed_clock())
    add_deck(collection, one_of_each_type(), "Each type")
    win = shown_window(qtbot, collection)
    yield win
    for dialog in win.findChildren(QDialog):
        dialog.done(0)
    if not collection.closed:
        win.close()


def assert_unique(window: QWidget, state: str) -> None:
    QApplication.processEvents()
    found = clashes(window)
    assert not found, f"{state}: {found}"


def test_study_screens_have_unique_keys(window: MainWindow) -> None:
    assert_unique(window, "start")
    study_deck(window, "Each type")
    view = window.study
    seen = set()
    for _ in range(30):  # Easy sends each card weeks ahead, so the deck runs out
        if view.phase is not StudyPhase.QUESTION:
            break
        qtype = view.card.question.type if view.card else None
        assert_unique(window, f"question {qtype}")
        press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # check, whatever it is
        assert view.phase is StudyPhase.FEEDBACK
        assert_unique(window, f"feedback {qtype}")
        seen.add(qtype)
        press(Qt.Key.Key_4)
    assert len(seen) == 7
    assert_unique(window, "summary")
    press(Qt.Key.Key_Escape)
    assert_unique(window, "overview")


def test_every_tab_and_exam_page_has_unique_keys(window: MainWindow) -> None:
    window.exam.runner.confirm_submit = lambda _text: True
    for index in range(window.tabs.count()):
        press(Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == index
        assert_unique(window, f"tab {window.tabs.tabText(index)}")
    panels = getattr(window.demo, "panels", None)  # present when PyTorch is installed
    if panels is not None:
        window.tabs.setCurrentWidget(window.demo)
        for index in range(panels.count()):
            panels.setCurrentIndex(index)
            assert_unique(window, f"demo {panels.tabText(index)}")
    press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    window.exam.setup_page.questions.setValue(3)
    window.exam.setup_page.start_button.setFocus()
    press(Qt.Key.Key_Space)
    assert window.exam.pages.currentWidget() is window.exam.run_page
    for _ in range(3):
        assert_unique(window, "exam question")
        press(Qt.Key.Key_PageDown)
    window.exam.runner.request_submit()
    assert window.exam.pages.currentWidget() is window.exam.results_page
    assert_unique(window, "exam results")


def test_every_dialog_has_unique_keys(window: MainWindow, tmp_path: Path) -> None:
    deck = tmp_path / "quiz.gift"
    deck.write_text("::Q1:: 2+2? {=4}\n", encoding="utf-8")
    for open_dialog in (
        window.open_settings,
        window.show_decks,
        window.show_backups,
        window.open_sync,
        lambda: window.import_file(deck),
    ):
        dialog = open_dialog()
        assert dialog.isVisible()
        assert_unique(dialog, type(dialog).__name__)
        dialog.done(0)
