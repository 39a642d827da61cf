"""Show where the keyboard focus is from the first moment, in every window.

Qt's styles draw the focus frame of buttons, drop-downs and lists only once
the window has seen a Tab press (``WA_KeyboardFocusChange``); a focus set by
the program, as dlquiz does for every new question, stays invisible until
then.  dlquiz is used from the keyboard, so every window that gets the focus
is marked as if Tab had been pressed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

_MARKED = "dlquiz_focus_rings"  # a property on the application: connected once


def _mark(_old: QWidget | None, new: QWidget | None) -> None:
    if new is not None:
        window = new.window()
        if not window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange):
            window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
            new.update()  # drawn before the mark: again, with its frame


def show_focus_always(app: QApplication) -> None:
    """Draw the focus frame in every window from now on, not only after a Tab press."""
    if app.property(_MARKED):
        return
    app.setProperty(_MARKED, True)
    app.focusChanged.connect(_mark)
    focused = app.focusWidget()
    if focused is not None:
        _mark(None, focused)
