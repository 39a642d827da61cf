"""Storing an imported deck: all or nothing, re-imports keep progress."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from dlquiz.core.model import Question
from dlquiz.importers.ids import deck_id_for
from dlquiz.storage.collection import Collection
from dlquiz.storage.decks_store import IMPORTED, SyncReport, find_deck, store_imported
from dlquiz.storage.schema import DeckRow


@dataclass(frozen=True, slots=True)
class StoredImport:
    deck_id: str
    deck_name: str
    questions: int
    report: SyncReport


def _retarget(questions: list[Question], deck_id: str) -> list[Question]:
    # Ids keep the part the source gave them; only the deck prefix changes.  The
    # importers already use the id of the deck's own name, so usually nothing changes.
    out = []
    for q in questions:
        if q.deck == deck_id and q.id.startswith(f"{deck_id}:"):
            out.append(q)
            continue
        local = q.id.split(":", 1)[1] if ":" in q.id else q.id
        out.append(replace(q, id=f"{deck_id}:{local}", deck=deck_id))
    return out


def _free_id(session: Session, base: str) -> tuple[str, int]:
    deck_id, n = base, 1
    while session.get(DeckRow, deck_id) is not None:
        n += 1
        deck_id = f"{base}-{n}"
    return deck_id, n


def store_deck(
    collection: Collection,
    questions: list[Question],
    *,
    name: str,
    source: str,
    fmt: str,
    media: dict[str, bytes],
    as_new: bool,
    now: datetime,
) -> StoredImport:
    """Store ``questions`` as deck ``name`` in one transaction.

    Importing under the name of an existing imported deck updates it (and a
    deleted one comes back with its history); with ``as_new`` a separate copy
    with a fresh id is made.  The chapter deck is never overwritten.
    """
    with collection.session() as s:
        existing = find_deck(s, name)
        if existing is not None and existing.kind == IMPORTED and not as_new:
            deck_id = existing.id
        else:
            base = deck_id_for(name)
            former = s.get(DeckRow, base)
            revive = (
                former is not None
                and former.deleted_at is not None
                and former.kind == IMPORTED
                and not as_new
            )
            if revive:
                deck_id = base
            else:
                deck_id, n = _free_id(s, base)
                if existing is not None:
                    name = f"{name} ({n})"
        stored = _retarget(questions, deck_id)
        report = store_imported(
            s,
            deck_id=deck_id,
            name=name,
            source=source,
            fmt=fmt,
            questions=stored,
            media=media,
            now=now,
        )
    collection.mark_changed()
    return StoredImport(deck_id=deck_id, deck_name=name, questions=len(stored), report=report)
