"""Hard limits that keep a hostile or broken file from exhausting the machine.

Every reader checks its input against these before trusting it: a file that
crosses one is refused with a message that names the limit.
"""

from __future__ import annotations

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Largest file read at all (200 MB)."""

MAX_FIELD_CHARS = 100_000
"""Longest text accepted for one field, question or answer."""

MAX_ARCHIVE_TOTAL_BYTES = 1024 * 1024 * 1024
"""Most bytes all entries of one archive may expand to (1 GiB)."""

MAX_ARCHIVE_ENTRY_BYTES = 512 * 1024 * 1024
"""Most bytes one archive entry (a collection, a picture) may expand to."""

MAX_COMPRESSION_RATIO = 200
"""Largest expansion accepted for an entry bigger than ``RATIO_FREE_BYTES``.

SQLite pages full of zeros compress well, but real collections stay far
below this; zip bombs go far above it.
"""

RATIO_FREE_BYTES = 4 * 1024 * 1024
"""Entries that expand to less than this are never refused for their ratio."""

MAX_ARCHIVE_ENTRIES = 200_000
"""Most entries one archive may list."""

MAX_QUESTIONS = 500_000
"""Most questions one import may produce."""

HEAD_BYTES = 64 * 1024
"""How much of a file format detection looks at."""


def human_size(size: int) -> str:
    """``size`` in bytes as a short text such as ``"200 MB"``."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value >= 10 else f"{value:.1f} {unit}"
    return f"{size} bytes"
