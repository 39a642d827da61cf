"""Anki's old-style LaTeX (``[latex]``, ``[$]``, ``[$$]``) shown as the images Anki rendered.

Anki renders each LaTeX snippet once and ships the picture as
``latex-<sha1>.png`` (or ``.svg``), where the hash is the SHA-1 of the
snippet's LaTeX body: the field's HTML stripped, ``[$]x[/$]`` written
``$x$`` and ``[$$]x[/$$]`` written as a ``displaymath`` environment.  When a
package holds that picture, the snippet becomes an image; otherwise its
source stays as text and the caller gives a notice.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

_SNIPPET = re.compile(
    r"\[latex\](.+?)\[/latex\]|\[\$\$\](.+?)\[/\$\$\]|\[\$\](.+?)\[/\$\]",
    re.DOTALL | re.IGNORECASE,
)
_LINE_BREAK = re.compile(r"<br\s*/?>|<div>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class LatexResult:
    """The field's text with snippets replaced, and the snippets with no picture."""

    text: str
    missing: tuple[str, ...]  # the file names Anki would have rendered


def has_latex(text: str) -> bool:
    """True when ``text`` may hold an old-style LaTeX snippet."""
    return "[latex]" in text.lower() or "[$" in text


def latex_body(kind: str, inner: str) -> str:
    """The LaTeX Anki renders for one snippet: ``kind`` is ``latex``, ``$`` or ``$$``."""
    text = html.unescape(_TAG.sub("", _LINE_BREAK.sub("\n", inner)))
    if kind == "$":
        return f"${text}$"
    if kind == "$$":
        return f"\\begin{{displaymath}}{text}\\end{{displaymath}}"
    return text


def latex_file_stem(body: str) -> str:
    """``latex-<sha1>``: the name Anki gives the rendered picture, without its suffix."""
    return "latex-" + hashlib.sha1(body.encode("utf-8")).hexdigest()  # noqa: S324 - Anki's name


def replace_latex(text: str, has_picture: Callable[[str], bool]) -> LatexResult:
    """Each snippet of ``text`` as an ``<img>`` of Anki's picture, when ``has_picture`` says so."""
    missing: list[str] = []

    def swap(match: re.Match[str]) -> str:
        kind, inner = (
            ("latex", match.group(1))
            if match.group(1) is not None
            else ("$$", match.group(2))
            if match.group(2) is not None
            else ("$", match.group(3))
        )
        stem = latex_file_stem(latex_body(kind, inner))
        for suffix in (".png", ".svg"):
            if has_picture(stem + suffix):
                return f'<img src="{stem}{suffix}">'
        missing.append(stem + ".png")
        return match.group(0)

    return LatexResult(_SNIPPET.sub(swap, text), tuple(missing))
