"""Reading entries of an untrusted zip archive without trusting it.

Entry names are checked (no ``..``, absolute paths or backslashes), the
declared sizes and compression ratios are capped, and every read streams
with a hard limit, so a zip bomb is refused before it fills memory.
Nothing is ever extracted by name to disk.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import zstandard

from .context import ReadContext
from .limits import (
    MAX_ARCHIVE_ENTRIES,
    MAX_ARCHIVE_ENTRY_BYTES,
    MAX_ARCHIVE_TOTAL_BYTES,
    MAX_COMPRESSION_RATIO,
    RATIO_FREE_BYTES,
    human_size,
)

CHUNK = 1024 * 1024


class SafeZip:
    """An opened archive whose entry list passed the safety checks."""

    def __init__(self, path: Path, ctx: ReadContext) -> None:
        self._ctx = ctx
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except zipfile.BadZipFile as error:
            raise ctx.refuse(
                f"is not a readable zip archive (it may be truncated or damaged): {error}"
            ) from None
        except (ValueError, NotImplementedError, EOFError) as error:
            raise ctx.refuse(f"is a damaged zip archive: {error}") from None
        self._check_entries(infos)
        self._infos = {info.filename: info for info in infos}
        self._total = 0

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._zip.close()

    def names(self) -> set[str]:
        """The names of every entry."""
        return set(self._infos)

    def size_of(self, name: str) -> int:
        """The declared uncompressed size of entry ``name``."""
        return self._infos[name].file_size

    def read(self, name: str, *, limit: int = MAX_ARCHIVE_ENTRY_BYTES) -> bytes:
        """The bytes of entry ``name``, refusing more than ``limit``."""
        return b"".join(self.stream(name, limit=limit))

    def read_zstd(self, name: str, *, limit: int = MAX_ARCHIVE_ENTRY_BYTES) -> bytes:
        """The decompressed bytes of zstd entry ``name``, refusing more than ``limit``."""
        return b"".join(self.stream_zstd(name, limit=limit))

    def stream_zstd(self, name: str, *, limit: int = MAX_ARCHIVE_ENTRY_BYTES) -> Iterator[bytes]:
        """Chunks of zstd-compressed entry ``name``, decompressed with a hard limit."""
        compressed = self.size_of(name)
        produced = 0
        try:
            with self._open(name) as raw:
                reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
                with reader:
                    while chunk := reader.read(CHUNK):
                        produced += len(chunk)
                        self._charge(name, produced, compressed, limit, len(chunk))
                        yield chunk
        except zstandard.ZstdError as error:
            raise self._ctx.refuse(f"{name} is not valid zstd data: {error}") from None

    def stream(self, name: str, *, limit: int = MAX_ARCHIVE_ENTRY_BYTES) -> Iterator[bytes]:
        """Chunks of entry ``name``, refusing more than ``limit`` bytes in all."""
        info = self._infos[name]
        produced = 0
        with self._open(name) as stream:
            while chunk := stream.read(CHUNK):
                produced += len(chunk)
                self._charge(name, produced, info.compress_size, limit, len(chunk))
                yield chunk

    def _open(self, name: str) -> IO[bytes]:
        try:
            return self._zip.open(self._infos[name])
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
            raise self._ctx.refuse(f"{name} cannot be read from the archive: {error}") from None

    def _charge(self, name: str, produced: int, compressed: int, limit: int, added: int) -> None:
        """Count ``added`` bytes against the limits; refuse a bomb as soon as it shows."""
        self._ctx.progress.check()
        self._total += added
        if produced > limit:
            raise self._ctx.refuse(
                f"{name} expands to more than {human_size(limit)}: refused as a possible zip bomb"
            )
        if produced > RATIO_FREE_BYTES and produced > MAX_COMPRESSION_RATIO * max(compressed, 1):
            raise self._ctx.refuse(
                f"{name} expands more than {MAX_COMPRESSION_RATIO} times: "
                "refused as a possible zip bomb"
            )
        if self._total > MAX_ARCHIVE_TOTAL_BYTES:
            raise self._ctx.refuse(
                f"the archive expands to more than {human_size(MAX_ARCHIVE_TOTAL_BYTES)}: "
                "refused as a possible zip bomb"
            )

    def _check_entries(self, infos: list[zipfile.ZipInfo]) -> None:
        ctx = self._ctx
        if len(infos) > MAX_ARCHIVE_ENTRIES:
            raise ctx.refuse(f"the archive lists {len(infos):,} entries: too many to be a deck")
        declared = 0
        for info in infos:
            reason = unsafe_name_reason(info.filename)
            if reason:
                raise ctx.refuse(f"unsafe path in archive: {info.filename!r} ({reason})")
            if info.file_size > MAX_ARCHIVE_ENTRY_BYTES:
                raise ctx.refuse(
                    f"{info.filename} would expand to {human_size(info.file_size)}: "
                    f"more than the {human_size(MAX_ARCHIVE_ENTRY_BYTES)} allowed per entry"
                )
            ratio_ok = info.file_size <= MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
            if info.file_size > RATIO_FREE_BYTES and not ratio_ok:
                raise ctx.refuse(
                    f"{info.filename} would expand {info.file_size // max(info.compress_size, 1):,}"
                    " times: refused as a possible zip bomb"
                )
            declared += info.file_size
        if declared > MAX_ARCHIVE_TOTAL_BYTES:
            raise ctx.refuse(
                f"the archive would expand to {human_size(declared)}: more than the "
                f"{human_size(MAX_ARCHIVE_TOTAL_BYTES)} allowed"
            )


def unsafe_name_reason(name: str) -> str:
    """Why an entry name could escape a folder, or ``""`` when it is safe."""
    if "\x00" in name:
        return "it contains a NUL character"
    if "\\" in name:
        return "it contains a backslash"
    if name.startswith("/"):
        return "it is an absolute path"
    if len(name) > 1 and name[1] == ":":
        return "it starts with a drive letter"
    if ".." in name.split("/"):
        return "it climbs out of the folder with '..'"
    return ""
