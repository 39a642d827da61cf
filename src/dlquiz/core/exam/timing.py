"""How the countdown is shown and spoken; the same rules for the GUI and the terminal.

A screen reader must not hear the time every second: it hears it when one of
:data:`ANNOUNCE_AT` is crossed, and on demand (Ctrl+T) through
:func:`describe_time_left`.
"""

from __future__ import annotations

import math

# Thresholds in seconds left, with what is announced when the countdown crosses them.
ANNOUNCE_AT: tuple[tuple[int, str], ...] = (
    (300, "5 minutes left"),
    (60, "1 minute left"),
    (30, "30 seconds left"),
)
WARNING_FROM_S = 60


def _whole_seconds(seconds: float) -> int:
    """Seconds as the countdown shows them: rounded up, so 00:00 means time is up."""
    if not math.isfinite(seconds) or seconds <= 0:
        return 0
    # Round first so float noise (59.0000001) does not show a second too many.
    return math.ceil(round(seconds, 6))


def format_countdown(seconds: float) -> str:
    """``mm:ss`` under an hour, ``h:mm:ss`` from an hour on; never negative."""
    total = _whole_seconds(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def warning(seconds_left: float) -> bool:
    """True in the last minute, when the countdown turns to its warning style."""
    return _whole_seconds(seconds_left) <= WARNING_FROM_S


def announcements_due(previous_left_s: float, now_left_s: float) -> list[str]:
    """The messages to announce for a countdown step from ``previous_left_s`` to ``now_left_s``.

    A threshold is crossed when the time left was above it and now is at or
    below it.  When one step crosses several (the app was frozen or slept),
    only the nearest is announced: "5 minutes left" said with 50 s to go
    would mislead.
    """
    crossed = [message for limit, message in ANNOUNCE_AT if previous_left_s > limit >= now_left_s]
    return crossed[-1:]


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def describe_time_left(seconds: float) -> str:
    """The time left in words for a screen reader, e.g. "4 minutes 12 seconds left"."""
    total = _whole_seconds(seconds)
    if total == 0:
        return "time is up"
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        _plural(value, unit)
        for value, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second"))
        if value
    ]
    return " ".join(parts) + " left"
