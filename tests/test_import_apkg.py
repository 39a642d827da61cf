"""Anki packages built here with sqlite3 + zipfile (+ zstandard): both schemas, media, ids."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
import zstandard

from dlquiz.core.model import FlashKey, NumberKey, QuestionType, TextKey
from dlquiz.core.problems import InputError
from dlquiz.importers import read_file

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
BASIC = {
    "name": "Basic (and reversed card)",
    "type": 0,
    "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
    "tmpls": [
        {"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr>{{Back}}"},
        {"name": "Card 2", "ord": 1, "qfmt": "{{Back}}", "afmt": "{{FrontSide}}<hr>{{Front}}"},
    ],
}
TYPED = {
    "name": "Basic (type in the answer)",
    "type": 0,
    "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
    "tmpls": [
        {
            "name": "Card 1",
            "ord": 0,
            "qfmt": "{{Front}}\n\n{{type:Back}}",
            "afmt": "{{Front}}<hr id=answer>{{type:Back}}",
        }
    ],
}
CLOZE = {
    "name": "Cloze",
    "type": 1,
    "flds": [{"name": "Text", "ord": 0}, {"name": "Back Extra", "ord": 1}],
    "tmpls": [
        {
            "name": "Cloze",
            "ord": 0,
            "qfmt": "{{cloze:Text}}",
            "afmt": "{{cloze:Text}}<br>\n{{Back Extra}}",
        }
    ],
}
# (note id, guid, model id, tags, fields, card ordinals, deck id)
NOTES: list[tuple[int, str, int, str, list[str], list[int], int]] = [
    (1, "g<1>", 10, " history cnn ", ["AlexNet won in", "2012"], [0, 1], 100),
    (
        2,
        "g:2",
        10,
        "",
        ['<div>Plot</div><img src="plot.png">', "The <b>loss</b> falls, then flattens."],
        [0],
        101,
    ),
    (3, "g3", 20, "", ["Layers in AlexNet?", "8"], [0], 100),
    (4, "g4", 30, "", ["{{c1::Hinton}} led {{c2::the Toronto team::who}}", "extra"], [0, 1], 100),
    (5, "g5", 10, "", ["[sound:intro.mp3]Listen", "music"], [0], 100),
]
DECKS = {100: "Deep Learning::History", 101: "Deep Learning::Plots"}


def schema11(path: Path, notes=NOTES, *, models: dict[int, Any] | None = None) -> None:  # noqa: ANN001
    models = models or {10: BASIC, 20: TYPED, 30: CLOZE}
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE col (id integer primary key, ver integer, models text, decks text);"
        "CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer,"
        " tags text, flds text, sfld text);"
        "CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer);"
    )
    decks = {str(k): {"name": v} for k, v in {1: "Default", **DECKS}.items()}
    con.execute(
        "INSERT INTO col VALUES (1, 11, ?, ?)",
        (json.dumps({str(k): v for k, v in models.items()}), json.dumps(decks)),
    )
    _fill(con, notes)
    con.commit()
    con.close()


def _fill(con: sqlite3.Connection, notes) -> None:  # noqa: ANN001
    card_id = 1000
    for nid, guid, mid, tags, fields, ords, did in notes:
        con.execute(
            "INSERT INTO notes VALUES (?, ?, ?, 0, ?, ?, ?)",
            (nid, guid, mid, tags, "\x1f".join(fields), fields[0]),
        )
        for ord_ in ords:
            card_id += 1
            con.execute("INSERT INTO cards VALUES (?, ?, ?, ?)", (card_id, nid, did, ord_))


def pb(number: int, value: int | bytes | str) -> bytes:
    """One protobuf field, written by hand for the test fixtures."""

    def varint(n: int) -> bytes:
        out = bytearray()
        while True:
            byte, n = n & 0x7F, n >> 7
            out.append(byte | (0x80 if n else 0))
            if not n:
                return bytes(out)

    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    data = value.encode() if isinstance(value, str) else value
    return varint(number << 3 | 2) + varint(len(data)) + data


def schema18(path: Path, notes=NOTES) -> None:  # noqa: ANN001
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE col (id integer primary key, ver integer, models text, decks text);"
        "CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer,"
        " tags text, flds text, sfld text);"
        "CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer);"
        "CREATE TABLE notetypes (id integer primary key, name text, config blob);"
        "CREATE TABLE fields (ntid integer, ord integer, name text, config blob);"
        "CREATE TABLE templates (ntid integer, ord integer, name text, config blob);"
        "CREATE TABLE decks (id integer primary key, name text, common blob, kind blob);"
    )
    con.execute("INSERT INTO col VALUES (1, 18, '', '')")
    for mid, model in ((10, BASIC), (20, TYPED), (30, CLOZE)):
        config = pb(1, model["type"]) + pb(3, ".card {}") if model["type"] else pb(3, ".card {}")
        con.execute("INSERT INTO notetypes VALUES (?, ?, ?)", (mid, model["name"], config))
        for field in model["flds"]:
            con.execute(
                "INSERT INTO fields VALUES (?, ?, ?, ?)", (mid, field["ord"], field["name"], b"")
            )
        for t in model["tmpls"]:
            config = pb(1, t["qfmt"]) + pb(2, t["afmt"])
            con.execute(
                "INSERT INTO templates VALUES (?, ?, ?, ?)", (mid, t["ord"], t["name"], config)
            )
    for did, name in DECKS.items():
        con.execute("INSERT INTO decks VALUES (?, ?, x'', x'')", (did, name.replace("::", "\x1f")))
    _fill(con, notes)
    con.commit()
    con.close()


def zip_legacy(collection: Path, path: Path, files: dict[str, bytes]) -> Path:
    """``collection`` and ``files`` packed as a legacy .apkg at ``path``, as Anki lays it out."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(collection, "collection.anki2")
        archive.writestr("media", json.dumps({str(i): name for i, name in enumerate(files)}))
        for index, data in enumerate(files.values()):
            archive.writestr(str(index), data)
    return path


