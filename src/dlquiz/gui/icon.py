"""The application icon, found in the wheel or in a source checkout.

An installed wheel carries the repository's ``assets/`` folder at
``dlquiz/_data/assets/`` (pyproject force-includes it); a source checkout
reads ``<repo>/assets/``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from dlquiz.resources import shipped_file


def asset_path(name: str) -> Path | None:
    """The path of an asset file, or None when neither place has it."""
    return shipped_file("assets", name)


def app_icon() -> QIcon:
    """The dlquiz icon (the PNG, plus the SVG where Qt can scale it); empty if missing."""
    icon = QIcon()
    for name in ("icon.png", "icon.svg"):
        path = asset_path(name)
        if path is not None:
            icon.addFile(str(path))
    return icon
