"""The Exam tab offscreen, on a real collection, with a FakeClock: no real waiting."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from dlquiz.core.clock import FakeClock
from dlquiz.core.exam import Outcome
from dlquiz.gui.answer_widgets import ChoiceAnswer, TypedAnswer
from dlquiz.gui.exam_view import CLOSED_NOTE, TIME_UP_NOTE, ExamView
from dlquiz.gui.main_window import MainWindow
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import Collection
from dlquiz.storage.exams_store import ExamStore
from tests.helpers import collection_with_small_deck, study_service

DECK = "import-extra"  # the id dlquiz gives a deck imported as "extra"
RIGHT = {f"{DECK}:q1": "2012", f"{DECK}:q2": "Geoffrey Hinton", f"{DECK}:q3": "b"}


def open_with_deck(path: Path, clock: FakeClock) -> Collection:
    return collection_with_small_deck(path, clock)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))


@pytest.fixture
def view(qtbot, tmp_path: Path, clock: FakeClock):  # type: ignore[no-untyped-def]
    collection = open_with_deck(tmp_path / "c.dlquiz", clock)
    widget = ExamView(study_service(collection))
    widget.messages = []  # type: ignore[attr-defined]
    widget.message.connect(widget.messages.append)  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)  # shortcuts need an active window
    yield widget
    widget.shutdown()
    if not collection.closed:
        collection.close(backup=False)


def start_exam_on(view: ExamView, deck_id: str, *, seed: str | None = None) -> None:
    """Tick only ``deck_id`` in the setup and start the exam."""
    decks = view.setup_page.decks
    for i in range(decks.count()):
        item = decks.item(i)
        keep = item.data(Qt.ItemDataRole.UserRole) == deck_id
        item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
    if seed is not None:
        view.setup_page.seed.setText(seed)
    view.setup_page.start_button.click()
    assert view.pages.currentWidget() is view.run_page


def start_small_exam(view: ExamView) -> None:
    """Only the three gradable questions of the small deck: 3 minutes, pass mark 70 %."""
    start_exam_on(view, DECK, seed="3")


def current_id(view: ExamView) -> str:
    assert view.runner.session is not None
    return view.runner.session.attempt.current_id


def type_answer(qtbot, view: ExamView, text: str) -> None:  # type: ignore[no-untyped-def]
    widget = view.runner.answer_widget
    if isinstance(widget, TypedAnswer):
        qtbot.keyClicks(widget.edit, text)
    else:
        assert isinstance(widget, ChoiceAnswer)
        widget.focus_input()
        qtbot.keyClick(widget, text)


def test_countdown_warns_and_announces_without_real_waiting(view: ExamView, clock) -> None:  # type: ignore[no-untyped-def]
    start_small_exam(view)
    label = view.run_page.countdown_label
    assert label.text() == "03:00" and not label.font().bold()
    clock.advance(125)
    view.runner.tick()
    assert label.text() == "⚠ 00:55 left" and label.font().bold()
    assert view.messages == ["1 minute left"]  # type: ignore[attr-defined]
    clock.advance(1)
    view.runner.tick()
    assert view.messages == ["1 minute left"]  # type: ignore[attr-defined]  # once only
    clock.advance(25)
    view.runner.tick()
    assert view.messages[-1] == "30 seconds left"  # type: ignore[attr-defined]
    assert label.accessibleName() == "Time left"  # never the changing text
    view.runner.report_time()
    assert view.runner.last_announcement == "29 seconds left"


def test_auto_submit_at_zero_locks_the_input(qtbot, view: ExamView, clock) -> None:  # type: ignore[no-untyped-def]
    start_small_exam(view)
    type_answer(qtbot, view, RIGHT[current_id(view)])  # typed, never confirmed with Enter
    clock.advance(1)
    view.runner.tick()  # the timer saves what is on screen
    assert view.runner.session is not None and len(view.runner.session.attempt.answers) == 1
    clock.advance(179)
    view.runner.tick()
    session = view.runner.session
    assert session is not None and session.attempt.submitted and session.attempt.auto_submitted
    widget = view.runner.answer_widget
    assert widget is not None and not widget.isEnabled()
    run = view.run_page
    assert not (
        run.flag_button.isEnabled() or run.clear_button.isEnabled() or run.submit_button.isEnabled()
    )
    assert view.pages.currentWidget() is view.results_page
    assert view.results_page.note_label.text() == TIME_UP_NOTE
    result = view.last_result
    assert result is not None and result.correct == 1  # the answer on screen was saved
    assert ExamStore(view.collection).unfinished_attempt() is None
    view.runner.tick()  # a late timer tick changes nothing
    assert view.pages.currentWidget() is view.results_page


def test_palette_shows_answered_unanswered_and_flagged(qtbot, view: ExamView) -> None:  # type: ignore[no-untyped-def]
    start_small_exam(view)
    first = current_id(view)
    type_answer(qtbot, view, RIGHT[first])
    widget = view.runner.answer_widget
    target = widget.edit if isinstance(widget, TypedAnswer) else widget
    qtbot.keyClick(target, Qt.Key.Key_Return)  # saves and goes on
    assert view.runner.session is not None and view.runner.session.attempt.current == 1
    qtbot.keyClick(view.run_page.prompt_label, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    buttons = view.run_page.question_palette.buttons
    assert [b.text() for b in buttons] == ["1 ✓", "2 –⚑", "3 –"]
    assert buttons[1].accessibleName() == ("Question 2, unanswered, flagged for review, current")
    assert buttons[1].isChecked() and not buttons[0].isChecked()
    assert view.run_page.flag_button.isChecked()
    buttons[0].click()  # back to question 1: its answer is shown again
    assert current_id(view) == first
    widget = view.runner.answer_widget
    assert widget is not None and widget.answer_text() == RIGHT[first]
    qtbot.keyClick(view.run_page.prompt_label, Qt.Key.Key_PageDown)
    assert view.runner.session.attempt.current == 1
    qtbot.keyClick(view.run_page.prompt_label, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.runner.session.attempt.current == 0
    view.run_page.clear_button.click()
    assert buttons[0].text() == "1 –"


def test_submit_confirms_and_shows_the_results(qtbot, view: ExamView) -> None:  # type: ignore[no-untyped-def]
    start_small_exam(view)
    asked: list[str] = []
    replies = iter([False, True])
    view.runner.confirm_submit = lambda text: asked.append(text) or next(replies)
    first = current_id(view)
    type_answer(qtbot, view, RIGHT[first])
    view.run_page.next_button.click()
    view.runner.toggle_flag()
    view.run_page.submit_button.click()  # declined: still running
    assert view.pages.currentWidget() is view.run_page
    assert "Unanswered (2 of 3): questions 2, 3" in asked[0]
    assert "Flagged for review: question 2" in asked[0]
    view.run_page.submit_button.click()
    assert view.pages.currentWidget() is view.results_page
    page = view.results_page
    assert page.score_label.text() == "Score 33% — ✗ Not passed (pass mark 70%)"
    assert "Time used 00:00 of 03:00" in page.detail_label.text()
    sections = {page.sections.item(r, 0).text() for r in range(page.sections.rowCount())}
    assert sections == {"T1", "T2"}
    review = page.review.plain_text()
    assert review.count("Correct answer:") == 3 and "Microsoft Research" in review
    assert "⚑ flagged" in review and "Section: T1" in review
    assert page.history.rowCount() == 1 and page.history.item(0, 1).text() == "33%"
    assert page.trend_label.text() == "Score trend, oldest to newest: 33%"
    assert view.last_result is not None
    assert [i.outcome for i in view.last_result.items].count(Outcome.UNANSWERED) == 2


def test_setup_problem_is_shown_not_raised(view: ExamView) -> None:
    topics = view.setup_page.topics
    names = [topics.item(i).text() for i in range(topics.count())]
    assert names[0] == "The ImageNet Moment (2012)"  # the chapter's order first
    assert names[-2:] == ["T1", "T2"]  # then the imported deck's sections
    for i in range(view.setup_page.types.count()):
        view.setup_page.types.item(i).setCheckState(Qt.CheckState.Unchecked)
    view.setup_page.start_button.click()
    assert view.pages.currentWidget() is view.setup_page
    assert "tick at least one question type" in view.setup_page.error_label.text()


def open_window(qtbot, path: Path, clock: FakeClock) -> MainWindow:  # type: ignore[no-untyped-def]
    collection = open_with_deck(path, clock)
    window = MainWindow(collection, QuestionBank(collection))
    window.service.zone = UTC
    window.confirm_quit = lambda _text: True  # closing mid-exam asks first; here: yes
    qtbot.addWidget(window)
    window.show()
    return window


def test_quitting_during_an_exam_asks_first(qtbot, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path / "c.dlquiz", clock)
    asked: list[str] = []
    answers = iter([False, True])
    window.confirm_quit = lambda text: asked.append(text) or next(answers)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    start_small_exam(window.exam)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and "exam is running" in asked[0]
    assert window.isVisible() and not window.collection.closed  # "No": the exam goes on
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 2 and window.collection.closed


def test_resume_after_the_window_closed_mid_exam(qtbot, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.dlquiz"
    window = open_window(qtbot, path, clock)
    assert window.tabs.tabText(window.tabs.indexOf(window.exam)) == "E&xam"
    start_small_exam(window.exam)
    first = current_id(window.exam)
    type_answer(qtbot, window.exam, RIGHT[first])  # saved by the close, not by a tick
    clock.advance(20)
    window.close()
    assert window.collection.closed

    clock.advance(40)  # a minute of the three has gone, 40 s of it while closed
    window = open_window(qtbot, path, clock)
    window.start()
    exam = window.exam
    assert window.tabs.currentWidget() is exam
    assert exam.pages.currentWidget() is exam.resume_page
    assert "with 02:00 left" in exam.resume_page.text_label.text()
    clock.advance(5)  # the offer waited a little: that time counts too
    exam.resume_page.resume_button.click()
    assert exam.pages.currentWidget() is exam.run_page
    assert exam.run_page.countdown_label.text() == "01:55"
    assert exam.run_page.question_palette.buttons[0].text() == "1 ✓"
    exam.runner.go_to(0)
    widget = exam.runner.answer_widget
    assert widget is not None and widget.answer_text() == RIGHT[first]
    window.close()


def test_deadline_passed_while_closed_shows_the_result(qtbot, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.dlquiz"
    window = open_window(qtbot, path, clock)
    start_small_exam(window.exam)
    window.close()
    clock.advance(3600)
    window = open_window(qtbot, path, clock)
    window.start()
    exam = window.exam
    assert window.tabs.currentWidget() is exam
    assert exam.pages.currentWidget() is exam.results_page
    assert exam.results_page.note_label.text() == CLOSED_NOTE
    assert exam.last_result is not None and exam.last_result.auto_submitted
    window.close()


def test_no_unfinished_exam_leaves_the_study_tab(qtbot, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path / "c.dlquiz", clock)
    window.start()
    current: QWidget = window.tabs.currentWidget()
    assert current is window.study
    window.close()


def test_every_deck_section_and_type_is_readable_at_1024_by_700(qtbot, view: ExamView) -> None:  # type: ignore[no-untyped-def]
    """Long names wrap inside their list: none runs past its list's right edge."""
    view.resize(1024, 640)
    qtbot.waitUntil(lambda: view.width() == 1024)
    setup = view.setup_page
    seen = 0
    for box in (setup.decks, setup.topics, setup.types):
        box.doItemsLayout()
        for row in range(box.count()):
            rect = box.visualItemRect(box.item(row))
            assert rect.right() <= box.viewport().width(), box.item(row).text()
            seen += 1
    assert seen >= setup.decks.count() + setup.topics.count() + 7


