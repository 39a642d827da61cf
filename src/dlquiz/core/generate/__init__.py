"""Questions generated from a deck's facts.

``generate_questions`` asks every fact as typed (or list) recall and, where
the fact allows, as multiple choice, true/false and cloze; the timeline
gives ordering questions and facts about one attribute give matching ones.
Each question's id says what it asks and its random choices come from the
seed and that id, so the output is the same on every run and barely moves
when the deck grows.  See docs/question-types.md.

The names below load with their modules on first use (``core.lazy``), so a
light helper such as ``generate.formatting`` does not bring in the generator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlquiz.core.lazy import lazy_exports

if TYPE_CHECKING:
    from dlquiz.core.generate.build import DEFAULT_SEED, generate_questions, questions_by_id
    from dlquiz.core.generate.formatting import format_value
    from dlquiz.core.generate.numeric import LATEST_YEAR

__all__ = [
    "DEFAULT_SEED",
    "LATEST_YEAR",
    "format_value",
    "generate_questions",
    "questions_by_id",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "DEFAULT_SEED": "dlquiz.core.generate.build",
        "generate_questions": "dlquiz.core.generate.build",
        "questions_by_id": "dlquiz.core.generate.build",
        "format_value": "dlquiz.core.generate.formatting",
        "LATEST_YEAR": "dlquiz.core.generate.numeric",
    },
)
