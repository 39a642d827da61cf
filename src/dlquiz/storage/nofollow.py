"""Opening the small files beside the collection without following links.

The lock and the running marker are written by name in a folder the
learner (or anyone who can write there) controls.  Following a symbolic link
there would let dlquiz truncate whatever file the link points at.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dlquiz.storage.failures import StorageError

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def open_side_file(path: Path, *, truncate: bool = False) -> int:
    """Open (creating) ``path`` for reading and writing; never through a link.

    Returns a file descriptor.

    Raises:
        StorageError: ``path`` is a symbolic link or not a regular file.
    """
    if not _NOFOLLOW and path.is_symlink():  # Windows: no O_NOFOLLOW, check first
        raise _refused(path, "is a symbolic link")
    flags = os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC | (os.O_TRUNC if truncate else 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError:
        if path.is_symlink():  # ELOOP on Linux, EMLINK or EFTYPE on the BSDs
            raise _refused(path, "is a symbolic link") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _refused(path, "is not a regular file")
    return fd


def write_side_file(path: Path, text: str) -> None:
    """Replace the contents of ``path`` with ``text``, refusing links."""
    fd = open_side_file(path, truncate=True)
    try:
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def _refused(path: Path, what: str) -> StorageError:
    return StorageError(
        f"{path}: {what}; dlquiz refuses to write through it. Remove it and start again"
    )
