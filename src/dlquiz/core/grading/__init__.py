"""Grading answers as a careful teacher would: lenient about form, strict about facts.

The rules are written up in docs/grading.md.  ``grade`` is the entry point;
``parse_number`` and ``normalize_text`` are shared with the rest of the app.
They load with their modules on first use (``core.lazy``): the section
labels and sibling rules need ``grading.normalize`` before the first question
is shown, and the grader itself only when the first answer is checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlquiz.core.lazy import lazy_exports

if TYPE_CHECKING:
    from dlquiz.core.grading.grader import MAX_ANSWER_CHARS, grade
    from dlquiz.core.grading.normalize import normalize_text
    from dlquiz.core.grading.numbers import parse_number

__all__ = ["MAX_ANSWER_CHARS", "grade", "normalize_text", "parse_number"]

__getattr__ = lazy_exports(
    __name__,
    {
        "MAX_ANSWER_CHARS": "dlquiz.core.grading.grader",
        "grade": "dlquiz.core.grading.grader",
        "normalize_text": "dlquiz.core.grading.normalize",
        "parse_number": "dlquiz.core.grading.numbers",
    },
)
