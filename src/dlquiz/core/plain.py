"""Plain text from the light HTML that imported decks may carry."""

from __future__ import annotations

import html
import re

_BREAKS = re.compile(r"<\s*(br|/p|/div|/li)\s*/?\s*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\f\v]+")


def plain_text(text: str) -> str:
    """Remove tags, decode entities and tidy white space; keep line breaks."""
    if "<" not in text and "&" not in text:
        return text
    text = _BREAKS.sub("\n", text)
    text = html.unescape(_TAGS.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
