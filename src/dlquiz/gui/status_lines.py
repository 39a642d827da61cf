"""The status bar's two lines: the due count on the left, the sync state on the right.

Both are :class:`ElidedLabel` s, so at 1024 pixels they shorten rather than
overlap; the due count is short and keeps its width, a long sync reason gives
way first.  A passing message (``showMessage``, e.g. "Exam submitted.") hides
the due count for a while and is drawn left of the sync line, so the sync line
is held to the room the message leaves.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QStatusBar

from dlquiz.gui.elided_label import ElidedLabel

DUE_MIN_CHARS = 48  # "120 cards waiting today · collection.sqlite" stays whole
MESSAGE_GAP = 48  # pixels for the margins, the size grip and a gap before the sync line
LINE_GAP = 24  # pixels kept free between the due count and a long sync line
NO_LIMIT = (1 << 24) - 1  # Qt's QWIDGETSIZE_MAX, which PySide6 does not export


class StatusLines(QObject):
    """Owns the labels of one window's status bar."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self.due = ElidedLabel(min_chars=DUE_MIN_CHARS)
        self.sync = ElidedLabel()
        self.sync.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.sync.setContentsMargins(LINE_GAP, 0, 0, 0)  # a long line never touches the count
        bar.addWidget(self.due, 1)
        bar.addPermanentWidget(self.sync)
        bar.messageChanged.connect(self._message_changed)

    def _message_changed(self, message: str) -> None:
        if not message:
            self.sync.setMaximumWidth(NO_LIMIT)
            return
        needed = self.bar.fontMetrics().horizontalAdvance(message) + MESSAGE_GAP
        self.sync.setMaximumWidth(
            max(self.sync.minimumSizeHint().width(), self.bar.width() - needed)
        )
