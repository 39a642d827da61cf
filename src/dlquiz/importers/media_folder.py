"""The media folder Anki keeps beside a collection file, read as a package's media.

A collection copied out of an Anki profile (``collection.anki2``) has its
pictures and sounds in ``collection.media/`` next to it, under the names the
notes use.  Reading them from there keeps the pictures a bare collection's
cards show, as a package keeps the ones it ships.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .html import is_safe_media_name
from .limits import MAX_ARCHIVE_ENTRY_BYTES
from .media_source import MediaSource


class FolderMedia(MediaSource):
    """The pictures and sounds of a media folder, by file name.

    Only plain files count (never a link, never one larger than a package
    entry may be); ``names`` holds every such file the folder has.  When the
    folder is not there the source is empty, and its notices say so.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self._folder = folder
        self.names: frozenset[str] = frozenset()
        present = folder.is_dir() and not folder.is_symlink()
        if present:
            with os.scandir(folder) as entries:
                self.names = frozenset(
                    entry.name
                    for entry in entries
                    if entry.is_file(follow_symlinks=False) and is_safe_media_name(entry.name)
                )
        self.source = (
            f"the media folder {folder.name}"
            if present
            else f"a media folder ({folder.name} is not beside the collection)"
        )

    @classmethod
    def beside(cls, collection: Path) -> FolderMedia:
        """The media folder Anki names after ``collection`` (``x.anki2`` -> ``x.media``)."""
        return cls(collection.with_name(collection.stem + ".media"))

    def listed(self) -> Iterator[str]:
        return iter(self.names)

    def head(self, name: str, limit: int) -> bytes | None:
        if name not in self.names:
            return None
        path = self._folder / name
        if path.lstat().st_size > MAX_ARCHIVE_ENTRY_BYTES:
            return None
        with path.open("rb") as stream:
            return stream.read(limit)

    def bytes_of(self, name: str) -> bytes:
        return (self._folder / name).read_bytes()
