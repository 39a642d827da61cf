"""Grading answers as a careful teacher would: lenient about form, strict about facts.

The rules are written up in docs/grading.md.  ``grade`` is the entry point;
``parse_number`` and ``normalize_text`` are shared with the rest of the app.
"""

from __future__ import annotations

from dlquiz.core.grading.grader import MAX_ANSWER_CHARS, grade
from dlquiz.core.grading.normalize import normalize_text
from dlquiz.core.grading.numbers import parse_number

__all__ = ["MAX_ANSWER_CHARS", "grade", "normalize_text", "parse_number"]
