"""The sync ledger: every travelling action as an immutable event (docs/sync.md).

Revision ID: 0008_sync
Revises: 0007_imp

Events are written by SQLite triggers, so each one commits in the very
transaction of its action, whichever code path (study, exam, import, browse,
settings) made the change and whatever connection it used.  Ids are UUIDv7
built in SQL from the action's own time: SQLite has no uuid7(), and a
Python function registered per connection would make every raw connection
that writes a review fail.  The history from before this revision becomes
events at the first sync (``storage.sync_backfill``), so a first sync leaves
nothing out and this migration stays quick on a large collection.
"""

from __future__ import annotations

import sqlalchemy as sa
import uuid6
from alembic import op

from dlquiz.storage.sync_sql import DROPPED_IN_0009, TRIGGERS

revision = "0008_sync"
down_revision = "0007_imp"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "sync_events",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(600), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_sync_events_subject", "sync_events", ["kind", "subject"])
    op.create_index("ix_sync_events_applied", "sync_events", ["applied"])
    # A plain ADD COLUMN (no table copy); the unique index makes a pulled review idempotent.
    op.add_column("reviews", sa.Column("uid", sa.String(36), nullable=True))
    op.create_index("ix_reviews_uid", "reviews", ["uid"], unique=True)
    device = str(uuid6.uuid7())
    op.execute(f"INSERT INTO sync_state (key, value) VALUES ('device', '{device}')")
    # What was done before this revision becomes events at the first sync
    # (storage.sync_backfill): a collection that never syncs never pays for them.
    op.execute(
        "INSERT INTO sync_state (key, value) SELECT 'backfill_reviews', coalesce(max(id), 0)"
        " FROM reviews"
    )
    op.execute(
        "INSERT INTO sync_state (key, value) SELECT 'backfill_reports', coalesce(max(id), 0)"
        " FROM reports"
    )
    for name, body in {**TRIGGERS, **DROPPED_IN_0009}.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in {**TRIGGERS, **DROPPED_IN_0009}:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_reviews_uid", "reviews")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("uid")
    op.drop_table("sync_events")
    op.drop_table("sync_state")
