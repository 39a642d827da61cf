"""After-exam comparison on the learner's collection (``core.exam_check``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from dlquiz.core.exam_check import ExamCheck, check_exam
from dlquiz.core.ids import CardId
from dlquiz.core.readiness import ReadinessCard, recall_at
from dlquiz.core.replay import Replayer
from dlquiz.storage.collection import Collection
from dlquiz.storage.exams_store import ExamStore
from dlquiz.storage.memory_store import scheduler_settings
from dlquiz.storage.rebuild import read_histories
from dlquiz.storage.schema import CardRow


def states_before(
    collection: Collection, question_ids: list[str], moment: datetime
) -> list[ReadinessCard]:
    """The cards of ``question_ids`` as they stood just before ``moment``, by replay."""
    settings = scheduler_settings(collection)
    replayer = Replayer(settings)
    with collection.session() as s:
        rows = s.execute(
            select(CardRow.id, CardRow.question_id, CardRow.topic).where(
                CardRow.question_id.in_(question_ids)
            )
        ).all()
        by_id = {CardId(int(r.id)): (str(r.question_id), str(r.topic)) for r in rows}
        histories = dict(read_histories(s, card_ids=list(by_id)))
    cards = []
    for card_id, (question_id, topic) in by_id.items():
        earlier = [item for item in histories.get(card_id, []) if item[1] < moment]
        state = replayer.replay_sorted(earlier, card_id=card_id)
        cards.append(ReadinessCard(card_id, question_id, topic, state))
    return cards


def exam_check(collection: Collection, attempt_id: str | None = None) -> ExamCheck:
    """Compare the prediction at the start of an exam (default: the latest) with its result.

    Raises:
        ValueError: there is no finished exam, or none with that id.
    """
    history = ExamStore(collection).history()
    if not history:
        raise ValueError("no finished exam yet: take one, then compare")
    if attempt_id is None:
        entry = history[-1]
    else:
        found = [h for h in history if h.attempt_id.startswith(attempt_id)]
        if len(found) != 1:
            raise ValueError(f"no single finished exam with id {attempt_id!r}")
        entry = found[0]
    if entry.result is None:
        raise ValueError(f"the result of exam {entry.attempt_id} cannot be read")
    asked = [(i.question_id, i.topic, float(i.score)) for i in entry.result.items]
    cards = states_before(collection, [qid for qid, _t, _s in asked], entry.started_at)
    recall = recall_at(cards, scheduler_settings(collection), entry.started_at)
    predicted = {c.question_id: recall[c.card_id] for c in cards}
    return check_exam(entry.attempt_id, asked, predicted)
