"""Widgets are only touched on the GUI thread: the cause of a silent exit, kept fixed.

Progress from the import worker reached the progress bar through a lambda,
which PySide runs in the emitting (worker) thread; the bar then painted
outside the GUI thread and the process died with only "QBackingStore::
endPaint() called with active painter" in the log.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QProgressBar

from dlquiz.gui.main_window import MainWindow
from tests.gui_keys import shown_window
from tests.helpers import open_test_collection


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "c.dlquiz")
    win = shown_window(qtbot, collection)
    yield win
    if not collection.closed:
        collection.close(backup=False)


def big_gift(path: Path, questions: int = 3000) -> Path:
    lines = [f"::Q{i}:: What is {i} plus one? {{#{i + 1}}}\n" for i in range(questions)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_import_progress_is_shown_on_the_gui_thread(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    threads: list[int] = []
    original = QProgressBar.setValue

    def recording(self: QProgressBar, value: int) -> None:
        threads.append(threading.get_ident())
        original(self, value)

    monkeypatch.setattr(QProgressBar, "setValue", recording)
    source = big_gift(tmp_path / "big.gift")
    dialog = window.import_file(source)
    # Wait on the GUI side: a signal spy on the worker's own signal would run in its thread.
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=60_000)
    QApplication.processEvents()
    dialog.done(0)
    assert threads, "the reading reported no progress"
    assert set(threads) == {threading.get_ident()}


def test_imports_one_after_another_while_events_run(window: MainWindow, tmp_path: Path) -> None:
    """The learner's steps: import, Esc, Ctrl+I, another file, Enter: no crash."""
    source = big_gift(tmp_path / "quiz.gift", questions=400)
    for _ in range(4):
        dialog = window.import_file(source)
        for _ in range(40):
            QApplication.processEvents()
        dialog.done(0)
    assert window.isVisible()


CRASH = """
import faulthandler, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from dlquiz.gui.crash_log import enable_crash_log
print(enable_crash_log())
sys.stdout.flush()
faulthandler._sigsegv()
"""


@pytest.mark.slow
def test_a_native_crash_leaves_its_stacks_in_the_log(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    done = subprocess.run(
        [sys.executable, "-c", CRASH],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    log = Path(done.stdout.strip().splitlines()[-1])
    text = log.read_text(encoding="utf-8")
    assert "started" in text and "Segmentation fault" in text and "exited" not in text


@pytest.mark.slow
def test_a_normal_run_logs_its_start_and_exit(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    done = subprocess.run(
        [sys.executable, "-m", "dlquiz", "--smoke-test", "--db", str(tmp_path / "c.dlquiz")],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    logs = list((tmp_path / "state").rglob("crash.log"))
    assert len(logs) == 1
    text = logs[0].read_text(encoding="utf-8")
    assert "started" in text and "exited" in text
