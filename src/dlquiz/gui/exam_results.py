"""The exam's results page: score, sections, the review of every question, history."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.exam import ExamResult, format_countdown
from dlquiz.core.wording import count
from dlquiz.gui.card_media import Fetch
from dlquiz.gui.exam_review import ExamReviewPane, Lookup
from dlquiz.storage.exams_store import HistoryEntry


def results_table(name: str, headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab goes on to the review; arrows move in the table
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    # Every column as wide as its text (never "8…"); the first takes what is left.
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    # A long section name wraps onto more lines of its row rather than end in "The …".
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def fill_rows(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


class ExamResultsPage(QWidget):
    """Shows one marked exam; ``new_exam`` and ``retake`` lead back to the setup."""

    new_exam = Signal()
    retake = Signal()

    def __init__(self, lookup: Lookup, fetch: Fetch, parent: QWidget | None = None) -> None:
        """``lookup`` finds a reviewed question, ``fetch`` its deck's pictures."""
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 12)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setAccessibleName("Note")
        self.score_label = QLabel()
        self.score_label.setObjectName("prompt")
        self.score_label.setAccessibleName("Score")
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        for label in (self.note_label, self.score_label, self.detail_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            outer.addWidget(label)
        self.sections = results_table(
            "Score by chapter section", ("Section", "Questions", "Correct", "Points", "Score")
        )
        self.review = ExamReviewPane(lookup, fetch)
        self.review.setMinimumHeight(160)
        self.history = results_table("Exam history", ("Started", "Score", "Result", "Answered"))
        self.trend_label = QLabel()
        self.trend_label.setAccessibleName("Score trend")
        self.trend_label.setWordWrap(True)
        outer.addWidget(self._split(), 1)
        row = QHBoxLayout()
        again = QPushButton("&New exam")
        again.setToolTip("The same number of questions, a new seed")
        again.clicked.connect(self.new_exam)
        self.new_button = again
        same = QPushButton("&Retake this exam (same seed)")
        same.clicked.connect(self.retake)
        for button in (again, same):
            button.setAutoDefault(True)  # Enter presses the focused button, as in a dialog
            row.addWidget(button)
        row.addStretch(1)
        outer.addLayout(row)
        # Tab as the page reads: the left column top to bottom, the review, the buttons
        # (the order of creation put the review between the two tables).
        chain = (self.sections, self.history, self.review, again, same)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.retake_button = same

    def _split(self) -> QSplitter:
        """The review beside the tables, so each keeps a useful height even at 1024×700."""
        tables = QWidget()

        left = QVBoxLayout(tables)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(QLabel("By section:"))
        left.addWidget(self.sections, 1)
        left.addWidget(QLabel("Your exams:"))
        left.addWidget(self.history, 1)
        left.addWidget(self.trend_label)
        reviewed = QWidget()
        right = QVBoxLayout(reviewed)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel("Review of every question:"))
        right.addWidget(self.review, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(tables)
        split.addWidget(reviewed)
        # Halves: at 1024 pixels two fifths left the section names three lines tall.
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        return split

    def show_result(
        self, result: ExamResult, history: Sequence[HistoryEntry], *, note: str = ""
    ) -> None:
        """Fill the page from a marked exam and the finished exams so far."""
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))
        verdict = "✓ Passed" if result.passed else "✗ Not passed"
        self.score_label.setText(
            f"Score {result.score:.0%} — {verdict} (pass mark {result.pass_mark:.0%})"
        )
        details = [
            f"{result.points:.1f} of {result.max_points} points · "
            f"{result.correct} correct, {result.partial} partly right, "
            f"{result.incorrect} wrong, {result.unanswered} not answered.",
            f"Time used {format_countdown(result.time_used_s)} of "
            f"{format_countdown(result.time_limit_s)}"
            + (" (submitted automatically when time ran out)." if result.auto_submitted else "."),
        ]
        if result.missing_ids:
            gone = len(result.missing_ids)
            details.append(
                f"{count(gone, 'question')} left {'its' if gone == 1 else 'their'} "
                f"deck before marking and {'does' if gone == 1 else 'do'} not count."
            )
        self.detail_label.setText("\n".join(details))
        fill_rows(
            self.sections,
            [
                (
                    t.topic or "(no section)",
                    str(t.questions),
                    str(t.correct),
                    f"{t.points:.1f}",
                    f"{t.share:.0%}",
                )
                for t in result.topics
            ],
        )
        self.review.show_items(result.items)
        self.show_history(history)

    def show_history(self, history: Sequence[HistoryEntry]) -> None:
        rows = [
            (
                entry.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                f"{entry.score:.0%}",
                "✓ passed" if entry.passed else "✗ not passed",
                f"{entry.answered}/{entry.questions}",
            )
            for entry in reversed(history)  # newest first
        ]
        fill_rows(self.history, rows)
        scores = [f"{entry.score:.0%}" for entry in history[-12:]]
        self.trend_label.setText(
            "Score trend, oldest to newest: " + " → ".join(scores) if scores else ""
        )
        self.trend_label.setTextFormat(Qt.TextFormat.PlainText)
