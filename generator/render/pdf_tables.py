"""Table headers a screen reader can follow: each /TH in the PDF's structure tree gets the /Scope of its HTML <th>.

WeasyPrint (70.0) tags <th> as /TH but writes no /Scope. It gives each data cell a /Headers list
instead, but those name /ID keys that no /IDTree in the structure tree root resolves, and it counts
scope="rowgroup" as a column header; so those lists are dropped and the HTML's own scope is what
the PDF says. This runs as WeasyPrint's finisher: after the structure tree is built, before a byte
is written, so nothing is parsed again and the output stays byte-for-byte the same for the same input.
"""

from __future__ import annotations

import pydyf
from weasyprint.formatting_structure import boxes

from generator.errors import TemplateError

# HTML's scope keywords and the PDF table attribute that says the same (ISO 32000-1, 14.8.5.7).
SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def _cells(box):
    if isinstance(box, boxes.TableCellBox):
        yield box
    elif isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _cells(child)


def add_header_scope(document, pdf) -> None:
    """The finisher: every table cell of every page, its structure element found where WeasyPrint's tagging left it."""
    for page in document.pages:
        for cell in _cells(page._page_box):
            if cell.element_tag not in ("th", "td"):
                continue  # a cell made by CSS display: table-cell, which WeasyPrint does not tag as one
            element = getattr(cell, "mark", None)
            if not isinstance(element, pydyf.Dictionary) or element.get("S") not in ("/TH", "/TD"):
                # WeasyPrint keeps a cell's structure element on its box; if a new version stops doing so, say so.
                raise TemplateError("internal: a table cell has no structure element to give its header scope to")
            attributes = element["A"]
            attributes.pop("Headers", None)
            if element["S"] == "/TH":
                scope = SCOPES.get((cell.element.get("scope") or "").strip().lower())
                if scope is None:
                    raise TemplateError('a table header cell in an HTML template has no scope: write <th scope="col"> or <th scope="row">')
                attributes["Scope"] = scope
