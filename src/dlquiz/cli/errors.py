"""Turning failures into messages for people, never tracebacks."""

from __future__ import annotations

import argparse

from dlquiz.errorlog import report_unexpected

__all__ = ["UserError", "report_unexpected", "storage_trouble"]


class UserError(Exception):
    """Something the user can fix: the message says what and where."""


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
