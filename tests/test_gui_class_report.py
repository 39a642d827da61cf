"""Tools > Class report…: a teacher's view of the class, read from a real PostgreSQL hub."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QTableView

from dlquiz.core.labels import CLASS_REPORT_ALL_DECKS
from dlquiz.gui.class_report_model import ReportTableModel, class_report_rows
from dlquiz.gui.class_report_view import ClassReportDialog
from dlquiz.gui.main_window import MainWindow
from dlquiz.storage import sync_log
from dlquiz.storage.collection import Collection
from dlquiz.sync.class_report import ClassReport
from dlquiz.sync.service import SyncService
from tests.gui_keys import fixed_clock, focused, press, shown_window
from tests.helpers import open_test_collection, small_deck, store_questions
from tests.key_clashes import clashes
from tests.pg_server import PgServer
from tests.sync_support import (
    Classroom,
    MemoryKeyring,
    closed_port,
    learners_study,
    set_up_class,
    use_memory_keyring,
)

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
MARKUP_DECK = "<b>Class</b> & <i>deck</i>"  # a name from the hub: shown as written


@pytest.fixture
def keys() -> Iterator[MemoryKeyring]:
    yield from use_memory_keyring()


@pytest.fixture
def classroom(pg_server: PgServer, keys: MemoryKeyring, tmp_path: Path) -> Classroom:
    """A class whose two learners answered 2 and 3 cards and sat one exam each."""
    room = set_up_class(pg_server)
    learners_study(room, tmp_path)
    return room


def _collection(tmp_path: Path, name: str, hub: str | None = None) -> Collection:
    """A collection of the given person, synced once with ``hub`` when one is given."""
    collection = open_test_collection(tmp_path / f"{name}.dlquiz", fixed_clock())
    if hub is not None:
        SyncService(collection).sync(hub)
    return collection


def _window(qtbot, collection: Collection) -> MainWindow:  # type: ignore[no-untyped-def]
    win = shown_window(qtbot, collection)
    qtbot.waitUntil(lambda: not win.background.busy("sync"), timeout=30_000)
    return win


def _open_report(qtbot, win: MainWindow) -> ClassReportDialog:  # type: ignore[no-untyped-def]
    press(Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(win.findChildren(ClassReportDialog)))
    dialog = win.findChildren(ClassReportDialog)[-1]
    qtbot.waitUntil(lambda: dialog.state != "loading", timeout=30_000)
    return dialog


def _column(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def test_a_teacher_reads_the_class_report_by_keys(
    qtbot,
    classroom: Classroom,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    teacher = _collection(tmp_path, "teacher")
    store_questions(teacher, small_deck("class-deck")[1], MARKUP_DECK)
    SyncService(teacher).publish(MARKUP_DECK, classroom.teacher)
    win = _window(qtbot, teacher)
    try:
        assert win.class_report_action.isVisible()
        assert clashes(win) == []  # the teacher's extra entry takes no key another has
        dialog = _open_report(qtbot, win)
        assert dialog.state == "ready", dialog.status.text()
        assert clashes(dialog) == []
        learners, progress, exams = dialog.tables
        assert focused() is learners
        first, second = classroom.names
        assert _column(learners, 0) == [first, second]
        assert _column(learners, 2) == ["2", "3"]  # answers
        assert _column(learners, 4) == ["1", "1"]  # exams
        assert _column(learners, 5) == [f"{2 / 3:.0%}", f"{2 / 3:.0%}"]  # mean exam score
        press(Qt.Key.Key_S, CTRL)  # by learner again: the other way round
        assert _column(learners, 0) == [second, first]
        press(Qt.Key.Key_Right)
        press(Qt.Key.Key_Right)  # the Answers column
        press(Qt.Key.Key_S, CTRL)
        assert _column(learners, 2) == ["2", "3"]
        press(Qt.Key.Key_S, CTRL)
        assert _column(learners, 2) == ["3", "2"]

        press(Qt.Key.Key_E, ALT)
        assert focused() is exams
        facility = dict(zip(_column(exams, 0), _column(exams, 2), strict=True))
        assert facility == {"d:q1": "50%", "d:q2": "100%", "d:q3": "50%"}
        discrimination = dict(zip(_column(exams, 0), _column(exams, 3), strict=True))
        assert discrimination["d:q2"] == "n/a"  # everyone scored it: no spread to correlate
        press(Qt.Key.Key_P, ALT)
        assert focused() is progress
        assert len(_column(progress, 0)) == 5  # 2 + 3 questions answered

        press(Qt.Key.Key_D, ALT)
        box = focused()
        assert isinstance(box, QComboBox)
        names = [box.itemText(i) for i in range(box.count())]
        assert names[0] == CLASS_REPORT_ALL_DECKS
        assert MARKUP_DECK in names  # the hub's text as it is, never read as markup
        chapter = next(box.itemData(i) for i in range(box.count()) if box.itemData(i))
        while box.currentData() != box.itemData(names.index(MARKUP_DECK)):
            press(Qt.Key.Key_Down)
            qtbot.waitUntil(lambda: dialog.state == "ready", timeout=30_000)
        assert dialog.report is not None and dialog.report.deck == box.currentData()
        assert _column(learners, 0) == []  # nobody answered the class deck yet
        press(Qt.Key.Key_Home)
        qtbot.waitUntil(lambda: dialog.state == "ready", timeout=30_000)
        assert dialog.report is not None and dialog.report.deck is None
        assert len(_column(exams, 0)) == 3
        assert chapter  # at least one deck the class answered in is offered
        press(Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not dialog.isVisible())
    finally:
        win.close()


def test_the_report_says_when_the_hub_refuses_or_is_gone_and_f5_tries_again(
    qtbot,
    classroom: Classroom,
    keys: MemoryKeyring,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    teacher = _collection(tmp_path, "teacher", classroom.teacher)
    saved = dict(keys.saved)
    keys.saved = {k: "wrong" for k in saved}  # the password was changed on the server
    win = _window(qtbot, teacher)
    try:
        dialog = _open_report(qtbot, win)
        assert dialog.state == "offline"
        assert dialog.status.textFormat() == Qt.TextFormat.PlainText
        assert "password" in dialog.status.text() and "refused" in dialog.status.text()
        assert "F5" in dialog.status.text()
        assert win.service.next_card() is not None  # studying goes on
        keys.saved = saved
        press(Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: dialog.state == "ready", timeout=30_000)
        assert len(_column(dialog.tables[0], 0)) == 2
        press(Qt.Key.Key_Escape)
        with teacher.session() as s:  # the hub moved away
            sync_log.set_state(s, sync_log.HUB, f"postgresql://t@127.0.0.1:{closed_port()}/gone")
        dialog = _open_report(qtbot, win)
        assert dialog.state == "offline" and "unreachable" in dialog.status.text()
    finally:
        win.close()


@pytest.mark.parametrize("who", ["learner", "personal", "no hub"])
def test_only_a_teachers_collection_shows_the_entry(
    qtbot,
    classroom: Classroom,
    tmp_path: Path,
    who: str,  # type: ignore[no-untyped-def]
) -> None:
    hub = {"learner": classroom.learners[0], "personal": classroom.admin, "no hub": None}[who]
    collection = _collection(tmp_path, who.replace(" ", "-"), hub)
    win = _window(qtbot, collection)
    try:
        assert not win.class_report_action.isVisible()
        press(Qt.Key.Key_R, CTRL_SHIFT)  # a hidden entry's key does nothing either
        QApplication.processEvents()
        assert win.findChildren(ClassReportDialog) == []
    finally:
        win.close()


def test_the_entry_appears_after_the_sync_that_finds_the_teacher_role(
    qtbot,
    classroom: Classroom,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    win = _window(qtbot, _collection(tmp_path, "teacher"))
    try:
        assert not win.class_report_action.isVisible()
        with qtbot.waitSignal(win.sync.finished, timeout=30_000):
            win.sync.sync_now(classroom.teacher)
        assert win.class_report_action.isVisible()
    finally:
        win.close()


def test_the_tables_are_sound_models_and_sort_by_value(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    report = ClassReport(
        deck=None,
        learners=[
            {"learner": n, "questions_studied": q, "reviews": r, "correct_share": c, "exams": []}
            for n, q, r, c in [("b", 9, 9, 0.09), ("a", 10, 10, None), ("c", 2, 100, 1.0)]
        ],
        questions=[
            {"question_id": "d:q1", "exam_attempts": 1, "facility": 1.0, "discrimination": None}
        ],
    )
    learners, progress, questions = class_report_rows(report)
    assert progress == []
    model = ReportTableModel(("Learner", "Questions", "Answers", "Correct", "Exams", "Mean"))
    model.set_rows(learners)
    qtmodeltester.check(model)
    keys = [model.index(i, 3).data(Qt.ItemDataRole.UserRole) for i in range(3)]
    # "n/a" below every figure, and 9% below 100% (as text "100%" < "9%").
    assert sorted(range(3), key=lambda i: keys[i]) == [1, 0, 2]
    assert model.index(1, 3).data() == "n/a"
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None
    assert questions[0][3] == ("n/a", float("-inf"))
