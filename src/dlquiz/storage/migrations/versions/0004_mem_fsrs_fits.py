"""The learner's FSRS parameters: every fit tried, and which one is in use.

Revision ID: 0004_mem
Revises: 0003_anki
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dlquiz.storage.types import UTCDateTime

revision = "0004_mem"
down_revision = "0003_anki"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fsrs_fits",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("fitted_at", UTCDateTime, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("kept", sa.Boolean, nullable=False),
        sa.Column("parameters", sa.Text, nullable=False),
        sa.Column("deck_id", sa.String(64), nullable=True),
        sa.Column("reviews", sa.Integer, nullable=False),
        sa.Column("held_out", sa.Integer, nullable=False),
        sa.Column("log_loss_before", sa.Float, nullable=True),
        sa.Column("log_loss_after", sa.Float, nullable=True),
        sa.Column("rmse_bins_before", sa.Float, nullable=True),
        sa.Column("rmse_bins_after", sa.Float, nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("fsrs_fits")
