"""The keyboard help (F1): every key the window answers to, readable on a small screen.

The keys of the views (study, exam, browse) are written out in ``SHORTCUTS_HELP``;
the menus' keys are read off the menu bar when the help opens, so a new menu
entry can never be missing from the help.  The text scrolls: the whole list
is taller than a 700-pixel screen.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMenuBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


def menu_shortcuts(bar: QMenuBar) -> list[tuple[str, str]]:
    """(keys, "Menu ▸ Entry") for every visible menu entry that has a shortcut."""
    rows = []
    for top in bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu) or not top.isVisible():
            continue
        for action in menu.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and action.isVisible():
                where = f"{top.text().replace('&', '')} ▸ {action.text().replace('&', '')}"
                rows.append((keys, where.rstrip("…")))
    return rows


def help_html(views_html: str, bar: QMenuBar) -> str:
    """The views' keys, then the menus' keys that the views' table does not name yet."""
    extra = [
        f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(where)}</td></tr>"
        for keys, where in menu_shortcuts(bar)
        if f"<b>{html.escape(keys)}</b>" not in views_html
    ]
    if not extra:
        return views_html
    return views_html + "<h3>Menus</h3><table cellpadding=3>" + "".join(extra) + "</table>"


class ShortcutsDialog(QDialog):
    """The help in a scrolling pane that keeps the keyboard focus (PgDn, arrows, Esc)."""

    def __init__(self, parent: QWidget, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # nothing in it is a link: our own text only
        self.browser.setHtml(text)
        self.browser.setAccessibleName("Keyboard shortcuts")
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        screen = parent.screen().availableGeometry()
        # As tall as the text wants, but never past the screen: the rest scrolls.
        self.resize(min(640, screen.width() - 40), min(820, screen.height() - 60))
        self.browser.setFocus()
