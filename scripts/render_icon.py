"""Render assets/icon.svg to the PNG the window uses where SVG icons are not supported.

Usage: python scripts/render_icon.py [SIZE]   (default 256; writes assets/icon.png)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ASSETS = Path(__file__).resolve().parents[1] / "assets"


def render(svg: Path, png: Path, *, size: int) -> None:
    """Draw ``svg`` into a transparent ``size`` x ``size`` PNG."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not an SVG that Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(png), "PNG"):
        raise SystemExit(f"{png}: could not be written")


def main(argv: list[str]) -> int:
    size = int(argv[1]) if len(argv) > 1 else 256
    render(ASSETS / "icon.svg", ASSETS / "icon.png", size=size)
    print(f"wrote {ASSETS / 'icon.png'} ({size}x{size})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
