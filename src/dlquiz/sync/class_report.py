"""The teacher's view of a class: progress per learner and question, exam statistics.

Read from the hub's events as the teacher's role (row-level security lets a
teacher read the class; a learner's role would see only its own rows).  The
figures themselves are computed by ``dlquiz.core.item_stats``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from dlquiz.core.item_stats import item_statistics
from dlquiz.sync.hub import Hub

_RESULT = "result"  # where a finished attempt's state keeps its marks (storage.exams_store)


@dataclass(slots=True)
class _Progress:
    reviews: int = 0
    correct: int = 0
    last_rating: int = 0
    last_at: str = ""


@dataclass(slots=True)
class ClassReport:
    """Everything ``dlquiz hub report`` prints."""

    deck: str | None
    decks: list[tuple[str, str]] = field(default_factory=list)  # the class decks: (id, name)
    progress: list[dict[str, Any]] = field(default_factory=list)
    learners: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "decks": [{"id": deck_id, "name": name} for deck_id, name in self.decks],
            "learners": self.learners,
            "progress": self.progress,
            "questions": self.questions,
        }


def _is_correct(payload: dict[str, Any]) -> bool:
    verdict = str(payload.get("verdict") or "")
    return verdict == "correct" if verdict else int(payload.get("rating", 0)) >= 3


def _in_deck(question_id: str, deck: str | None) -> bool:
    return deck is None or question_id.startswith(f"{deck}:")


def class_report(hub: Hub, *, deck: str | None = None) -> ClassReport:
    """Progress and exam figures of every learner whose events this role may read."""
    with hub.begin() as conn:
        rows = conn.execute(
            text(
                "SELECT owner, id::text, kind, subject, payload FROM events"
                " WHERE kind IN ('review', 'undo', 'exam') AND owner <> current_user"
                " ORDER BY seq"
            )
        ).all()
    undone = {str(r.subject) for r in rows if r.kind == "undo"}
    progress: dict[tuple[str, str], _Progress] = defaultdict(_Progress)
    exams: dict[str, list[dict[str, Any]]] = defaultdict(list)
    attempts: list[dict[str, float]] = []
    seen: set[str] = set()  # every deck the class answered in, whatever the filter
    for owner, event_id, kind, _subject, payload in rows:
        data = json.loads(payload)
        if kind == "review":
            seen.add(str(data["question_id"]).split(":", 1)[0])
        if kind == "review" and event_id not in undone and _in_deck(data["question_id"], deck):
            entry = progress[(str(owner), str(data["question_id"]))]
            entry.reviews += 1
            entry.correct += _is_correct(data)
            if str(data["reviewed_at"]) >= entry.last_at:
                entry.last_at, entry.last_rating = str(data["reviewed_at"]), int(data["rating"])
        elif kind == "exam":
            marks = _marks(data, deck)
            if marks:
                attempts.append(marks)
                exams[str(owner)].append(
                    {
                        "id": data["id"],
                        "finished_at": data["finished_at"],
                        "score": sum(marks.values()) / len(marks),
                        "questions": len(marks),
                    }
                )
    published = hub.published()
    others = sorted(seen - {deck_id for deck_id, _name in published})
    report = ClassReport(deck=deck, decks=published + [(d, d) for d in others])
    for (learner, question_id), entry in sorted(progress.items()):
        report.progress.append(
            {
                "learner": learner,
                "question_id": question_id,
                "reviews": entry.reviews,
                "correct_share": entry.correct / entry.reviews,
                "last_rating": entry.last_rating,
            }
        )
    for learner in sorted({k[0] for k in progress} | set(exams)):
        mine = [(k, v) for k, v in progress.items() if k[0] == learner]
        reviews = sum(v.reviews for _k, v in mine)
        report.learners.append(
            {
                "learner": learner,
                "questions_studied": len(mine),
                "reviews": reviews,
                "correct_share": (sum(v.correct for _k, v in mine) / reviews) if reviews else None,
                "exams": exams.get(learner, []),
            }
        )
    for stats in item_statistics(attempts).values():
        report.questions.append(
            {
                "question_id": stats.question_id,
                "exam_attempts": stats.attempts,
                "facility": stats.facility,
                "discrimination": stats.discrimination,
            }
        )
    return report


def _marks(exam: dict[str, Any], deck: str | None) -> dict[str, float]:
    """Each question's score in one finished attempt (from its stored result)."""
    try:
        items = json.loads(exam["state"])[_RESULT]["items"]
        return {
            str(item["question_id"]): min(1.0, max(0.0, float(item["score"])))
            for item in items
            if _in_deck(str(item["question_id"]), deck)
        }
    except (ValueError, KeyError, TypeError):
        return {}
