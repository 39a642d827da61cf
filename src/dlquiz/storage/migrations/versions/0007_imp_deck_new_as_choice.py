"""Each deck may ask its short-answer cards as multiple choice while they are new (off: 0).

Revision ID: 0007_imp
Revises: 0006_gui
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_imp"
down_revision = "0006_gui"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN with a constant default: SQLite does not copy the table.
    op.add_column(
        "decks",
        sa.Column("new_as_choice", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("decks") as batch:
        batch.drop_column("new_as_choice")
