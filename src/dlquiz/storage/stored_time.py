"""Datetimes in the text a ``UTCDateTime`` column stores, without SQLAlchemy.

Paths that talk to the driver directly (the study queue before the first
paint, bulk rebuilds) bind and read these; a test checks that they agree
with what SQLAlchemy's SQLite ``DateTime`` writes.
"""

from __future__ import annotations

from datetime import UTC, datetime

# SQLAlchemy's SQLite DateTime always writes microseconds.
_STORED = "%Y-%m-%d %H:%M:%S.%f"


def to_stored(value: datetime) -> str:
    """A UTC-aware datetime as a UTCDateTime column stores it."""
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored: pass a UTC-aware one")
    return value.astimezone(UTC).strftime(_STORED)


def from_stored(text: str) -> datetime:
    """What a UTCDateTime column reads back from its stored text."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
