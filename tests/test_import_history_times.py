"""Imported reviews' times are written as text straight to the driver: the text the ORM keeps."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlquiz.storage.bulk_time import text_of_micros_sql, utc_micros, utc_text
from dlquiz.storage.stored_time import to_stored

_MOMENTS = [
    datetime(2025, 1, 1, tzinfo=UTC),  # no microseconds: isoformat would drop them
    datetime(2025, 1, 1, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(1999, 12, 31, 22, 30, tzinfo=timezone(timedelta(hours=-5))),  # another zone
    datetime(2030, 6, 1, 0, 0, 0, 1, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    datetime(1970, 1, 1, tzinfo=UTC),
]


@pytest.mark.parametrize("moment", _MOMENTS)
def test_the_text_of_an_imported_review_time_is_what_to_stored_writes(moment: datetime) -> None:
    assert utc_text(moment) == to_stored(moment)


@given(
    st.datetimes(
        min_value=datetime(1971, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=9)), timezone(-timedelta(hours=3))]
        ),
    )
)
def test_any_aware_time_gives_the_same_text_both_ways(moment: datetime) -> None:
    assert utc_text(moment) == to_stored(moment)


_SQLITE = sqlite3.connect(":memory:")


def _sqlite_text(moment: datetime) -> str:
    (text,) = _SQLITE.execute(f"SELECT {text_of_micros_sql('?1')}", utc_micros([moment])).fetchone()
    return str(text)


@pytest.mark.parametrize("moment", [m for m in _MOMENTS if m.timestamp() >= 0])
def test_sqlite_writes_the_same_text_from_microseconds(moment: datetime) -> None:
    assert _sqlite_text(moment) == to_stored(moment)


@given(
    st.datetimes(
        min_value=datetime(1970, 1, 1, 5),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=5)), timezone(-timedelta(hours=3))]
        ),
    )
)
def test_any_time_since_1970_gives_the_same_text_in_sqlite(moment: datetime) -> None:
    assert _sqlite_text(moment) == utc_text(moment)
