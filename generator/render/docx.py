"""Word documents from docxtpl templates: values escaped, undefined names an error."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError

from generator.errors import TemplateError
from generator.render import ImageRef


def _environment() -> Environment:
    return Environment(autoescape=True, undefined=StrictUndefined)


@lru_cache(maxsize=64)
def _template_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise TemplateError(f"{path}: Word template not found") from exc


def _with_images(value: Any, template: DocxTemplate) -> Any:
    if isinstance(value, ImageRef):
        return InlineImage(template, str(value.path), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {k: _with_images(v, template) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_with_images(v, template) for v in value]
    return value


def render_docx(template_path: Path, context: dict[str, Any]) -> bytes:
    """Fills the template with the context and returns the .docx file's bytes."""
    template = DocxTemplate(io.BytesIO(_template_bytes(template_path)))
    environment = _environment()
    try:
        missing = template.get_undeclared_template_variables(environment, context)
        if missing:
            raise TemplateError(f"{template_path}: uses names the document does not provide: {', '.join(sorted(missing))}")
        template.render(_with_images(context, template), environment, autoescape=True)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{template_path} > line {exc.lineno} of the Word template's text: {exc.message}") from exc
    except UndefinedError as exc:
        raise TemplateError(f"{template_path}: {exc.message}") from exc
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
