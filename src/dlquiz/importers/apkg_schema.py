"""Note types and deck names from an Anki collection, in either schema.

Schema 11 (``collection.anki2`` / ``.anki21``) keeps note types and decks
as JSON in the ``col`` table; schema 18 (``collection.anki21b``) keeps them
in the ``notetypes``, ``fields``, ``templates`` and ``decks`` tables, with
protobuf ``config`` blobs.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .anki_template import NoteType, Template
from .protobuf import first_int, first_text, parse_message

NOTES_COLUMNS = {"id", "guid", "mid", "tags", "flds"}
CARDS_COLUMNS = {"nid", "ord", "did"}
SCHEMA18_TABLES = ("notetypes", "fields", "templates", "decks")
KIND_CLOZE = 1  # Notetype.Config.kind
QFMT, AFMT = 1, 2  # Template.Config fields


class NotACollection(Exception):
    """The SQLite file is not an Anki collection; the message says what is missing."""


def tables(con: sqlite3.Connection) -> dict[str, str]:
    """Every object name in the database with its type (``table``, ``view``...)."""
    return {name: kind for kind, name in con.execute("SELECT type, name FROM sqlite_master")}


def check_collection(con: sqlite3.Connection) -> bool:
    """Check the tables a collection needs; True for schema 18.

    Raises:
        NotACollection: a table or column is missing, or is a view.
    """
    found = tables(con)
    for name, columns in (("notes", NOTES_COLUMNS), ("cards", CARDS_COLUMNS)):
        if found.get(name) != "table":
            raise NotACollection(f"table '{name}' is missing")
        present = {row[1] for row in con.execute(f"PRAGMA table_info({name})")}
        missing = columns - present
        if missing:
            raise NotACollection(f"table '{name}' lacks column(s) {', '.join(sorted(missing))}")
    if all(found.get(name) == "table" for name in SCHEMA18_TABLES):
        return True
    if found.get("col") != "table":
        raise NotACollection("neither a 'col' table nor schema-18 note type tables")
    return False


def read_schema11(con: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    """Note types and deck names from the JSON in the ``col`` table."""
    row = con.execute("SELECT models, decks FROM col LIMIT 1").fetchone()
    if row is None:
        raise NotACollection("the 'col' table is empty")
    try:
        models: dict[str, Any] = json.loads(row[0] or "{}")
        decks: dict[str, Any] = json.loads(row[1] or "{}")
    except (json.JSONDecodeError, TypeError) as error:
        raise NotACollection(f"note types are not valid JSON ({error})") from None
    if not isinstance(models, dict) or not isinstance(decks, dict):
        raise NotACollection("note types or decks are not JSON objects")
    notetypes: dict[int, NoteType] = {}
    for key, model in models.items():
        try:
            fields = sorted(model.get("flds", []), key=lambda f: int(f.get("ord", 0)))
            templates = sorted(model.get("tmpls", []), key=lambda t: int(t.get("ord", 0)))
            notetypes[int(key)] = NoteType(
                id=int(key),
                name=str(model.get("name", "")),
                is_cloze=int(model.get("type", 0)) == KIND_CLOZE,
                fields=tuple(str(f.get("name", "")) for f in fields),
                templates=tuple(
                    Template(
                        int(t.get("ord", 0)),
                        str(t.get("name", "")),
                        str(t.get("qfmt", "")),
                        str(t.get("afmt", "")),
                    )
                    for t in templates
                ),
            )
        except (AttributeError, TypeError, ValueError) as error:
            raise NotACollection(f"note type {key} is malformed ({error})") from None
    names = {}
    for key, deck in decks.items():
        if isinstance(deck, dict) and str(key).lstrip("-").isdigit():
            names[int(key)] = str(deck.get("name", ""))
    return notetypes, names


def read_schema18(con: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    """Note types and deck names from the schema-18 tables."""
    fields: dict[int, list[tuple[int, str]]] = {}
    for ntid, ord_, name in con.execute("SELECT ntid, ord, name FROM fields"):
        fields.setdefault(int(ntid), []).append((int(ord_), str(name)))
    templates: dict[int, list[Template]] = {}
    for ntid, ord_, name, config in con.execute("SELECT ntid, ord, name, config FROM templates"):
        parsed = parse_message(bytes(config or b""))
        templates.setdefault(int(ntid), []).append(
            Template(int(ord_), str(name), first_text(parsed, QFMT), first_text(parsed, AFMT))
        )
    notetypes: dict[int, NoteType] = {}
    for ntid, name, config in con.execute("SELECT id, name, config FROM notetypes"):
        kind = first_int(parse_message(bytes(config or b"")), 1)
        notetypes[int(ntid)] = NoteType(
            id=int(ntid),
            name=str(name),
            is_cloze=kind == KIND_CLOZE,
            fields=tuple(name for _, name in sorted(fields.get(int(ntid), []))),
            templates=tuple(sorted(templates.get(int(ntid), []), key=lambda t: t.ord)),
        )
    decks = {int(did): str(name) for did, name in con.execute("SELECT id, name FROM decks")}
    return notetypes, decks
