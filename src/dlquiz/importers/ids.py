"""Stable ids for imported decks and questions.

A question's id must not change when the same file is imported again, or
the learner's review history would be lost; so ids come from what the
question is (an Anki note's guid, a GIFT ``[id:]``, the text itself), never
from where it sits in the file.
"""

from __future__ import annotations

from dlquiz.core.ids import deck_id_for, short_hash, slugify

__all__ = ["UniqueIds", "deck_id_for", "short_hash", "slugify"]


class UniqueIds:
    """Hands out local ids, adding ``-2``, ``-3``... when one is asked for twice."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def take(self, wanted: str) -> str:
        """``wanted`` itself the first time, then ``wanted-2``, ``wanted-3``..."""
        count = self._seen.get(wanted, 0) + 1
        self._seen[wanted] = count
        if count == 1:
            return wanted
        candidate = f"{wanted}-{count}"
        while candidate in self._seen:
            count += 1
            candidate = f"{wanted}-{count}"
        self._seen[candidate] = 1
        self._seen[wanted] = count
        return candidate