def test_a_long_section_name_wraps_in_the_results_table_instead_of_eliding(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QStyle

    from dlquiz.gui.exam_results import fill_rows, results_table

    table = results_table("By section", ["Section", "Questions", "Correct", "Points", "Score"])
    qtbot.addWidget(table)
    name = "ResNet and Superhuman Performance (2015)"
    fill_rows(table, [[name, "1", "1", "1.0", "100%"]])
    table.resize(330, 300)  # the results pane's left half at 1024x700
    table.show()
    qtbot.waitUntil(table.isVisible)
    table.resizeRowsToContents()
    width = table.columnWidth(0)
    padding = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    assert table.fontMetrics().horizontalAdvance(name) + padding > width  # it must wrap here
    needed = table.fontMetrics().boundingRect(
        QRect(0, 0, width - padding, 10_000), int(Qt.TextFlag.TextWordWrap), name
    )
    assert table.rowHeight(0) >= needed.height()
    assert table.item(0, 0).toolTip() == name


def test_an_exam_question_without_a_section_is_headed_by_its_deck_name(
    qtbot, tmp_path: Path, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    from dlquiz.core.model import Question, QuestionType, TextKey
    from dlquiz.importers.ids import deck_id_for
    from tests.helpers import open_test_collection, store_questions

    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    deck_id = deck_id_for("World capitals")
    question = Question(
        id=f"{deck_id}:q1",
        deck=deck_id,
        type=QuestionType.TYPED,
        prompt="Capital of Peru",
        key=TextKey(("Lima",)),
        answer="Lima",
    )
    store_questions(collection, [question], "World capitals")
    view = ExamView(study_service(collection))
    qtbot.addWidget(view)
    view.show()
    start_exam_on(view, deck_id)
    assert view.run_page.prompt_label.text() == "Capital of Peru"
    assert view.run_page.topic_label.text() == "World capitals"
    assert view.run_page.info_label.text().startswith("1 question · pass mark")
    view.shutdown()
    collection.close(backup=False)


def test_an_exam_question_shows_its_picture(qtbot, tmp_path: Path, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    from tests.gui_keys import store_pictured_deck
    from tests.helpers import open_test_collection

    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    deck_id = store_pictured_deck(collection)
    view = ExamView(study_service(collection))
    qtbot.addWidget(view)
    view.show()
    start_exam_on(view, deck_id)
    (label,) = view.runner.media_strip.pictures
    assert label.isVisible() and label.pixmap().width() == 40
    view.shutdown()
    collection.close(backup=False)


def test_a_deck_name_with_nowhere_to_wrap_keeps_its_end_and_a_tip(qtbot) -> None:  # type: ignore[no-untyped-def]
    from dlquiz.core.settings import Settings
    from dlquiz.gui.exam_setup import ExamSetupPage

    page = ExamSetupPage()
    qtbot.addWidget(page)
    name = "LucasWolfgang+QAS-Editor__test__datasets__anki__math"
    page.populate([("import-a", "Short"), ("import-b", name)], ["T1"], Settings())
    page.resize(1024, 640)
    page.show()
    qtbot.waitUntil(page.isVisible)
    item = page.decks.item(1)
    assert page.decks.fontMetrics().horizontalAdvance(name) > page.decks.viewport().width()
    # Too long for its list: the middle gives way (the end tells such names apart) ...
    assert page.decks.textElideMode() is Qt.TextElideMode.ElideMiddle
    # ... and the whole name is one hover (or one screen-reader query) away.
    assert item.toolTip() == name and item.text() == name


def test_tab_walks_the_results_page_as_it_reads(qtbot, view: ExamView) -> None:  # type: ignore[no-untyped-def]
    from tests.gui_keys import focused, press

    start_small_exam(view)
    view.runner.confirm_submit = lambda _text: True
    view.run_page.submit_button.click()
    page = view.results_page
    assert focused() is page.new_button
    seen = []
    for _ in range(5):
        press(Qt.Key.Key_Tab)
        seen.append(focused())
    assert seen == [page.retake_button, page.sections, page.history, page.review, page.new_button]
