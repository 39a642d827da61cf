"""Whole sessions driven as a learner drives them: keys to the focused widget, no view calls.

- a study session with tab switches in the middle,
- an exam from setup to results whose first question is true/false,
- an import, then studying the new deck and taking an exam on it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from dlquiz.core.exam import ExamSettings
from dlquiz.core.exam.selection import select_questions
from dlquiz.core.model import ListKey, MatchKey, OrderKey, Question, QuestionType
from dlquiz.gui.answer_widgets import AnswerWidget, OrderingAnswer, TrueFalseAnswer
from dlquiz.gui.main_window import MainWindow
from dlquiz.gui.study_view import StudyPhase
from tests.gui_keys import (
    add_deck,
    fixed_clock,
    focused,
    press,
    shown_window,
    study_deck,
    type_text,
)
from tests.helpers import open_test_collection
from tests.test_gui_study import one_of_each_type

CTRL = Qt.KeyboardModifier.ControlModifier
GIFT = """::Year::In which year did AlexNet win ImageNet? {#2012}

::Lab::Which lab built ResNet? {=Microsoft Research ~Google ~Oxford ~DeepMind}

::GPU::GPUs helped train AlexNet. {T}

::Pool::AlexNet used no pooling layers. {F}
"""


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "c.dlquiz", fixed_clock())
    add_deck(collection, one_of_each_type(), "Each type")
    win = shown_window(qtbot, collection)
    yield win
    if not collection.closed:
        win.close()


def answer_by_keys(question: Question, widget: AnswerWidget | None) -> None:
    """Give the right answer to ``question`` with the keys a learner would press."""
    qtype, answer, key = question.type, str(question.answer), question.key
    if qtype is QuestionType.TRUE_FALSE:
        press("t" if answer.lower().startswith("t") else "f")
    elif qtype is QuestionType.MULTIPLE_CHOICE:
        index = [str(c) for c in question.choices or ()].index(answer)
        press("abcdef"[index])
        press(Qt.Key.Key_Return)
    elif qtype in (QuestionType.TYPED, QuestionType.CLOZE):
        type_text(answer)
        press(Qt.Key.Key_Return)
    elif qtype is QuestionType.ORDERING:
        assert isinstance(widget, OrderingAnswer) and isinstance(key, OrderKey)
        order_by_keys(widget, key)
    elif qtype is QuestionType.MATCHING:
        assert isinstance(key, MatchKey) and widget is not None
        match_by_keys(widget, key)
    elif qtype is QuestionType.LIST:
        assert isinstance(key, ListKey)
        for member in key.members:  # one per line
            type_text(member.text)
            press(Qt.Key.Key_Return)
        press(Qt.Key.Key_Return, CTRL)
    else:
        raise AssertionError(f"no keys for {qtype}")


def match_by_keys(widget: AnswerWidget, key: MatchKey) -> None:
    """Down in each drop-down to the right item, Tab to the next, then Ctrl+Enter."""
    for pair in key.pairs:
        for _ in range(pair + 1):  # past "— choose —" to the right item
            press(Qt.Key.Key_Down)
        press(Qt.Key.Key_Tab)
    widget.focus_input()  # back in the answer (Tab has left the last box)
    press(Qt.Key.Key_Return, CTRL)


def order_by_keys(widget: OrderingAnswer, key: OrderKey) -> None:
    """Bring each item up to its place with Ctrl+Up, then check with Ctrl+Enter."""
    for place, wanted in enumerate(key.order):
        shown = [widget.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(len(key.order))]
        row = shown.index(wanted + 1)
        press(Qt.Key.Key_Home)
        for _ in range(row):
            press(Qt.Key.Key_Down)
        for _ in range(row - place):
            press(Qt.Key.Key_Up, CTRL)
    press(Qt.Key.Key_Return, CTRL)


def test_a_study_session_with_tab_switches(window: MainWindow) -> None:
    study_deck(window, "Each type")
    view = window.study
    answered = 0
    for step in range(7):
        assert view.phase is StudyPhase.QUESTION
        question = view.card.question if view.card else None
        assert question is not None
        if step % 2 == 0:  # wander off to another tab and come back, by keys
            press(Qt.Key(Qt.Key.Key_2 + step % 4), CTRL)
            assert window.tabs.currentWidget() is not view
            press(Qt.Key.Key_1, CTRL)
            assert window.tabs.currentWidget() is view
        # The focus rule: back on the tab, the answer widget has the keys.
        assert view.answer_widget is not None
        assert view.answer_widget.isAncestorOf(focused())
        answer_by_keys(question, view.answer_widget)
        assert view.phase is StudyPhase.FEEDBACK, question.type
        assert view.rating_buttons[view.suggested].hasFocus()
        if step == 3:
            press(Qt.Key.Key_4, CTRL)  # a look at Statistics while the feedback shows
            press(Qt.Key.Key_1, CTRL)
            assert view.rating_buttons[view.suggested].hasFocus()
        press(Qt.Key.Key_4)  # Easy: seen again only in days
        answered += 1
        # A stray second Enter lands on the next card and must not answer it.
        if view.phase is StudyPhase.QUESTION:
            press(Qt.Key.Key_Return)
            assert view.phase is StudyPhase.QUESTION
    assert answered == 7
    assert view.phase is StudyPhase.SUMMARY
    assert "7 cards studied" in view.summary_page.text()


def tf_first_seed(pool: list[Question], settings: ExamSettings) -> int:
    for seed in range(200):
        drawn = select_questions(pool, dataclasses.replace(settings, seed=seed))
        if drawn[0].type is QuestionType.TRUE_FALSE:
            return seed
    raise AssertionError("no seed puts a true/false question first")


def set_up_exam(window: MainWindow, deck_name: str, *, questions: int) -> None:
    """On the Exam tab's setup page: only ``deck_name``, ``questions`` questions, a seed
    that puts a true/false question first; typed into the fields by keys."""
    setup = window.exam.setup_page
    for i in range(setup.decks.count()):
        item = setup.decks.item(i)
        on = item.text() == deck_name
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
    deck_id = next(d for d, name in window.study.deck_names.items() if name == deck_name)
    pool = window.bank.questions([deck_id])
    settings = ExamSettings(decks=(deck_id,), questions=questions)
    seed = tf_first_seed(pool, settings)
    press(Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)  # &Questions
    assert focused() is setup.questions or setup.questions.isAncestorOf(focused())
    press(Qt.Key.Key_A, CTRL)
    type_text(str(questions))
    setup.seed.setFocus()
    press(Qt.Key.Key_A, CTRL)
    type_text(str(seed))


def test_an_exam_from_setup_to_results_with_true_false_first(window: MainWindow) -> None:
    window.exam.runner.confirm_submit = lambda _text: True
    press(Qt.Key.Key_2, CTRL)
    assert window.exam.setup_page.start_button.hasFocus()
    set_up_exam(window, "Each type", questions=5)
    press(Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Sta&rt exam
    view = window.exam
    qtbot_wait_for(lambda: view.pages.currentWidget() is view.run_page)
    widget = view.runner.answer_widget
    assert isinstance(widget, TrueFalseAnswer)
    assert widget.isAncestorOf(focused()), f"focus is on {focused()!r}"
    assert not isinstance(focused(), QLineEdit)
    seen = []
    for _ in range(5):
        session = view.runner.session
        assert session is not None
        question = window.bank.get(session.attempt.current_id)
        assert question is not None
        seen.append(question.type)
        assert view.runner.answer_widget is not None
        assert view.runner.answer_widget.isAncestorOf(focused())
        answer_by_keys(question, view.runner.answer_widget)  # Enter (or T/F) saves and moves on
    assert seen[0] is QuestionType.TRUE_FALSE
    press(Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # S&ubmit exam…
    qtbot_wait_for(lambda: view.pages.currentWidget() is view.results_page)
    result = view.last_result
    assert result is not None and result.unanswered == 0 and result.correct == 5
    assert view.results_page.new_button.hasFocus()
    # New exam keeps the count and draws with a new seed.
    old_seed = view.last_settings.seed if view.last_settings else None
    press(Qt.Key.Key_Return)
    assert view.pages.currentWidget() is view.setup_page
    assert view.setup_page.questions.value() == 5
    assert view.setup_page.seed.text() != str(old_seed)


def qtbot_wait_for(condition, timeout_ms: int = 5000) -> None:  # type: ignore[no-untyped-def]
    """Button mnemonics click after Qt's short animation: let events run until done."""
    from PySide6.QtCore import QDeadlineTimer

    deadline = QDeadlineTimer(timeout_ms)
    while not condition():
        assert not deadline.hasExpired(), "timed out"
        QApplication.processEvents()


def test_import_then_study_the_new_deck_and_take_an_exam(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.exam.runner.confirm_submit = lambda _text: True
    press(Qt.Key.Key_2, CTRL)  # the Exam tab is built before the import
    source = tmp_path / "alexnet.gift"
    source.write_text(GIFT, encoding="utf-8")
    dialog = window.import_file(source)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=20_000)
    assert dialog.import_button.hasFocus()
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as stored:
        press(Qt.Key.Key_Return)
    press(Qt.Key.Key_Escape)  # close the dialog
    assert not dialog.isVisible()
    name = stored.args[0].deck_name
    # Without a restart: the overview, the exam setup and Browse know the new deck.
    exam_decks = [
        window.exam.setup_page.decks.item(i).text()
        for i in range(window.exam.setup_page.decks.count())
    ]
    assert name in exam_decks
    study_deck(window, name)
    view = window.study
    done = 0
    while view.phase is StudyPhase.QUESTION and done < 10:
        assert view.card is not None and view.card.question.deck.startswith("import-")
        answer_by_keys(view.card.question, view.answer_widget)
        assert view.phase is StudyPhase.FEEDBACK
        press(Qt.Key.Key_4)
        done += 1
    assert done == 4
    press(Qt.Key.Key_2, CTRL)
    set_up_exam(window, name, questions=4)
    press(Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot_wait_for(lambda: window.exam.pages.currentWidget() is window.exam.run_page)
    for _ in range(4):
        session = window.exam.runner.session
        assert session is not None
        question = window.bank.get(session.attempt.current_id)
        assert question is not None and question.deck.startswith("import-")
        answer_by_keys(question, window.exam.runner.answer_widget)
    press(Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot_wait_for(lambda: window.exam.pages.currentWidget() is window.exam.results_page)
    result = window.exam.last_result
    assert result is not None and result.correct == 4
    press(Qt.Key.Key_3, CTRL)
    deck_box = window.browse.filters.deck_box
    assert name in [deck_box.itemText(i) for i in range(deck_box.count())]
