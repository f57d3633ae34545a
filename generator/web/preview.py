"""A Word document's text as blocks for a quick look in the browser (the download is the real thing)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def docx_blocks(path: Path) -> list[dict]:
    """Headings, paragraphs and tables of the body, in order; empty paragraphs are left out."""
    document = Document(str(path))
    blocks: list[dict] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            style = (item.style.name if item.style is not None else "") or ""
            if style == "Title" or style.startswith("Heading"):
                blocks.append({"kind": "heading", "text": text})
            else:
                blocks.append({"kind": "paragraph", "text": text})
        elif isinstance(item, Table):
            rows = []
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if not cells or cells[-1] != text:  # merged cells repeat their text
                        cells.append(text)
                if any(cells):
                    rows.append(cells)
            if rows:
                blocks.append({"kind": "table", "rows": rows})
    return blocks
