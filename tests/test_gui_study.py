"""The study window driven by the keyboard, offscreen, on a real collection."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from sqlalchemy import select

from dlquiz.chapter import chapter
from dlquiz.core.clock import FakeClock
from dlquiz.core.model import ChoiceKey, MatchKey, OrderKey, Question, QuestionType, TrueFalseKey
from dlquiz.core.siblings import sibling_map
from dlquiz.gui.answer_widgets import (
    ChoiceAnswer,
    ListAnswer,
    MatchingAnswer,
    OrderingAnswer,
    TrueFalseAnswer,
    TypedAnswer,
)
from dlquiz.gui.main_window import MainWindow
from dlquiz.gui.study_view import StudyPhase
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import Collection
from dlquiz.storage.import_service import store_deck
from dlquiz.storage.schema import ReviewRow
from tests.gui_keys import press, shown_window, study_deck
from tests.helpers import open_test_collection, store_questions

TYPES = [
    QuestionType.TYPED,
    QuestionType.MULTIPLE_CHOICE,
    QuestionType.TRUE_FALSE,
    QuestionType.ORDERING,
    QuestionType.MATCHING,
    QuestionType.LIST,
    QuestionType.CLOZE,
]


def one_of_each_type() -> list[Question]:
    """One question of each type, none a sibling of another (they would be buried)."""
    picked: dict[QuestionType, Question] = {}
    siblings = sibling_map(chapter()[1])
    taken: set[str] = set()
    for q in chapter()[1]:
        if q.type in TYPES and q.type not in picked and q.fact_ids and q.id not in taken:
            picked[q.type] = q
            taken |= siblings.get(q.id, frozenset())
    assert set(picked) == set(TYPES)
    return [dataclasses.replace(picked[t], topic="Same") for t in TYPES]


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    store_deck(
        collection,
        one_of_each_type(),
        name="Each type",
        source="t",
        fmt="yaml",
        media={},
        as_new=False,
        now=clock.now(),
    )
    win = MainWindow(collection, QuestionBank(collection))
    win.service.zone = UTC
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # window shortcuts need an active window
    study_deck(win, "Each type")
    yield win
    if not collection.closed:
        collection.close(backup=False)


def answer_correctly(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    q: Question = view.card.question
    widget = view.answer_widget
    if isinstance(widget, TypedAnswer):
        qtbot.keyClicks(widget.edit, q.answer)
        qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    elif isinstance(widget, ChoiceAnswer):
        assert isinstance(q.key, ChoiceKey)
        widget.focus_input()
        qtbot.keyClick(widget, "abcdef"[q.key.correct[0]])
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    elif isinstance(widget, TrueFalseAnswer):
        assert isinstance(q.key, TrueFalseKey)
        qtbot.keyClick(widget, "t" if q.key.value else "f")
    elif isinstance(widget, OrderingAnswer):
        assert isinstance(q.key, OrderKey)
        wanted = [i + 1 for i in q.key.order]
        for position, number in enumerate(wanted):
            current = [
                widget.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(widget.list.count())
            ]
            widget.list.setCurrentRow(current.index(number))
            for _ in range(current.index(number) - position):
                qtbot.keyClick(widget.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(widget.list, Qt.Key.Key_Return)
    elif isinstance(widget, MatchingAnswer):
        assert isinstance(q.key, MatchKey)
        for box, right in zip(widget.boxes, q.key.pairs, strict=True):
            box.setFocus()
            for _ in range(right + 1):
                qtbot.keyClick(box, Qt.Key.Key_Down)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    elif isinstance(widget, ListAnswer):
        qtbot.keyClicks(widget.edit, q.answer)
        qtbot.keyClick(widget.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    else:  # pragma: no cover - a new type needs a branch here
        raise AssertionError(type(widget))


def reviews(collection: Collection) -> list[ReviewRow]:
    with collection.session() as s:
        return list(s.scalars(select(ReviewRow).order_by(ReviewRow.id)))


def test_every_question_type_answered_by_keyboard(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.study
    seen = []
    for _ in TYPES:
        assert view.phase is StudyPhase.QUESTION
        seen.append(view.card.question.type)
        answer_correctly(qtbot, view)
        assert view.phase is StudyPhase.FEEDBACK
        assert view.grade is not None and view.grade.correct, (view.card.question.id, view.grade)
        assert view.verdict_label.text().startswith("✓")
        qtbot.keyClick(view, "4")  # Easy: graduates at once, so the session can end
    assert sorted(seen) == sorted(TYPES)
    assert view.phase is StudyPhase.SUMMARY
    assert "7 cards studied" in view.summary_page.text()
    logged = reviews(window.collection)
    assert len(logged) == 7 and all(r.verdict == "correct" for r in logged)


def test_rating_override_with_number_keys(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.study
    press(Qt.Key.Key_Return)  # an empty Enter is not an answer: a stray key after rating
    assert view.phase is StudyPhase.QUESTION and view.empty_hint.isVisible()
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # check empty: don't know
    assert view.phase is StudyPhase.FEEDBACK and not view.grade.correct
    assert view.suggested.name == "AGAIN"
    assert view.rating_buttons[view.suggested].isDefault()
    qtbot.keyClick(view, "3")  # override: Good
    logged = reviews(window.collection)
    assert [r.rating for r in logged] == [3]
    assert view.phase is StudyPhase.QUESTION


def test_undo_takes_back_the_last_answer(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.study
    first_id = view.card.question.id
    answer_correctly(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.card.question.id != first_id
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.card.question.id == first_id
    assert view.phase is StudyPhase.QUESTION
    logged = reviews(window.collection)
    assert len(logged) == 1 and logged[0].undone_at is not None


def test_flashcard_reveal_and_rate(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import small_deck

    collection = open_test_collection(tmp_path / "f.dlquiz")
    _deck, questions = small_deck()
    flash = [q for q in questions if q.type is QuestionType.FLASHCARD]
    store_deck(
        collection,
        flash,
        name="Cards",
        source="t",
        fmt="csv",
        media={},
        as_new=False,
        now=collection.clock.now(),
    )
    win = MainWindow(collection, QuestionBank(collection))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    study_deck(win, "Cards")
    view = win.study
    assert view.phase is StudyPhase.REVEAL and view.reveal_button.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.phase is StudyPhase.FEEDBACK and "Bidirectional" in view.expected_label.text()
    qtbot.keyClick(view, "4")
    assert [r.rating for r in reviews(collection)] == [4]
    assert view.phase is StudyPhase.SUMMARY
    win.close()
    assert collection.closed


def test_imported_picture_is_shown_with_its_question(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.gui_keys import store_pictured_deck

    collection = open_test_collection(tmp_path / "m.dlquiz")
    store_pictured_deck(collection)
    win = MainWindow(collection, QuestionBank(collection))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    study_deck(win, "Pictures")
    (label,) = win.study.media_strip.pictures
    assert label.isVisible() and label.pixmap().width() == 40
    win.close()


def test_launcher_window_shows_study_first_and_builds_the_other_tabs_after(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "d.dlquiz")
    win = MainWindow(collection, QuestionBank(collection), defer_tabs=True)
    qtbot.addWidget(win)
    win.show()
    win.start()
    assert win.tabs.count() == 1 and win.study.card is not None
    qtbot.waitUntil(lambda: win.tabs.count() == 5, timeout=10_000)
    labels = [win.tabs.tabText(i).replace("&", "") for i in range(win.tabs.count())]
    assert labels == ["Study", "Exam", "Browse", "Statistics", "Demo"]
    win.close()


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_the_first_paint_is_watched_on_a_widget_that_is_painted(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Qt paints no widget that opaque children cover: the start-up must watch one it paints.

    Watching the page stack once left the other tabs unbuilt in a real window
    after the card moved into a scroll area.
    """
    collection = open_test_collection(tmp_path / "d.dlquiz")
    win = MainWindow(collection, QuestionBank(collection), defer_tabs=True)
    qtbot.addWidget(win)
    win.study.start_screen()
    target = win.study.first_paint_target()
    assert target is win.study.prompt_label  # one deck: the question itself
    counter = _PaintCounter()
    target.installEventFilter(counter)
    win.show()
    qtbot.waitUntil(lambda: counter.paints > 0)
    win.close()


