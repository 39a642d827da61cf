"""Which pictures and sounds go with a prompt and which wait for the answer."""

from __future__ import annotations

import pytest

from dlquiz.core.media import CardMedia, card_media, is_sound
from dlquiz.core.model import FlashKey, Question, QuestionType


def question(prompt: str, media: tuple[str, ...]) -> Question:
    return Question(
        id="d:q",
        deck="d",
        type=QuestionType.FLASHCARD,
        prompt=prompt,
        key=FlashKey(back=""),
        answer="",
        media=media,
    )


@pytest.mark.parametrize(
    ("prompt", "media", "expected"),
    [
        ("plain", (), CardMedia((), ())),
        ('<img src="a.png">', ("a.png",), CardMedia(("a.png",), ())),
        # the back's picture: only after the answer, or the card gives itself away
        ("What is this?", ("cat.png",), CardMedia((), ("cat.png",))),
        (
            '<img src="a.png"> and <img src="b.png">',
            ("a.png", "b.png"),
            CardMedia(("a.png", "b.png"), ()),
        ),
        (
            '<img src="b.png"><img src="a.png">',
            ("a.png", "b.png", "c.png"),
            CardMedia(("a.png", "b.png"), ("c.png",)),
        ),
        ('<audio src="x.mp3">', ("x.mp3",), CardMedia(("x.mp3",), ())),
        ('<audio src="x.mp3">', ("x.mp3", "y.ogg"), CardMedia(("x.mp3",), ("y.ogg",))),
        ('<img src="a&amp;b.png">', ("a&b.png",), CardMedia(("a&b.png",), ())),
        # a name only in the prompt's text (not a tag dlquiz wrote) is not the prompt's
        ('src="a.png"', ("a.png",), CardMedia((), ("a.png",))),
    ],
)
def test_media_split(prompt: str, media: tuple[str, ...], expected: CardMedia) -> None:
    split = card_media(question(prompt, media))
    assert split == expected
    assert split.all == expected.with_prompt + expected.after_answer
    assert sorted(split.all) == sorted(media)


@pytest.mark.parametrize(
    ("name", "sound"),
    [
        ("a.mp3", True),
        ("A.MP3", True),
        ("x.wav", True),
        ("x.ogg", True),
        ("x.m4a", True),
        ("x.flac", True),
        ("x.opus", True),
        ("x.png", False),
        ("x.svg", False),
        ("paste-123", False),
        (".mp3", False),
        ("mp3", False),
        ("x.mp3.png", False),
    ],
)
def test_sounds_are_told_by_their_suffix(name: str, sound: bool) -> None:
    assert is_sound(name) is sound
