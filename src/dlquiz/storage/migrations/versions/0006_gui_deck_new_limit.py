"""Each deck may have its own daily new-card limit (NULL: the default from the settings).

Revision ID: 0006_gui
Revises: 0005_deck
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_gui"
down_revision = "0005_deck"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite adds a nullable column without copying the table.
    op.add_column("decks", sa.Column("new_per_day", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decks") as batch:
        batch.drop_column("new_per_day")
