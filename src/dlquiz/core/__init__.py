"""The domain of dlquiz in plain Python.

Nothing in this package may import Qt, SQLAlchemy or torch; a test checks it.
"""
