"""One Jinja environment for the HTML side: autoescaped, strict about undefined names."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, UndefinedError

from generator.errors import TemplateError
from generator.wording import WordingError, fill
from generator.render import template_file

# Filters the templates may use (the HTML here, the Word templates through generator.render.docx):
# `fill` puts prepared values into a phrase of the document's wording, as an ordinary escaped string.
FILTERS: dict = {"fill": fill}


@lru_cache(maxsize=8)
def environment(folders: tuple[Path, ...]) -> Environment:
    """HTML templates from an ordered list of folders: a team's own first, then the built-in ones, file by file
    (a team's letter.html is used by every letter; base.html still comes from the built-in folder)."""
    env = Environment(
        loader=FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def render_html(folders: tuple[Path, ...], name: str, context: dict[str, Any]) -> str:
    try:
        return environment(folders).get_template(name).render(context)
    except TemplateNotFound as exc:
        raise TemplateError(f"{folders[-1] / name}: HTML template not found") from exc
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or name} > line {exc.lineno}: {exc.message}") from exc
    except UndefinedError as exc:
        raise TemplateError(f"{template_file(folders, name)}: {exc.message}") from exc
    except WordingError as exc:
        raise WordingError(f"{template_file(folders, name)}: {exc}") from exc


def stylesheet_text(folders: tuple[Path, ...], context: dict[str, Any]) -> str:
    """The PDFs' one stylesheet, filled with the organisation's style."""
    return render_html(folders, "casepack.css", context)
