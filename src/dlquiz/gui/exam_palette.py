"""The exam's question palette: one numbered button per question, with its state.

State is shown by symbol and by words (tooltip and accessible name), never by
colour alone: ✓ answered, – unanswered, ⚑ flagged; the current question is
checked and bold.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from dlquiz.core.exam import ExamAttempt

COLUMNS = 10
ANSWERED, UNANSWERED, FLAGGED = "✓", "–", "⚑"
LEGEND = f"{ANSWERED} answered   {UNANSWERED} unanswered   {FLAGGED} flagged for review"


def palette_text(number: int, *, answered: bool, flagged: bool) -> str:
    """The button text, e.g. "3 ✓⚑"."""
    return f"{number} {ANSWERED if answered else UNANSWERED}{FLAGGED if flagged else ''}"


def palette_description(number: int, *, answered: bool, flagged: bool, current: bool) -> str:
    """The state in words, for screen readers and tooltips."""
    parts = [f"Question {number}", "answered" if answered else "unanswered"]
    if flagged:
        parts.append("flagged for review")
    if current:
        parts.append("current")
    return ", ".join(parts)


class QuestionPalette(QWidget):
    """Numbered buttons; ``chosen`` gives the 0-based index of the one clicked."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Question palette")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._grid = QGridLayout()
        self._grid.setSpacing(4)
        outer.addLayout(self._grid)
        legend = QLabel(LEGEND)
        legend.setObjectName("hint")
        outer.addWidget(legend)
        self.buttons: list[QToolButton] = []

    def set_count(self, count: int) -> None:
        """Make ``count`` buttons, replacing any from an earlier exam."""
        for button in self.buttons:
            self._grid.removeWidget(button)
            button.setParent(None)
            button.deleteLater()
        self.buttons = []
        for index in range(count):
            button = QToolButton()
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.clicked.connect(lambda _=False, i=index: self.chosen.emit(i))
            self._grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons.append(button)

    def update_from(self, attempt: ExamAttempt) -> None:
        """Show every question's state as saved in ``attempt``."""
        if len(self.buttons) != len(attempt.question_ids):
            self.set_count(len(attempt.question_ids))
        for index, (qid, button) in enumerate(zip(attempt.question_ids, self.buttons, strict=True)):
            answered, flagged = attempt.is_answered(qid), qid in attempt.flags
            current = index == attempt.current
            button.setText(palette_text(index + 1, answered=answered, flagged=flagged))
            words = palette_description(
                index + 1, answered=answered, flagged=flagged, current=current
            )
            button.setToolTip(words)
            button.setAccessibleName(words)
            button.setChecked(current)
            font = button.font()
            font.setBold(current)
            button.setFont(font)