def test_a_question_without_a_section_is_headed_by_its_deck_name_not_its_id(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from dlquiz.core.model import TextKey
    from dlquiz.importers.ids import deck_id_for

    collection = open_test_collection(tmp_path / "d.dlquiz")
    deck_id = deck_id_for("World capitals")
    capital = Question(
        id=f"{deck_id}:q1",
        deck=deck_id,
        type=QuestionType.TYPED,
        prompt="Capital of Peru",
        key=TextKey(("Lima",)),
        answer="Lima",
        topic="",  # a CSV row has no section
    )
    store_questions(collection, [capital], "World capitals")
    win = shown_window(qtbot, collection)
    study_deck(win, "World capitals")
    assert win.study.card is not None and win.study.card.question.id == capital.id
    assert win.study.topic_label.text() == "World capitals"
    win.close()


def test_home_and_end_go_to_the_first_and_last_deck(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    collection = open_test_collection(
        tmp_path / "decks.dlquiz", FakeClock(datetime(2026, 3, 2, 12, tzinfo=UTC))
    )
    store_questions(collection, one_of_each_type()[:2], "Zebra deck")
    win = shown_window(qtbot, collection)
    try:
        press(Qt.Key.Key_Escape)
        overview = win.study.overview_page
        names = overview.deck_names()
        assert names[-1] == "Zebra deck" and len(names) == 3  # all decks, the chapter, this
        press(Qt.Key.Key_End)
        assert overview.table.currentRow() == len(names) - 1
        press(Qt.Key.Key_Home)
        assert overview.table.currentRow() == 0
        press(Qt.Key.Key_End)
        press(Qt.Key.Key_Return)
        assert win.study.pages.currentWidget() is not overview
        card = win.study.card
        assert card is not None and card.question.deck == "import-zebra-deck"
    finally:
        win.close()
