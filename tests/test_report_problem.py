"""Report a problem: from the feedback step, the card is suspended, Browse and the CLI list it."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dlquiz.core.clock import FakeClock
from dlquiz.core.reports import ReportReason
from dlquiz.gui.main_window import MainWindow
from dlquiz.gui.study_view import StudyPhase
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.browse_query import BrowseFilter, BrowseQuery
from dlquiz.storage.readonly import problem_reports
from dlquiz.storage.reports import report_problem
from dlquiz.storage.schema import CardRow
from tests.helpers import open_test_collection, study_service


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    win = MainWindow(collection, QuestionBank(collection))
    win.service.zone = UTC
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    yield win
    if not collection.closed:
        collection.close(backup=False)


def focused():  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_key_r_at_the_feedback_step_reports_and_suspends(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.study
    view.start()
    assert view.phase is StudyPhase.QUESTION
    qid, card_id = view.card.question.id, view.card.card_id
    view.answer_widget.focus_input()
    # Ctrl+Enter checks an empty answer ("don't know"); a bare Enter on nothing is ignored.
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.phase is StudyPhase.FEEDBACK
    qtbot.keyClick(focused(), Qt.Key.Key_R)
    dialog = view.report_dialog
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(focused(), "the year is off by one")
    assert dialog.note.text() == "the year is off by one"
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert view.card is None or view.card.card_id != card_id  # moved on
    with window.collection.session() as s:
        card = s.get(CardRow, card_id)
        assert card is not None and card.suspended
    reports = problem_reports(window.collection.path)
    assert [(r.question_id, r.reason, r.note) for r in reports] == [
        (qid, ReportReason.WRONG, "the year is off by one")
    ]
    query = BrowseQuery(window.bank, zone=UTC)
    assert query.card_ids(BrowseFilter(state="reported")) == [card_id]


def test_r_while_answering_types_a_letter_and_reports_nothing(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.study
    view.start()
    view.answer_widget.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_R)
    assert view.phase is StudyPhase.QUESTION
    assert problem_reports(window.collection.path) == []


def test_the_button_offers_unclear_and_cancel_stores_nothing(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.study
    view.start()
    view.answer_widget.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    view.report_button.click()
    dialog = view.report_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()
    assert problem_reports(window.collection.path) == []
    assert view.phase is StudyPhase.FEEDBACK
    view.report_button.click()
    dialog = view.report_dialog
    dialog.buttons_by_reason[ReportReason.UNCLEAR].setChecked(True)
    dialog.accept()
    assert [r.reason for r in problem_reports(window.collection.path)] == [ReportReason.UNCLEAR]


@pytest.mark.slow
def test_questions_reported_json_lists_reports_for_the_author(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    path = tmp_path / "c.dlquiz"
    collection = open_test_collection(path, clock)
    try:
        service = study_service(collection)
        card = service.next_card()
        assert card is not None
        report_problem(
            collection,
            card_id=card.card_id,
            reason=ReportReason.UNCLEAR,
            note="two readings",
            now=clock.now(),
        )
    finally:
        collection.close(backup=False)
    done = subprocess.run(
        [sys.executable, "-m", "dlquiz", "--db", str(path), "questions", "--reported", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 1
    assert rows[0]["question"] == card.question.id and rows[0]["reason"] == "unclear"
    assert rows[0]["note"] == "two readings" and rows[0]["prompt"]
    assert rows[0]["reported_at"].startswith("2026-03-02T12:00:00")


def test_questions_reported_says_when_there_are_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dlquiz.cli.main import main

    path = tmp_path / "c.dlquiz"
    open_test_collection(path).close(backup=False)
    assert main(["--db", str(path), "questions", "--reported"]) == 0
    seen = capsys.readouterr()
    assert seen.out == "" and "no question has been reported" in seen.err
    assert main(["--db", str(path), "questions", "--reported", "--json"]) == 0
    assert capsys.readouterr() == ("", "")  # JSON Lines: no line is the answer
