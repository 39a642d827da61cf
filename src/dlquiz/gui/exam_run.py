"""The layouts of the running exam and of the resume offer; the logic is in exam_view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dlquiz.gui.exam_palette import QuestionPalette
from dlquiz.gui.forms import question_labels

KEYS_HINT = (
    "Enter saves and goes on · Alt+→ / PgDn next · Alt+← / PgUp previous · "
    "Ctrl+F flag · Ctrl+T time left"
)


class ExamRunPage(QWidget):
    """Countdown, question, answer input, navigation, flag, palette and submit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 12)
        top = QHBoxLayout()
        self.position_label = QLabel()
        self.position_label.setAccessibleName("Question number")
        self.countdown_label = QLabel()
        self.countdown_label.setObjectName("countdown")
        # A fixed name, and no live region: screen readers must not hear every second.
        self.countdown_label.setAccessibleName("Time left")
        self.countdown_label.setAccessibleDescription("Press Ctrl+T to hear the time left")
        self.countdown_label.setToolTip("Time left · Ctrl+T says it")
        top.addWidget(self.position_label)
        top.addStretch(1)
        top.addWidget(self.countdown_label)
        outer.addLayout(top)
        self.info_label = QLabel()
        self.info_label.setObjectName("hint")
        self.info_label.setWordWrap(True)
        self.info_label.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.info_label)
        self.topic_label, self.prompt_label = question_labels()
        outer.addWidget(self.topic_label)
        outer.addWidget(self.prompt_label)
        # The question's pictures and sounds (an imported card's front may be only a picture).
        self.media_holder = QVBoxLayout()
        outer.addLayout(self.media_holder)
        self.answer_holder = QVBoxLayout()
        outer.addLayout(self.answer_holder)
        outer.addLayout(self._buttons())
        self.question_palette = QuestionPalette()
        outer.addWidget(self.question_palette)
        hint = QLabel(KEYS_HINT)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        outer.addWidget(hint)
        outer.addStretch(1)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.previous_button = QPushButton("← &Previous")
        self.previous_button.setToolTip("Alt+Left or Page Up")
        self.next_button = QPushButton("&Next →")
        self.next_button.setToolTip("Alt+Right or Page Down")
        self.flag_button = QPushButton("⚑ Fla&g for review")
        self.flag_button.setCheckable(True)
        self.flag_button.setToolTip("Ctrl+F")
        self.clear_button = QPushButton("C&lear answer")
        self.submit_button = QPushButton("S&ubmit exam…")
        for button in (self.previous_button, self.next_button, self.flag_button, self.clear_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.submit_button)
        return row

    def set_locked(self, locked: bool) -> None:
        """After submission nothing can change; navigation is left to the review."""
        for button in (self.flag_button, self.clear_button, self.submit_button):
            button.setEnabled(not locked)


class ResumePage(QWidget):
    """The offer shown when dlquiz opens with an exam still running."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        title = QLabel("Unfinished exam")
        title.setObjectName("prompt")
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setAccessibleName("Unfinished exam")
        self.resume_button = QPushButton("&Resume the exam")
        self.submit_button = QPushButton("Submit it &now")
        for button in (self.resume_button, self.submit_button):
            button.setAutoDefault(True)  # Enter presses the focused button
        row = QHBoxLayout()
        row.addWidget(self.resume_button)
        row.addWidget(self.submit_button)
        row.addStretch(1)
        outer.addWidget(title)
        outer.addWidget(self.text_label)
        outer.addLayout(row)
        outer.addStretch(1)
