"""Small form helpers shared by the views."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label whose ``&`` mnemonic (Alt+letter) moves the focus to ``buddy``.

    Screen readers also read the label as the buddy's name.
    """
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def question_labels() -> tuple[QLabel, QLabel]:
    """The section line and the prompt of a question on screen (Study and Exam alike).

    Both show deck text, so as plain text, never as HTML.
    """
    topic = QLabel()
    topic.setObjectName("topic")
    topic.setTextFormat(Qt.TextFormat.PlainText)
    prompt = QLabel()
    prompt.setObjectName("prompt")
    prompt.setWordWrap(True)
    prompt.setTextFormat(Qt.TextFormat.PlainText)
    prompt.setAccessibleName("Question")
    return topic, prompt
