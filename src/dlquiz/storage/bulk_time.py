"""The stored text of UTC times, made fast enough for hundreds of thousands of them.

``stored_time.to_stored`` goes through ``strftime``; ``isoformat`` gives the
same text (a test holds the two equal on any aware time) at a third of the
cost, which counts when an import stores a whole review log.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_text(moment: datetime) -> str:
    """An aware datetime as a ``UTCDateTime`` column stores it (``to_stored``'s text)."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    # "YYYY-MM-DD HH:MM:SS.ffffff", without the "+00:00" that isoformat adds.
    return moment.isoformat(" ", "microseconds")[:26]
