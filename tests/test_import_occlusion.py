"""Anki's Image Occlusion notes become picture questions, one per occlusion number.

The packages under tests/fixtures/anki/ were written by Anki 26.9.3 itself
(scripts/make_anki_fixtures.py); its card counts for them are recorded in
tests/test_import_anki_real.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dlquiz.core.exam import ExamSettings, select_questions
from dlquiz.core.labels import OCCLUSION_ANSWER, OCCLUSION_ANSWER_CLEAR
from dlquiz.core.model import FlashKey, Question, QuestionType, TextKey
from dlquiz.core.occlusion import Occlusion, OcclusionMode, Role, Shape, ShapeKind
from dlquiz.core.serialize import question_from_dict, question_to_dict
from dlquiz.importers import read_file
from dlquiz.importers.anki_occlusion import card_mode, parse_shapes
from tests.test_import_apkg import PNG, schema11, zip_legacy

FIXTURES = Path(__file__).parent / "fixtures" / "anki"

IO_MODEL = {
    "name": "Image Occlusion",
    "type": 1,
    "flds": [
        {"name": name, "ord": n}
        for n, name in enumerate(("Occlusion", "Image", "Header", "Back Extra", "Comments"))
    ],
    "tmpls": [
        {
            "name": "Image Occlusion",
            "ord": 0,
            "qfmt": '{{#Header}}<div>{{Header}}</div>{{/Header}}<div style="display: none">'
            '{{cloze:Occlusion}}</div><div id="image-occlusion-container">{{Image}}</div>',
            "afmt": "{{#Header}}<div>{{Header}}</div>{{/Header}}{{Image}}"
            "{{#Back Extra}}<div>{{Back Extra}}</div>{{/Back Extra}}",
        }
    ],
}


def io_package(
    tmp_path: Path,
    notes: list[tuple[str, str, list[int]]],
    files: dict[str, bytes],
    *,
    model: dict[str, object] = IO_MODEL,
) -> Path:
    """A schema-11 package of Image Occlusion notes: (occlusion field, image field, ords)."""
    collection = tmp_path / "io.anki2"
    rows = [
        (n + 1, f"io{n}", 40, "", [occ, image, "", "", ""], ords, 100)
        for n, (occ, image, ords) in enumerate(notes)
    ]
    schema11(collection, rows, models={40: model})
    return zip_legacy(collection, tmp_path / "io.apkg", files)


def rect(number: int, *extra: str) -> str:
    tail = "".join(f":{item}" for item in extra)
    return f"{{{{c{number}::image-occlusion:rect:left=.1:top=.2:width=.3:height=.4{tail}}}}}"


# --- Anki's own packages ---


def test_anki_package_gives_one_picture_question_per_occlusion_number() -> None:
    imported = read_file(FIXTURES / "occlusion.apkg")
    first, second = imported.deck.questions
    assert [first.id[-3:], second.id[-3:]] == ["-c1", "-c2"]
    assert first.type is QuestionType.FLASHCARD and isinstance(first.key, FlashKey)
    assert first.text_prompt == "Label the map"  # the Header field
    assert first.explanation == "Two regions"  # Back Extra, shown after the answer
    assert first.media == ("map.png",) and imported.media["map.png"].startswith(b"\x89PNG")
    assert '<img src="map.png">' in first.prompt  # the picture goes with the question
    assert first.occlusion is not None and second.occlusion is not None
    assert first.occlusion.mode is OcclusionMode.HIDE_ALL  # oi=1
    assert [s.number for s in first.occlusion.asked] == [1]
    assert [s.kind for s in second.occlusion.asked] == [ShapeKind.ELLIPSE]
    ellipse = second.occlusion.asked[0]
    assert (ellipse.left, ellipse.top, ellipse.width, ellipse.height) == pytest.approx(
        (0.6, 0.1, 0.2, 0.4)
    )
    assert first.fact_ids == second.fact_ids  # siblings of one note
    assert not imported.notices


def test_every_mode_grouped_shapes_labels_and_an_asked_text() -> None:
    imported = read_file(FIXTURES / "occlusion_modes.apkg")
    by_id = {q.id.rsplit(":", 1)[1]: q for q in imported.deck.questions}
    assert len(by_id) == 7  # Anki makes 7 cards of these three notes
    parts = [q for q in imported.deck.questions if q.text_prompt == "Name the parts"]
    assert len(parts) == 2
    one = parts[0].occlusion
    assert one is not None and one.mode is OcclusionMode.HIDE_ONE
    assert [s.kind for s in one.asked] == [ShapeKind.RECT, ShapeKind.RECT]  # c1 is two shapes
    (label,) = [s for s in one.shapes if s.is_label]
    assert label.text == "Legend: 2026"  # "\\:" in Anki's field is a colon
    assert label.font_size == pytest.approx(0.1)
    polygon = next(s for s in one.shapes if s.kind is ShapeKind.POLYGON)
    assert polygon.points == ((0.5, 0.2), (0.9, 0.2), (0.7, 0.8))
    boxes = [q for q in imported.deck.questions if q.explanation == "Three boxes"]
    assert len(boxes) == 3
    assert boxes[0].text_prompt == "What does the red mask hide?"  # no Header
    hide_all = boxes[0].occlusion
    assert hide_all is not None and hide_all.mode is OcclusionMode.HIDE_ALL
    assert [s.fill for s in hide_all.shapes] == ["", "#00ff00", ""]
    assert hide_all.shapes[2].angle == pytest.approx(20)
    cells = {q.type: q for q in imported.deck.questions if q.text_prompt == "Cell parts"}
    typed = cells[QuestionType.TYPED]
    assert typed.answer == "Mitochondria" and typed.key == TextKey(accepted=("Mitochondria",))
    assert typed.occlusion is not None
    assert typed.occlusion.mode is OcclusionMode.HIDE_ALL_BUT_ONE
    assert cells[QuestionType.FLASHCARD].occlusion is not None
    assert all(q.tags == ("io",) for q in imported.deck.questions)


def test_occlusion_questions_survive_storage_as_json() -> None:
    for question in read_file(FIXTURES / "occlusion_modes.apkg").deck.questions:
        for compact in (True, False):
            data = json.loads(json.dumps(question_to_dict(question, compact=compact)))
            assert question_from_dict(data, id=question.id, deck=question.deck) == question


def test_other_questions_store_no_occlusion_field() -> None:
    (question,) = [
        q for q in read_file(FIXTURES / "numpy_v1.apkg").deck.questions if "1" in q.text_prompt
    ][:1]
    assert "occlusion" not in question_to_dict(question)
    assert "occlusion" not in question_to_dict(question, compact=True)


# --- the Occlusion field, parsed ---

PARSE_CASES: list[tuple[str, list[tuple[str, int, dict[str, object]]], list[str]]] = [
    # (field, [(kind, number, expected attributes)], problem fragments)
    (rect(1), [("rect", 1, {"left": 0.1, "width": 0.3, "height": 0.4})], []),
    (rect(1) + "<br>" + rect(1), [("rect", 1, {}), ("rect", 1, {})], []),
    (rect(3, "oi=1") + rect(12), [("rect", 3, {}), ("rect", 12, {})], []),
    (
        "{{c2::image-occlusion:ellipse:left=.5:top=.5:rx=.25:ry=.1}}",
        [("ellipse", 2, {"width": 0.5, "height": 0.2})],
        [],
    ),
    (
        "{{c1::image-occlusion:polygon:left=.2:top=.3:points=.2,.3 .4,.3 .3,.5}}",
        [("polygon", 1, {"left": 0.2, "points": ((0.2, 0.3), (0.4, 0.3), (0.3, 0.5))})],
        [],
    ),
    (  # no corner: the points' own top-left
        "{{c1::image-occlusion:polygon:points=.6,.7 .8,.7 .7,.9}}",
        [("polygon", 1, {"left": 0.6, "top": 0.7})],
        [],
    ),
    (
        "{{c0::image-occlusion:text:left=.1:top=.1:text=a\\:b &amp; c:scale=2:fs=.04}}",
        [("text", 0, {"text": "a:b & c", "scale": 2.0, "font_size": 0.04})],
        [],
    ),
    (
        "{{c4::image-occlusion:text:left=.1:top=.1:text=Aorta}}",
        [("text", 4, {"text": "Aorta", "font_size": 0.0, "scale": 1.0})],
        [],
    ),
    (rect(1, "angle=45", "fill=#123456"), [("rect", 1, {"angle": 45.0, "fill": "#123456"})], []),
    (  # Anki reads a missing corner as 0
        "{{c1::image-occlusion:rect:width=.3:height=.4}}",
        [("rect", 1, {"left": 0.0, "top": 0.0})],
        [],
    ),
    ("{{c1::image-occlusion:rect:left=.1:top=.2:width=abc:height=.4}}", [], ["broken coord"]),
    ("{{c1::image-occlusion:rect:left=.1:top=.2:width=-1:height=.4}}", [], ["broken coord"]),
    ("{{c1::image-occlusion:rect:left=.1:top=.2:width=nan:height=.4}}", [], ["broken coord"]),
    ("{{c1::image-occlusion:ellipse:left=.1:top=.2:rx=.1}}", [], ["broken coord"]),
    ("{{c1::image-occlusion:polygon:points=.1,.1 .2,.2}}", [], ["broken coord"]),
    ("{{c1::image-occlusion:polygon:points=.1,.1 x,.2 .3,.3}}", [], ["broken coord"]),
    ("{{c1::image-occlusion:text:left=.1:top=.1:text= }}", [], ["broken coord"]),
    ("{{c1::image-occlusion:star:left=.1:top=.1}}" + rect(2), [("rect", 2, {})], ["'star'"]),
    (rect(1) + "{{c2::image-occlusion:rect:left=.1", [("rect", 1, {})], ["not closed"]),
    ("no shapes here {{c1::plain cloze}}", [], []),
    ("", [], []),
]


@pytest.mark.parametrize(("field", "expected", "problems"), PARSE_CASES)
def test_occlusion_field_is_parsed(
    field: str, expected: list[tuple[str, int, dict[str, object]]], problems: list[str]
) -> None:
    parsed = parse_shapes(field)
    assert [(s.kind.value, s.number) for s in parsed.shapes] == [(k, n) for k, n, _ in expected]
    for shape, (_kind, _number, attributes) in zip(parsed.shapes, expected, strict=True):
        for name, value in attributes.items():
            assert getattr(shape, name) == (
                pytest.approx(value) if isinstance(value, float) else value
            ), name
    assert len(parsed.problems) == len(problems)
    for fragment, problem in zip(problems, parsed.problems, strict=True):
        assert fragment in problem


@pytest.mark.parametrize(
    ("field", "number", "mode"),
    [
        (rect(1) + rect(2), 1, OcclusionMode.HIDE_ONE),
        (rect(1, "oi=1") + rect(2, "oi=1"), 2, OcclusionMode.HIDE_ALL),
        (rect(1, "oi=2") + rect(2, "oi=2"), 1, OcclusionMode.HIDE_ALL_BUT_ONE),
        (rect(1, "oi=7"), 1, OcclusionMode.HIDE_ONE),  # unknown: the default
        (rect(1, "oi=x"), 1, OcclusionMode.HIDE_ONE),
        # Anki reads the mode from the first shape the card shows as its own (or a label).
        (rect(2, "oi=1") + rect(1), 1, OcclusionMode.HIDE_ONE),
        (rect(2, "oi=1") + rect(1), 2, OcclusionMode.HIDE_ALL),
    ],
)
def test_each_card_takes_the_mode_anki_reads(field: str, number: int, mode: OcclusionMode) -> None:
    assert card_mode(parse_shapes(field), number) is mode


# --- what each side draws ---

R1 = Shape(ShapeKind.RECT, 1, 0.1, 0.1, 0.2, 0.2)
R1B = Shape(ShapeKind.ELLIPSE, 1, 0.5, 0.5, 0.2, 0.2)
R2 = Shape(ShapeKind.RECT, 2, 0.6, 0.1, 0.2, 0.2)
T2 = Shape(ShapeKind.TEXT, 2, 0.6, 0.6, text="Aorta")
L0 = Shape(ShapeKind.TEXT, 0, 0.0, 0.9, text="Legend")
ALL = (R1, R1B, R2, T2, L0)

DRAW_CASES: list[tuple[OcclusionMode, int, bool, list[tuple[Shape, Role]]]] = [
    # hide one, guess one
    (OcclusionMode.HIDE_ONE, 1, False, [(R1, Role.MASK), (R1B, Role.MASK), (L0, Role.LABEL)]),
    (OcclusionMode.HIDE_ONE, 1, True, [(R1, Role.OUTLINE), (R1B, Role.OUTLINE), (L0, Role.LABEL)]),
    (OcclusionMode.HIDE_ONE, 2, False, [(R2, Role.MASK), (T2, Role.MASK), (L0, Role.LABEL)]),
    (OcclusionMode.HIDE_ONE, 2, True, [(R2, Role.OUTLINE), (T2, Role.LABEL), (L0, Role.LABEL)]),
    # hide all, guess one: the others masked on both sides, another number's text shown
    (
        OcclusionMode.HIDE_ALL,
        1,
        False,
        [(R1, Role.MASK), (R1B, Role.MASK), (R2, Role.OTHER), (T2, Role.LABEL), (L0, Role.LABEL)],
    ),
    (
        OcclusionMode.HIDE_ALL,
        1,
        True,
        [
            (R1, Role.OUTLINE),
            (R1B, Role.OUTLINE),
            (R2, Role.OTHER),
            (T2, Role.LABEL),
            (L0, Role.LABEL),
        ],
    ),
    (
        OcclusionMode.HIDE_ALL,
        2,
        False,
        [(R1, Role.OTHER), (R1B, Role.OTHER), (R2, Role.MASK), (T2, Role.MASK), (L0, Role.LABEL)],
    ),
    # hide all but one: this region left clear; the back shows the whole picture
    (
        OcclusionMode.HIDE_ALL_BUT_ONE,
        1,
        False,
        [(R2, Role.OTHER), (T2, Role.LABEL), (L0, Role.LABEL)],
    ),
    (OcclusionMode.HIDE_ALL_BUT_ONE, 1, True, [(L0, Role.LABEL)]),
    # ...except an asked text, which is hidden to be typed and shown after
    (
        OcclusionMode.HIDE_ALL_BUT_ONE,
        2,
        False,
        [(R1, Role.OTHER), (R1B, Role.OTHER), (T2, Role.MASK), (L0, Role.LABEL)],
    ),
    (OcclusionMode.HIDE_ALL_BUT_ONE, 2, True, [(T2, Role.LABEL), (L0, Role.LABEL)]),
]


@pytest.mark.parametrize(("mode", "number", "answer_side", "expected"), DRAW_CASES)
def test_each_side_draws_what_anki_draws(
    mode: OcclusionMode, number: int, answer_side: bool, expected: list[tuple[Shape, Role]]
) -> None:
    occlusion = Occlusion("p.png", number, ALL, mode)
    assert list(occlusion.drawn(answer_side=answer_side)) == expected


def test_the_answer_is_the_asked_texts_only() -> None:
    assert Occlusion("p.png", 2, ALL).answer_texts == ("Aorta",)
    assert Occlusion("p.png", 1, ALL).answer_texts == ()
    assert Occlusion("p.png", 0, ALL).answer_texts == ("Legend",)  # never asked: no card 0


# --- packages that are not as they should be ---


def test_cards_follow_the_cards_table(tmp_path: Path) -> None:
    field = rect(1) + rect(2) + rect(3)
    path = io_package(tmp_path, [(field, '<img src="p.png">', [0, 2])], {"p.png": PNG})
    questions = read_file(path).deck.questions
    assert [q.id[-3:] for q in questions] == ["-c1", "-c3"]  # Anki made no card 2


def test_a_card_without_a_shape_is_skipped_with_a_notice(tmp_path: Path) -> None:
    path = io_package(tmp_path, [(rect(1), '<img src="p.png">', [0, 1])], {"p.png": PNG})
    imported = read_file(path)
    assert len(imported.deck.questions) == 1
    assert any("card 2 has no shape to hide" in n for n in imported.notices), imported.notices


def test_a_missing_picture_skips_the_note_with_a_notice_that_says_so(tmp_path: Path) -> None:
    notes = [
        (rect(1) + rect(2), '<img src="gone.png">', [0, 1]),
        (rect(1), '<img src="p.png">', [0]),
    ]
    imported = read_file(io_package(tmp_path, notes, {"p.png": PNG}))
    assert len(imported.deck.questions) == 1
    (notice,) = [n for n in imported.notices if "image occlusion note" in n]
    assert "note 1" in notice and "2 card(s)" in notice and "gone.png" in notice
    assert "not in the package" in notice


def test_broken_shapes_are_named_and_the_rest_asked(tmp_path: Path) -> None:
    field = rect(1) + "{{c2::image-occlusion:rect:left=.1:top=.2:width=x:height=.4}}"
    imported = read_file(io_package(tmp_path, [(field, '<img src="p.png">', [0])], {"p.png": PNG}))
    assert len(imported.deck.questions) == 1
    assert any("image occlusion shape left out" in n for n in imported.notices)


def test_a_renamed_copy_of_the_note_type_is_read_by_position(tmp_path: Path) -> None:
    renamed = {
        **IO_MODEL,
        "name": "Verdeckung",
        "flds": [
            {"name": name, "ord": n}
            for n, name in enumerate(("Masken", "Bild", "Kopf", "Extra", "Notiz"))
        ],
        "tmpls": [
            {
                "name": "Karte",
                "ord": 0,
                "qfmt": '<div id="image-occlusion-container">{{Bild}}</div>{{cloze:Masken}}',
                "afmt": "{{Bild}}{{Extra}}",
            }
        ],
    }
    path = io_package(
        tmp_path, [(rect(1), '<img src="p.png">', [0])], {"p.png": PNG}, model=renamed
    )
    (question,) = read_file(path).deck.questions
    assert question.occlusion is not None and question.occlusion.image == "p.png"


def test_the_back_says_what_it_shows_in_each_mode() -> None:
    questions = read_file(FIXTURES / "occlusion_modes.apkg").deck.questions
    told = {
        q.occlusion.mode: q.answer
        for q in questions
        if q.occlusion is not None and q.type is QuestionType.FLASHCARD
    }
    assert told[OcclusionMode.HIDE_ONE] == OCCLUSION_ANSWER  # outlined on the back
    assert told[OcclusionMode.HIDE_ALL] == OCCLUSION_ANSWER
    assert told[OcclusionMode.HIDE_ALL_BUT_ONE] == OCCLUSION_ANSWER_CLEAR  # no outline there


def test_two_texts_of_one_number_are_typed_together(tmp_path: Path) -> None:
    field = (
        "{{c1::image-occlusion:text:left=.1:top=.1:text=left atrium}}"
        "{{c1::image-occlusion:text:left=.5:top=.1:text=right atrium}}"
    )
    path = io_package(tmp_path, [(field, '<img src="p.png">', [0])], {"p.png": PNG})
    (question,) = read_file(path).deck.questions
    assert question.type is QuestionType.TYPED
    assert question.key == TextKey(
        accepted=("left atrium, right atrium", "left atrium right atrium")
    )


def test_exams_leave_picture_questions_out() -> None:
    questions = read_file(FIXTURES / "occlusion_modes.apkg").deck.questions
    typed = [q for q in questions if q.type is QuestionType.TYPED]
    assert typed  # a typed occlusion would otherwise be eligible
    plain = Question(
        id="d:plain",
        deck=typed[0].deck,
        type=QuestionType.TYPED,
        prompt="2+2?",
        key=TextKey(("4",)),
        answer="4",
    )
    chosen = select_questions([*questions, plain], ExamSettings(questions=5, seed=1))
    assert list(chosen.question_ids) == ["d:plain"]
