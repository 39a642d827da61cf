"""A text export whose fronts (or backs) are images: the true reason is given, not "empty"."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dlquiz.core.problems import InputError
from dlquiz.importers import read_file

IMAGE_ONLY = [
    '<img src="cat.jpg">',
    "<img src='paste-1f2e.png' />",
    '<div><img src="a.png"><br></div>',
    '<img src="a.png"><img src="b.png">',
    '&nbsp;<img src="x.gif">&nbsp;',
]


@pytest.mark.parametrize("front", IMAGE_ONLY)
@pytest.mark.parametrize("separator", ["\t", ";"])
def test_every_front_an_image_gives_the_true_reason(
    tmp_path: Path, front: str, separator: str
) -> None:
    path = tmp_path / "pictures.txt"
    name = "tab" if separator == "\t" else "semicolon"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(f"#separator:{name}\n#html:true\n")
        csv.writer(out, delimiter=separator, lineterminator="\n").writerows(
            [front, f"answer {n}"] for n in range(4)
        )
    with pytest.raises(InputError) as error:
        read_file(path)
    message = str(error.value)
    assert "4 image-only cards were skipped (its front is only an image" in message
    assert "a text file cannot carry images" in message
    assert "front is empty" not in message


def test_an_image_back_leaves_a_card_with_an_empty_back_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "backs.txt"
    path.write_text('What is shown?\t<img src="a.png">\n', encoding="utf-8")
    imported = read_file(path)
    (question,) = imported.deck.questions  # Anki makes this card too
    assert question.text_prompt == "What is shown?" and question.answer == ""
    assert any(
        "image a.png left out: a text file cannot carry images" in n for n in imported.notices
    )


def test_some_rows_survive_and_the_others_are_explained(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text(
        'Capital of France?\tParis\n<img src="flag.png">\tItaly\nCapital of Spain?\tMadrid\n',
        encoding="utf-8",
    )
    imported = read_file(path)
    assert len(imported.deck.questions) == 2
    assert any(
        notice.startswith("mixed.txt:2: image-only card skipped: its front is only an image")
        for notice in imported.notices
    )


def test_text_beside_a_missing_image_still_makes_a_card(tmp_path: Path) -> None:
    path = tmp_path / "caption.txt"
    path.write_text('<img src="a.png"> Which bird?\tA robin\n', encoding="utf-8")
    imported = read_file(path)
    (question,) = imported.deck.questions
    assert question.text_prompt == "Which bird?"
    assert any("a text file cannot carry images" in notice for notice in imported.notices)


def test_a_truly_empty_front_is_still_called_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\tParis\n\tRome\n", encoding="utf-8")
    with pytest.raises(InputError, match="front is empty"):
        read_file(path)
