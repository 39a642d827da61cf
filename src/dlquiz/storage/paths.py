"""Where the learner's collection file lives."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "DLQUIZ_DB"
FILE_NAME = "collection.dlquiz"


def default_db_path() -> Path:
    """The collection in the user's data directory (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("dlquiz", appauthor=False) / FILE_NAME


def resolve_db_path(cli_value: str | None) -> Path:
    """``--db`` wins, then ``$DLQUIZ_DB``, then the default location."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def backups_dir(db_path: Path) -> Path:
    """Backups sit beside the collection, in a folder named after it."""
    return db_path.with_name(db_path.name + ".backups")


def log_dir() -> Path:
    """Where unexpected errors are logged."""
    from platformdirs import user_log_path

    return user_log_path("dlquiz", appauthor=False)
