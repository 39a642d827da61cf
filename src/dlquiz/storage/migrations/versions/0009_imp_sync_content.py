"""Deck content becomes sync events when a sync starts, not row by row at import.

Revision ID: 0009_imp
Revises: 0008_sync

Drops 0008's per-row ``question`` and ``media`` triggers (a third of a large
import's time) and adds ``sync_content_changes``, where an import marks its
deck; ``storage.sync_content`` makes the events from the marked decks' rows.
The pictures that the ledger's own ``media`` events carried as hex are left
out of them: such an event now names its row and the SHA-256 of its bytes,
which travel when it is pushed.  Pulled events not applied yet keep theirs.
"""

from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0009_imp"
down_revision = "0008_sync"
branch_labels = None
depends_on = None

_DROPPED = ("sync_question", "sync_media")


def upgrade() -> None:
    op.create_table(
        "sync_content_changes",
        sa.Column("deck_id", sa.String(64), primary_key=True),
    )
    for name in _DROPPED:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn = op.get_bind()
    carried = conn.execute(
        sa.text("SELECT seq, payload FROM sync_events WHERE kind = 'media' AND applied = 1")
    ).all()
    for seq, payload in carried:
        data = json.loads(payload)
        if data.get("data") is None:
            continue
        light = {
            "deck_id": data["deck_id"],
            "name": data["name"],
            "sha256": hashlib.sha256(bytes.fromhex(data["data"])).hexdigest(),
        }
        conn.execute(
            sa.text("UPDATE sync_events SET payload = :p WHERE seq = :s"),
            {"p": json.dumps(light), "s": seq},
        )


def downgrade() -> None:
    from dlquiz.storage.sync_sql import DROPPED_IN_0009

    # The lighter media events stay as they are: they still name their picture.
    op.drop_table("sync_content_changes")
    for name, body in DROPPED_IN_0009.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
