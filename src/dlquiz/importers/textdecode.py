"""Turn the bytes of a text file into ``str``, refusing what is not text.

UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark
are read; anything else is refused with the offset of the first bad byte, so
the user can find it.  Line ends are normalised to ``\\n``.
"""

from __future__ import annotations

import codecs

from dlquiz.core.problems import InputError, Problem

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_text(data: bytes, *, label: str) -> str:
    """Decode ``data`` as UTF-8 or BOM-marked UTF-16 and normalise line ends.

    Raises:
        InputError: the bytes are not text in one of those encodings.
    """
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        raise _not_text(label, "it is UTF-32 text; save it as UTF-8")
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _not_text(label, f"broken UTF-16 at offset {error.start}") from None
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            bad = data[error.start]
            raise _not_text(label, f"invalid byte 0x{bad:02x} at offset {error.start}") from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise InputError(
            [Problem(label, "contains a NUL character: this is not a text file", line=line)]
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_text(head: bytes) -> str:
    """Best-effort decode of the start of a file, for format detection only."""
    if head.startswith(_UTF16_BOMS):
        return head.decode("utf-16", errors="replace")
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    return head.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def _not_text(label: str, reason: str) -> InputError:
    return InputError([Problem(label, f"not UTF-8 or UTF-16 text ({reason})")])
