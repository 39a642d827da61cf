"""The finish of the desktop app: welcome, error dialogs, icon, help, names and screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QPushButton

from dlquiz.core.clock import FakeClock
from dlquiz.gui.errors import ErrorDialogs
from dlquiz.gui.icon import app_icon, asset_path
from dlquiz.gui.main_window import SHORTCUTS_HELP, MainWindow
from dlquiz.gui.study_view import StudyPhase
from dlquiz.gui.welcome import WelcomeDialog, maybe_show_welcome
from dlquiz.storage.bank import QuestionBank
from tests.helpers import open_test_collection

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    collection = open_test_collection(
        tmp_path / "c.dlquiz", FakeClock(datetime(2026, 3, 2, 12, tzinfo=UTC))
    )
    win = MainWindow(collection, QuestionBank(collection))
    win.service.zone = UTC
    qtbot.addWidget(win)
    win.show()
    yield win
    if not collection.closed:
        collection.close(backup=False)


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setattr("dlquiz.storage.paths.log_dir", lambda: folder)
    return folder


def raised(error: Exception) -> Exception:
    try:
        raise error
    except Exception as caught:  # noqa: BLE001 - we want the traceback attached
        return caught


# --- welcome ---


def test_welcome_shows_once_and_starts_the_first_session(window: MainWindow) -> None:
    assert not window.collection.settings().welcome_done
    dialog = maybe_show_welcome(window, smoke=False)
    assert isinstance(dialog, WelcomeDialog) and dialog.isVisible()
    text = dialog.text.text()
    for part in ("Study", "Exam", "Import", "Demo"):
        assert f"<b>{part}</b>" in text
    assert window.collection.settings().welcome_done  # seen counts, even without a click
    window.tabs.setCurrentWidget(window.browse)
    dialog.start_button.click()
    assert window.tabs.currentWidget() is window.study
    assert window.study.card is not None and window.study.phase is StudyPhase.QUESTION
    assert maybe_show_welcome(window, smoke=False) is None  # never twice


def test_welcome_has_a_fixed_size_and_escape_closes_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """A window manager draws a resize handle (a line under the buttons) on a resizable window."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from tests.gui_keys import press

    window.activateWindow()
    dialog = maybe_show_welcome(window, smoke=False)
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.minimumSize() == dialog.maximumSize() == dialog.size()
    assert dialog.width() <= 640  # the text wraps to a readable width
    assert QApplication.focusWidget() is dialog.start_button
    press(Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert window.tabs.currentWidget() is not None


def test_welcome_never_comes_in_smoke_mode(window: MainWindow) -> None:
    assert maybe_show_welcome(window, smoke=True) is None
    assert not window.collection.settings().welcome_done


@pytest.mark.slow  # starts a process
def test_smoke_test_process_shows_no_welcome(tmp_path: Path) -> None:
    db = tmp_path / "s.dlquiz"
    env = {**os.environ, "DLQUIZ_DB": str(db), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "dlquiz", "--smoke-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "first_question_id=deep-learning-revolution:" in done.stdout
    reopened = open_test_collection(db)
    try:
        assert not reopened.settings().welcome_done  # the real first start still gets it
    finally:
        reopened.close(backup=False)


# --- errors ---


def test_an_unexpected_error_becomes_a_dialog_and_a_log_entry(
    window: MainWindow, log_folder: Path
) -> None:
    hook = ErrorDialogs(parent=lambda: window)
    error = raised(ValueError("the kaboom"))
    hook(type(error), error, error.__traceback__)
    box = hook.dialog
    assert box is not None and box.isVisible()
    log = log_folder / "errors.log"
    shown = box.text() + box.informativeText()
    assert "Your answers are safe" in shown
    assert "ValueError: the kaboom" in shown
    assert str(log) in shown  # the dialog says where the details went
    assert "Traceback" not in shown and 'File "' not in shown
    assert box.detailedText() == ""
    logged = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "the kaboom" in logged
    # A second error while the dialog is open is logged, not stacked on screen.
    second = raised(KeyError("again"))
    hook(type(second), second, second.__traceback__)
    assert hook.logged_only == 1 and hook.dialog is box
    assert "KeyError" in log.read_text(encoding="utf-8")
    box.close()


@pytest.mark.qt_no_exception_capture
def test_an_error_raised_in_a_slot_reaches_the_dialog(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    log_folder: Path,
) -> None:
    previous = sys.excepthook
    hook = ErrorDialogs(parent=lambda: window)
    hook.install()
    try:
        assert sys.excepthook is hook
        button = QPushButton("Break", window)

        def broken_slot() -> None:
            raise RuntimeError("a bug in a slot")

        button.clicked.connect(broken_slot)
        button.click()
    finally:
        hook.uninstall()
    assert sys.excepthook is previous
    assert hook.dialog is not None
    assert "RuntimeError: a bug in a slot" in hook.dialog.informativeText()
    assert "a bug in a slot" in (log_folder / "errors.log").read_text(encoding="utf-8")
    hook.dialog.close()


def test_the_dialog_still_helps_when_the_log_cannot_be_written(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setattr("dlquiz.storage.paths.log_dir", lambda: blocker / "logs")
    hook = ErrorDialogs(parent=lambda: window)
    error = raised(OSError("disk trouble"))
    hook(type(error), error, error.__traceback__)
    assert hook.dialog is not None
    assert "could not be written" in hook.dialog.informativeText()
    hook.dialog.close()


# --- icon, tabs, menus, help ---


def test_the_icon_is_found_and_drawable(qapp) -> None:  # type: ignore[no-untyped-def]
    svg, png = asset_path("icon.svg"), asset_path("icon.png")
    assert svg is not None and png is not None
    assert QSvgRenderer(str(svg)).isValid()
    image = QImage(str(png))
    assert image.width() == image.height() == 256
    assert not app_icon().isNull()
    assert asset_path("no-such-file.png") is None


def test_tabs_menus_and_help_list_the_new_screens(window: MainWindow) -> None:
    names = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert names[:4] == ["Study", "Exam", "Browse", "Statistics"]
    assert all(
        window.tabs.tabToolTip(window.tabs.indexOf(w)) for w in (window.browse, window.stats)
    )
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    settings = [a for a in menus["Tools"].actions() if a.text() == "&Settings…"]
    assert settings and settings[0].shortcut().toString() == "Ctrl+,"
    for keys in ("Ctrl+J", "Ctrl+F", "Ctrl+Alt+N", "Ctrl+Shift+I", "Ctrl+,", "F1"):
        assert f"<b>{keys}</b>" in SHORTCUTS_HELP


def test_the_status_bar_shows_the_due_count(window: MainWindow) -> None:
    window.start()
    assert "cards waiting today" in window.due_label.text()


# --- screenshots ---


@pytest.mark.slow
def test_the_screenshot_script_renders_every_screen(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DLQUIZ_DB", None)
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "screenshots.py"), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    screens = (
        "decks",
        "study-question",
        "study-feedback",
        "exam",
        "browse",
        "statistics",
        "settings",
    )
    for theme in ("light", "dark"):
        for screen in screens:
            image = QImage(str(tmp_path / f"{screen}-{theme}.png"))
            assert not image.isNull(), (screen, theme)
        window_shot = QImage(str(tmp_path / f"browse-{theme}.png"))
        assert (window_shot.width(), window_shot.height()) == (1024, 700)
    wide = QImage(str(tmp_path / "study-wide-light.png"))
    assert (wide.width(), wide.height()) == (1920, 1080)
    light = QImage(str(tmp_path / "statistics-light.png")).pixelColor(5, 300)
    dark = QImage(str(tmp_path / "statistics-dark.png")).pixelColor(5, 300)
    assert light.lightness() > 128 > dark.lightness()


def test_f1_opens_help_that_lists_every_menu_key_and_fits_a_small_screen(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication, QMenu

    from dlquiz.gui.shortcuts_help import ShortcutsDialog

    window.resize(1024, 700)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ShortcutsDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.browser)  # PgDn scrolls at once
    text = dialog.browser.toHtml()
    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and action.isVisible():
                assert keys in text, f"{action.text()} ({keys}) is not in the help"
    screen = window.screen().availableGeometry()
    assert dialog.height() <= screen.height()
    qtbot.keyClick(dialog.browser, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
