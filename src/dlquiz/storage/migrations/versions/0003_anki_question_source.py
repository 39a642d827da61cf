"""Remember which file each imported question came from.

Re-importing a file retires only the questions that file used to give, so
two files stored in one deck (``dlquiz import a.csv b.csv --deck Vocab``)
never retire each other's cards.  Rows stored before this revision have an
empty source and count as the deck's recorded source.

Revision ID: 0003_anki
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_anki"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "questions",
        sa.Column("source", sa.String(length=255), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("questions") as batch:
        batch.drop_column("source")
