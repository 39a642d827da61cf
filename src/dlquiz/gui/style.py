"""Looks that follow the system palette, light or dark, and the font size setting."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from dlquiz.core.model import Verdict
from dlquiz.gui.icon import asset_path

# Each verdict has a shade for light and one for dark backgrounds; the
# verdict text also carries a symbol, so colour is never the only signal.
_VERDICT = {
    Verdict.CORRECT: ("#1b6e20", "#7ddc83"),
    Verdict.PARTIAL: ("#8a5a00", "#ffcc66"),
    Verdict.INCORRECT: ("#b3261e", "#ff8a80"),
}


def is_dark(widget: QWidget | None = None) -> bool:
    palette = widget.palette() if widget is not None else QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def verdict_colour(widget: QWidget, verdict: Verdict) -> str:
    light, dark = _VERDICT[verdict]
    return dark if is_dark(widget) else light


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#2b2c30",
        QPalette.ColorRole.AlternateBase: "#323338",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#34353a",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#8ab4f8",
        QPalette.ColorRole.HighlightedText: "#202124",
        QPalette.ColorRole.ToolTipBase: "#34353a",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Link: "#8ab4f8",
        # Borders of radio buttons, check boxes and frames need contrast too.
        QPalette.ColorRole.Light: "#6b6e74",
        QPalette.ColorRole.Midlight: "#50535a",
        QPalette.ColorRole.Mid: "#6b6e74",
        QPalette.ColorRole.Dark: "#9aa0a6",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9aa0a6"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9aa0a6"))
    return palette


STYLE_SHEET = """
QLabel#prompt { font-size: %(prompt)dpt; font-weight: 600; padding: 6px 0; }
QLabel#topic, QLabel#hint { color: palette(placeholder-text); }
QLabel#verdict { font-size: %(verdict)dpt; font-weight: 600; }
QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 10px; }
QFrame#card QLabel { background: transparent; }
QFrame#feedback { border: none; border-top: 1px solid palette(mid); padding-top: 8px; }
QLabel#expected { font-size: %(verdict)dpt; }
QPushButton { padding: 6px 14px; }
QRadioButton::indicator, QCheckBox::indicator {
    width: 14px; height: 14px; border: 2px solid palette(dark); background: palette(base);
}
QRadioButton::indicator { border-radius: 9px; }
QCheckBox::indicator { border-radius: 3px; }
QRadioButton::indicator:checked, QCheckBox::indicator:checked {
    background: palette(highlight); border-color: palette(highlight);
}
QRadioButton::indicator:focus, QCheckBox::indicator:focus { border-color: palette(highlight); }
QScrollArea#reading { border: 1px solid palette(mid); }
QScrollArea#reading:focus { border: 2px solid palette(highlight); }
"""
# A styled indicator loses the style's own tick, so the checked state draws
# one, in the shade of the highlighted text (light on dark blue, dark on light).
_MARKS = {"QCheckBox": "tick", "QRadioButton": "dot"}


def marks_sheet(palette: QPalette) -> str:
    """Style sheet rules that draw the tick and the dot on the checked indicators."""
    text = palette.color(QPalette.ColorRole.HighlightedText)
    shade = "white" if text.lightness() >= 128 else "black"
    rules = []
    for widget, mark in _MARKS.items():
        path = asset_path(f"{mark}-{shade}.svg")
        if path is not None:
            rules.append(f'{widget}::indicator:checked {{ image: url("{path.as_posix()}"); }}')
    return "\n".join(rules)


READING = "reading"  # object name of a scroll area read by keys: its focus shows as a frame


_system_size: list[int] = []  # the desktop's size, noted before the first change


def system_point_size() -> int:
    """The text size "System" means: the desktop's, at least 10 points."""
    if not _system_size:
        _system_size.append(max(10, QFont().pointSize()))
    return _system_size[0]


def apply_theme(app: QApplication, *, theme: str, font_size: int) -> None:
    """Use the system look, or force light or dark; scale text to ``font_size`` points."""
    system = system_point_size()
    app.setStyle(QStyleFactory.create("Fusion"))
    if theme == "dark":
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setPalette(app.style().standardPalette())
    else:
        app.setPalette(QPalette())
    font = QFont(app.font())
    base = font_size or system
    font.setPointSize(base)
    app.setFont(font)
    sizes = {"prompt": round(base * 1.35), "verdict": round(base * 1.2)}
    app.setStyleSheet(STYLE_SHEET % sizes + marks_sheet(app.palette()))
