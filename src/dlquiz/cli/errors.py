"""Turning failures into messages for people, never tracebacks."""

from __future__ import annotations

import argparse
import traceback
from datetime import UTC, datetime


class UserError(Exception):
    """Something the user can fix: the message says what and where."""


def report_unexpected(error: BaseException) -> str:
    """Log a bug's traceback to the user's log directory and say where it went."""
    from dlquiz.storage.paths import log_dir

    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "errors.log"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now(UTC).isoformat()} ---\n")
            handle.write("".join(traceback.format_exception(error)))
        where = f"details were written to {path}"
    except OSError as problem:
        # No traceback on the terminal even then: the one line below is the message.
        where = f"the details could not be written to {folder}: {problem.strerror}"
    return f"dlquiz: unexpected error: {error.__class__.__name__}: {error} ({where})"


def storage_trouble(args: argparse.Namespace, error: BaseException) -> str | None:
    """The message for a full disk, read-only place, damaged file... met mid-command.

    None when ``error`` is none of these (then it is a bug of ours).
    """
    from dlquiz.storage.failures import StorageError, explain
    from dlquiz.storage.paths import resolve_db_path

    if isinstance(error, StorageError):
        return str(error)
    try:
        path = resolve_db_path(getattr(args, "db", None)).expanduser().resolve()
    except StorageError as bad_path:
        return str(bad_path)
    explained = explain(path, error)
    return None if explained is None else str(explained)