def legacy_package(tmp_path: Path, name: str = "deck.apkg") -> Path:
    collection = tmp_path / f"{name}.anki2"
    schema11(collection)
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(collection, "collection.anki2")
        archive.writestr("media", json.dumps({"0": "plot.png", "1": "intro.mp3"}))
        archive.writestr("0", PNG)
        archive.writestr("1", b"ID3")
    return path


def new_package(tmp_path: Path) -> Path:
    collection = tmp_path / "new.sqlite"
    schema18(collection)
    decoy = tmp_path / "decoy.anki2"
    schema11(
        decoy,
        [(9, "d", 10, "", ["Please update to the latest Anki version, then import", ""], [0], 1)],
    )
    zstd = zstandard.ZstdCompressor()
    entry = pb(1, "plot.png") + pb(2, len(PNG)) + pb(3, hashlib.sha1(PNG).digest())
    path = tmp_path / "new.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("meta", b"\x08\x03")
        archive.writestr("collection.anki21b", zstd.compress(collection.read_bytes()))
        archive.write(decoy, "collection.anki2")
        archive.writestr("media", zstd.compress(pb(1, entry)))
        archive.writestr("0", zstd.compress(PNG))
    return path


def check_deck(imported) -> None:  # noqa: ANN001
    questions = {q.id.split(":", 1)[1]: q for q in imported.deck.questions}
    assert imported.deck.name == "Deep Learning"
    assert imported.deck.id == "import-deep-learning"
    year = [q for q in imported.deck.questions if q.text_prompt == "AlexNet won in"]
    assert [q.type for q in year] == [QuestionType.TYPED]
    assert year[0].key == NumberKey(value=2012.0, is_year=True)
    assert year[0].topic == "Deep Learning::History"
    assert year[0].tags == ("history", "cnn")
    reverse = [q for q in imported.deck.questions if q.text_prompt == "2012"]
    assert reverse[0].key == TextKey(accepted=("AlexNet won in",))
    (plot,) = [q for q in imported.deck.questions if "plot.png" in q.media]
    assert plot.prompt == '<p>Plot</p><img src="plot.png">'
    assert plot.media == ("plot.png",)
    assert plot.type is QuestionType.FLASHCARD
    assert plot.key == FlashKey(back="The <b>loss</b> falls, then flattens.")
    assert plot.topic == "Deep Learning::Plots"
    assert imported.media["plot.png"] == PNG
    (layers,) = [q for q in imported.deck.questions if q.text_prompt == "Layers in AlexNet?"]
    assert layers.type is QuestionType.TYPED
    clozes = sorted((q for q in imported.deck.questions if q.type is QuestionType.CLOZE), key=str)
    assert [q.text_prompt for q in clozes] == [
        "_____ led the Toronto team",
        "Hinton led _____ [who]",
    ]
    assert [q.answer for q in clozes] == ["Hinton", "the Toronto team"]
    assert clozes[0].explanation == "extra"
    (listen,) = [q for q in imported.deck.questions if q.text_prompt.endswith("Listen")]
    if "intro.mp3" in imported.media:  # the legacy package ships it, the new one does not
        assert listen.media == ("intro.mp3",)
        assert listen.prompt == '<audio src="intro.mp3">Listen'
        assert imported.media["intro.mp3"] == b"ID3"
    else:
        assert listen.media == ()
        assert any(
            "sound intro.mp3 left out: it is not in the package" in notice
            for notice in imported.notices
        )
    assert all(":" not in local.split(":mc")[0] for local in questions)
    assert len(questions) == len(imported.deck.questions)


