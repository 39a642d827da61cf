"""The first schema: decks, questions, media, cards, reviews, settings, exams.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dlquiz.storage.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decks",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("deleted_at", UTCDateTime, nullable=True),
    )
    op.create_table(
        "questions",
        sa.Column("id", sa.String(300), primary_key=True),
        sa.Column(
            "deck_id", sa.String(64), sa.ForeignKey("decks.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
    )
    op.create_index("ix_questions_deck_id", "questions", ["deck_id"])
    op.create_table(
        "media",
        sa.Column(
            "deck_id",
            sa.String(64),
            sa.ForeignKey("decks.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("name", sa.String(255), primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.String(300), nullable=False, unique=True),
        sa.Column("deck_id", sa.String(64), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("qtype", sa.String(32), nullable=False),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("step", sa.Integer, nullable=True),
        sa.Column("stability", sa.Float, nullable=True),
        sa.Column("difficulty", sa.Float, nullable=True),
        sa.Column("due", UTCDateTime, nullable=True),
        sa.Column("last_review", UTCDateTime, nullable=True),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("lapses", sa.Integer, nullable=False),
        sa.Column("new_rank", sa.Integer, nullable=False),
        sa.Column("suspended", sa.Boolean, nullable=False),
        sa.Column("retired", sa.Boolean, nullable=False),
    )
    op.create_index("ix_cards_queue", "cards", ["phase", "due"])
    op.create_index("ix_cards_new", "cards", ["phase", "new_rank"])
    op.create_index("ix_cards_deck", "cards", ["deck_id"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "card_id", sa.Integer, sa.ForeignKey("cards.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("reviewed_at", UTCDateTime, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("was_new", sa.Boolean, nullable=False),
        sa.Column("state_before", sa.Text, nullable=False),
        sa.Column("undone_at", UTCDateTime, nullable=True),
    )
    op.create_index("ix_reviews_time", "reviews", ["reviewed_at"])
    op.create_index("ix_reviews_card", "reviews", ["card_id", "reviewed_at"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "exam_attempts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("deadline", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime, nullable=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("passed", sa.Boolean, nullable=True),
        sa.Column("questions", sa.Integer, nullable=False),
        sa.Column("answered", sa.Integer, nullable=False),
        sa.Column("correct", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("exam_attempts", "settings", "reviews", "cards", "media", "questions", "decks"):
        op.drop_table(table)
