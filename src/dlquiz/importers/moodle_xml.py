"""Moodle XML question banks: multiple choice, true/false, short answer, numerical, matching.

Categories become topics; other question types are skipped with a notice.
Images embedded as base64 ``<file>`` elements are imported.  XML with a
DOCTYPE or ENTITY declaration is refused outright: nothing in a Moodle
export needs one, and entities can expand without limit.
"""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

from dlquiz.core.model import Question

from .apkg import IMAGE_SUFFIXES
from .context import ReadContext
from .gift import SKIP_REASON
from .html import RichText, is_safe_media_name, plain_if_marked, plain_to_rich, sanitize_html
from .ids import UniqueIds, short_hash, slugify
from .limits import MAX_FIELD_CHARS
from .moodle_xml_types import BUILDERS, XmlQuestionError
from .result import ReaderOutput

_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CATEGORY_PREFIX = re.compile(r"^\$(?:course|system|module|cat\d*)\$/", re.IGNORECASE)
_PLUGINFILE = "@@PLUGINFILE@@/"
MAX_IMAGE_BYTES = 20 * 1024 * 1024
NOT_ASKED = {"essay", "description"}


def read_moodle_xml(text: str, ctx: ReadContext) -> ReaderOutput:
    """Read a Moodle XML export.

    Raises:
        InputError: not well-formed XML, a DOCTYPE/ENTITY declaration, or
            questions whose answers are invalid.
    """
    declaration = _DECLARATION.search(text)
    if declaration:
        line = text.count("\n", 0, declaration.start()) + 1
        raise ctx.refuse(
            f"XML with a {declaration.group(1).upper()} declaration is refused: "
            "it could expand without limit",
            line=line,
        )
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        line, column = error.position
        raise ctx.refuse(
            f"not well-formed XML: {error.msg}", line=line, column=column + 1
        ) from None
    if root.tag != "quiz":
        raise ctx.refuse(f"not a Moodle XML question file: the root element is <{root.tag}>")
    reader = _XmlReader(ctx)
    elements = root.findall("question")
    stage = ctx.stage(0.1, 0.95)
    for number, element in enumerate(elements, start=1):
        stage.every(number, len(elements), step=32)
        reader.add(element, number)
    ctx.raise_if_problems()
    return ReaderOutput(questions=reader.questions, media=reader.media)


class _XmlReader:
    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.questions: list[Question] = []
        self.media: dict[str, bytes] = {}
        self.topic = ""
        self.ids = UniqueIds()

    def add(self, element: ET.Element, number: int) -> None:
        kind = element.get("type", "")
        name = sanitize_html(_text(element.find("name"))).plain
        where = f"question {number}" + (f" ({name[:40]})" if name else "")
        if kind == "category":
            self.topic = _topic(_text(element.find("category")))
            return
        if kind in NOT_ASKED:
            self.ctx.skip(f"{kind} question", SKIP_REASON, where=where)
            return
        if max((len(text.text or "") for text in element.iter("text")), default=0) > (
            MAX_FIELD_CHARS
        ):
            self.ctx.problem(f"a text is longer than {MAX_FIELD_CHARS:,} characters", where=where)
            return
        build = BUILDERS.get(kind)
        if build is None:
            self.ctx.skip(
                f"{kind or 'untyped'} question", "dlquiz cannot ask this question type", where=where
            )
            return
        files = self._files(element.find("questiontext"), where)
        stem = self._rich(element.find("questiontext"), files, where)
        if not stem.plain and not stem.images:
            self.ctx.problem("the question has no text", where=where)
            return
        if len(stem.plain) > MAX_FIELD_CHARS:
            self.ctx.problem(
                f"the question is longer than {MAX_FIELD_CHARS:,} characters", where=where
            )
            return
        try:
            built = build(element, self.ctx, where)
        except XmlQuestionError as error:
            self.ctx.problem(str(error), where=where)
            return
        if built is None:
            return
        qtype, key, answer, choices = built
        local = self._local_id(element, name, stem.plain)
        tags = tuple(_text(tag) for tag in element.findall("tags/tag") if _text(tag))
        self.questions.append(
            Question(
                id=f"{self.ctx.deck_id}:{local}",
                deck=self.ctx.deck_id,
                type=qtype,
                prompt=stem.html,
                plain_prompt=plain_if_marked(stem),
                key=key,
                answer=answer,
                topic=self.topic,
                choices=choices,
                explanation=self._rich(element.find("generalfeedback"), {}, where).plain,
                tags=tags,
                media=stem.images,
            )
        )

    def _local_id(self, element: ET.Element, name: str, stem: str) -> str:
        idnumber = _text(element.find("idnumber"))
        if idnumber:
            return self.ids.take("id-" + (slugify(idnumber) or short_hash(idnumber)))
        if name:
            return self.ids.take("t-" + (slugify(name) or short_hash(name)))
        return self.ids.take("h" + short_hash(stem))

    def _files(self, holder: ET.Element | None, where: str) -> dict[str, str]:
        """Embedded images of ``holder``: original name -> media name, bytes stored."""
        found: dict[str, str] = {}
        if holder is None:
            return found
        for element in holder.findall("file"):
            name = element.get("name", "")
            if not (is_safe_media_name(name) and name.casefold().endswith(IMAGE_SUFFIXES)):
                continue
            data = (element.text or "").strip()
            if len(data) > MAX_IMAGE_BYTES * 4 // 3 + 4:
                self.ctx.notice(f"image {name} left out: larger than 20 MB", where=where)
                continue
            try:
                content = base64.b64decode(data, validate=False)
            except (binascii.Error, ValueError):
                self.ctx.notice(f"image {name} left out: its base64 data is damaged", where=where)
                continue
            media_name = f"{short_hash(name, content.hex()[:2048], length=8)}-{name}"
            self.media[media_name] = content
            found[name] = media_name
        return found

    def _rich(self, holder: ET.Element | None, files: dict[str, str], where: str) -> RichText:
        if holder is None:
            return RichText("", "")
        raw = _text(holder)
        if holder.get("format", "html") in ("plain_text", "markdown"):
            return plain_to_rich(raw)
        for original, media_name in files.items():
            raw = raw.replace(_PLUGINFILE + original, media_name)
        raw = re.sub(
            re.escape(_PLUGINFILE) + r"([^\"'\s>]+)",
            lambda match: files.get(unquote(match.group(1)), match.group(0)),
            raw,
        )
        rich = sanitize_html(raw, media=set(files.values()))
        for name in rich.missing_images:
            self.ctx.notice(
                f"image {unquote(name)} left out: not embedded in the file", where=where
            )
        return rich


def _text(element: ET.Element | None) -> str:
    """The ``<text>`` child's content, or the element's own text."""
    if element is None:
        return ""
    child = element.find("text")
    return ((child.text if child is not None else element.text) or "").strip()


def _topic(category: str) -> str:
    path = _CATEGORY_PREFIX.sub("", category.strip())
    parts = [part.strip() for part in path.split("/") if part.strip()]
    if parts and parts[0].casefold() == "top":
        parts = parts[1:]
    return "::".join(parts)
