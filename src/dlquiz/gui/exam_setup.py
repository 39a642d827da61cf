"""The exam's setup page: what to ask, how many, how long, and the seed."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.exam import AUTO_GRADED_TYPES, ExamSettings
from dlquiz.core.model import QuestionType
from dlquiz.core.settings import Settings

SEED_RANGE = 1_000_000  # short enough to note down and type again
TYPE_NAMES = {
    QuestionType.TYPED: "Typed answer",
    QuestionType.MULTIPLE_CHOICE: "Multiple choice",
    QuestionType.TRUE_FALSE: "True or false",
    QuestionType.ORDERING: "Put in order",
    QuestionType.MATCHING: "Matching",
    QuestionType.LIST: "Name every item of a list",
    QuestionType.CLOZE: "Fill in the blank",
}


def _check_list(name: str) -> QListWidget:
    box = QListWidget()
    box.setAccessibleName(name)
    box.setMinimumHeight(90)  # the lists share the room the window has; no fixed cap
    # Long deck and section names wrap onto a second line rather than hide behind a
    # sideways scroll bar, which a keyboard user cannot even reach.  A name with no
    # space to wrap at ("my_deck__2024__math") loses its middle, not its end, which is
    # what tells such names apart; the tool tip holds it whole.
    box.setWordWrap(True)
    box.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    box.setResizeMode(QListWidget.ResizeMode.Adjust)
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return box


def _fill(box: QListWidget, entries: Sequence[tuple[str, object]]) -> None:
    box.clear()
    for text, data in entries:
        item = QListWidgetItem(text)
        item.setToolTip(text)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        box.addItem(item)


def checked(box: QListWidget) -> list[object]:
    """The data of the ticked rows, in list order."""
    return [
        box.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(box.count())
        if box.item(i).checkState() == Qt.CheckState.Checked
    ]


class ExamSetupPage(QWidget):
    """Chooses the exam; ``start_requested`` fires on Start."""

    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 12)
        title = QLabel("Timed exam")
        title.setObjectName("prompt")
        outer.addWidget(title)
        outer.addWidget(
            QLabel(
                "Answers are kept without feedback until you submit; the time keeps "
                "running if you close dlquiz."
            )
        )
        lists = QHBoxLayout()
        self.decks = _check_list("Decks in the exam")
        self.topics = _check_list("Chapter sections in the exam")
        self.types = _check_list("Question types in the exam")
        # Shares of the width by what the lists hold: section names are the longest,
        # the question types shorter, the deck names wrap.
        for caption, box, share in (
            ("Decks", self.decks, 3),
            ("Sections", self.topics, 5),
            ("Question types", self.types, 3),
        ):
            group = QGroupBox(caption)
            QVBoxLayout(group).addWidget(box)
            lists.addWidget(group, share)
        outer.addLayout(lists, 1)
        _fill(self.types, [(TYPE_NAMES[t], t.value) for t in AUTO_GRADED_TYPES])
        outer.addLayout(self._numbers())
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setAccessibleName("Setup problem")
        outer.addWidget(self.error_label)
        self.start_button = QPushButton("Sta&rt exam")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_requested)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.new_seed()

    def _numbers(self) -> QFormLayout:
        form = QFormLayout()
        self.questions = QSpinBox()
        self.questions.setRange(1, 500)
        self.questions.setAccessibleName("Number of questions")
        self.time_limit = QSpinBox()
        self.time_limit.setRange(0, 24 * 60)
        self.time_limit.setSuffix(" min")
        self.time_limit.setAccessibleName("Time limit in minutes, 0 for automatic")
        self.pass_mark = QSpinBox()
        self.pass_mark.setRange(0, 100)
        self.pass_mark.setSuffix(" %")
        self.pass_mark.setAccessibleName("Pass mark in percent")
        self.seed = QLineEdit()
        self.seed.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,18}")))
        self.seed.setAccessibleName("Seed; the same seed and settings give the same exam")
        new_seed = QPushButton("Ne&w seed")
        new_seed.clicked.connect(self.new_seed)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(new_seed)
        form.addRow("&Questions:", self.questions)
        form.addRow("Time &limit:", self.time_limit)
        form.addRow("&Pass mark:", self.pass_mark)
        form.addRow("Seed:", seed_row)
        return form

    def populate(
        self, decks: Sequence[tuple[str, str]], topics: Sequence[str], defaults: Settings
    ) -> None:
        """Fill the lists (everything ticked) and the learner's default numbers."""
        _fill(self.decks, [(name, deck_id) for deck_id, name in decks])
        _fill(self.topics, [(topic, topic) for topic in topics])
        self.questions.setValue(defaults.exam_questions)
        per_question = defaults.exam_seconds_per_question
        self.time_limit.setSpecialValueText(
            f"Automatic: {per_question // 60}:{per_question % 60:02d} per question"
        )
        self.time_limit.setValue(0)
        self.pass_mark.setValue(round(defaults.exam_pass_mark * 100))
        self.error_label.clear()

    def new_seed(self) -> None:
        self.seed.setText(str(secrets.randbelow(SEED_RANGE)))

    def deck_ids(self) -> list[str]:
        return [str(d) for d in checked(self.decks)]

    def settings(self) -> ExamSettings:
        """The chosen settings.

        Raises:
            ValueError: nothing ticked in a list, or a value the exam rules refuse.
        """
        for box, what in (
            (self.decks, "deck"),
            (self.topics, "section"),
            (self.types, "question type"),
        ):
            if box.count() and not checked(box):
                raise ValueError(f"tick at least one {what}")
        every_topic = len(checked(self.topics)) == self.topics.count()
        seed_text = self.seed.text().strip()
        if not seed_text:
            self.new_seed()
            seed_text = self.seed.text()
        minutes = self.time_limit.value()
        return ExamSettings(
            decks=tuple(self.deck_ids()),
            topics=() if every_topic else tuple(str(t) for t in checked(self.topics)),
            questions=self.questions.value(),
            types=tuple(QuestionType(str(t)) for t in checked(self.types)),
            time_limit_s=minutes * 60 if minutes else None,
            pass_mark=self.pass_mark.value() / 100,
            seed=int(seed_text),
        )

    def show_problem(self, text: str) -> None:
        self.error_label.setText(f"⚠ {text}")

    def load(self, settings: ExamSettings) -> None:
        """Show the settings of an earlier exam, to retake it exactly."""
        self.questions.setValue(settings.questions)
        self.pass_mark.setValue(round(settings.pass_mark * 100))
        self.seed.setText(str(settings.seed))
        for box, chosen in (
            (self.decks, settings.decks),
            (self.topics, settings.topics),
            (self.types, tuple(t.value for t in settings.types)),
        ):
            for i in range(box.count()):
                item = box.item(i)
                on = not chosen or item.data(Qt.ItemDataRole.UserRole) in chosen
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        limit = settings.time_limit_s
        self.time_limit.setValue(0 if limit is None else max(1, round(limit / 60)))
