"""One column type for every datetime: stored as UTC, read back UTC-aware."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """SQLite keeps no time zone, and fsrs accepts only UTC-aware datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: pass a UTC-aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, _dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


# The text SQLAlchemy's SQLite DateTime writes (always with microseconds), for bulk
# paths that talk to the driver directly; a test checks both agree.
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
