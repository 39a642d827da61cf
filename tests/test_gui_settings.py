"""The settings dialog: a round trip through the database, validation, and applying at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QWidget,
)

from dlquiz.core.clock import FakeClock
from dlquiz.core.settings import Settings
from dlquiz.gui.main_window import MainWindow
from dlquiz.gui.settings_dialog import SettingsDialog, format_steps, parse_steps
from dlquiz.gui.style import is_dark
from dlquiz.storage.bank import QuestionBank
from tests.gui_keys import press
from tests.helpers import open_test_collection


@pytest.fixture
def app_look(qapp: QApplication) -> Iterator[QApplication]:
    """Put the application's palette, style and font back after the dialog changed them."""
    palette, sheet, font = qapp.palette(), qapp.styleSheet(), qapp.font()
    style = qapp.style().name()
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


@pytest.fixture
def window(qtbot, tmp_path: Path, app_look: QApplication) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    collection = open_test_collection(
        tmp_path / "c.dlquiz", FakeClock(datetime(2026, 3, 2, 12, tzinfo=UTC))
    )
    win = MainWindow(collection, QuestionBank(collection))
    win.service.zone = UTC
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.start()
    yield win
    if not collection.closed:
        collection.close(backup=False)


def ok(dialog: SettingsDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_settings_round_trip_and_apply_at_once(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    app_look: QApplication,
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SettingsDialog)
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    dialog.retention.setValue(85)
    dialog.new_per_day.setValue(3)
    dialog.new_per_day_total.setValue(50)
    dialog.day_start.setValue(5)
    dialog.learning_steps.setText("2m 15m 1h")
    dialog.relearning_steps.setText("5")  # a bare number means minutes
    dialog.max_interval.setValue(365)
    assert dialog.bury_siblings.isChecked()  # on by default, as in Anki
    dialog.bury_siblings.setChecked(False)
    dialog.exam_questions.setValue(30)
    dialog.exam_seconds.setValue(45)
    dialog.pass_mark.setValue(80)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.font_size.setValue(13)
    ok(dialog)
    assert not dialog.isVisible()
    expected = Settings(
        desired_retention=0.85,
        new_per_day=3,
        new_per_day_total=50,
        day_start_hour=5,
        learning_steps_s=(120, 900, 3600),
        relearning_steps_s=(300,),
        maximum_interval_days=365,
        bury_siblings=False,
        exam_questions=30,
        exam_seconds_per_question=45,
        exam_pass_mark=0.80,
        theme="dark",
        font_size=13,
        welcome_done=window.collection.settings().welcome_done,
    )
    assert window.collection.settings() == expected
    # Applied at once: theme, font, the scheduler, the new-card limit and exam defaults.
    assert is_dark() and app_look.font().pointSize() == 13
    assert window.service.scheduler.settings.desired_retention == 0.85
    assert window.service.scheduler.settings.learning_steps_s == (120, 900, 3600)
    assert window.service.counts().new == 3
    assert "New <b>3</b>" in window.study.counts_label.text()
    assert window.exam.setup_page.questions.value() == 30
    # Stored in the database: a fresh open reads the same settings.
    path = window.collection.path
    window.close()
    reopened = open_test_collection(path)
    try:
        assert reopened.settings() == expected
    finally:
        reopened.close(backup=False)


def test_a_refused_value_is_explained_and_nothing_is_saved(window: MainWindow) -> None:
    before = window.collection.settings()
    dialog = window.open_settings()
    dialog.learning_steps.setText("1m soon")
    ok(dialog)
    assert dialog.isVisible()  # stays open to be corrected
    assert dialog.error_label.isVisible()
    assert "“soon” is not a duration" in dialog.error_label.text()
    assert dialog.error_label.text().startswith("⚠ Learning steps")  # a symbol, not colour alone
    assert window.collection.settings() == before
    dialog.learning_steps.setText("1m 10m")
    ok(dialog)
    assert not dialog.isVisible() and not dialog.error_label.isVisible()


def test_restore_defaults_and_cancel_change_nothing_stored(window: MainWindow) -> None:
    window.collection.save_settings(Settings(new_per_day=7, theme="light", font_size=12))
    dialog = window.open_settings()
    assert dialog.new_per_day.value() == 7 and dialog.font_size.value() == 12
    dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.new_per_day.value() == 20
    assert dialog.font_size.text() == "System"
    assert dialog.theme.currentData() == "system"
    dialog.reject()
    assert window.collection.settings().new_per_day == 7
    dialog = window.open_settings()
    dialog.font_size.setValue(dialog.font_size.minimum())
    ok(dialog)
    assert window.collection.settings().font_size == 0  # "System"


def test_every_field_has_a_name_and_a_tooltip(window: MainWindow) -> None:
    dialog = window.open_settings()
    fields = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, (QAbstractSpinBox, QComboBox, QLineEdit))
        and not isinstance(w.parent(), (QAbstractSpinBox, QComboBox))
    ]
    assert len(fields) == 12
    assert all(w.accessibleName() and w.toolTip() for w in fields)
    buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
    assert all(b.text() for b in buttons)
    dialog.reject()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1m 10m", (60, 600)), ("30s, 1h 2d", (30, 3600, 172800)), ("1.5", (90,)), ("10M", (600,))],
)
def test_steps_are_read_and_written_back(text: str, seconds: tuple[int, ...]) -> None:
    assert parse_steps(text, what="Steps") == seconds
    assert parse_steps(format_steps(seconds), what="Steps") == seconds


