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
            reason = f"invalid byte 0x{bad:02x} at offset {error.start}{_likely(data)}"
            line = data.count(b"\n", 0, error.start) + 1
            problem = Problem(label, f"not UTF-8 or UTF-16 text ({reason})", line=line)
            raise InputError([problem]) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        reason = "contains a NUL character: this is not a text file"
        if _is_bare_utf16(data):
            reason = "contains NUL characters: it looks like UTF-16 without a byte-order mark"
            reason += " (save it as UTF-8)"
        raise InputError([Problem(label, reason, line=line)])
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_text(head: bytes) -> str:
    """Best-effort decode of the start of a file, for format detection only."""
    if head.startswith(_UTF16_BOMS):
        return head.decode("utf-16", errors="replace")
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    return head.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


_UTF16_SAMPLE = 512
_UTF16_ZERO_SHARE = 0.3  # text in Latin letters has a zero byte in every other place


def _is_bare_utf16(data: bytes) -> bool:
    """True when the bytes look like UTF-16 that lost its byte-order mark."""
    sample = data[:_UTF16_SAMPLE]
    halves = len(sample) // 2
    return bool(halves) and any(
        sample[start::2].count(0) >= _UTF16_ZERO_SHARE * halves for start in (0, 1)
    )


def _likely(data: bytes) -> str:
    """What the bytes probably are, as advice to append to the reason ("" when unsure)."""
    if _is_bare_utf16(data):
        return "; it looks like UTF-16 without a byte-order mark: save it as UTF-8"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return "; it looks like Windows-1252 or Latin-1 text: save it as UTF-8"


def _not_text(label: str, reason: str) -> InputError:
    return InputError([Problem(label, f"not UTF-8 or UTF-16 text ({reason})")])
