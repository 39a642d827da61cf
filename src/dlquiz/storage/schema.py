"""The tables of a collection, as typed SQLAlchemy models.

Every change here needs an Alembic migration in ``migrations/versions``;
a test compares the models with what the migrations build.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from dlquiz.storage.types import UTCDateTime


class Base(DeclarativeBase):
    pass


class DeckRow(Base):
    """A deck the learner has: the built-in chapter deck or an imported one."""

    __tablename__ = "decks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # "builtin" | "imported"
    source: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[str] = mapped_column(String(32), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The deck's own daily new-card limit; None follows Settings.new_per_day (migration 0006_gui).
    new_per_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Ask its short-answer cards as multiple choice while they are new (migration 0007_imp).
    new_as_choice: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class QuestionRow(Base):
    """An imported question, stored whole so the source file may go away."""

    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    deck_id: Mapped[str] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # core.serialize JSON
    # The file it came from (its name), so a re-import retires only its own questions.
    source: Mapped[str] = mapped_column(String(255), default="", server_default="")


class MediaRow(Base):
    """An image that belongs to an imported deck."""

    __tablename__ = "media"

    deck_id: Mapped[str] = mapped_column(
        ForeignKey("decks.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class CardRow(Base):
    """The learner's progress on one question (one card per question id)."""

    __tablename__ = "cards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[str] = mapped_column(String(300), unique=True)
    deck_id: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str] = mapped_column(String(200), default="")
    qtype: Mapped[str] = mapped_column(String(32))
    phase: Mapped[int] = mapped_column(Integer, default=0)  # core.scheduling.CardPhase
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    new_rank: Mapped[int] = mapped_column(Integer, default=0)  # interleaves topics
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)  # question gone from its deck
    # When the learner last made the card new again: earlier reviews no longer count.
    reset_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (
        Index("ix_cards_queue", "phase", "due"),
        Index("ix_cards_new", "phase", "new_rank"),
        Index("ix_cards_deck", "deck_id"),
        Index("ix_cards_due", "due"),  # migration 0002
    )


class ReviewRow(Base):
    """One answer, appended and never rewritten, except for the undo mark."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rating: Mapped[int] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    answer: Mapped[str] = mapped_column(Text, default="")
    verdict: Mapped[str] = mapped_column(String(16), default="")
    score: Mapped[float] = mapped_column(Float, default=0.0)
    kind: Mapped[str] = mapped_column(String(16), default="study")  # study | exam | manual
    was_new: Mapped[bool] = mapped_column(Boolean, default=False)
    state_before: Mapped[str] = mapped_column(Text, default="{}")  # JSON, for undo
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The review's event id (UUIDv7), set by the sync trigger or by a pulled event (0008_sync).
    uid: Mapped[str | None] = mapped_column(String(36), nullable=True)

    __table_args__ = (
        Index("ix_reviews_time", "reviewed_at"),
        Index("ix_reviews_card", "card_id", "reviewed_at"),
        Index("ix_reviews_uid", "uid", unique=True),
    )


class ReportRow(Base):
    """A learner's report that a question is wrong or unclear (migration 0005_deck)."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[str] = mapped_column(String(255))
    deck_id: Mapped[str] = mapped_column(String(255))
    reason: Mapped[str] = mapped_column(String(16))  # core.reports.ReportReason
    note: Mapped[str] = mapped_column(Text, default="")
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_reports_question", "question_id"),)


class SettingRow(Base):
    """One learner setting, as JSON."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ExamAttemptRow(Base):
    """A timed exam, saved after every answer so it can be resumed."""

    __tablename__ = "exam_attempts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    state: Mapped[str] = mapped_column(Text)  # core.exam attempt_to_dict JSON
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    questions: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)


class FsrsFitRow(Base):
    """One setting of the FSRS parameters: a fit (kept or not), or a return to the defaults.

    The parameters in use are a setting (``Settings.fsrs_parameters``); this table is
    the record of every fit tried, kept or not (migration 0004_mem).
    """

    __tablename__ = "fsrs_fits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(16))  # "optimized" | "default"
    kept: Mapped[bool] = mapped_column(Boolean, default=False)
    parameters: Mapped[str] = mapped_column(Text)  # JSON list of 21 floats
    deck_id: Mapped[str | None] = mapped_column(String(64), nullable=True)  # --deck, if any
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    held_out: Mapped[int] = mapped_column(Integer, default=0)
    log_loss_before: Mapped[float | None] = mapped_column(Float, nullable=True)
    log_loss_after: Mapped[float | None] = mapped_column(Float, nullable=True)
    rmse_bins_before: Mapped[float | None] = mapped_column(Float, nullable=True)
    rmse_bins_after: Mapped[float | None] = mapped_column(Float, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class SyncStateRow(Base):
    """The collection's sync bookkeeping: device id, hub, cursors (migration 0008_sync)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncContentMarkRow(Base):
    """A deck whose questions or pictures changed since its content last became events.

    Written by an import in its own transaction; a sync turns the deck's new
    content into events and clears the mark (storage/sync_content.py, 0009_imp).
    """

    __tablename__ = "sync_content_changes"

    deck_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class SyncEventRow(Base):
    """One travelling action, immutable once written (storage/sync_log.py, docs/sync.md).

    Local events are written by SQLite triggers in the action's own
    transaction; pulled ones by the sync.  ``applied`` is False for a pulled
    event that could not be applied yet (its card or review is not here).
    """

    __tablename__ = "sync_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(600))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    payload: Mapped[str] = mapped_column(Text)
    applied: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_sync_events_subject", "kind", "subject"),
        Index("ix_sync_events_applied", "applied"),
    )


def table_of(row: type[Base]) -> Table:
    """The core ``Table`` behind a mapped class, for bulk statements that skip the ORM."""
    return cast(Table, row.__table__)
