"""One dlquiz per collection: an OS file lock that dies with its process."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from dlquiz.storage.nofollow import open_side_file


class CollectionInUse(Exception):
    """Another running dlquiz holds the collection."""


class CollectionLock:
    """An exclusive, non-blocking lock on ``<collection>.lock``.

    The operating system drops the lock when the process ends, however it
    ends, so a killed dlquiz never locks the learner out.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`CollectionInUse` naming the holder.

        Raises:
            StorageError: the lock file is a symbolic link or not a regular file.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.fdopen(open_side_file(self.path), "r+", encoding="utf-8")
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise CollectionInUse(
                f"{self.path.with_suffix('')}: already open in another dlquiz "
                f"(process {holder}); close it first"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
