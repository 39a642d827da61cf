"""A one-line label that shortens its text with "…" to the width it is given.

A status bar lays out its widgets side by side; a plain ``QLabel`` asks for
the whole width of its text, so a long line pushes its neighbours out of the
window or is drawn over them.  This label asks for little, shows as much as
fits, and keeps the whole text in its tool tip when any of it is hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MIN_CHARS = 12  # the least it asks for by default: enough to tell one line from another


class ElidedLabel(QLabel):
    """Plain text on one line, elided at the right when narrower than its text.

    ``min_chars`` is how many characters' width it keeps however tight the
    room: a short line with a larger value is never cut, a long one gives way.
    """

    def __init__(self, parent: QWidget | None = None, *, min_chars: int = MIN_CHARS) -> None:
        super().__init__(parent)
        self._min_chars = min_chars
        self.setTextFormat(Qt.TextFormat.PlainText)  # a hub's reason is never markup
        # Its full width when there is room; down to ``minimumSizeHint`` when there is not.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self.updateGeometry()
        self._update_tip()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        least = self.fontMetrics().averageCharWidth() * self._min_chars
        return QSize(min(least, super().sizeHint().width()), hint.height())

    def shown_text(self) -> str:
        """The text as drawn at the current width ("…" at the end when cut)."""
        return self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )

    def is_elided(self) -> bool:
        return self.shown_text() != self.text()

    def _update_tip(self) -> None:
        self.setToolTip(self.text() if self.is_elided() else "")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._update_tip()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            self.contentsRect(),
            int(self.alignment()),
            self.shown_text(),
        )
