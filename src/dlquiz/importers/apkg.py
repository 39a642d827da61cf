"""Anki packages (.apkg, .colpkg) of every generation, read safely.

A package is a zip holding a collection and its media.  The newest
collection present is read: ``collection.anki21b`` (zstd-compressed,
schema 18), then ``collection.anki21``, then ``collection.anki2``.  Newer
Anki versions add a decoy ``collection.anki2`` whose only note asks to
update Anki; it is never imported.  The collection is copied to a private
temporary folder (SQLite needs a file) and opened read-only.  A bare
collection file with a ``-wal`` beside it (Anki was open, or closed
uncleanly) is copied together with its WAL and opened normally, so the
notes that sit only in the WAL are read too.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from .anki_notes import read_notes
from .anki_revlog import read_revlog
from .apkg_schema import NotACollection, check_collection, read_schema11, read_schema18
from .archive import SafeZip
from .context import ReadContext
from .html import is_safe_media_name
from .media_folder import FolderMedia
from .media_source import MediaSource
from .pictures import UnsafeSvg, clean_svg
from .progress import ImportCancelled
from .protobuf import ProtobufError, first_int, first_text, parse_message
from .result import ReaderOutput

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp")
LATEST_PACKAGE_VERSION = 3  # PackageMetadata.Version: zstd collection and media
SQLITE_STEPS_PER_CHECK = 10_000


def read_apkg(path: Path, ctx: ReadContext) -> ReaderOutput:
    """Read an Anki package, or a bare collection file.

    Raises:
        InputError: not a zip or SQLite file, unsafe entries, a zip bomb, or
            a collection that is not an Anki collection.
    """
    with path.open("rb") as stream:
        magic = stream.read(16)
    if magic.startswith(SQLITE_MAGIC):
        return _read_bare_collection(path, ctx)
    if not magic.startswith(ZIP_MAGIC):
        raise ctx.refuse("is not an Anki package: it is neither a zip archive nor SQLite")
    with SafeZip(path, ctx) as archive, tempfile.TemporaryDirectory(prefix="dlquiz-") as folder:
        names = archive.names()
        chosen = next((name for name in COLLECTIONS if name in names), None)
        if chosen is None:
            raise ctx.refuse("is not an Anki package: it holds none of " + ", ".join(COLLECTIONS))
        version = _package_version(archive, ctx) if "meta" in names else 0
        zstd = version >= LATEST_PACKAGE_VERSION
        media_names = PackageMedia(archive, _media_map(archive, ctx, zstd=zstd), zstd=zstd)
        target = Path(folder) / "collection.sqlite"
        stage = ctx.stage(0.05, 0.3)
        compressed = chosen.endswith("b")  # collection.anki21b is zstd inside the zip
        expected = archive.size_of(chosen) * (4 if compressed else 1)
        with target.open("wb") as out:
            written = 0
            for chunk in archive.stream_zstd(chosen) if compressed else archive.stream(chosen):
                out.write(chunk)
                written += len(chunk)
                stage.update(written / max(expected, 1))
        output = _read_collection(target, ctx, media_names=media_names, label=chosen)
        output.media = _read_media(ctx, output, media_names)
        return output


def _read_bare_collection(path: Path, ctx: ReadContext) -> ReaderOutput:
    """A collection file on its own, with its WAL and its media folder when they are beside it."""
    media = FolderMedia.beside(path)
    wal = path.with_name(path.name + "-wal")
    if not wal.exists():
        output = _read_collection(path, ctx, media_names=media, label=ctx.label)
    else:
        with tempfile.TemporaryDirectory(prefix="dlquiz-") as folder:
            # Both files are copied: immutable=1 on the original would skip the WAL.
            copy = Path(folder) / "collection.anki2"
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
            output = _read_collection(
                copy, ctx, media_names=media, label=ctx.label, immutable=False
            )
    output.media = _read_media(ctx, output, media)
    return output


class PackageMedia(MediaSource):
    """The package's media files that a card can show: pictures and sounds."""

    def __init__(self, archive: SafeZip, names: dict[str, str], *, zstd: bool) -> None:
        super().__init__()
        self._archive = archive
        self.names: dict[str, str] = names  # media name -> zip entry
        self._zstd = zstd

    def listed(self) -> Iterator[str]:
        return iter(self.names)

    def head(self, name: str, limit: int) -> bytes | None:
        entry = self.names.get(name)
        if entry is None or entry not in self._archive.names():
            return None
        return self.read(entry, limit=limit, head=True)

    def bytes_of(self, name: str) -> bytes:
        return self.read(self.names[name])

    def read(self, entry: str, *, limit: int = 0, head: bool = False) -> bytes:
        """The bytes of zip ``entry`` (only the first ``limit`` when ``head``)."""
        chunks = self._archive.stream_zstd(entry) if self._zstd else self._archive.stream(entry)
        if not head:
            return b"".join(chunks)
        data = b""
        for chunk in chunks:
            data += chunk
            if len(data) >= limit:
                break
        return data[:limit]


