"""Index cards by due date alone, for Browse's sort by due and the due forecast.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # IF NOT EXISTS: files migrated by a dlquiz whose migrations were not yet atomic
    # may hold this index already without the stamp that says so.
    op.create_index("ix_cards_due", "cards", ["due"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_cards_due", table_name="cards")
