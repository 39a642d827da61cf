"""The class report's tables: rows of cells, each shown as text and sorted by its value.

A cell is ``(text, key)``: the text is what the teacher reads (plain text; an
item view never renders markup), the key is what sorting compares, so "9%"
sorts below "10%" and "n/a" below every figure.  ``class_report_rows`` turns a
:class:`~dlquiz.sync.class_report.ClassReport` into the three tables the
view shows, in the column order of ``labels.CLASS_REPORT_COLUMNS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from dlquiz.core.labels import (
    NOT_AVAILABLE,
    discrimination_text,
    rating_label,
    share_text,
)

if TYPE_CHECKING:
    from dlquiz.sync.class_report import ClassReport

Cell = tuple[str, float | str]
Row = tuple[Cell, ...]
ModelIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole
_MISSING = float("-inf")  # "n/a" sorts first in ascending order


def _count(n: int) -> Cell:
    return (f"{n:,}", float(n))


def _share(share: float | None) -> Cell:
    return (share_text(share), _MISSING if share is None else share)


def _index(value: float | None) -> Cell:
    return (discrimination_text(value), _MISSING if value is None else value)


def _name(text: str) -> Cell:
    return (text, text.casefold())


def _mean_score(exams: list[dict[str, Any]]) -> float | None:
    scores = [float(e["score"]) for e in exams]
    return sum(scores) / len(scores) if scores else None


def class_report_rows(report: ClassReport) -> tuple[list[Row], list[Row], list[Row]]:
    """The learners', the per-question progress and the exam questions' tables."""
    learners: list[Row] = [
        (
            _name(str(row["learner"])),
            _count(int(row["questions_studied"])),
            _count(int(row["reviews"])),
            _share(row["correct_share"]),
            _count(len(row["exams"])),
            _share(_mean_score(row["exams"])),
        )
        for row in report.learners
    ]
    progress: list[Row] = [
        (
            _name(str(row["learner"])),
            _name(str(row["question_id"])),
            _count(int(row["reviews"])),
            _share(float(row["correct_share"])),
            (rating_label(int(row["last_rating"])), float(row["last_rating"])),
        )
        for row in report.progress
    ]
    questions: list[Row] = [
        (
            _name(str(row["question_id"])),
            _count(int(row["exam_attempts"])),
            _share(row["facility"]),
            _index(row["discrimination"]),
        )
        for row in report.questions
    ]
    return learners, progress, questions


class ReportTableModel(QAbstractTableModel):
    """One of the report's tables; read-only, replaced whole when the report is read again."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        super().__init__()
        self.columns = columns
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        text, key = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == SORT_ROLE:
            return key
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(key, float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and text == NOT_AVAILABLE:
            return "Not enough answers or attempts for this figure"
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None
