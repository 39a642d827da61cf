"""The SQL that sets up a class on a hub: roles, grants and row-level security.

``dlquiz hub init`` runs these statements (docs/sync.md prints them) as the
hub's owner, after the tables exist.  Every statement can run again: roles
are made only when missing and policies are replaced.  A learner's login
role is a member of ``dlquiz_learner`` and reads and writes only its own
events (PostgreSQL itself refuses the rest); it also reads the content of
published decks.  A teacher's role, a member of ``dlquiz_teacher``, reads the
whole class's events and publishes decks.
"""

from __future__ import annotations

LEARNER = "dlquiz_learner"
TEACHER = "dlquiz_teacher"

CLASS_SQL: tuple[str, ...] = (
    f"""DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{LEARNER}') THEN
        CREATE ROLE {LEARNER} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEACHER}') THEN
        CREATE ROLE {TEACHER} NOLOGIN;
    END IF;
END $$""",
    f"GRANT USAGE ON SCHEMA public TO {LEARNER}, {TEACHER}",
    f"GRANT SELECT ON hub_meta, dlquiz_hub_version TO {LEARNER}, {TEACHER}",
    f"GRANT SELECT, INSERT ON events TO {LEARNER}, {TEACHER}",
    f"GRANT SELECT ON published_decks TO {LEARNER}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON published_decks TO {TEACHER}",
    f"GRANT SELECT, INSERT, DELETE ON subscriptions TO {LEARNER}",
    f"GRANT SELECT ON subscriptions TO {TEACHER}",
    # Row-level security: without a policy that lets a row through, it is invisible.
    "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE subscriptions ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE published_decks ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS learner_own_events ON events",
    f"""CREATE POLICY learner_own_events ON events FOR ALL TO {LEARNER}
    USING (owner = current_user) WITH CHECK (owner = current_user)""",
    "DROP POLICY IF EXISTS learner_class_decks ON events",
    f"""CREATE POLICY learner_class_decks ON events FOR SELECT TO {LEARNER}
    USING (deck_id IN (SELECT deck_id FROM published_decks))""",
    "DROP POLICY IF EXISTS teacher_reads_class ON events",
    f"CREATE POLICY teacher_reads_class ON events FOR SELECT TO {TEACHER} USING (true)",
    "DROP POLICY IF EXISTS teacher_own_events ON events",
    f"""CREATE POLICY teacher_own_events ON events FOR INSERT TO {TEACHER}
    WITH CHECK (owner = current_user)""",
    "DROP POLICY IF EXISTS learner_subscriptions ON subscriptions",
    f"""CREATE POLICY learner_subscriptions ON subscriptions FOR ALL TO {LEARNER}
    USING (learner = current_user) WITH CHECK (learner = current_user)""",
    "DROP POLICY IF EXISTS teacher_subscriptions ON subscriptions",
    f"CREATE POLICY teacher_subscriptions ON subscriptions FOR SELECT TO {TEACHER} USING (true)",
    "DROP POLICY IF EXISTS everyone_reads_decks ON published_decks",
    f"""CREATE POLICY everyone_reads_decks ON published_decks FOR SELECT
    TO {LEARNER}, {TEACHER} USING (true)""",
    "DROP POLICY IF EXISTS teacher_publishes ON published_decks",
    f"""CREATE POLICY teacher_publishes ON published_decks FOR ALL TO {TEACHER}
    USING (teacher = current_user) WITH CHECK (teacher = current_user)""",
)


def add_member_sql(role: str, *, teacher: bool) -> str:
    """The statement that puts an existing login role into the class (a quoted identifier)."""
    quoted = '"' + role.replace('"', '""') + '"'
    return f"GRANT {TEACHER if teacher else LEARNER} TO {quoted}"
