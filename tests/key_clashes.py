"""Find mnemonics and shortcuts that two visible controls of one window share.

A mnemonic (Alt+letter from an ``&`` in a label) and a shortcut are both
live only while their widget is visible, so the walk looks at what is on
screen now; tests call it in every state of every window.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` ("&&" is a literal ampersand), lower case."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].lower()
        i += 1
    return None


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.isVisible() and widget.window() is window


def _widget_texts(window: QWidget) -> list[tuple[str, str]]:
    owners: list[tuple[str, str]] = []
    for button in window.findChildren(QAbstractButton):
        if _shown(button, window) and button.isEnabled():
            owners.append((button.text(), f"button {button.text()!r}"))
    for label in window.findChildren(QLabel):
        if _shown(label, window) and label.buddy() is not None:
            owners.append((label.text(), f"label {label.text()!r}"))
    for group in window.findChildren(QGroupBox):
        if _shown(group, window):
            owners.append((group.title(), f"group {group.title()!r}"))
    return owners


def _bar_texts(window: QWidget) -> list[tuple[str, str]]:
    owners: list[tuple[str, str]] = []
    for bar in window.findChildren(QTabBar):
        if _shown(bar, window):
            owners += [
                (bar.tabText(i), f"tab {bar.tabText(i)!r}")
                for i in range(bar.count())
                if bar.isTabVisible(i) and bar.isTabEnabled(i)
            ]
    for menubar in window.findChildren(QMenuBar):
        if _shown(menubar, window):
            owners += [(a.text(), f"menu {a.text()!r}") for a in menubar.actions() if a.isVisible()]
    return owners


def _mnemonic_owners(window: QWidget) -> list[tuple[str, str]]:
    return _widget_texts(window) + _bar_texts(window)


def _shortcut_owners(window: QWidget) -> list[tuple[str, str]]:
    owners: list[tuple[str, str]] = []
    for action in window.findChildren(QAction):
        if not action.isEnabled():
            continue
        widgets = [w for w in action.associatedObjects() if isinstance(w, QWidget)]
        live = [w for w in widgets if not isinstance(w, QMenu) and _shown(w, window)]
        in_menu = any(isinstance(w, QMenu) for w in widgets)
        if not live and not in_menu:
            continue
        for key in action.shortcuts():
            owners.append((key.toString(), f"action {action.text()!r}"))
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if shortcut.isEnabled() and isinstance(parent, QWidget) and _shown(parent, window):
            owners.append((shortcut.key().toString(), f"shortcut in {type(parent).__name__}"))
    return owners


def clashes(window: QWidget) -> list[str]:
    """Every key that two visible controls of ``window`` claim, described; [] if none."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for text, owner in _mnemonic_owners(window):
        letter = mnemonic(text)
        if letter:
            by_key[QKeySequence(f"Alt+{letter.upper()}").toString()].append(owner)
    for key, owner in _shortcut_owners(window):
        if key:
            by_key[key].append(owner)
    problems = [f"{key}: {', '.join(owners)}" for key, owners in by_key.items() if len(owners) > 1]
    return sorted(problems) + menu_clashes(window)


def menu_clashes(window: QWidget) -> list[str]:
    """Mnemonics shared inside one menu (they matter while that menu is open)."""
    problems = []
    for menu in window.findChildren(QMenu):
        seen: dict[str, str] = {}
        for action in menu.actions():
            letter = mnemonic(action.text())
            if not letter or not action.isVisible():
                continue
            if letter in seen:
                problems.append(
                    f"menu {menu.title()!r}: {seen[letter]!r} and {action.text()!r} "
                    f"share Alt+{letter.upper()}"
                )
            seen[letter] = action.text()
    return problems
