"""The pieces of Anki reading, one table each: cloze cards, picture kinds, SVG, LaTeX names."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dlquiz.importers.anki_latex import latex_body, latex_file_stem, replace_latex
from dlquiz.importers.cloze import BLANK, cloze_cards, cloze_numbers, has_cloze
from dlquiz.importers.html import _Sanitizer, sanitize_html
from dlquiz.importers.pictures import UnsafeSvg, clean_svg, picture_kind

B = BLANK

# text -> [(number, prompt, answers)], as Anki makes one card per number.
CLOZE_CASES: list[tuple[str, list[tuple[int, str, tuple[str, ...]]]]] = [
    ("{{c1::a}}", [(1, B, ("a",))]),
    ("{{c1::a}} {{c2::b}}", [(1, f"{B} b", ("a",)), (2, f"a {B}", ("b",))]),
    ("{{c1::a}} {{c1::b}}", [(1, f"{B} {B}", ("a", "b"))]),
    ("{{c2::b}} {{c1::a}}", [(1, f"b {B}", ("a",)), (2, f"{B} a", ("b",))]),
    ("{{c1::a::hint}}", [(1, f"{B} [hint]", ("a",))]),
    ("{{c1::a::h1}} {{c1::b::h2}}", [(1, f"{B} [h1] {B} [h2]", ("a", "b"))]),
    ("{{c1::a::}}", [(1, B, ("a",))]),
    ("{{c10::ten}} {{c2::two}}", [(2, f"ten {B}", ("two",)), (10, f"{B} two", ("ten",))]),
    ("{{c1::x {{c2::y}} z}}", [(1, B, ("x y z",)), (2, f"x {B} z", ("y",))]),
    ("{{c1::x {{c2::y}} z::hint}}", [(1, f"{B} [hint]", ("x y z",)), (2, f"x {B} z", ("y",))]),
    (
        "{{c1,2::both}} {{c3::x}}",
        [(1, f"{B} x", ("both",)), (2, f"{B} x", ("both",)), (3, f"both {B}", ("x",))],
    ),
    ("{{c1::<b>bold</b>}} text", [(1, f"{B} text", ("<b>bold</b>",))]),
    ("{{c1::a}} {{c3::c}}", [(1, f"{B} c", ("a",)), (3, f"a {B}", ("c",))]),
    ("{{c1::a}", []),  # unclosed: plain text, as in Anki
    ("no cloze at all", []),
    ("{{c1::a}} }} stray", [(1, f"{B} }}}} stray", ("a",))]),
    ("{{c1::multi\nline}}", [(1, B, ("multi\nline",))]),
    ("{{c1:: }}", [(1, B, (" ",))]),
    ("{{c0::zero}}", [(1, B, ("zero",))]),  # Anki counts c0 as card 1
    ("x{{c1::a}}y{{c2::b}}z{{c1::c}}", [(1, f"x{B}ybz{B}", ("a", "c")), (2, f"xay{B}zc", ("b",))]),
]


@pytest.mark.parametrize(("text", "expected"), CLOZE_CASES)
def test_cloze_cards_as_anki_makes_them(
    text: str, expected: list[tuple[int, str, tuple[str, ...]]]
) -> None:
    cards = cloze_cards(text)
    assert [(c.number, c.prompt_source, c.answers) for c in cards] == expected
    assert cloze_numbers(text) == {number for number, _, _ in expected}
    assert has_cloze(text) == ("{{c" in text and "::" in text)


def test_only_limits_cloze_cards_to_the_packages_cards() -> None:
    cards = cloze_cards("{{c1::a}} {{c2::b}} {{c3::c}}", only={2})
    assert [c.number for c in cards] == [2]


PICTURES = [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "raster"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "raster"),
    (b"GIF89a\x01\x00", "raster"),
    (b"GIF87a\x01\x00", "raster"),
    (b"BM\x00\x00", "raster"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "raster"),
    (b'<svg xmlns="http://www.w3.org/2000/svg">', "svg"),
    (b'<?xml version="1.0"?>\n<svg>', "svg"),
    (b"\xef\xbb\xbf<svg viewBox='0 0 1 1'>", "svg"),
    (b"<?xml version='1.0'?><!-- made by hand --><svg>", "svg"),
    (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<svg>',
        "svg",
    ),
    (b"ID3\x03\x00", ""),  # an mp3
    (b"RIFF\x00\x00\x00\x00WAVEfmt ", ""),
    (b"abc\n", ""),
    (b"<html><svg>", ""),
    (b"", ""),
    (b"%PDF-1.4", ""),
]


@pytest.mark.parametrize(("head", "kind"), PICTURES)
def test_picture_kind_comes_from_the_bytes(head: bytes, kind: str) -> None:
    assert picture_kind(head) == kind


SVG = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


@pytest.mark.parametrize(
    ("svg", "gone", "kept"),
    [
        (f"<svg {SVG}><script>alert(1)</script><rect/></svg>", b"alert", b"rect"),
        (f'<svg {SVG}><rect onclick="x()" width="2"/></svg>', b"onclick", b'width="2"'),
        (f'<svg {SVG}><image href="file:///etc/passwd"/></svg>', b"passwd", b"image"),
        (f'<svg {SVG}><image xlink:href="http://x/a.png"/></svg>', b"http://x", b"image"),
        (f"<svg {SVG}><foreignObject><p>hi</p></foreignObject><circle/></svg>", b"hi", b"circle"),
        (f"<svg {SVG}><style>@import url(http://x)</style><g/></svg>", b"import", b"<g"),
        (f'<svg {SVG}><rect style="fill:url(http://x)"/></svg>', b"http://x", b"rect"),
        (f'<svg {SVG}><use href="#a"/><g id="a"/></svg>', b"javascript", b'href="#a"'),
        (f'<svg {SVG}><a href="javascript:alert(1)"><g/></a></svg>', b"javascript", b"<g"),
        (f'<svg {SVG}><rect fill="url(#grad)"/></svg>', b"http://x", b"url(#grad)"),
        (
            f'<svg {SVG}><image href="data:image/png;base64,iVBORw0KGgo="/></svg>',
            b"file:",
            b"data:image/png;base64,iVBORw0KGgo=",
        ),
    ],
)
def test_svg_keeps_its_drawing_and_loses_anything_active(
    svg: str, gone: bytes, kept: bytes
) -> None:
    cleaned = clean_svg(svg.encode())
    assert gone not in cleaned
    assert kept in cleaned


@pytest.mark.parametrize(
    "svg",
    [
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
        b"<svg><unclosed></svg>",
        b"<html><body/></html>",
    ],
)
def test_svg_that_cannot_be_cleaned_is_refused(svg: bytes) -> None:
    with pytest.raises(UnsafeSvg):
        clean_svg(svg)


def test_svg_with_a_plain_doctype_is_kept() -> None:
    svg = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>'
    )
    cleaned = clean_svg(svg)
    assert b"<rect" in cleaned and b"DOCTYPE" not in cleaned


# Names printed by Anki 26.9.3's own extract_latex for these snippets.
ANKI_LATEX_NAMES = [
    ("[$]x^2[/$]", "latex-76b2878564ab19b80abb21ba964abe90fe120846"),
    ("[latex]\\alpha[/latex]", "latex-f7c665b45932a814215e979bc2611080b4948e68"),
    ("[$$]y[/$$]", "latex-0110c03e932f03511e6b126c90a2ccac44a98dd8"),
    ("[$]e^{i\\pi}+1=0[/$]", "latex-4e0d84e699ac67df014db5c69cd6347789327d10"),
]


@pytest.mark.parametrize(("snippet", "stem"), ANKI_LATEX_NAMES)
def test_latex_pictures_are_found_under_ankis_names(snippet: str, stem: str) -> None:
    assert replace_latex(snippet, lambda name: name == stem + ".png").text == (
        f'<img src="{stem}.png">'
    )
    assert replace_latex(snippet, lambda name: name == stem + ".svg").text == (
        f'<img src="{stem}.svg">'
    )
    assert replace_latex(snippet, lambda _name: False).missing == (stem + ".png",)


def test_latex_body_strips_html_as_anki_does() -> None:
    assert latex_body("latex", "a<br>b &amp; <i>c</i>") == "a\nb & c"
    assert latex_body("$", "x") == "$x$"
    assert latex_file_stem("\\alpha") == "latex-f7c665b45932a814215e979bc2611080b4948e68"


_PIECES = st.sampled_from(
    ["<b>", "</b>", "<i>", "</i>", "<sub>", "</sub>", "<em>", "</em>", " ", "\n", "x", "Word", "é"]
)


@settings(max_examples=300, derandomize=True)
@given(st.lists(_PIECES, max_size=12))
def test_inline_fast_path_gives_what_the_full_sanitiser_gives(pieces: list[str]) -> None:
    source = "".join(pieces)
    assume("<" in source)  # text without markup has its own, older fast path
    fast = sanitize_html(source)
    parser = _Sanitizer(())
    parser.feed(source)
    parser.close()
    slow = parser.result()
    assert (fast.html, fast.plain) == (slow.html, slow.plain)


def _package_with_pictures(tmp_path: Path, files: dict[str, bytes], front: str) -> Path:
    from tests.test_import_apkg import schema11, zip_legacy

    collection = tmp_path / "pictures.anki2"
    schema11(collection, notes=[(1, "gp", 10, "", [front, "an answer"], [0], 100)])
    return zip_legacy(collection, tmp_path / "pictures.apkg", files)


@pytest.mark.parametrize(
    ("files", "front", "kept", "notice"),
    [
        ({"a.png": b"ID3\x03 an mp3"}, 'x <img src="a.png">', (), "is not a PNG, JPEG"),
        ({}, 'x <img src="gone.png">', (), "it is not in the package"),
        ({"pic": b"\x89PNG\r\n\x1a\n...."}, 'x <img src="pic">', ("pic",), ""),
        ({"d.svg": b"<svg><script>1</script></svg>"}, 'x <img src="d.svg">', ("d.svg",), ""),
        (
            {"e.svg": b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "b">]><svg>&a;</svg>'},
            'x <img src="e.svg">',
            (),
            "the SVG cannot be shown safely",
        ),
    ],
)
def test_pictures_are_kept_or_left_out_with_a_true_notice(
    tmp_path: Path, files: dict[str, bytes], front: str, kept: tuple[str, ...], notice: str
) -> None:
    from dlquiz.importers import read_file

    imported = read_file(_package_with_pictures(tmp_path, files, front))
    assert tuple(imported.media) == kept
    if notice:
        assert any(notice in line for line in imported.notices), imported.notices
    else:
        assert not any("left out" in line for line in imported.notices), imported.notices
    if "d.svg" in imported.media:
        assert b"script" not in imported.media["d.svg"]
