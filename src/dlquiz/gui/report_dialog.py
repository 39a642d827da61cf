"""Report a problem: the learner marks the question on screen as wrong or unclear.

Opened from the study feedback step (key R or the button).  Accepting stores
the report and suspends the card through :func:`dlquiz.storage.reports.report_problem`.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.reports import NOTE_LIMIT, REASON_LABELS, ReportReason


class ReportDialog(QDialog):
    """Asks why the question is doubtful, with an optional note."""

    def __init__(self, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Report a problem")
        layout = QVBoxLayout(self)
        shown = QLabel(prompt)
        shown.setWordWrap(True)
        layout.addWidget(shown)
        self.reasons = QButtonGroup(self)
        self.buttons_by_reason: dict[ReportReason, QRadioButton] = {}
        for reason in ReportReason:
            button = QRadioButton(REASON_LABELS[reason])
            button.setAccessibleName(REASON_LABELS[reason].replace("&", ""))
            self.reasons.addButton(button)
            self.buttons_by_reason[reason] = button
            layout.addWidget(button)
        self.buttons_by_reason[ReportReason.WRONG].setChecked(True)
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_LIMIT)
        self.note.setPlaceholderText("What is wrong? (optional)")
        self.note.setAccessibleName("Note for the deck's author")
        layout.addWidget(self.note)
        hint = QLabel("The question is suspended until you unsuspend it in Browse.")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Report")
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.note.setFocus()

    def reason(self) -> ReportReason:
        for reason, button in self.buttons_by_reason.items():
            if button.isChecked():
                return reason
        return ReportReason.WRONG
