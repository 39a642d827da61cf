"""Background work: results and failures come back on the GUI thread, none is lost."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.gui.errors import ErrorDialogs
from dlquiz.gui.main_window import MainWindow
from dlquiz.gui.operations import Background
from dlquiz.storage.bank import QuestionBank
from tests.helpers import open_test_collection


class Hook:
    """Stands in for ``sys.excepthook`` and notes which thread called it."""

    def __init__(self) -> None:
        self.calls: list[tuple[BaseException, str]] = []

    def __call__(
        self, _kind: type[BaseException], error: BaseException, _tb: TracebackType | None
    ) -> None:
        self.calls.append((error, threading.current_thread().name))


@pytest.fixture
def hook() -> Iterator[Hook]:
    # Set inside the test's own call, after pytest-qt's hook, and put back by hand.
    previous, replacement = sys.excepthook, Hook()
    sys.excepthook = replacement
    try:
        yield replacement
    finally:
        sys.excepthook = previous


@pytest.fixture
def background(qtbot) -> Background:  # type: ignore[no-untyped-def]
    return Background()


def test_a_value_comes_back_on_the_gui_thread(qtbot, background: Background) -> None:  # type: ignore[no-untyped-def]
    worked_in: list[str] = []
    got: list[tuple[int, str]] = []

    def work() -> int:
        worked_in.append(threading.current_thread().name)
        return 42

    with qtbot.waitSignal(background.done) as blocker:
        assert background.run(
            "sum", work, on_success=lambda v: got.append((v, threading.current_thread().name))
        )
    assert blocker.args == ["sum"]
    assert worked_in == ["dlquiz-sum"]
    assert got == [(42, threading.main_thread().name)]
    assert not background.busy("sum")


def test_a_failure_goes_to_on_failure_on_the_gui_thread(qtbot, background: Background) -> None:  # type: ignore[no-untyped-def]
    failures: list[tuple[BaseException, str]] = []
    successes: list[object] = []

    def work() -> None:
        raise ValueError("disk said no")

    with qtbot.waitSignal(background.done):
        background.run(
            "write",
            work,
            on_success=successes.append,
            on_failure=lambda e: failures.append((e, threading.current_thread().name)),
        )
    assert successes == []
    assert len(failures) == 1
    error, thread = failures[0]
    assert isinstance(error, ValueError) and str(error) == "disk said no"
    assert error.__traceback__ is not None  # the log gets the whole story
    assert thread == threading.main_thread().name


def test_without_on_failure_the_error_reaches_the_excepthook(
    qtbot, background: Background, hook: Hook
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(background.done):
        background.run("stats", lambda: 1 / 0)
    assert [(type(e), t) for e, t in hook.calls] == [
        (ZeroDivisionError, threading.main_thread().name)
    ]


def test_one_job_per_name_at_a_time(qtbot, background: Background) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    started: list[str] = []

    def slow(tag: str) -> str:
        started.append(tag)
        release.wait(timeout=30)  # released by the test, not a timed wait
        return tag

    results: list[str] = []
    assert background.run("backup", lambda: slow("first"), on_success=results.append)
    assert background.busy("backup")
    assert not background.run("backup", lambda: slow("second"), on_success=results.append)
    assert background.run("check", lambda: "other", on_success=results.append)
    with qtbot.waitSignals([background.done, background.done]):
        release.set()
    assert sorted(results) == ["first", "other"]
    assert started == ["first"]
    assert background.run("backup", lambda: "again", on_success=results.append)
    qtbot.waitUntil(lambda: not background.busy("backup"))


def test_after_shutdown_values_are_dropped_but_errors_are_logged(
    qtbot, background: Background, hook: Hook
) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    results: list[str] = []

    def work() -> str:
        release.wait(timeout=30)
        return "late"

    def broken() -> None:
        release.wait(timeout=30)
        raise RuntimeError("late failure")

    background.run("a", work, on_success=results.append)
    background.run("b", broken, on_failure=lambda _e: results.append("widget touched"))
    release.set()
    background.shutdown()  # joins both threads
    assert not background.run("c", lambda: "never")
    qtbot.waitUntil(lambda: not background.busy("a") and not background.busy("b"))
    assert results == []
    assert [str(e) for e, _t in hook.calls] == ["late failure"]


def test_an_exception_ending_a_bare_thread_reaches_the_dialog_and_the_log(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "logs"
    monkeypatch.setattr("dlquiz.storage.paths.log_dir", lambda: folder)
    dialogs = ErrorDialogs(parent=lambda: None)
    previous_thread_hook = threading.excepthook
    dialogs.install()
    try:
        assert threading.excepthook is not previous_thread_hook

        def boom() -> None:
            raise LookupError("lost in a thread")

        thread = threading.Thread(target=boom, name="stray")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: dialogs.dialog is not None)
        assert dialogs.dialog is not None
        assert "LookupError: lost in a thread" in dialogs.dialog.informativeText()
        assert "lost in a thread" in (folder / "errors.log").read_text(encoding="utf-8")
        dialogs.dialog.close()
    finally:
        dialogs.uninstall()
    assert threading.excepthook is previous_thread_hook


def test_the_window_runs_its_checks_through_background(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(datetime(2026, 3, 2, 12, tzinfo=UTC))
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    window = MainWindow(collection, QuestionBank(collection))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.integrity_checked) as checked:
        window.check_integrity_later()
    assert checked.args == ["ok"]
    backups = tmp_path / "c.dlquiz.backups"
    collection.mark_changed()
    clock.advance(31 * 60)
    with qtbot.waitSignal(window.background.done) as done:
        window._maybe_backup()
    assert done.args == ["backup"]
    assert len(list(backups.iterdir())) == 1
    window.close()
    assert collection.closed
