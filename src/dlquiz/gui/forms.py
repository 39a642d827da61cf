"""Small form helpers shared by the views."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)


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


class FocusFollowingScrollArea(QScrollArea):
    """A scroll area that brings the focused field into view, however it got the focus.

    Qt scrolls only for Tab; a mnemonic (Alt+T), a click on a label or code that
    sets the focus would leave the field focused but out of sight.
    """

    def __init__(self) -> None:
        super().__init__()
        # Never a Tab stop itself: it only follows its fields, and a focus on the area
        # would show nothing (Settings opened with the focus there, on no visible field).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow)

    def _follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        inner = self.widget()
        if new is not None and inner is not None and inner.isAncestorOf(new):
            self.ensureWidgetVisible(new)


def scrolling_body(outer: QVBoxLayout) -> QVBoxLayout:
    """A layout inside a frameless scroll area added to ``outer``: a dialog's fields.

    A dialog whose fields are taller than a small screen (1024×700) would put its
    OK button below the screen's edge; the fields scroll instead, and the
    buttons added to ``outer`` after this stay in view.
    """
    area = FocusFollowingScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    inner = QWidget()
    body = QVBoxLayout(inner)
    body.setContentsMargins(0, 0, 0, 0)
    area.setWidget(inner)
    outer.addWidget(area, 1)
    return body


def fit_to_screen(dialog: QWidget, body: QVBoxLayout) -> None:
    """Size ``dialog`` to show all of ``body`` where the screen allows, else its height."""
    wanted = dialog.sizeHint()
    inner = body.parentWidget()
    area = inner.parentWidget() if inner is not None else None  # the scroll area's viewport
    area = area.parentWidget() if area is not None else None
    if inner is not None and isinstance(area, QScrollArea):
        # The scroll area's own hint is capped small: swap it for what the fields need,
        # with room for the scroll bar that appears when the screen is too short.
        scroll_bar = dialog.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        needed = inner.sizeHint() + QSize(scroll_bar, 0) - area.sizeHint()
        wanted += QSize(max(0, needed.width()), max(0, needed.height()))
    screen = dialog.screen().availableGeometry()
    dialog.resize(
        min(wanted.width(), screen.width() - 40), min(wanted.height(), screen.height() - 60)
    )
