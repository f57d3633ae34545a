"""Word documents from docxtpl templates: values escaped, undefined names an error, same input same bytes."""

from __future__ import annotations

import io
import struct
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, Template, TemplateSyntaxError, UndefinedError

from generator.errors import TemplateError
from generator.render import ImageRef
from generator.render.html import FILTERS
from generator.wording import WordingError

# Zip entries carry a time stamp; a fixed one makes a rebuild from the same input byte-identical.
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


class _CompilingOnceEnvironment(Environment):
    """docxtpl hands Jinja the same template XML for every document of a type; compile it once per process."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self.filters.update(FILTERS)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - Jinja's own name
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


_ENVIRONMENT = _CompilingOnceEnvironment()


@lru_cache(maxsize=64)
def _template_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise TemplateError(f"{path}: Word template not found") from exc


@lru_cache(maxsize=64)
def _names_used(path: Path) -> frozenset[str]:
    """Every top-level name the template refers to, found once per template and process."""
    template = DocxTemplate(io.BytesIO(_template_bytes(path)))
    try:
        environment = Environment(autoescape=True)
        environment.filters.update(FILTERS)
        return frozenset(template.get_undeclared_template_variables(environment))
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{path} > line {exc.lineno} of the Word template's text: {exc.message}") from exc


class _DescribedImage(InlineImage):
    """An inline picture carrying its alt text (wp:docPr descr), which Word shows as Alt Text and screen readers read."""

    def __init__(self, template: DocxTemplate, source, width, alt: str) -> None:
        super().__init__(template, source, width=width)
        self.alt = alt

    def _insert_image(self) -> str:
        inline = self.tpl.current_rendering_part.new_pic_inline(self.image_descriptor, self.width, self.height)
        for properties in inline.xpath(".//wp:docPr | .//pic:cNvPr"):
            properties.set("descr", self.alt)
        return f'</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r><w:t xml:space="preserve">'


def _with_images(value: Any, template: DocxTemplate) -> Any:
    if isinstance(value, ImageRef):
        source = io.BytesIO(value.data) if value.data is not None else str(value.path)
        return _DescribedImage(template, source, Mm(value.width_mm), value.alt)
    if isinstance(value, dict):
        return {k: _with_images(v, template) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_with_images(v, template) for v in value]
    return value


def normalise_zip(data: bytes) -> bytes:
    """The same archive with every entry's time stamp set to one fixed time, so equal content gives equal bytes.

    The stamps are patched in place (local headers and central directory, as the ZIP format lays
    them out) rather than by recompressing, which would cost as much as writing the file again.
    """
    out = bytearray(data)
    dos_time = (FIXED_ZIP_TIME[3] << 11) | (FIXED_ZIP_TIME[4] << 5) | (FIXED_ZIP_TIME[5] // 2)
    dos_date = ((FIXED_ZIP_TIME[0] - 1980) << 9) | (FIXED_ZIP_TIME[1] << 5) | FIXED_ZIP_TIME[2]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        central = archive.start_dir
    for info in entries:
        if out[info.header_offset : info.header_offset + 4] != b"PK\x03\x04":
            raise TemplateError("internal: unexpected layout in a generated .docx")
        struct.pack_into("<HH", out, info.header_offset + 10, dos_time, dos_date)
    offset = central
    for _ in entries:
        if out[offset : offset + 4] != b"PK\x01\x02":
            raise TemplateError("internal: unexpected layout in a generated .docx")
        struct.pack_into("<HH", out, offset + 12, dos_time, dos_date)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, offset + 28)
        offset += 46 + name_len + extra_len + comment_len
    return bytes(out)


def render_docx(template_path: Path, context: dict[str, Any]) -> bytes:
    """Fills the template with the context and returns the .docx file's bytes."""
    missing = _names_used(template_path) - context.keys()
    if missing:
        raise TemplateError(f"{template_path}: uses names the document does not provide: {', '.join(sorted(missing))}")
    template = DocxTemplate(io.BytesIO(_template_bytes(template_path)))
    try:
        template.render(_with_images(context, template), _ENVIRONMENT, autoescape=True)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{template_path} > line {exc.lineno} of the Word template's text: {exc.message}") from exc
    except UndefinedError as exc:
        raise TemplateError(f"{template_path}: {exc.message}") from exc
    except WordingError as exc:
        raise WordingError(f"{template_path}: {exc}") from exc
    out = io.BytesIO()
    template.save(out)
    return normalise_zip(out.getvalue())
