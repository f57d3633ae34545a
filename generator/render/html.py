"""One Jinja environment for the HTML side: autoescaped, strict about undefined names."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, UndefinedError

from generator.errors import TemplateError
from generator.wording import WordingError, fill

# Filters the templates may use (the HTML here, the Word templates through generator.render.docx):
# `fill` puts prepared values into a phrase of the document's wording, as an ordinary escaped string.
FILTERS: dict = {"fill": fill}


@lru_cache(maxsize=8)
def environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def render_html(templates_dir: Path, name: str, context: dict[str, Any]) -> str:
    try:
        return environment(templates_dir).get_template(name).render(context)
    except TemplateNotFound as exc:
        raise TemplateError(f"{templates_dir / name}: HTML template not found") from exc
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or name} > line {exc.lineno}: {exc.message}") from exc
    except UndefinedError as exc:
        raise TemplateError(f"{templates_dir / name}: {exc.message}") from exc
    except WordingError as exc:
        raise WordingError(f"{templates_dir / name}: {exc}") from exc


def stylesheet_text(templates_dir: Path, context: dict[str, Any]) -> str:
    """The PDFs' one stylesheet, filled with the organisation's style."""
    return render_html(templates_dir, "casepack.css", context)
