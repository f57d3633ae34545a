"""What the document tests share: building only some document types, and reading one document's Word file and PDF alike."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from conftest import BUILD_DATE
from docx import Document
from readers import docx_text, normalise, pdf_text

from generator.pipeline import BuildRequest, build
from generator.settings import TEMPLATES_DIR
from generator.wording import Wording, Words


def english(stem: str) -> Words:
    """A document type's English wording as shipped (its own file over common.toml)."""
    return Wording("en", [TEMPLATES_DIR]).document(stem)


def table_texts(words: Words, table: str) -> list[str]:
    """The phrases of one [table] of a wording file, in the file's order."""
    return [text for _, text in words[table].items()]


def build_documents(path: Path, out: Path, settings, documents: tuple[str, ...], **options) -> Path:
    """Builds one case file, only the named document types, and returns the case folder; a failed build fails the test."""
    options.setdefault("today", BUILD_DATE)
    result = build(BuildRequest((path,), out, settings, documents=documents, **options))
    assert result.ok, [str(c.error) for c in result.cases]
    return result.cases[0].folder


def _file(stem: Path, fmt: str) -> Path:
    # Not with_suffix: a stem is a document's name with nothing after a dot to replace.
    return stem.parent / f"{stem.name}.{fmt}"


def texts(stem: Path) -> dict[str, str]:
    """What a reader sees in the Word file and in the PDF of one document (its path without the suffix), spaced alike."""
    return {"docx": normalise(docx_text(_file(stem, "docx"))), "pdf": normalise(pdf_text(_file(stem, "pdf")))}


def tables(stem: Path, organisation: str, skip_empty: bool = False) -> dict[str, list[list[list[str]]]]:
    """Each format's tables as rows of cell texts, leaving out the Word letterhead (a layout table);
    skip_empty also leaves out Word tables with no text at all, such as boxes to write in."""
    document = Document(str(_file(stem, "docx")))
    docx = [[[normalise(cell.text) for cell in row.cells] for row in table.rows] for table in document.tables]
    docx = [t for t in docx if organisation not in t[0][-1] and (not skip_empty or any(any(row) for row in t))]
    with pdfplumber.open(str(_file(stem, "pdf"))) as pdf:
        found = [table for page in pdf.pages for table in page.extract_tables()]
    return {"docx": docx, "pdf": [[[normalise(cell or "") for cell in row] for row in table] for table in found]}


def assert_in_both(stem: Path, *expected: str) -> None:
    for fmt, text in texts(stem).items():
        for phrase in expected:
            assert phrase in text, f"{stem.name}.{fmt} lacks {phrase!r}"


def assert_in_neither(stem: Path, *unexpected: str) -> None:
    for fmt, text in texts(stem).items():
        for phrase in unexpected:
            assert phrase not in text, f"{stem.name}.{fmt} shows {phrase!r}"
