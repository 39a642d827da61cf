"""The settings dialog: study, exam and appearance settings, stored in the collection.

Changes apply when OK is pressed: they are validated, saved in one
transaction, and the theme and font size change at once.  A setting the
rules refuse is explained in the dialog, which then stays open.
"""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.settings import THEMES, Settings
from dlquiz.gui.forms import fit_to_screen, scrolling_body
from dlquiz.gui.style import apply_theme, system_point_size
from dlquiz.storage.collection import Collection

FONT_SYSTEM = 5  # the box's lowest value stands for "System" (stored as 0)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_STEP = re.compile(r"^(\d+(?:\.\d+)?)([smhd]?)$")


def parse_steps(text: str, *, what: str) -> tuple[int, ...]:
    """Read steps such as "1m 10m 1h" (a bare number means minutes) into seconds.

    Raises:
        ValueError: naming the piece that is not a duration.
    """
    steps = []
    for token in text.replace(",", " ").split():
        match = _STEP.match(token.lower())
        if match is None:
            raise ValueError(f"{what}: “{token}” is not a duration; write steps like 1m 10m 1h")
        seconds = round(float(match.group(1)) * _UNITS[match.group(2) or "m"])
        if seconds <= 0:
            raise ValueError(f"{what}: “{token}” is not a positive duration")
        steps.append(seconds)
    if not steps:
        raise ValueError(f"{what}: give at least one step, such as 10m")
    return tuple(steps)


def format_steps(seconds: tuple[int, ...]) -> str:
    """The inverse of :func:`parse_steps`, in the largest whole unit of each step."""
    out = []
    for value in seconds:
        for unit in ("d", "h", "m", "s"):
            if value % _UNITS[unit] == 0:
                out.append(f"{value // _UNITS[unit]}{unit}")
                break
    return " ".join(out)


