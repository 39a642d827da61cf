"""Pictures from decks, decoded with a cap on their size.

A deck is untrusted input: a picture that claims 20000×20000 pixels would
take gigabytes to decode and freeze or kill the window.  The header is read
first; a picture larger than the cap is decoded straight to a smaller size
where the format allows it, and Qt's allocation limit refuses the rest.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImageReader, QPixmap

MAX_SHOWN = QSize(720, 320)  # the most a picture takes on the study card
MAX_PIXELS = 6000 * 6000  # larger than any real photo in a deck; beyond it we refuse
ALLOCATION_LIMIT_MB = 256  # Qt refuses to decode into more than this


def load_capped(data: bytes, *, fit: QSize = MAX_SHOWN) -> QPixmap | None:
    """The picture in ``data``, no larger than ``fit``; None if unreadable or too large."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    if not buffer.open(QIODevice.OpenModeFlag.ReadOnly):
        return None
    reader = QImageReader(buffer)
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > MAX_PIXELS:
        return None
    if size.width() > fit.width() or size.height() > fit.height():
        reader.setScaledSize(size.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    return QPixmap.fromImage(image)
