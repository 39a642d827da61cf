"""Turning failures into messages for people, never tracebacks."""

from __future__ import annotations

import logging
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
    except OSError:
        logging.getLogger("dlquiz").exception("unexpected error")
        where = "the details could not be written to the log"
    return f"dlquiz: unexpected error: {error.__class__.__name__}: {error} ({where})"
