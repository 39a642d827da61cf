"""Write the Anki fixtures under tests/fixtures/anki/ with the real ``anki`` library.

Run it with a separate venv that has Anki installed (never a dependency of dlquiz):

    python3 -m venv /tmp/ankivenv && /tmp/ankivenv/bin/pip install anki
    /tmp/ankivenv/bin/python scripts/make_anki_fixtures.py

Every package is made by Anki itself (``export_anki_package`` /
``export_collection_package``), so the files are laid out exactly as Anki
writes them.  The script also prints how many cards Anki makes of each
fixture when it imports it into an empty collection; tests/test_import_anki_real.py
records those numbers.
"""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
import struct
import sys
import tempfile
import zlib
from pathlib import Path

from anki.collection import (
    Collection,
    DeckIdLimit,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "anki"
DAY_MS = 86_400_000
START_MS = 1_767_225_600_000  # 2026-01-01 00:00 UTC: reviews are dated from here

# A 1x1 GIF (a well-known minimal file), stored under a name without an extension.
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect width="40" height="20" fill="#3a7"/><script>alert(1)</script></svg>'
)


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain one-colour PNG (no imaging library in the Anki venv)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def new_collection(folder: Path, name: str) -> Collection:
    return Collection(str(folder / f"{name}.anki2"))


def add(col: Collection, notetype: str, deck: str, fields: list[str], guid: str = "") -> int:
    model = col.models.by_name(notetype)
    assert model is not None, notetype
    note = col.new_note(model)
    for index, value in enumerate(fields):
        note.fields[index] = value
    if guid:
        note.guid = guid
    col.add_note(note, col.decks.id(deck))
    return int(note.id)


def export(col: Collection, deck: str | None, target: Path, *, scheduling: bool = False) -> None:
    options = ExportAnkiPackageOptions(
        with_scheduling=scheduling, with_deck_configs=scheduling, with_media=True, legacy=False
    )
    limit = DeckIdLimit(col.decks.id(deck)) if deck else None
    col.export_anki_package(out_path=str(target), options=options, limit=limit)


def cloze_and_media(folder: Path) -> None:
    """Cloze notes with several numbers, repeats and hints; images in every field."""
    col = new_collection(folder, "cloze")
    media = Path(col.media.dir())
    (media / "extra.png").write_bytes(png(4, 3, (200, 30, 30)))
    (media / "front.png").write_bytes(png(3, 3, (30, 30, 200)))
    (media / "diagram.svg").write_text(SVG, encoding="utf-8")
    (media / "paste-noext").write_bytes(GIF)
    latex = col._backend.extract_latex(text="[$]e^{i\\pi}+1=0[/$]", svg=False, expand_clozes=False)
    (media / latex.latex[0].filename).write_bytes(png(5, 2, (10, 10, 10)))
    deck = "Cloze Lab"
    add(col, "Cloze", deck, ["{{c1::Paris}} is the capital of {{c2::France}}.", ""], "clz-one")
    add(
        col,
        "Cloze",
        deck,
        ["Reveal clozes {{c1::one}} by {{c1::one}}, then {{c2::two::a number}}.", ""],
        "clz-rep",
    )
    add(
        col,
        "Cloze",
        deck,
        [
            "{{c1::Mitochondria::organelle}} make {{c2::ATP}}; {{c3::ribosomes}} make proteins.",
            'See <img src="extra.png"> and <img src="diagram.svg">',
        ],
        "clz-extra",
    )
    add(col, "Cloze", deck, ['{{c1::Gif}} <img src="paste-noext">', ""], "clz-gif")
    add(col, "Basic", deck, ['<img src="front.png">', "a blue square"], "img-front")
    add(col, "Basic", deck, ["Euler's identity", "[$]e^{i\\pi}+1=0[/$]"], "latex-png")
    add(col, "Basic", deck, ["Missing LaTeX", "[latex]\\int_0^1 x\\,dx[/latex]"], "latex-none")
    export(col, deck, OUT / "cloze_media.apkg")
    col.close()