def _spin(low: int, high: int, *, name: str, tip: str, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSuffix(suffix)
    box.setAccessibleName(name)
    box.setToolTip(tip)
    return box


class FontSizeBox(QSpinBox):
    """Points from 6 to 40, with "System" below them; a step from System starts at the
    system's own size (not at 6), so Up makes the text a little larger, as expected."""

    def __init__(self) -> None:
        super().__init__()
        self.setRange(FONT_SYSTEM, 40)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 - Qt API
        if self.value() == FONT_SYSTEM:  # Down from System means smaller than the system's
            return (
                QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
                | QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
            )
        return super().stepEnabled()

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt API
        if self.value() == FONT_SYSTEM:
            self.setValue(max(FONT_SYSTEM + 1, min(40, system_point_size() + steps)))
        else:
            super().stepBy(steps)


class SettingsDialog(QDialog):
    """Edits the collection's :class:`Settings`."""

    applied = Signal(object)  # the saved Settings
    parameters_changed = Signal()  # the FSRS parameters in use changed (Scheduling)

    def __init__(self, collection: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.collection = collection
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        outer = QVBoxLayout(self)
        layout = scrolling_body(outer)
        layout.addWidget(self._study_group())
        from dlquiz.gui.scheduling_settings import SchedulingPanel

        self.scheduling = SchedulingPanel(collection, self)
        self.scheduling.parameters_changed.connect(self.parameters_changed)
        self.finished.connect(lambda _code: self.scheduling.shutdown())
        layout.addWidget(self.scheduling)
        layout.addWidget(self._exam_group())
        layout.addWidget(self._look_group())
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setObjectName("error")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setAccessibleName("Problem with the settings")
        self.error_label.hide()
        outer.addWidget(self.error_label)  # beside the buttons: seen when OK is refused
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        defaults = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.setToolTip("Put every field back to dlquiz's defaults (saved only on OK)")
        defaults.clicked.connect(lambda: self.load(Settings()))
        outer.addWidget(self.buttons)
        self.load(collection.settings())
        fit_to_screen(self, layout)

    # --- layout ---

    def _study_group(self) -> QGroupBox:
        group = QGroupBox("Study")
        form = QFormLayout(group)
        self.retention = _spin(
            70,
            99,
            name="Desired retention in percent",
            tip="The chance of recall FSRS aims for at each review; higher means more reviews",
            suffix=" %",
        )
        self.new_per_day = _spin(
            0,
            9999,
            name="New cards per day in each deck",
            tip="How many new cards each deck brings a day, unless the deck has its own "
            "limit (File > Decks…)",
        )
        self.new_per_day_total = _spin(
            0,
            9999,
            name="New cards per day in all decks together",
            tip="A cap over every deck's new cards of the day",
        )
        self.day_start = _spin(
            0,
            23,
            name="Hour the study day starts",
            tip="Answers before this hour count for the day before (04:00 like Anki)",
            suffix=":00",
        )
        self.learning_steps = QLineEdit()
        self.learning_steps.setAccessibleName("Learning steps")
        self.learning_steps.setToolTip("Waits between first answers to a new card, e.g. 1m 10m")
        self.relearning_steps = QLineEdit()
        self.relearning_steps.setAccessibleName("Relearning steps")
        self.relearning_steps.setToolTip("Waits after forgetting a learned card, e.g. 10m")
        self.max_interval = _spin(
            1,
            36500,
            name="Maximum interval in days",
            tip="No review is put off longer than this",
            suffix=" days",
        )
        form.addRow("Desired &retention:", self.retention)
        form.addRow("&New cards per day, each deck:", self.new_per_day)
        form.addRow("New cards per day, &all decks:", self.new_per_day_total)
        form.addRow("Study day &starts at:", self.day_start)
        form.addRow("&Learning steps:", self.learning_steps)
        form.addRow("R&elearning steps:", self.relearning_steps)
        form.addRow("&Maximum interval:", self.max_interval)
        self.bury_siblings = QCheckBox("&Bury siblings until the next day")
        self.bury_siblings.setAccessibleName("Bury siblings until the next day")
        self.bury_siblings.setToolTip(
            "Once a question is answered, others on the same fact or note, or that would"
            " give its answer away, wait until tomorrow (also kept apart in exams)"
        )
        form.addRow("", self.bury_siblings)
        return group

    def _exam_group(self) -> QGroupBox:
        group = QGroupBox("Exam defaults")
        form = QFormLayout(group)
        self.exam_questions = _spin(
            1, 500, name="Questions per exam", tip="How many questions a new exam draws"
        )
        self.exam_seconds = _spin(
            5,
            3600,
            name="Seconds per question",
            tip="The automatic time limit is this many seconds per question",
            suffix=" s",
        )
        self.pass_mark = _spin(
            1, 100, name="Pass mark in percent", tip="The score needed to pass", suffix=" %"
        )
        form.addRow("&Questions:", self.exam_questions)
        form.addRow("T&ime per question:", self.exam_seconds)
        form.addRow("&Pass mark:", self.pass_mark)
        return group

    def _look_group(self) -> QGroupBox:
        group = QGroupBox("Appearance")
        form = QFormLayout(group)
        self.theme = QComboBox()
        for theme in THEMES:
            self.theme.addItem(theme.capitalize(), theme)
        self.theme.setAccessibleName("Theme")
        self.theme.setToolTip("Follow the system, or always light or always dark")
        self.font_size = FontSizeBox()
        self.font_size.setAccessibleName("Font size in points")
        self.font_size.setToolTip("Text size; System uses your desktop's size")
        self.font_size.setSpecialValueText("System")  # shown at the minimum, which means 0
        self.font_size.setSuffix(" pt")
        form.addRow("&Theme:", self.theme)
        form.addRow("&Font size:", self.font_size)
        return group

    # --- values ---

    def load(self, settings: Settings) -> None:
        """Show ``settings`` in the fields."""
        self.retention.setValue(round(settings.desired_retention * 100))
        self.new_per_day.setValue(settings.new_per_day)
        self.new_per_day_total.setValue(settings.new_per_day_total)
        self.day_start.setValue(settings.day_start_hour)
        self.learning_steps.setText(format_steps(settings.learning_steps_s))
        self.relearning_steps.setText(format_steps(settings.relearning_steps_s))
        self.max_interval.setValue(settings.maximum_interval_days)
        self.bury_siblings.setChecked(settings.bury_siblings)
        self.exam_questions.setValue(settings.exam_questions)
        self.exam_seconds.setValue(settings.exam_seconds_per_question)
        self.pass_mark.setValue(round(settings.exam_pass_mark * 100))
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.font_size.setValue(settings.font_size or self.font_size.minimum())
        self.scheduling.reschedule.setChecked(settings.reschedule_on_change)
        self.show_error("")

    def chosen(self) -> Settings:
        """The settings the fields describe; ValueError says which one is not allowed."""
        font = self.font_size.value()
        chosen = replace(
            self.collection.settings(),
            desired_retention=self.retention.value() / 100,
            new_per_day=self.new_per_day.value(),
            new_per_day_total=self.new_per_day_total.value(),
            day_start_hour=self.day_start.value(),
            learning_steps_s=parse_steps(self.learning_steps.text(), what="Learning steps"),
            relearning_steps_s=parse_steps(self.relearning_steps.text(), what="Relearning steps"),
            maximum_interval_days=self.max_interval.value(),
            bury_siblings=self.bury_siblings.isChecked(),
            exam_questions=self.exam_questions.value(),
            exam_seconds_per_question=self.exam_seconds.value(),
            exam_pass_mark=self.pass_mark.value() / 100,
            theme=str(self.theme.currentData()),
            font_size=0 if font == self.font_size.minimum() else font,
            reschedule_on_change=self.scheduling.reschedule.isChecked(),
        )
        chosen.validate()
        return chosen

    def show_error(self, message: str) -> None:
        self.error_label.setText(f"⚠ {message}" if message else "")
        self.error_label.setVisible(bool(message))

    def apply(self) -> bool:
        """Validate, save and apply; the dialog closes only when all is well."""
        try:
            settings = self.chosen()
        except ValueError as error:
            message = str(error)
            self.show_error(message[:1].upper() + message[1:])
            return False
        self.collection.save_settings(settings)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme=settings.theme, font_size=settings.font_size)
        self.applied.emit(settings)
        self.accept()
        return True
