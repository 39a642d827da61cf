"""Imported HTML made safe: a few formatting tags kept, everything else dropped.

Question text from Anki and Moodle is HTML written by anyone.  dlquiz shows
it as rich text, so only a small whitelist of tags survives, with no
attributes except an image's ``src`` that names a file shipped with the deck.
The same pass gives the plain text used for grading, terminals and JSON.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from dlquiz.core.media import is_sound

KEPT_TAGS = frozenset({"b", "i", "u", "em", "strong", "p", "ul", "ol", "li", "sub", "sup"})
VOID_TAGS = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "area", "col", "source"})
# Their content is code, styling or a whole embedded document: never text.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "head", "title", "template", "object", "iframe", "svg", "math", "noscript"}
)
RENAMED = {"div": "p", "h1": "p", "h2": "p", "h3": "p", "h4": "p", "h5": "p", "h6": "p"}
BLOCK_TAGS = frozenset(
    {"p", "ul", "ol", "li", "tr", "table", "blockquote", "pre", "dl", "dt", "dd"}
)

_SPECIAL = re.compile(r"[<>&\"']")
_SOUND = re.compile(r"\[sound:([^\]]*)\]")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u200b]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>")
_INLINE = "b|i|u|em|strong|sub|sup"
_INLINE_TAG = re.compile(rf"<(/?)({_INLINE})>")
# Possessive "++": a plain "+" inside "*" backtracks exponentially on a long text run
# followed by a tag that is not inline (a corpus file hung the import for minutes).
_INLINE_TEXT = re.compile(rf"(?:[^<>]++|</?(?:{_INLINE})>)*")


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to build in bulk
class RichText:
    """Sanitised HTML, its plain text, and the images it shows or lost."""

    html: str
    plain: str
    # Kept pictures and sounds, in the order shown: the names are in the deck's media.
    images: tuple[str, ...] = ()
    missing_images: tuple[str, ...] = ()  # pictures and sounds dropped: not shipped


def plain_if_marked(text: RichText) -> str:
    """A question's ``plain_prompt`` for this prompt: its plain text, or empty when that
    is the HTML itself (no markup), so that a stored question holds the text once."""
    return "" if text.plain == text.html else text.plain


def sanitize_html(source: str, *, media: Collection[str] = ()) -> RichText:
    """Keep only whitelisted tags of ``source``; images only when ``media`` has them."""
    if "<" not in source and "&" not in source:
        return RichText(html=source.strip(), plain=_tidy_plain(source))
    simple = _inline_only(source)
    if simple is not None:
        return simple
    parser = _Sanitizer(media)
    parser.feed(source)
    parser.close()
    return parser.result()


def _inline_only(source: str) -> RichText | None:
    """The fast path for text whose only markup is well-nested ``<b>``, ``<i>`` and the like.

    The sanitiser would keep such text exactly as it is, so the parser (most of
    a large deck's import time) is skipped; anything else returns None.
    """
    if "&" in source or not _INLINE_TEXT.fullmatch(source):
        return None
    open_tags: list[str] = []
    for closing, tag in _INLINE_TAG.findall(source):
        if not closing:
            open_tags.append(tag)
        elif not open_tags or open_tags.pop() != tag:
            return None
    if open_tags:
        return None
    plain = _INLINE_TAG.sub("", source).replace("\n", " ")
    return RichText(html=source.strip(), plain=_tidy_plain(plain))


def plain_to_rich(text: str) -> RichText:
    """Text that is not HTML, escaped and with its line breaks kept."""
    if "\n" not in text and not _SPECIAL.search(text):
        stripped = text.strip() if _is_spaced_simply(text) else _SPACES.sub(" ", text).strip()
        return RichText(html=stripped, plain=stripped)
    html = "<br>".join(escape(line, quote=False) for line in text.strip().split("\n"))
    return RichText(html=html, plain=_tidy_plain(text))


def html_to_plain(source: str) -> str:
    """The plain text of ``source`` (tags dropped, entities decoded)."""
    return sanitize_html(source).plain


def strip_sound(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove Anki ``[sound:name]`` references; returns the text and the names."""
    if "[sound:" not in text:
        return text, ()
    names = tuple(match.group(1) for match in _SOUND.finditer(text))
    return _SOUND.sub("", text), names


def sound_tags(text: str) -> str:
    """``text`` with each Anki ``[sound:name]`` written as ``<audio src="name">``.

    The sanitiser then keeps the sound when the deck ships it, as it keeps a
    picture, and lists it as missing otherwise.
    """
    if "[sound:" not in text:
        return text
    return _SOUND.sub(lambda match: f'<audio src="{escape(match.group(1).strip())}">', text)


def is_safe_media_name(name: str) -> bool:
    """True for a bare file name: no folders, no scheme, nothing hidden."""
    return bool(name) and not (
        "/" in name or "\\" in name or ":" in name or name.startswith(".") or "\x00" in name
    )


def _is_spaced_simply(text: str) -> bool:
    """True when ``text`` has no runs of spaces or odd spaces to collapse (fast path)."""
    return "  " not in text and "\t" not in text and "\xa0" not in text and "\u200b" not in text


def _tidy_plain(text: str) -> str:
    if "\n" not in text:
        return _SPACES.sub(" ", text).strip()
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


class _Sanitizer(HTMLParser):
    def __init__(self, media: Collection[str]) -> None:
        super().__init__(convert_charrefs=True)
        self._media = media
        self._html: list[str] = []
        self._plain: list[str] = []
        self._open: list[str] = []  # kept tags not yet closed, innermost last
        self._skip_depth = 0  # inside <script> and friends
        self._skip_tag = ""
        self._images: list[str] = []
        self._missing: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_depth:
            if tag == self._skip_tag:
                self._skip_depth += 1
            return
        if tag in DROPPED_WITH_CONTENT:
            self._skip_depth, self._skip_tag = 1, tag
            return
        if tag in ("br", "hr"):
            self._html.append("<br>")
            self._plain.append("\n")
        elif tag == "img":
            self._image(dict(attrs).get("src") or "")
        elif tag == "audio":
            self._sound(dict(attrs).get("src") or "")
        elif tag in ("td", "th"):
            self._plain.append(" ")
        if tag in BLOCK_TAGS or tag in RENAMED:
            self._plain.append("\n")
        kept = RENAMED.get(tag, tag)
        if kept in KEPT_TAGS and tag not in VOID_TAGS:
            self._html.append(f"<{kept}>")
            self._open.append(kept)
            if kept == "li":
                self._plain.append("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <img/>: a void element, whatever the slash says.
        if tag in VOID_TAGS or tag not in KEPT_TAGS:
            self.handle_starttag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip_depth:
            if tag == self._skip_tag:
                self._skip_depth -= 1
            return
        if tag in BLOCK_TAGS or tag in RENAMED:
            self._plain.append("\n")
        kept = RENAMED.get(tag, tag)
        if kept in self._open:
            while self._open:
                inner = self._open.pop()
                self._html.append(f"</{inner}>")
                if inner == kept:
                    break

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        self._html.append(escape(data, quote=False))
        self._plain.append(data.replace("\n", " "))

    def _image(self, src: str) -> None:
        name = src.strip()
        if name in self._media and is_safe_media_name(name):
            self._html.append(f'<img src="{escape(name)}">')
            self._plain.append(" [image] ")
            self._images.append(name)
        elif name:
            self._missing.append(name.rsplit("/", 1)[-1])

    def _sound(self, src: str) -> None:
        name = src.strip()
        if is_sound(name) and name in self._media and is_safe_media_name(name):
            self._html.append(f'<audio src="{escape(name)}">')
            self._plain.append(" [sound] ")
            self._images.append(name)
        elif name:
            self._missing.append(name.rsplit("/", 1)[-1])

    def result(self) -> RichText:
        while self._open:
            self._html.append(f"</{self._open.pop()}>")
        html = _EMPTY_PARAGRAPH.sub("", "".join(self._html)).strip()
        return RichText(
            html=html,
            plain=_tidy_plain("".join(self._plain)),
            images=tuple(dict.fromkeys(self._images)),
            missing_images=tuple(dict.fromkeys(self._missing)),
        )
