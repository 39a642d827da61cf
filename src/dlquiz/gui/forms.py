"""Small form helpers shared by the views."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label whose ``&`` mnemonic (Alt+letter) moves the focus to ``buddy``.

    Screen readers also read the label as the buddy's name.
    """
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
