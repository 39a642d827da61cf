"""Hostile and broken files: each refused with a clear message, nothing half-imported."""

from __future__ import annotations

import os
import sqlite3
import zipfile
from pathlib import Path

import pytest
import zstandard

from dlquiz.core.problems import InputError
from dlquiz.importers import read_file

ZEROS = b"\x00" * (20 * 1024 * 1024)


def refused(path: Path, fragment: str) -> str:
    with pytest.raises(InputError) as error:
        read_file(path)
    message = str(error.value)
    assert fragment in message
    assert message.startswith(path.name)
    return message


def zip_with(path: Path, entries: dict[str, bytes], *, deflate: bool = False) -> Path:
    mode = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", mode) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def anki_sqlite(path: Path) -> bytes:
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE col (id integer primary key, models text, decks text);"
        "INSERT INTO col VALUES (1, '{}', '{}');"
        "CREATE TABLE notes (id integer primary key, guid text, mid integer, tags text, flds text);"
        "CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer);"
    )
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.txt", "climbs out of the folder"),
        ("/etc/passwd", "absolute path"),
        ("media\\..\\x", "backslash"),
        ("C:/x", "drive letter"),
    ],
)
def test_unsafe_entry_names(tmp_path: Path, name: str, reason: str) -> None:
    path = zip_with(tmp_path / "evil.apkg", {"collection.anki2": b"x", name: b"x"})
    message = refused(path, "unsafe path in archive")
    assert reason in message


def test_zip_bomb_is_refused_from_its_declared_ratio(tmp_path: Path) -> None:
    path = zip_with(tmp_path / "bomb.apkg", {"collection.anki2": ZEROS}, deflate=True)
    refused(path, "refused as a possible zip bomb")


def test_zstd_bomb_is_refused_while_streaming(tmp_path: Path) -> None:
    bomb = zstandard.ZstdCompressor().compress(ZEROS)
    path = zip_with(tmp_path / "zbomb.apkg", {"meta": b"\x08\x03", "collection.anki21b": bomb})
    refused(path, "collection.anki21b expands more than 200 times")


def test_truncated_archive(tmp_path: Path) -> None:
    whole = zip_with(tmp_path / "whole.apkg", {"collection.anki2": os.urandom(5000)}, deflate=True)
    cut = tmp_path / "cut.apkg"
    cut.write_bytes(whole.read_bytes()[:200])
    refused(cut, "is not a readable zip archive (it may be truncated or damaged)")


def test_package_without_collection(tmp_path: Path) -> None:
    path = zip_with(tmp_path / "empty.apkg", {"media": b"{}"})
    refused(path, "is not an Anki package: it holds none of collection.anki21b")


def test_collection_that_is_not_sqlite(tmp_path: Path) -> None:
    path = zip_with(tmp_path / "text.apkg", {"collection.anki2": b"hello, not a database" * 50})
    refused(path, "collection.anki2 is not a readable SQLite database")


def test_sqlite_that_is_not_an_anki_collection(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE people (name text)")
    con.close()
    path = zip_with(tmp_path / "other.apkg", {"collection.anki2": other.read_bytes()})
    refused(path, "collection.anki2 is not an Anki collection: table 'notes' is missing")


def test_empty_collection_has_no_question(tmp_path: Path) -> None:
    data = anki_sqlite(tmp_path / "c.db")
    path = zip_with(tmp_path / "none.apkg", {"collection.anki2": data})
    refused(path, "no importable question")


def test_damaged_media_list(tmp_path: Path) -> None:
    data = anki_sqlite(tmp_path / "c.db")
    path = zip_with(tmp_path / "m.apkg", {"collection.anki2": data, "media": b"{not json"})
    refused(path, "its media list is damaged")


def test_file_over_200_mb_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(201 * 1024 * 1024)  # sparse: no disk used
    refused(path, "is 201 MB: more than the 200 MB an import may be")


def test_binary_file_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(b"front\tback\n\xff\xfe\x00garbage")
    refused(path, "blob.txt:2: not UTF-8 or UTF-16 text (invalid byte 0xff at offset 11")


def test_nul_characters_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"front\tback\nx\x00y\tz\n")
    refused(path, "nul.txt:2: contains a NUL character")


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "laughs.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY lol "lol">]>\n<quiz>&lol;</quiz>',
        encoding="utf-8",
    )
    refused(path, "laughs.xml:2: XML with a DOCTYPE declaration is refused")


def test_malformed_xml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text('<?xml version="1.0"?>\n<quiz>\n  <question type="truefalse">\n</quiz>\n')
    refused(path, "broken.xml:4:3: not well-formed XML: mismatched tag")


def test_unknown_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# My notes\n\nJust prose, no questions here.\n", encoding="utf-8")
    refused(path, "is not a question file dlquiz recognises")


def test_moodle_embedded_answers_are_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "cloze.txt"
    path.write_text("Capital of France? {1:SHORTANSWER:=Paris}\n", encoding="utf-8")
    refused(path, "is Moodle embedded-answers (Cloze) text, which dlquiz does not import")
