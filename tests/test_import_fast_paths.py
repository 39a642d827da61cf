"""The fast paths of a large import give exactly what the general paths give.

* plain rows of a text export skip the per-field checks (``_PlainRows``);
* questions and keys are built by :mod:`dlquiz.core.bulk` makers;
* imported questions are stored in the compact payload;
* the garbage collector is paused while a deck is read or stored.

Each is compared with the general path on tables of cases and on
hypothesis-made rows (fixed seed), never on one example.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlquiz.chapter import chapter
from dlquiz.core.bulk import maker, move_question, replacer
from dlquiz.core.collector import collector_paused
from dlquiz.core.model import (
    AnswerKey,
    Bound,
    ChoiceKey,
    FlashKey,
    ListKey,
    ListMember,
    MatchKey,
    NumberKey,
    OrderKey,
    Question,
    QuestionType,
    TextKey,
    TrueFalseKey,
)
from dlquiz.core.problems import InputError
from dlquiz.core.serialize import (
    key_from_dict,
    key_to_dict,
    question_from_row,
    question_to_dict,
    stored_key,
)
from dlquiz.importers import ImportedDeck, anki_text, read_file

# Pieces a row is made of: every character class the fast path must send elsewhere.
PIECES = st.sampled_from(
    [
        "AlexNet",
        "2012",
        "1,200",
        "85%",
        " ",
        "  ",
        "\t",
        "\xa0",
        "\u200b",
        "<b>",
        "</b>",
        "<i>x</i>",
        "&amp;",
        "&",
        "<",
        ">",
        "'",
        "[sound:a.mp3]",
        "[",
        "{{c1::Hinton}}",
        "{{c",
        "é",
        "日本",
        "Who led it?",
        "a long answer, with commas, that explains it.",
        "\r",
        "\f",
    ]
)
FIELD = st.lists(PIECES, min_size=0, max_size=5).map("".join)
ROWS = st.lists(st.lists(FIELD, min_size=1, max_size=4), min_size=1, max_size=12)


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)


def _read_both(
    path: Path, monkeypatch: pytest.MonkeyPatch, **options: object
) -> tuple[ImportedDeck | str, ImportedDeck | str]:
    def attempt() -> ImportedDeck | str:
        try:
            return read_file(path, **options)  # type: ignore[arg-type]
        except InputError as error:
            return str(error)

    fast = attempt()
    with monkeypatch.context() as patch:
        patch.setattr(anki_text._PlainRows, "plan", classmethod(lambda *_args: None))
        general = attempt()
    return fast, general


def _same(fast: ImportedDeck | str, general: ImportedDeck | str) -> None:
    if isinstance(general, str):
        assert fast == general
        return
    assert isinstance(fast, ImportedDeck)
    assert fast.deck.questions == general.deck.questions
    assert fast.notices == general.notices
    assert fast.bad_rows == general.bad_rows
    assert fast.format == general.format


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=ROWS)
def test_plain_rows_read_as_the_general_path_reads_them(
    rows: list[list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "rows.csv"
    _write_csv(path, rows)
    _same(*_read_both(path, monkeypatch, format="csv", skip_bad_rows=True))


CASES = [
    ("plain pairs", "Year of AlexNet?,2012\nWho led it?,Geoffrey Hinton\n"),
    ("a repeated card", "Q,A\nQ,A\nQ,B\n"),
    ("apostrophes and quotes", 'What\'s ReLU?,"It\'s max(0, x)"\n"Say ""hi""",hi\n'),
    ("markup beside plain rows", "<b>bold</b>,x\nplain,y\n"),
    ("an entity", "A &amp; B,c\nd,e\n"),
    ("a sound", "[sound:a.mp3] hello,x\nplain,y\n"),
    ("odd spacing", "two  spaces,x\nnbsp\xa0here,y\n"),
    ("a third column", "front,back,extra\nf2,b2\n"),
    ("an empty back", "front,\nf2,b2\n"),
    ("one field only", "lonely\nf2,b2\n"),
    ("a cloze among cards", "{{c1::Hinton}} led it,extra\nf,b\n"),
    ("a header row", "Front,Back\nf,b\n"),
    ("a line break in a field", '"two\nlines",b\nf,b2\n'),
]