def renamed_deck(folder: Path) -> None:
    """The same notes exported under 'Numpy', then edited and exported as 'Numpy 202210'."""
    col = new_collection(folder, "numpy")
    ids = [
        add(col, "Basic", "Numpy", [f"numpy function number {n}", f"np.f{n}"], f"np-{n}")
        for n in range(1, 7)
    ]
    export(col, "Numpy", OUT / "numpy_v1.apkg")
    col.decks.rename(col.decks.get(col.decks.id("Numpy")), "Numpy 202210")
    note = col.get_note(ids[0])
    note.fields[1] = "np.first"
    col.update_note(note)
    add(col, "Basic", "Numpy 202210", ["numpy function number 7", "np.f7"], "np-7")
    export(col, "Numpy 202210", OUT / "numpy_v2.apkg")
    col.close()


def two_packages(folder: Path) -> None:
    """Two unrelated packages whose decks share the top-level deck 'Languages'."""
    for name, words in (("Spanish", ["perro", "gato"]), ("French", ["chien", "chat"])):
        col = new_collection(folder, name)
        deck = f"Languages::{name}"
        for english, word in zip(("dog", "cat"), words, strict=True):
            add(col, "Basic", deck, [f"{english} in {name}", word], f"{name}-{english}")
        export(col, deck, OUT / f"languages_{name.lower()}.apkg")
        col.close()