def _package_version(archive: SafeZip, ctx: ReadContext) -> int:
    try:
        return first_int(parse_message(archive.read("meta", limit=1024)), 1)
    except ProtobufError as error:
        raise ctx.refuse(f"its 'meta' entry is damaged ({error})") from None


def _media_map(archive: SafeZip, ctx: ReadContext, *, zstd: bool) -> dict[str, str]:
    """Media file name -> zip entry name, for safe image names only."""
    if "media" not in archive.names():
        return {}
    limit = 64 * 1024 * 1024
    try:
        if zstd:
            entries = parse_message(archive.read_zstd("media", limit=limit)).get(1, [])
            mapping = {}
            for index, entry in enumerate(entries):
                if isinstance(entry, bytes):
                    fields = parse_message(entry)
                    zip_name = str(first_int(fields, 255, index))
                    mapping[first_text(fields, 1)] = zip_name
        else:
            raw = json.loads(archive.read("media", limit=limit).decode("utf-8") or "{}")
            if not isinstance(raw, dict):
                raise ValueError("not a JSON object")
            mapping = {str(name): str(key) for key, name in raw.items()}
    except (ProtobufError, ValueError, UnicodeDecodeError) as error:
        raise ctx.refuse(f"its media list is damaged ({error})") from None
    return {name: entry for name, entry in mapping.items() if is_safe_media_name(name)}


def _read_collection(
    path: Path,
    ctx: ReadContext,
    *,
    media_names: MediaSource,
    label: str,
    immutable: bool = True,
) -> ReaderOutput:
    mode = "?mode=ro&immutable=1" if immutable else ""
    uri = f"file:{quote(str(path.resolve()))}{mode}"
    try:
        con = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as error:
        raise ctx.refuse(f"{label} cannot be opened as SQLite: {error}") from None
    with contextlib.closing(con):

        def keep_going() -> int:
            try:
                ctx.progress.check()
            except ImportCancelled:  # tell SQLite to stop; the check below raises again
                return 1
            return 0

        con.set_progress_handler(keep_going, SQLITE_STEPS_PER_CHECK)
        try:
            con.execute("PRAGMA trusted_schema = OFF")
            schema18 = check_collection(con)
            notetypes, decks = read_schema18(con) if schema18 else read_schema11(con)
            read = read_notes(con, ctx, notetypes, decks, media=media_names)
            read.output.history = read_revlog(con, ctx, read.card_local_ids)
            read.output.guid_ids = True
            return read.output
        except NotACollection as error:
            raise ctx.refuse(f"{label} is not an Anki collection: {error}") from None
        except ProtobufError as error:
            raise ctx.refuse(f"{label} has a damaged note type ({error})") from None
        except sqlite3.DatabaseError as error:
            ctx.progress.check()
            raise ctx.refuse(f"{label} is not a readable SQLite database: {error}") from None


def _read_media(ctx: ReadContext, output: ReaderOutput, media: MediaSource) -> dict[str, bytes]:
    """The bytes of every picture and sound a question has; SVGs cleaned of anything active."""
    wanted = dict.fromkeys(name for question in output.questions for name in question.media)
    found: dict[str, bytes] = {}
    stage = ctx.stage(0.9, 0.99)
    for index, name in enumerate(wanted):
        stage.every(index, len(wanted), step=16)
        data = media.bytes_of(name)
        if media.kind(name) == "svg":
            try:
                data = clean_svg(data)
            except UnsafeSvg as error:
                ctx.notice(f"image {name} left out: the SVG cannot be shown safely ({error})")
                continue
        found[name] = data
    return found
