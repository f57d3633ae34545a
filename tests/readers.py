"""What a reader of a document sees: its text, from the real files, as python-docx and pdfplumber read them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pdfplumber
from docx import Document


def _cell_texts(table) -> list[str]:
    out = []
    for row in table.rows:
        for cell in row.cells:
            out.extend(p.text for p in cell.paragraphs)
            for inner in cell.tables:
                out.extend(_cell_texts(inner))
    return out


def docx_text(path: Path) -> str:
    """Body paragraphs, table cells, headers and footers, in document order as far as python-docx gives it."""
    document = Document(str(path))
    parts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            from docx.table import Table

            parts.extend(_cell_texts(Table(child, document)))
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
    return "\n".join(parts)


def docx_package_text(path: Path) -> str:
    """Every XML part of the .docx package, decoded: what a determined reader could dig out of the file."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist() if name.endswith((".xml", ".rels")))


def pdf_text(path: Path) -> str:
    # A narrow tolerance: pdfplumber otherwise runs words together where a small font's space is thin.
    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text(x_tolerance=1.5) or "" for page in pdf.pages)


def normalise(text: str) -> str:
    """One space between words, typographic apostrophes straightened: so both formats compare alike."""
    return " ".join(text.replace("\u2019", "'").replace("\u00a0", " ").split())


_WORD_PAGES: dict[Path, int] = {}


def word_pages(path: Path) -> int:
    """How many pages a .docx lays out to, as LibreOffice (the office suite the set-up installs) lays it out."""
    import subprocess
    import tempfile

    from pypdf import PdfReader

    path = Path(path)
    if path not in _WORD_PAGES:
        with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", out, str(path)],
                check=True, capture_output=True, timeout=180,
            )
            _WORD_PAGES[path] = len(PdfReader(Path(out) / f"{path.stem}.pdf").pages)
    return _WORD_PAGES[path]
