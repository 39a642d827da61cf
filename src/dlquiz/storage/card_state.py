"""A card's scheduling state in and out of its database row and review log.

The queue reads states from rows, an answer writes the new state back, and
each review keeps the state before it as JSON so undo and amending a rating
can start again from exactly there.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from dlquiz.core.ids import CardId
from dlquiz.core.scheduling import CardPhase, CardState, state_from

if TYPE_CHECKING:
    from dlquiz.storage.schema import CardRow


def state_of(row: Any) -> CardState:
    """A card's scheduling state from a ``CardRow`` or a row with the same columns."""
    return state_from(row)


def state_params(card_id: CardId, state: CardState) -> dict[str, Any]:
    return {
        "id": card_id,
        "phase": int(state.phase),
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": state.due,
        "last_review": state.last_review,
        "reps": state.reps,
        "lapses": state.lapses,
    }


def apply_state(row: CardRow, state: CardState) -> None:
    row.phase = int(state.phase)
    row.step, row.stability, row.difficulty = state.step, state.stability, state.difficulty
    row.due, row.last_review = state.due, state.last_review
    row.reps, row.lapses = state.reps, state.lapses


def state_json(state: CardState) -> str:
    data: dict[str, Any] = {
        "phase": int(state.phase),
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "reps": state.reps,
        "lapses": state.lapses,
        "due": state.due.isoformat() if state.due else None,
        "last_review": state.last_review.isoformat() if state.last_review else None,
    }
    return json.dumps(data)


def state_from_json(text: str) -> CardState:
    data = json.loads(text)
    return CardState(
        phase=CardPhase(data["phase"]),
        step=data["step"],
        stability=data["stability"],
        difficulty=data["difficulty"],
        reps=data["reps"],
        lapses=data["lapses"],
        due=datetime.fromisoformat(data["due"]) if data["due"] else None,
        last_review=datetime.fromisoformat(data["last_review"]) if data["last_review"] else None,
    )
