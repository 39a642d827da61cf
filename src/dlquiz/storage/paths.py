"""Where the learner's collection file lives, and which names can be one."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dlquiz.storage.failures import BadCollectionPath

ENV_VAR = "DLQUIZ_DB"
FILE_NAME = "collection.dlquiz"
# The longest name dlquiz puts beside the file: "<name>.damaged-20261201-120000-2-wal".
SIDE_NAME_ROOM = 40
_DEFAULT_NAME_MAX = 255


def default_db_path() -> Path:
    """The collection in the user's data directory (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("dlquiz", appauthor=False) / FILE_NAME


def resolve_db_path(cli_value: str | None) -> Path:
    """``--db`` wins, then ``$DLQUIZ_DB``, then the default location.

    An empty ``--db``, or a ``$DLQUIZ_DB`` that is set but empty, is refused
    rather than read as "not given": a script whose variable is unset
    (``DLQUIZ_DB=$TEST_DB dlquiz ...``) must not reach the learner's real
    collection.  To use the default, leave the variable out altogether.

    Raises:
        BadCollectionPath: ``--db`` or ``$DLQUIZ_DB`` is empty.
    """
    if cli_value is not None:
        if not cli_value.strip():
            raise BadCollectionPath(
                "--db is empty; give the collection file's path, or leave --db out "
                "to use the default collection"
            )
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_VAR)
    if env is not None:
        if not env.strip():
            raise BadCollectionPath(
                f"${ENV_VAR} is set but empty; give the collection file's path, or "
                f"unset {ENV_VAR} to use the default collection"
            )
        return Path(env).expanduser()
    return default_db_path()


def _name_max(folder: Path) -> int:
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):  # no pathconf on Windows
        return _DEFAULT_NAME_MAX


def check_collection_path(path: Path) -> None:
    """Refuse a path that cannot hold a collection, naming why.

    Refused: a folder, a device or pipe (``/dev/null``), a path whose folder is
    a file, and a name too long to leave room for the files dlquiz keeps
    beside it.

    Raises:
        BadCollectionPath: with the path and the reason.
    """
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise BadCollectionPath(f"{path}: {folder} is a file, not a folder")
    if len(os.fsencode(path.name)) + SIDE_NAME_ROOM > _name_max(folder):
        raise BadCollectionPath(
            f"{path}: the file name is too long ({len(path.name)} characters); dlquiz "
            f"needs room for the files it keeps beside it, so use at most "
            f"{_name_max(folder) - SIDE_NAME_ROOM} bytes"
        )
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return  # a new collection
    except OSError as error:
        raise BadCollectionPath(f"{path}: cannot be used: {error.strerror}") from None
    if stat.S_ISDIR(mode):
        raise BadCollectionPath(f"{path}: this is a folder; give a file inside it")
    if not stat.S_ISREG(mode):
        raise BadCollectionPath(
            f"{path}: this is not a regular file (a device, pipe or socket); "
            "give the path of a collection file"
        )


def backups_dir(db_path: Path) -> Path:
    """Backups sit beside the collection, in a folder named after it."""
    return db_path.with_name(db_path.name + ".backups")


def log_dir() -> Path:
    """Where unexpected errors are logged."""
    from platformdirs import user_log_path

    return user_log_path("dlquiz", appauthor=False)
