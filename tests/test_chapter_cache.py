"""The generated chapter questions are cached between runs, and a bad cache is harmless."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz import chapter as chapter_module
from dlquiz.resources import chapter_deck_path


@pytest.fixture
def cache_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    chapter_module.chapter.cache_clear()
    yield chapter_module._cache_file(chapter_module._cache_key(chapter_deck_path()))
    chapter_module.chapter.cache_clear()


def test_first_load_writes_the_cache_and_the_next_reads_it(cache_file: Path) -> None:
    deck, questions = chapter_module.chapter()
    assert cache_file.is_file()
    chapter_module.chapter.cache_clear()
    again_deck, again = chapter_module.chapter()
    assert again_deck == deck and again == questions


def test_a_damaged_cache_is_rebuilt(cache_file: Path) -> None:
    expected = [q.id for q in chapter_module._build()[1]]
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_bytes(b"not a pickle")
    _deck, questions = chapter_module.chapter()
    assert [q.id for q in questions] == expected
    assert cache_file.read_bytes() != b"not a pickle"


def test_the_key_follows_the_deck_file(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text("a: 1\n")
    first = chapter_module._cache_key(deck)
    deck.write_text("a: 2\n")
    assert chapter_module._cache_key(deck) != first
