"""PDF from rendered HTML with WeasyPrint: tagged (PDF/UA-1), titled, no personal names in metadata."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from weasyprint import CSS, HTML

from generator.render.html import render_html


@lru_cache(maxsize=8)
def _stylesheet(templates_dir: Path, css_text: str) -> CSS:
    # Parsed once per process and settings: most documents share one stylesheet.
    return CSS(string=css_text, base_url=str(templates_dir))


def stylesheet_text(templates_dir: Path, context: dict) -> str:
    return render_html(templates_dir, "casepack.css", context)


def render_pdf(templates_dir: Path, html: str, css_text: str) -> bytes:
    document = HTML(string=html, base_url=str(templates_dir))
    return document.write_pdf(
        stylesheets=[_stylesheet(templates_dir, css_text)],
        pdf_variant="pdf/ua-1",
    )
