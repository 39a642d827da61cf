"""Turning failures into messages for people, never tracebacks."""

from __future__ import annotations

from dlquiz.errorlog import report_unexpected

__all__ = ["UserError", "report_unexpected"]


class UserError(Exception):
    """Something the user can fix: the message says what and where."""
