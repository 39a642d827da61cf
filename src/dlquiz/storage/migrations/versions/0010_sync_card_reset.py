"""A card reset is an event: ``cards.reset_at`` and its sync trigger (docs/sync.md).

Revision ID: 0010_sync
Revises: 0009_imp

Card state is replayed from the review log, so a reset must be a fact the
log's readers know: reviews up to ``reset_at`` belong to the life the learner
chose to forget, on every device.  A plain ADD COLUMN: no table copy.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dlquiz.storage.sync_sql import ADDED_IN_0010

revision = "0010_sync"
down_revision = "0009_imp"
branch_labels = None
depends_on = None


# Until now a life began at any answer stored ``was_new`` after earlier ones, which
# also cut off a card answered as new on two devices before they synced.  The resets
# that history holds become ``reset_at``: an answer as new after counted answers (the
# last such one), and a card new again that still has counted answers.
_COUNTED = "undone_at IS NULL"
_RESTARTS = f"""
UPDATE cards SET reset_at = (
    SELECT max(r.reviewed_at) FROM reviews r WHERE r.card_id = cards.id AND r.{_COUNTED}
    AND r.was_new AND EXISTS (SELECT 1 FROM reviews e WHERE e.card_id = r.card_id
        AND e.{_COUNTED} AND (e.reviewed_at < r.reviewed_at
        OR (e.reviewed_at = r.reviewed_at AND e.id < r.id))))
WHERE phase != 0
"""
_NEW_AGAIN = f"""
UPDATE cards SET reset_at = (
    SELECT max(r.reviewed_at) FROM reviews r WHERE r.card_id = cards.id AND r.{_COUNTED})
WHERE phase = 0
"""


def upgrade() -> None:
    op.add_column("cards", sa.Column("reset_at", sa.DateTime(), nullable=True))
    # The triggers first: the resets found below become events, so they travel too.
    for name, body in ADDED_IN_0010.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(_RESTARTS)
    op.execute(_NEW_AGAIN)


def downgrade() -> None:
    for name in ADDED_IN_0010:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("reset_at")