@pytest.mark.parametrize(("name", "text"), CASES, ids=[case[0] for case in CASES])
@pytest.mark.parametrize("skip", [False, True])
def test_table_of_rows_read_alike(
    name: str, text: str, skip: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    del name
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")
    _same(*_read_both(path, monkeypatch, format="csv", skip_bad_rows=skip))


@pytest.mark.parametrize(
    "header",
    [
        "#separator:tab\n#html:true\n",
        "#separator:tab\n#html:false\n",
        "#separator:tab\n#notetype:Basic (type in the answer)\n",
        "#separator:tab\n#notetype:Basic (and reversed card)\n",
        "#separator:tab\n#deck:Vocab\n#tags:one two\n",
        "#separator:tab\n#columns:Back\tFront\n",
        "#separator:tab\n#tags column:3\n",
    ],
)
def test_anki_headers_read_alike(
    header: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "anki.txt"
    body = "Year of AlexNet?\t2012\tt1\nWho?\tHinton\tt2\nWhy?\tBecause GPUs, and data.\tt3\n"
    path.write_text(header + body, encoding="utf-8")
    _same(*_read_both(path, monkeypatch))


# --- makers and replacers ---

MODEL_CASES = [
    (
        Question,
        {
            "id": "d:q",
            "deck": "d",
            "type": QuestionType.TYPED,
            "prompt": "<b>p</b>",
            "key": TextKey(accepted=("a",)),
            "answer": "a",
            "plain_prompt": "p",
        },
    ),
    (
        Question,
        {
            "id": "d:q",
            "deck": "d",
            "type": QuestionType.MULTIPLE_CHOICE,
            "prompt": "p",
            "key": ChoiceKey(correct=(1,)),
            "answer": "b",
            "topic": "t",
            "fact_ids": ("f",),
            "choices": ("a", "b"),
            "explanation": "e",
            "tags": ("x",),
            "media": ("m.png",),
            "plain_prompt": "p",
        },
    ),
    (TextKey, {"accepted": ("a", "b"), "partial": (("c", 0.5),)}),
    (TextKey, {"accepted": ("a",)}),
    (NumberKey, {"value": 2012.0, "is_year": True}),
    (NumberKey, {"value": 3.0, "tolerance": 0.5, "unit": "%", "bound": Bound.AT_LEAST}),
    (FlashKey, {"back": "b"}),
]


@pytest.mark.parametrize(("cls", "fields"), MODEL_CASES)
def test_a_maker_builds_what_the_class_builds(cls: type, fields: dict[str, object]) -> None:
    made = maker(cls)(**fields)
    built = cls(**fields)
    assert made == built
    assert hash(made) == hash(built)
    assert type(made) is cls
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.__setattr__(dataclasses.fields(cls)[0].name, None)


def test_a_maker_needs_its_required_fields() -> None:
    with pytest.raises(TypeError):
        maker(FlashKey)()


def test_makers_refuse_classes_they_would_build_wrongly() -> None:
    @dataclasses.dataclass
    class Plain:
        x: int

    @dataclasses.dataclass(slots=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:
            raise ValueError

    @dataclasses.dataclass(slots=True)
    class Factory:
        x: list[int] = dataclasses.field(default_factory=list)

    for cls in (Plain, Checked, Factory, int):
        with pytest.raises(TypeError):
            maker(cls)
    with pytest.raises(TypeError, match="no field"):
        replacer(Question, "nope")


def test_move_question_equals_dataclasses_replace() -> None:
    for question in chapter()[1]:
        moved = move_question(question, id="other:" + question.id, deck="other")
        assert moved == dataclasses.replace(question, id="other:" + question.id, deck="other")


def test_list_members_and_keys_keep_working_through_replace() -> None:
    key = ListKey(members=(ListMember(text="a", aliases=("b",)),))
    assert replacer(ListKey, "confusions")(key, confusions=("c",)) == dataclasses.replace(
        key, confusions=("c",)
    )


# --- the compact payload ---


def _edge_questions() -> list[Question]:
    base = MODEL_CASES[0][1]
    return [
        Question(**base),  # type: ignore[arg-type]
        Question(**{**base, "choices": ()}),  # type: ignore[arg-type]
        Question(**{**base, "plain_prompt": ""}),  # type: ignore[arg-type]
        Question(**MODEL_CASES[1][1]),  # type: ignore[arg-type]
    ]


def test_compact_payloads_read_back_as_the_same_questions() -> None:
    questions = list(chapter()[1]) + _edge_questions()
    for question in questions:
        payload = question_to_dict(question, compact=True)
        text = json.dumps(payload)
        # The row's own columns give the id and the deck, which the payload leaves out.
        assert question_from_row(question.id, question.deck, text) == question
        assert "id" not in payload and "deck" not in payload
        full = question_to_dict(question)
        assert set(payload) <= set(full)
        # The key, less the fields at their default, in its order.
        compact_key, full_key = payload["key"], full["key"]
        # (A choice's option keys are compact in their turn.)
        kept = [(k, v) for k, v in full_key.items() if k in compact_key and k != "options"]
        assert [(k, v) for k, v in compact_key.items() if k != "options"] == kept
        assert stored_key(text) == stored_key(json.dumps(full)) == question.key
        # Exactly the full payload less its defaults, in its order: equal
        # questions give equal stored text.
        defaults = {"id", "deck", "key"} | {k for k in OPTIONAL if not full[k]}
        defaults |= {"choices"} - set(payload)
        assert [(k, v) for k, v in payload.items() if k != "key"] == [
            (k, v) for k, v in full.items() if k not in defaults
        ]
        assert ("choices" in payload) == (question.choices is not None)


@pytest.mark.parametrize(
    "key",
    [
        NumberKey(value=2012.0),
        NumberKey(value=85.0, tolerance=1.0, unit="%", bound=Bound.AT_LEAST, is_year=False),
        NumberKey(value=1.2, precision=0.1, contradictions=("error rate",)),
        NumberKey(value=1986.0, is_year=True),
        TextKey(accepted=("ReLU",)),
        TextKey(accepted=("a", "b"), partial=(("c", 0.5),), ideas=(("x", "y"),)),
        TextKey(accepted=("a",), contradictions=("not a",), confusions=("b",)),
        ChoiceKey(correct=(1,)),
        ChoiceKey(correct=(0, 2), weights=(0.5, -1.0, 0.5), options=(TextKey(("a",)),)),
        ListKey(members=(ListMember("GPUs"), ListMember("data", ("big data",)))),
        ListKey(members=(ListMember("a"),), confusions=("b",)),
        FlashKey(back="a back"),
        TrueFalseKey(value=False),
        OrderKey(order=(2, 0, 1)),
        MatchKey(lefts=("a", "b"), pairs=(1, 0)),
    ],
)
def test_every_key_reads_back_from_its_compact_form(key: AnswerKey) -> None:
    compact = key_to_dict(key, compact=True)
    assert key_from_dict(json.loads(json.dumps(compact))) == key
    assert key_from_dict(key_to_dict(key)) == key
    full = key_to_dict(key)
    # Nothing else changes (a choice's option keys are compact in their turn).
    assert all(full[name] == value for name, value in compact.items() if name != "options")


# The fields question_from_dict reads with a default when they are absent.
OPTIONAL = ("topic", "fact_ids", "explanation", "tags", "media", "plain_prompt")


# --- the garbage collector ---


def test_the_collector_is_paused_inside_and_resumes_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner block ending does not resume it
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pauses_from_two_threads_resume_only_when_both_end() -> None:
    entered, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            entered.set()
            release.wait(5)

    worker = threading.Thread(target=other)
    with collector_paused():
        worker.start()
        assert entered.wait(5)
    assert not gc.isenabled()  # the other thread's pause is still open
    release.set()
    worker.join(5)
    assert gc.isenabled()


def test_a_failed_read_resumes_the_collector(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("only one field\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_file(path, format="csv")
    assert gc.isenabled()


def test_plain_rows_take_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[bool] = []
    original = anki_text._PlainRows.take

    def spy(self: anki_text._PlainRows, fields: list[str], line: int) -> bool:
        taken.append(original(self, fields, line))
        return taken[-1]

    monkeypatch.setattr(anki_text._PlainRows, "take", spy)
    path = tmp_path / "plain.csv"
    path.write_text("".join(f"Question {i}?,Answer {i}\n" for i in range(50)), encoding="utf-8")
    assert len(read_file(path).deck.questions) == 50
    assert taken == [True] * 50


def test_a_deck_stored_in_the_full_payload_keeps_its_progress_on_re_import(
    tmp_path: Path,
) -> None:
    # Collections written before the compact payload hold every field, with the
    # key's JSON in another order: re-importing must not see changed answers.
    from sqlalchemy import select, update

    from dlquiz.core.clock import FakeClock
    from dlquiz.core.generate import generate_questions
    from dlquiz.storage.import_service import store_read
    from dlquiz.storage.schema import QuestionRow
    from tests.helpers import open_test_collection

    path = tmp_path / "deck.csv"
    path.write_text(
        'Year of AlexNet?,2012\nWho led it?,Geoffrey Hinton\nWhy?,"Data, GPUs and more."\n',
        encoding="utf-8",
    )
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock())
    imported = read_file(path)
    questions = generate_questions(imported.deck)
    store_read(collection, imported, questions, source=str(path), deck_name=None, as_new=False)
    with collection.session() as s:
        stored = select(QuestionRow.id, QuestionRow.deck_id, QuestionRow.payload)
        for qid, deck_id, payload in s.execute(stored).all():
            full = question_to_dict(question_from_row(qid, deck_id, payload))
            full["key"] = dict(reversed(list(full["key"].items())))
            s.execute(
                update(QuestionRow).where(QuestionRow.id == qid).values(payload=json.dumps(full))
            )
    again = store_read(
        collection, imported, questions, source=str(path), deck_name=None, as_new=False
    )
    assert (again.report.updated, again.report.kept, again.report.added) == (0, 3, 0)
    collection.close(backup=False)


def _schema_and_rows(path: Path) -> tuple[list[tuple[str, str]], list[tuple[object, ...]], str]:
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        schema = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        ).fetchall()
        cards = conn.execute(
            "SELECT question_id, deck_id, phase, new_rank FROM cards ORDER BY question_id"
        ).fetchall()
        return schema, cards, str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_indexes_held_off_for_a_large_deck_come_back_whole(tmp_path: Path) -> None:
    """A deck with more rows than its tables hold is stored with their indexes built
    again in one pass; the schema, the rows and every index end as an import
    into a fuller collection (where each row joins the indexes) leaves them."""
    from dlquiz.core.clock import FakeClock
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.import_service import store_read
    from tests.helpers import open_test_collection

    big = tmp_path / "big.csv"
    big.write_text("".join(f"Question {i}?,Answer {i}\n" for i in range(1_000)), encoding="utf-8")
    # 1,500 rows first: then the 1,000 are fewer than the tables hold, and join each index.
    first = tmp_path / "first.csv"
    first.write_text("".join(f"Other {i}?,Reply {i}\n" for i in range(1_500)), encoding="utf-8")
    results = []
    for order in ((big,), (first, big)):
        path = tmp_path / f"c{len(order)}.dlquiz"
        collection = open_test_collection(path, FakeClock())
        QuestionBank(collection)
        before = _schema_and_rows(path)[0]
        for deck in order:
            imported = read_file(deck)
            questions = list(imported.deck.questions)
            store_read(
                collection, imported, questions, source=deck.name, deck_name=None, as_new=False
            )
        collection.close(backup=False)
        schema, cards, verdict = _schema_and_rows(path)
        assert schema == before and verdict == "ok"
        results.append([row for row in cards if row[1] == "import-big"])
    assert len(results[0]) == 1_000
    # The same cards; ranks follow on from what each collection held before.
    offset = results[1][0][3] - results[0][0][3]
    assert [(*row[:3], row[3] + offset) for row in results[0]] == results[1]
