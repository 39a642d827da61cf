"""A minimal protobuf wire-format reader for the few Anki blobs dlquiz needs.

Only decoding of the wire format: varints, fixed 32/64-bit values and
length-delimited bytes, collected by field number.  Anything malformed
raises :class:`ProtobufError`.
"""

from __future__ import annotations

MAX_VARINT_BYTES = 10
_VARINT, _FIXED64, _BYTES, _FIXED32 = 0, 1, 2, 5


class ProtobufError(ValueError):
    """The bytes are not a valid protobuf message."""


def read_varint(data: bytes, offset: int) -> tuple[int, int]:
    """The varint at ``offset`` and the offset after it."""
    value = 0
    for shift in range(MAX_VARINT_BYTES):
        if offset >= len(data):
            raise ProtobufError("message ends inside a number")
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << (7 * shift)
        if not byte & 0x80:
            return value, offset
    raise ProtobufError("a number is longer than 10 bytes")


def parse_message(data: bytes) -> dict[int, list[int | bytes]]:
    """Every field of the message ``data``, by field number, in order of appearance."""
    fields: dict[int, list[int | bytes]] = {}
    offset = 0
    while offset < len(data):
        tag, offset = read_varint(data, offset)
        number, wire = tag >> 3, tag & 7
        value: int | bytes
        if wire == _VARINT:
            value, offset = read_varint(data, offset)
        elif wire == _BYTES:
            length, offset = read_varint(data, offset)
            if offset + length > len(data):
                raise ProtobufError("a field runs past the end of the message")
            value, offset = data[offset : offset + length], offset + length
        elif wire in (_FIXED64, _FIXED32):
            size = 8 if wire == _FIXED64 else 4
            if offset + size > len(data):
                raise ProtobufError("a field runs past the end of the message")
            value, offset = int.from_bytes(data[offset : offset + size], "little"), offset + size
        else:
            raise ProtobufError(f"unsupported wire type {wire}")
        if number == 0:
            raise ProtobufError("field number 0")
        fields.setdefault(number, []).append(value)
    return fields


def first_int(fields: dict[int, list[int | bytes]], number: int, default: int = 0) -> int:
    """The first varint of field ``number``, or ``default``."""
    for value in fields.get(number, ()):
        if isinstance(value, int):
            return value
    return default


def first_text(fields: dict[int, list[int | bytes]], number: int) -> str:
    """The first length-delimited field ``number`` as UTF-8 text, or ``""``."""
    for value in fields.get(number, ()):
        if isinstance(value, bytes):
            return value.decode("utf-8", errors="replace")
    return ""