@pytest.mark.parametrize("text", ["", "ten", "-5m", "0m", "5w"])
def test_steps_that_are_not_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="Steps"):
        parse_steps(text, what="Steps")


def test_font_size_up_from_system_starts_at_the_system_size(window: MainWindow) -> None:
    from dlquiz.gui.style import system_point_size

    dialog = window.open_settings()
    box = dialog.font_size
    box.setValue(box.minimum())
    assert box.text() == "System"
    box.setFocus()
    press(Qt.Key.Key_Up)
    assert box.value() == system_point_size() + 1
    box.setValue(box.minimum())
    press(Qt.Key.Key_Down)
    assert box.value() == system_point_size() - 1
    press(Qt.Key.Key_Up)
    assert box.value() == system_point_size()
    dialog.done(0)


def test_a_mnemonic_scrolls_the_settings_to_its_field(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    from dlquiz.gui.forms import FocusFollowingScrollArea

    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SettingsDialog)
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.resize(dialog.width(), 420)  # as on a 1024x700 screen: the fields must scroll
    area = dialog.findChild(FocusFollowingScrollArea)
    assert area is not None
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    assert area.verticalScrollBar().value() == 0
    press("t", Qt.KeyboardModifier.AltModifier)  # "&Theme", at the bottom of the fields
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.theme)
    corner = dialog.theme.mapTo(area.viewport(), QPoint(0, dialog.theme.height() - 1))
    assert area.viewport().rect().contains(corner), "the focused field is out of sight"
    ok_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok_button.isVisible() and not ok_button.visibleRegion().isEmpty()
    dialog.reject()


def test_a_dialog_taller_than_the_screen_is_sized_to_the_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog, QLineEdit, QScrollArea, QVBoxLayout

    from dlquiz.gui.forms import fit_to_screen, scrolling_body

    dialog = QDialog()
    qtbot.addWidget(dialog)
    body = scrolling_body(QVBoxLayout(dialog))
    for _ in range(80):  # far taller than any screen the tests run on
        body.addWidget(QLineEdit())
    fit_to_screen(dialog, body)
    screen = dialog.screen().availableGeometry()
    assert dialog.height() <= screen.height() - 60
    few = QDialog()
    qtbot.addWidget(few)
    small = scrolling_body(QVBoxLayout(few))
    for _ in range(8):  # taller than a scroll area's smallest size, far shorter than the screen
        small.addWidget(QLineEdit())
    fit_to_screen(few, small)
    assert few.height() >= small.parentWidget().sizeHint().height()  # no needless scrolling
    few.show()
    area = small.parentWidget().parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    qtbot.waitUntil(few.isVisible)
    assert area.verticalScrollBar().maximum() == 0
    # ... and no empty band under the fields either.
    assert area.viewport().height() <= small.parentWidget().sizeHint().height() + 2


def mark_pixels(box: QWidget) -> int:
    """Pixels inside a check box's indicator that stand out from its fill: the tick."""
    from collections import Counter

    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    assert isinstance(box, QCheckBox)
    option = QStyleOptionButton()
    box.initStyleOption(option)
    inner = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    inner = inner.adjusted(3, 3, -3, -3)  # inside the 2-pixel border
    image = box.grab().toImage()
    ratio = image.devicePixelRatio()
    pixels = [
        QColor(image.pixel(round(x * ratio), round(y * ratio)))
        for x in range(inner.left(), inner.right() + 1)
        for y in range(inner.top(), inner.bottom() + 1)
    ]
    fill = Counter(p.rgb() for p in pixels).most_common(1)[0][0]
    base = QColor.fromRgb(fill)
    return sum(
        abs(p.red() - base.red()) + abs(p.green() - base.green()) + abs(p.blue() - base.blue())
        > 150
        for p in pixels
    )


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_a_checked_box_shows_a_tick(qtbot, window: MainWindow, theme: str) -> None:  # type: ignore[no-untyped-def]
    """The styled indicator drew a plain filled square when checked: no tick, in dark above all."""
    from dlquiz.gui.style import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme=theme, font_size=0)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SettingsDialog)
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    box = dialog.bury_siblings
    assert box.isChecked()
    press("b", Qt.KeyboardModifier.AltModifier)  # "&Bury siblings": focus and toggle
    qtbot.waitUntil(lambda: not box.isChecked())
    assert QApplication.focusWidget() is box
    assert mark_pixels(box) == 0  # unchecked: the indicator is empty
    press(Qt.Key.Key_Space)
    assert box.isChecked()
    assert mark_pixels(box) >= 6, "no tick inside the checked indicator"
    dialog.reject()
