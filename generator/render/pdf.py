"""PDF from rendered HTML with WeasyPrint: tagged (PDF/UA-1), titled, no personal names in metadata."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from generator.render.pdf_tables import add_header_scope

# Kept for the life of the process: fonts found once, the logo decoded once, the stylesheet parsed once.
_FONTS = FontConfiguration()
_IMAGE_CACHE: dict = {}


@lru_cache(maxsize=8)
def _stylesheet(templates_dir: Path, css_text: str) -> CSS:
    return CSS(string=css_text, base_url=str(templates_dir), font_config=_FONTS)


def render_pdf(templates_dir: Path, html: str, css_text: str) -> bytes:
    if len(_IMAGE_CACHE) > 64:  # charts are images too, one per document: keep a long-lived process flat
        _IMAGE_CACHE.clear()
    document = HTML(string=html, base_url=str(templates_dir))
    return document.write_pdf(
        stylesheets=[_stylesheet(templates_dir, css_text)],
        font_config=_FONTS,
        cache=_IMAGE_CACHE,
        pdf_variant="pdf/ua-1",
        finisher=add_header_scope,
    )
