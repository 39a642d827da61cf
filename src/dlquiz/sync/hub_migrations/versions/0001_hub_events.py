"""The hub's event table, its class tables and the row-level security on them.

Revision ID: 0001_hub
Revises:

``seq`` is assigned by the server and pulls read after a device's cursor on
it.  Pushes take one advisory lock for their transaction, so rows become
visible in ``seq`` order and a cursor never steps over a row still to commit.
A personal hub (one role for all of a learner's devices) needs nothing more;
``dlquiz hub init`` adds the roles, grants and row-level security of a class
(``dlquiz.sync.class_sql``, docs/sync.md).
"""

from __future__ import annotations

from alembic import op

revision = "0001_hub"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE hub_meta (key text PRIMARY KEY, value text NOT NULL)")
    op.execute("INSERT INTO hub_meta (key, value) VALUES ('hub_id', gen_random_uuid()::text)")
    op.execute(
        """
        CREATE TABLE events (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id uuid NOT NULL UNIQUE,
            owner name NOT NULL DEFAULT current_user,
            device_id uuid NOT NULL,
            kind text NOT NULL,
            subject text NOT NULL,
            deck_id text,
            at timestamptz NOT NULL,
            payload text NOT NULL,
            stored_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX events_owner_seq ON events (owner, seq)")
    op.execute("CREATE INDEX events_deck_seq ON events (deck_id, seq) WHERE deck_id IS NOT NULL")
    op.execute(
        """
        CREATE TABLE published_decks (
            deck_id text PRIMARY KEY,
            name text NOT NULL,
            teacher name NOT NULL DEFAULT current_user,
            published_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(
        """
        CREATE TABLE subscriptions (
            learner name NOT NULL DEFAULT current_user,
            deck_id text NOT NULL REFERENCES published_decks (deck_id) ON DELETE CASCADE,
            PRIMARY KEY (learner, deck_id)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE subscriptions")
    op.execute("DROP TABLE published_decks")
    op.execute("DROP TABLE events")
    op.execute("DROP TABLE hub_meta")
