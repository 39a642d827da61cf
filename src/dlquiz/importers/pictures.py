"""Which media files are pictures, judged by their bytes, and SVG made safe to show.

Anki keeps a pasted image under whatever name it got (``paste-123`` with no
extension is common), so a file's kind comes from its first bytes, never its
name.  SVG is XML that may carry scripts, event handlers and links to other
files: only its drawing survives :func:`clean_svg`.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

SNIFF_BYTES = 1024
_RASTER_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"BM",
)
_SVG_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<svg[\s>]", re.DOTALL)
# Elements whose content is code, another document, or a way to pull in other files.
_DROPPED = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "handler"}
_SVG_NS = "http://www.w3.org/2000/svg"
_SAFE_DATA = re.compile(r"^data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$")


def picture_kind(head: bytes) -> str:
    """``"raster"``, ``"svg"`` or ``""`` for the first bytes of a file."""
    if head.startswith(_RASTER_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "raster"
    if _SVG_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return "svg"
    return ""


class UnsafeSvg(ValueError):
    """The SVG cannot be read or cleaned; the message says why."""


def clean_svg(data: bytes) -> bytes:
    """``data`` with scripts, handlers, styles and outside references removed.

    Raises:
        UnsafeSvg: it is not well-formed XML, or declares a DOCTYPE or entities
            (entity expansion).
    """
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise UnsafeSvg("it declares a DOCTYPE or entities")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise UnsafeSvg(f"it is not well-formed XML ({error})") from None
    if _local(root.tag) != "svg":
        raise UnsafeSvg("its root element is not <svg>")
    _clean(root)
    ElementTree.register_namespace("", _SVG_NS)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    cleaned: bytes = ElementTree.tostring(root, encoding="utf-8")
    return cleaned


def _clean(element: ElementTree.Element) -> None:
    for child in list(element):
        if _local(child.tag) in _DROPPED or _local(child.tag) == "style":
            element.remove(child)
        else:
            _clean(child)
    for name in list(element.attrib):
        value = element.attrib[name]
        local = _local(name).casefold()
        outside_link = local == "href" and not (value.startswith("#") or _SAFE_DATA.match(value))
        if (
            local.startswith("on")
            or local == "style"
            or outside_link
            or "url(" in value
            and (not re.fullmatch(r"\s*url\(\s*#[^)]*\)\s*", value))
        ):
            del element.attrib[name]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
