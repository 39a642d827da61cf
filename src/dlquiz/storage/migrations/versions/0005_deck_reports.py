"""Reports of questions that a learner found wrong or unclear.

Revision ID: 0005_deck
Revises: 0004_mem
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dlquiz.storage.types import UTCDateTime

revision = "0005_deck"
down_revision = "0004_mem"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.String(length=255), nullable=False),
        sa.Column("deck_id", sa.String(length=255), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reported_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_reports_question", "reports", ["question_id"])


def downgrade() -> None:
    op.drop_index("ix_reports_question", table_name="reports")
    op.drop_table("reports")
