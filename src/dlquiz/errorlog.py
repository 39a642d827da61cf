"""Writing an unexpected error's traceback to the user's log, for every front end.

The terminal commands, the window's error dialog and background work all
log bugs through :func:`report_unexpected`, so the log has one format and
one place.  It imports neither Qt nor the database layer.
"""

from __future__ import annotations

import traceback
from datetime import UTC, datetime
from pathlib import Path

LOG_NAME = "errors.log"


def log_file() -> Path:
    """Where unexpected errors are written."""
    from dlquiz.storage.paths import log_dir

    return log_dir() / LOG_NAME


def log_unexpected(error: BaseException) -> Path | None:
    """Append a bug's traceback to the log; the file written, or None when it cannot be."""
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now(UTC).isoformat()} ---\n")
            handle.write("".join(traceback.format_exception(error)))
    except OSError:
        # Not logged elsewhere either: logging would print the raw traceback on the
        # terminal, and the one line of unexpected_line() is the message.
        return None
    return path


def unexpected_line(error: BaseException, *, logged_to: Path | None) -> str:
    """The one line a terminal shows for a bug, saying where its details went."""
    where = (
        f"details were written to {logged_to}"
        if logged_to is not None
        else "the details could not be written to the log"
    )
    return f"dlquiz: unexpected error: {error.__class__.__name__}: {error} ({where})"


def report_unexpected(error: BaseException) -> str:
    """Log a bug's traceback to the user's log directory and say, in one line, where it went."""
    return unexpected_line(error, logged_to=log_unexpected(error))