def custom_notetype(folder: Path) -> None:
    """A 'Choice' note type whose options field belongs in the question."""
    col = new_collection(folder, "custom")
    models = col.models
    model = models.new("Choice")
    for name in ("Question", "Options", "Answer", "Notes"):
        models.add_field(model, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"] = "<div>{{Question}}</div><ol>{{Options}}</ol>"
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Answer}}{{#Notes}}<p>{{Notes}}</p>{{/Notes}}"
    models.add_template(model, template)
    models.add(model)
    cloze = models.copy(models.by_name("Cloze"))
    cloze["name"] = "Cloze two fields"
    models.add_field(cloze, models.new_field("Second"))
    cloze["tmpls"][0]["qfmt"] = "{{cloze:Text}}<br>{{cloze:Second}}"
    cloze["tmpls"][0]["afmt"] = "{{cloze:Text}}<br>{{cloze:Second}}<br>{{Back Extra}}"
    models.update_dict(cloze)
    deck = "Custom"
    add(
        col,
        "Choice",
        deck,
        ["Which planet is largest?", "<li>Mars</li><li>Jupiter</li><li>Venus</li>", "Jupiter", ""],
        "choice-1",
    )
    add(
        col,
        "Choice",
        deck,
        ["Which metal is liquid?", "<li>Iron</li><li>Mercury</li>", "Mercury", "at 20 C"],
        "choice-2",
    )
    add(col, "Cloze two fields", deck, ["{{c1::H2O}} is water", "", "{{c2::NaCl}} is salt"], "c2f")
    add(col, "Cloze", deck, ["An empty deletion {{c1:: }} still makes a card", ""], "cl-empty")
    export(col, deck, OUT / "custom_notetype.apkg")
    col.close()


def occlusion(folder: Path) -> None:
    """An Image Occlusion note with two masks."""
    col = new_collection(folder, "occlusion")
    image = folder / "map.png"
    image.write_bytes(png(20, 10, (240, 240, 200)))
    model = col.models.by_name("Image Occlusion")
    assert model is not None
    occlusions = (
        "{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.4:oi=1}}"
        "{{c2::image-occlusion:ellipse:left=.6:top=.1:rx=.1:ry=.2:oi=1}}"
    )
    col.decks.id("Occlusion")
    col.add_image_occlusion_note(
        notetype_id=int(model["id"]),
        image_path=str(image),
        occlusions=occlusions,
        header="Label the map",
        back_extra="Two regions",
        tags=[],
    )
    nid = col.db.scalar("select id from notes")
    col.set_deck([int(cid) for cid in col.card_ids_of_note(nid)], col.decks.id("Occlusion"))
    export(col, "Occlusion", OUT / "occlusion.apkg")
    col.close()


def occlusion_modes(folder: Path) -> None:
    """Image Occlusion notes in each mode, with grouped shapes, polygons, labels and text."""
    col = new_collection(folder, "occlusion_modes")
    image = folder / "chart.png"
    image.write_bytes(png(200, 100, (240, 240, 200)))
    model = col.models.by_name("Image Occlusion")
    assert model is not None
    notes = [
        (
            # hide one, guess one: c1 is two rectangles, c2 a polygon, c0 a label
            "{{c1::image-occlusion:rect:left=.05:top=.1:width=.2:height=.3}}<br>"
            "{{c1::image-occlusion:rect:left=.05:top=.6:width=.2:height=.3}}<br>"
            "{{c2::image-occlusion:polygon:left=.5:top=.2:points=.5,.2 .9,.2 .7,.8}}<br>"
            "{{c0::image-occlusion:text:left=.3:top=.85:text=Legend\\: 2026:scale=1:fs=.1}}<br>",
            "Name the parts",
            "",
        ),
        (
            # hide all, guess one, with a deck colour on c2 and a turned ellipse
            "{{c1::image-occlusion:rect:left=.1:top=.1:width=.3:height=.3:oi=1}}<br>"
            "{{c2::image-occlusion:rect:left=.6:top=.1:width=.3:height=.3:oi=1:fill=#00ff00}}"
            "<br>{{c3::image-occlusion:ellipse:left=.1:top=.6:rx=.1:ry=.15:oi=1:angle=20}}<br>",
            "",
            "Three boxes",
        ),
        (
            # hide all but one, and a text shape that is asked (typed)
            "{{c1::image-occlusion:rect:left=.1:top=.1:width=.3:height=.3:oi=2}}<br>"
            "{{c2::image-occlusion:text:left=.6:top=.6:text=Mitochondria:scale=1:fs=.1:oi=2}}<br>",
            "Cell parts",
            "",
        ),
    ]
    col.decks.id("Occlusion Modes")
    for occlusions, header, extra in notes:
        col.add_image_occlusion_note(
            notetype_id=int(model["id"]),
            image_path=str(image),
            occlusions=occlusions,
            header=header,
            back_extra=extra,
            tags=["io"],
        )
    cards = [int(cid) for cid in col.db.list("select id from cards")]
    col.set_deck(cards, col.decks.id("Occlusion Modes"))
    export(col, "Occlusion Modes", OUT / "occlusion_modes.apkg")
    col.close()


def empty_backs(folder: Path) -> None:
    """Basic notes whose Back is empty: Anki still makes their front's card."""
    col = new_collection(folder, "empty")
    media = Path(col.media.dir())
    (media / "back.png").write_bytes(png(4, 4, (30, 200, 30)))
    deck = "Empty Backs"
    add(col, "Basic", deck, ["Recite the alphabet", ""], "eb-1")
    add(col, "Basic", deck, ["Say hello in French", "<br>&nbsp;"], "eb-2")
    add(col, "Basic (and reversed card)", deck, ["Only one side", ""], "eb-3")
    add(col, "Basic", deck, ["What colour is this?", '<img src="back.png">'], "eb-4")
    add(col, "Basic", deck, ["Capital of Peru", "Lima"], "eb-5")
    export(col, deck, OUT / "empty_backs.apkg")
    col.close()


def with_history(folder: Path) -> None:
    """Cards with review history, as .apkg with scheduling and as a .colpkg."""
    col = new_collection(folder, "history")
    deck = "History"
    for n in range(1, 6):
        add(col, "Basic", deck, [f"capital number {n}", f"city {n}"], f"hist-{n}")
    add(col, "Cloze", deck, ["{{c1::Oxygen}} and {{c2::hydrogen}} make water", ""], "hist-cloze")
    card_ids = [int(cid) for cid in col.db.list("select id from cards order by nid, ord")]
    # A learner's reviews over three months: (day, rating) per card, with lapses.
    plans = [
        [(0, 3), (1, 3), (4, 3), (12, 3), (40, 3)],
        [(0, 1), (0, 3), (1, 3), (5, 1), (5, 3), (7, 3), (20, 4)],
        [(0, 4), (9, 3), (35, 2), (80, 3)],
        [(0, 2), (0, 3), (2, 3)],
        [(0, 3)],
        [(0, 3), (1, 3), (3, 1), (3, 3), (6, 3)],
        [],  # card 7 stays new
    ]
    rows = []
    for card_id, plan in zip(card_ids, plans, strict=True):
        for index, (day, rating) in enumerate(plan):
            stamp = START_MS + day * DAY_MS + index * 60_000 + card_id % 1000
            kind = 0 if index == 0 else 1
            rows.append((stamp, card_id, -1, rating, day or 1, 0, 2500, 8000 + index * 500, kind))
    # A manual reschedule (ease 0) is scheduling, not a review: it must not count.
    rows.append((START_MS + 50 * DAY_MS, card_ids[0], -1, 0, 10, 10, 2500, 0, 4))
    col.db.executemany("insert into revlog values (?,?,?,?,?,?,?,?,?)", rows)
    for card_id, plan in zip(card_ids, plans, strict=True):
        if plan:  # a review card, so that Anki's importer keeps it scheduled
            col.db.execute(
                "update cards set type=2, queue=2, ivl=10, due=?, reps=?, factor=2500 where id=?",
                30,
                len(plan),
                card_id,
            )
    export(col, deck, OUT / "history.apkg", scheduling=True)
    col.close()
    col = Collection(str(folder / "history.anki2"))
    col.export_collection_package(str(OUT / "history.colpkg"), include_media=True, legacy=False)
    col.close()


def bare_with_wal(folder: Path) -> None:
    """A bare collection.anki2 whose newest notes sit only in its -wal file."""
    col = new_collection(folder, "walsrc")
    for n in range(1, 11):
        add(col, "Basic", "Wal", [f"checkpointed {n}", f"answer {n}"], f"wal-a{n}")
    col.close()
    target = OUT / "wal"
    target.mkdir(exist_ok=True)
    work = folder / "walwork"
    work.mkdir()
    shutil.copy(folder / "walsrc.anki2", work / "collection.anki2")
    con = sqlite3.connect(work / "collection.anki2")
    con.execute("pragma journal_mode=wal")
    con.execute("pragma wal_autocheckpoint=0")
    template = con.execute("select * from notes limit 1").fetchone()
    card = con.execute("select * from cards limit 1").fetchone()
    for n in range(1, 21):
        nid = 1_700_000_000_000 + n
        note = list(template)
        note[0], note[1] = nid, f"wal-b{n}"
        note[6] = f"only in the wal {n}\x1fanswer b{n}"
        con.execute(f"insert into notes values ({','.join('?' * len(note))})", note)
        row = list(card)
        row[0], row[1] = nid + 5000, nid
        con.execute(f"insert into cards values ({','.join('?' * len(row))})", row)
    con.commit()
    # Copy while the writer is open: the -wal holds 20 of the 30 notes.
    shutil.copy(work / "collection.anki2", target / "collection.anki2")
    shutil.copy(work / "collection.anki2-wal", target / "collection.anki2-wal")
    con.close()


def bare_profile(folder: Path) -> None:
    """A profile's own collection.anki2 with its collection.media folder beside it."""
    col = new_collection(folder, "collection")
    media = Path(col.media.dir())
    (media / "cell.png").write_bytes(png(6, 4, (20, 160, 90)))
    (media / "pasted-noext").write_bytes(GIF)
    deck = "Profile"
    add(col, "Basic", deck, ['<img src="cell.png">', "a plant cell"], "prof-1")
    add(col, "Basic", deck, ["What does this show?", '<img src="pasted-noext">'], "prof-2")
    add(col, "Basic", deck, ["Gone picture", '<img src="gone.png">'], "prof-3")
    col.close()
    target = OUT / "profile"
    shutil.rmtree(target, ignore_errors=True)
    (target / "collection.media").mkdir(parents=True)
    shutil.copy(folder / "collection.anki2", target / "collection.anki2")
    for name in ("cell.png", "pasted-noext"):
        shutil.copy(media / name, target / "collection.media" / name)


def anki_card_counts(folder: Path) -> dict[str, int]:
    """How many cards Anki makes of each fixture, imported into an empty collection."""
    counts = {}
    for package in sorted(OUT.glob("*.apkg")):
        col = Collection(str(folder / f"count-{package.stem}.anki2"))
        request = ImportAnkiPackageRequest(
            package_path=str(package),
            options=ImportAnkiPackageOptions(with_scheduling=True, update_notes=1),
        )
        col.import_anki_package(request)
        counts[package.name] = col.card_count()
        if package.name == "history.apkg":
            counts["history.apkg revlog"] = col.db.scalar("select count() from revlog")
        col.close()
    shutil.copy(OUT / "profile" / "collection.anki2", folder / "count-profile.anki2")
    col = Collection(str(folder / "count-profile.anki2"))
    counts["profile/collection.anki2"] = col.card_count()
    col.close()
    return counts


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as raw:
        folder = Path(raw)
        for make in (
            cloze_and_media,
            renamed_deck,
            two_packages,
            custom_notetype,
            occlusion,
            occlusion_modes,
            empty_backs,
            with_history,
            bare_with_wal,
            bare_profile,
        ):
            sub = folder / make.__name__
            sub.mkdir()
            make(sub)
        print(json.dumps(anki_card_counts(folder), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
