"""The learner's collection: SQLite through SQLAlchemy, with migrations and backups."""
