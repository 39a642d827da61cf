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


# Bulk replay works on naive UTC times: attaching a zone to a million stored times
# only to strip it again on the way back cost more than the replay itself.
def naive_from_stored(text: str) -> datetime:
    """A stored time as a naive datetime holding UTC."""
    return datetime.fromisoformat(text)


def naive_to_stored(value: datetime) -> str:
    """A naive datetime holding UTC, as a UTCDateTime column stores it."""
    if value.tzinfo is not None:
        raise ValueError("pass the naive UTC time that naive_from_stored gives")
    return value.strftime(_STORED)
