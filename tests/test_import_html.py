"""HTML from imported decks: only a small whitelist survives; plain text for grading."""

from __future__ import annotations

from dlquiz.importers.html import plain_to_rich, sanitize_html, strip_sound


def test_whitelist_keeps_formatting_and_drops_everything_else() -> None:
    rich = sanitize_html(
        '<div onclick="x()"><b>Bold</b> <span style="color:red">red</span>'
        "<script>alert(1)</script><style>p{}</style><a href='javascript:x'>link</a>"
        "<iframe src='http://evil'>inside</iframe><sub>2</sub></div>"
    )
    assert rich.html == "<p><b>Bold</b> redlink<sub>2</sub></p>"
    assert rich.plain == "Bold redlink2"


def test_images_need_a_shipped_file_with_a_bare_name() -> None:
    rich = sanitize_html(
        '<img src="ok.png" onerror="x()"><img src="../up.png"><img src="http://x/y.png">'
        '<img src="missing.png">',
        media={"ok.png", "../up.png"},
    )
    assert rich.html == '<img src="ok.png">'
    assert rich.images == ("ok.png",)
    assert rich.missing_images == ("up.png", "y.png", "missing.png")


def test_unclosed_and_misnested_tags_are_balanced() -> None:
    assert sanitize_html("<i>a <b>b</i> c").html == "<i>a <b>b</b></i> c"
    assert sanitize_html("<ul><li>one<li>two").html == "<ul><li>one<li>two</li></li></ul>"


def test_entities_and_breaks_in_plain_text() -> None:
    rich = sanitize_html("1 &lt; 2&nbsp;&amp; 3<br>next<p>para</p>")
    assert rich.plain == "1 < 2 & 3\nnext\npara"
    assert "&lt;" in rich.html


def test_plain_text_is_escaped_with_line_breaks() -> None:
    rich = plain_to_rich("a < b\nc & d")
    assert rich.html == "a &lt; b<br>c &amp; d"
    assert rich.plain == "a < b\nc & d"


def test_sound_references_are_removed() -> None:
    assert strip_sound("hi [sound:a.mp3] there [sound:b.ogg]") == ("hi  there ", ("a.mp3", "b.ogg"))
