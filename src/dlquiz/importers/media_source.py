"""Where a collection's pictures and sounds come from: what a package ships, or a folder holds.

The HTML sanitiser takes the source as its ``media`` collection: a name is
"in" it when the file is there and is a picture, judged by its first bytes
whatever its name, or a sound, judged by its name (Anki's ``[sound:…]``
names carry their kind; dlquiz does not decode sounds).
"""

from __future__ import annotations

from collections.abc import Container, Iterator

from dlquiz.core.media import is_sound

from .pictures import SNIFF_BYTES, picture_kind


class MediaSource:
    """The media files a card can show, by the names the notes use.

    Subclasses say which files there are (``names``), give a file's first
    bytes (:meth:`head`, None when it cannot be read) and its whole bytes
    (:meth:`bytes_of`).  ``source`` names the place in notices.
    """

    source = "the package"
    names: Container[str]

    def __init__(self) -> None:
        self._kinds: dict[str, str] = {}

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self.kind(name))

    def __iter__(self) -> Iterator[str]:
        return (name for name in self.listed() if self.kind(name))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def listed(self) -> Iterator[str]:
        """Every name the source holds, picture or not."""
        raise NotImplementedError

    def head(self, name: str, limit: int) -> bytes | None:
        """The first ``limit`` bytes of ``name``, or None when it is not there to read."""
        raise NotImplementedError

    def bytes_of(self, name: str) -> bytes:
        """The whole file ``name`` (one that :meth:`kind` found a picture or sound)."""
        raise NotImplementedError

    def kind(self, name: str) -> str:
        """``"raster"``, ``"svg"``, ``"sound"``, or ``""`` when absent or neither."""
        if name not in self._kinds:
            first = self.head(name, SNIFF_BYTES)
            kind = ""
            if first is not None:
                kind = picture_kind(first)
                if not kind and is_sound(name):
                    kind = "sound"
            self._kinds[name] = kind
        return self._kinds[name]
