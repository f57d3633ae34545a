"""Tables a screen reader can follow, and pictures it can describe, in every PDF and Word file of the reference case.

PDF: the independent `pdfua` checker finds nothing at warning level or above, and every /TH in the
structure tree says which way it reads (/Scope), as its HTML <th scope> does. Word: each table says
what its headings are (Word's Table Design ticks, w:tblLook): a data table's first row is a header
row (w:tblHeader), a label / value table has a first column of labels, anything else is layout; and
every picture has alt text.
"""

from __future__ import annotations

import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn
from pdfua import Severity, validate

from documents_helpers import english, table_texts

from generator.documents import registry

TABLE_RULE = "UA-15-003"
DRAWING_PROPERTIES = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _files(built, manifest, fmt: str):
    return [(entry, built / entry["path"]) for entry in manifest["documents"] if entry["format"] == fmt]


@pytest.fixture(scope="module")
def pdfs(built, manifest):
    return _files(built, manifest, "pdf")


@pytest.fixture(scope="module")
def docxs(built, manifest):
    return _files(built, manifest, "docx")


def _elements(node, role: str):
    """The structure elements with this role, in document order."""
    if not isinstance(node, pikepdf.Dictionary):
        return
    if node.get("/S") == role:
        yield node
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        yield from _elements(kid, role)


def header_scopes(path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(th.get("/A", {}).get("/Scope")) for th in _elements(pdf.Root.StructTreeRoot, "/TH")]


def test_pdfua_checker_finds_nothing_in_any_pdf_of_any_document_type(pdfs):
    assert {entry["document"] for entry, _ in pdfs} == set(registry())
    for entry, path in pdfs:
        report = validate(str(path))
        ran = {outcome.rule_id for outcome in report.outcomes if not outcome.skipped}
        assert TABLE_RULE in ran, entry["path"]  # the table rule itself was not skipped
        found = [(f.rule_id, f.severity.name, f.message) for f in report.findings if f.severity >= Severity.WARNING]
        assert found == [], entry["path"]


def test_every_header_cell_in_every_pdf_says_which_way_it_reads(pdfs):
    with_tables = 0
    for entry, path in pdfs:
        scopes = header_scopes(path)
        with_tables += bool(scopes)
        assert set(scopes) <= {"/Column", "/Row"}, (entry["path"], scopes)
    assert with_tables >= 20


def test_feedback_sheet_headers_carry_the_scope_the_html_gives_them(built):
    # Details (row headers), the yes / no questions (a header row, then each question heads its row),
    # the rating scale (a header row of six, then each question heads its row); the tick-box row is a list.
    words = english("feedback-sheet")
    yes_no, rating = table_texts(words, "yes_no"), table_texts(words, "rating")
    expected = ["/Row"] * 4 + ["/Column"] * 3 + ["/Row"] * len(yes_no) + ["/Column"] * 6 + ["/Row"] * len(rating)
    assert header_scopes(built / "feedback-sheet_kayleigh.pdf") == expected


def test_summary_sheet_area_names_head_their_rows_not_the_columns_below(built):
    with pikepdf.open(built / "summary-sheet_baseline.pdf") as pdf:
        spanning = [th for th in _elements(pdf.Root.StructTreeRoot, "/TH") if "/ColSpan" in th.get("/A")]
    assert spanning, "the level grids' area rows"
    assert {str(th.A.Scope) for th in spanning} == {"/Row"}


def _look(table) -> tuple[bool, bool]:
    look = table.find(f"{qn('w:tblPr')}/{qn('w:tblLook')}")
    assert look is not None
    return look.get(qn("w:firstRow")) == "1", look.get(qn("w:firstColumn")) == "1"


def _is_header_row(row) -> bool:
    return row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def _cell_text(cell) -> str:
    return "".join(t.text or "" for t in cell.iter(qn("w:t"))).strip()


def test_every_word_data_table_starts_with_a_header_row_and_says_what_it_is(docxs):
    kinds = {"data": 0, "labels": 0, "layout": 0}
    for entry, path in docxs:
        body = Document(str(path)).element.body
        for table in body.iter(qn("w:tbl")):
            rows = table.findall(qn("w:tr"))
            first_row, first_column = _look(table)
            headed = [i for i, row in enumerate(rows) if _is_header_row(row)]
            if first_row:
                kinds["data"] += 1
                assert headed and headed[0] == 0, entry["path"]
                assert headed == list(range(len(headed))), entry["path"]  # only the rows at the top repeat as headers
                assert all(_cell_text(cell) for cell in rows[0].findall(qn("w:tc"))[1:]), entry["path"]
            else:
                assert headed == [], entry["path"]  # a header row is marked in the table's look too
                if first_column:
                    kinds["labels"] += 1
                    labels = [row.findall(qn("w:tc"))[0] for row in rows]
                    assert all(_cell_text(cell) and cell.find(f".//{qn('w:b')}") is not None for cell in labels), entry["path"]
                else:
                    kinds["layout"] += 1
    # Every document has its letterhead (layout); the forms, lists and summary sheets have data tables.
    assert kinds["layout"] >= len(docxs) and kinds["data"] >= 30 and kinds["labels"] >= 10, kinds


def test_feedback_sheet_questions_in_word_have_a_header_row(built):
    document = Document(str(built / "feedback-sheet_kayleigh.docx"))
    headed = [[cell.text for cell in table.rows[0].cells] for table in document.tables if _is_header_row(table.rows[0]._tr)]
    assert headed[0] == ["Question", "Yes", "No"]
    assert headed[1][0] == "How would you rate…"


def test_every_picture_in_every_word_file_has_alt_text(docxs, built):
    for entry, path in docxs:
        for properties in Document(str(path)).element.body.iter(DRAWING_PROPERTIES):
            assert (properties.get("descr") or "").strip(), entry["path"]
    summary = Document(str(built / "summary-sheet_review-1.docx")).element.body
    descriptions = [p.get("descr") for p in summary.iter(DRAWING_PROPERTIES)]
    assert any(d.startswith("Distance travelled") for d in descriptions), descriptions