def test_legacy_package(tmp_path: Path) -> None:
    imported = read_file(legacy_package(tmp_path))
    assert imported.format == "apkg"
    check_deck(imported)


def test_new_package_with_zstd_schema18_and_a_decoy(tmp_path: Path) -> None:
    imported = read_file(new_package(tmp_path))
    check_deck(imported)
    assert not any("update" in q.text_prompt.casefold() for q in imported.deck.questions)


def test_both_generations_give_the_same_ids(tmp_path: Path) -> None:
    old = read_file(legacy_package(tmp_path))
    new = read_file(new_package(tmp_path))
    assert sorted(q.id for q in old.deck.questions) == sorted(q.id for q in new.deck.questions)


def test_ids_are_stable_across_reimport(tmp_path: Path) -> None:
    first = read_file(legacy_package(tmp_path, "a.apkg"))
    second = read_file(legacy_package(tmp_path, "b.apkg"))
    assert [q.id for q in first.deck.questions] == [q.id for q in second.deck.questions]


def test_decoy_alone_is_refused(tmp_path: Path) -> None:
    decoy = tmp_path / "decoy.anki2"
    schema11(decoy, [(9, "d", 10, "", ["Please update to the latest Anki version.", ""], [0], 1)])
    path = tmp_path / "old.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(decoy, "collection.anki2")
    with pytest.raises(InputError, match="only asks to update Anki"):
        read_file(path)


def test_bare_collection_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "collection.anki2"
    schema11(path)
    assert read_file(path).counts()["cloze"] == 2


def test_newer_legacy_collection_is_preferred(tmp_path: Path) -> None:
    newer, older = tmp_path / "c21.db", tmp_path / "c2.db"
    schema11(newer, [(1, "a", 10, "", ["from anki21", "x"], [0], 100)])
    schema11(older, [(1, "a", 10, "", ["from anki2", "x"], [0], 100)])
    path = tmp_path / "both.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(older, "collection.anki2")
        archive.write(newer, "collection.anki21")
    assert [q.text_prompt for q in read_file(path).deck.questions] == ["from anki21"]


def test_cancel_while_reading_a_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile
    import threading

    from dlquiz.importers import ImportCancelled

    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    cancel = threading.Event()

    def stop_after_extraction(fraction: float) -> None:
        if fraction >= 0.3:
            cancel.set()

    with pytest.raises(ImportCancelled):
        read_file(legacy_package(tmp_path), progress=stop_after_extraction, cancel=cancel)
    assert cancel.is_set()
    assert not list(private.iterdir())  # the extracted collection was deleted


def test_guid_column_keeps_ids_when_the_front_changes(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    path.write_text("#guid column:1\nabc123\tOld front\tback\n", encoding="utf-8")
    before = read_file(path).deck.questions[0].id
    path.write_text("#guid column:1\nabc123\tNew front\tback\n", encoding="utf-8")
    after = read_file(path).deck.questions[0]
    assert after.id == before
    assert after.text_prompt == "New front"


def test_yaml_decks_are_delegated_to_the_deck_loader(tmp_path: Path) -> None:
    pytest.importorskip("dlquiz.decks")
    path = tmp_path / "broken.yaml"
    path.write_text("this: [is not a deck\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_file(path)
    assert "broken.yaml" in str(error.value)
