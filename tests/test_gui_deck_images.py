"""Pictures from decks are decoded at a capped size; a huge claimed size is refused."""

from __future__ import annotations

import struct
import zlib

import pytest
from PySide6.QtCore import QSize

from dlquiz.gui.deck_images import MAX_SHOWN, load_capped
from tests.gui_keys import png

pytestmark = pytest.mark.usefixtures("qapp")  # pixmaps need the application


def png_bytes(width: int, height: int) -> bytes:
    return png(width, height, "teal")


def png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width``×``height`` (the attack: no real pixels)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        ((40, 30), QSize(40, 30)),  # small pictures keep their size
        ((720, 320), QSize(720, 320)),
        ((1440, 320), QSize(720, 160)),  # wide: fits the width
        ((400, 1280), QSize(100, 320)),  # tall: fits the height
        ((3000, 3000), QSize(320, 320)),
    ],
)
def test_pictures_fit_the_card(size: tuple[int, int], shown: QSize) -> None:
    pixmap = load_capped(png_bytes(*size))
    assert pixmap is not None and pixmap.size() == shown
    assert pixmap.width() <= MAX_SHOWN.width() and pixmap.height() <= MAX_SHOWN.height()


@pytest.mark.parametrize("side", [20000, 45000, 65535])
def test_a_huge_claimed_size_is_refused_without_decoding(side: int) -> None:
    assert load_capped(png_header_claiming(side, side)) is None


@pytest.mark.parametrize("data", [b"", b"not a picture", b"\x89PNG\r\n\x1a\n"])
def test_unreadable_data_is_refused(data: bytes) -> None:
    assert load_capped(data) is None
