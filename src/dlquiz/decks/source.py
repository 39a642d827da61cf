"""Reading a deck file's bytes into text, refusing what is not plain text.

UTF-8 (with or without a byte order mark) and UTF-16 with a byte order mark
are read; everything else gets a message that says how to fix the file.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from dlquiz.core.problems import InputError, Problem

#: Files larger than this are refused before they are read.
MAX_DECK_BYTES = 200 * 1024 * 1024


def read_deck_text(path: Path, *, source: str) -> str:
    """Read the deck file at ``path`` as text.

    Args:
        path: the file to read.
        source: the name used for the file in messages.

    Raises:
        InputError: the file is missing, too large, or not UTF-8/UTF-16 text.
    """
    try:
        size = path.stat().st_size
        if size > MAX_DECK_BYTES:
            raise _refuse(
                source,
                f"the file is {size / 1024 / 1024:,.0f} MB; decks are limited to "
                f"{MAX_DECK_BYTES // 1024 // 1024} MB",
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise _refuse(source, "is a folder, not a deck file") from None
    except FileNotFoundError:
        raise _refuse(source, "no such file") from None
    except OSError as error:
        raise _refuse(source, f"cannot be read: {error.strerror or error}") from None
    return decode_deck_bytes(data, source=source)


def decode_deck_bytes(data: bytes, *, source: str) -> str:
    """Decode a deck file's bytes; see the module docstring for what is accepted."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise _refuse(source, "the file is UTF-32 encoded; save it as UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _refuse(source, f"the file is not valid UTF-16 text ({error.reason})") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _not_utf8(data, error, source=source) from None


def _not_utf8(data: bytes, error: UnicodeDecodeError, *, source: str) -> InputError:
    """Point at the first byte that is not UTF-8, by line and column."""
    start = error.start
    line_start = data.rfind(b"\n", 0, start) + 1
    line = data.count(b"\n", 0, start) + 1
    # Count characters, not bytes, before the bad byte so the column matches an editor's.
    column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
    byte = data[start]
    return InputError(
        [
            Problem(
                file=source,
                line=line,
                column=column,
                message=(
                    f"the file is not UTF-8 text (byte 0x{byte:02X} cannot be decoded); "
                    "save it as UTF-8"
                ),
            )
        ]
    )


def _refuse(source: str, message: str) -> InputError:
    return InputError([Problem(file=source, message=message)])
