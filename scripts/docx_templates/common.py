"""Shared pieces of every Word template: page, styles, letterhead, header and footer, letter frame, docxtpl blocks, form tables.

The Word templates are ordinary .docx files that a team may open and edit in Word; this code only
makes the first version of each, so that every template starts from the same styles.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

PRIMARY = RGBColor(0x1F, 0x4E, 0x79)
FONT = "Arial"


def _field(run, instruction: str) -> None:
    """A Word field such as PAGE or NUMPAGES, which Word fills in when the page is laid out."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


# Word's tblLook flags (ECMA-376 17.4.56): which parts of a table its style treats as headings.
_LOOK_FLAGS = {"firstRow": 0x0020, "lastRow": 0x0040, "firstColumn": 0x0080, "lastColumn": 0x0100, "noHBand": 0x0200, "noVBand": 0x0400}


def table_look(table, first_row: bool = False, first_column: bool = False) -> None:
    """What the table's first row and first column are, as Word's Table Design ticks record them.

    A table with a header row (first_row, and w:tblHeader on that row) is a data table read by its
    columns; one with only a first column of labels is a label / value table; one with neither is
    layout, which Word's accessibility checker and screen readers then do not read as data.
    """
    flags = {"firstRow": first_row, "lastRow": False, "firstColumn": first_column, "lastColumn": False, "noHBand": True, "noVBand": True}
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        properties.append(look)
    look.set(qn("w:val"), f"{sum(bit for name, bit in _LOOK_FLAGS.items() if flags[name]):04X}")
    for name, on in flags.items():
        look.set(qn(f"w:{name}"), "1" if on else "0")


def layout_table(table):
    """A table that only places things side by side (a letterhead, an address block, a box to write in)."""
    table_look(table)
    return table


def keep_rows_whole(table) -> None:
    """Rows never split across pages; the header row repeats on each page."""
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        properties.append(cant_split)
        if index == 0:
            header = OxmlElement("w:tblHeader")
            properties.append(header)


def new_document(landscape: bool = False, body_size: float = 10.5) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(18)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.font.size = Pt(body_size)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Title", 16), ("Heading 1", 13), ("Heading 2", 11.5), ("Heading 3", 11)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = PRIMARY
        style.paragraph_format.space_before = Pt(10 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        rfonts = style.element.rPr.rFonts
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts.get(qn(attr)) is not None:
                del rfonts.attrib[qn(attr)]
    title = styles["Title"]
    title.font.color.rgb = PRIMARY
    # The built-in Title style draws a rule under the text; a plain bold title reads better on a form.
    borders = title.element.pPr.find(qn("w:pBdr")) if title.element.pPr is not None else None
    if borders is not None:
        title.element.pPr.remove(borders)
    _header_footer(doc)
    return doc


def titled_document(title: str, **options) -> Document:
    """A new document (options as new_document) opening with the letterhead and a title: how each form and sheet starts."""
    doc = new_document(**options)
    letterhead(doc)
    para(doc, title, style="Title")
    return doc


def _header_footer(doc: Document) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = ""
    left = header.add_run("{{ w.ref }} {{ reference }}")
    left.font.size = Pt(8)
    header.add_run("\t\t")
    marking = header.add_run("{{ marking }}")
    marking.font.size, marking.font.bold = Pt(8), True
    doc.styles["Footer"].font.size = Pt(8)
    doc.styles["Header"].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text, instruction in (("{{ w.page }} ", "PAGE"), (" {{ w.page_of }} ", "NUMPAGES")):
        run = footer.add_run(text)
        run.font.size = Pt(8)
        number = footer.add_run()
        number.font.size = Pt(8)
        _field(number, instruction)


def para(doc, text: str = "", style: str | None = None, bold: bool = False, size: float | None = None, align=None, space_after: float | None = None):
    paragraph = doc.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        if bold:  # only ever add bold: an explicit "not bold" would override a heading style
            run.bold = True
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def tag(doc, statement: str):
    """A paragraph holding only a docxtpl block tag ({%p ... %}); docxtpl removes the paragraph itself."""
    return para(doc, f"{{%p {statement} %}}")


def bold_lead(doc, lead: str, rest: str):
    """A paragraph whose first words (a name, a label) are bold and the rest plain."""
    paragraph = para(doc)
    paragraph.add_run(lead).bold = True
    paragraph.add_run(rest)
    return paragraph


def headed_list(doc, heading: str, texts, style: str = "List Number") -> None:
    """A Heading 1 over fixed sentences, one list paragraph each, as in the agreements."""
    para(doc, heading, style="Heading 1")
    for text in texts:
        para(doc, text, style=style)


def if_else(doc, condition: str, then, otherwise: str) -> None:
    """What then() adds when the condition holds, else the sentence otherwise ({%p if %} ... {%p else %} ... {%p endif %})."""
    tag(doc, f"if {condition}")
    then()
    tag(doc, "else")
    para(doc, otherwise)
    tag(doc, "endif")


def list_or(doc, loop: str, item, otherwise: str) -> None:
    """What item() adds, once for each of a list ("x in xs"), or the sentence otherwise when the list is empty."""
    def each() -> None:
        tag(doc, f"for {loop}")
        item()
        tag(doc, "endfor")

    if_else(doc, loop.split(" in ", 1)[1], each, otherwise)


def letterhead(doc) -> None:
    """Logo on the left, the organisation's details on the right, a rule beneath."""
    table = layout_table(doc.add_table(rows=1, cols=2))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(92)
    logo = left.paragraphs[0]
    logo.add_run("{% if organisation.logo %}{{ organisation.logo }}{% endif %}")
    lines = right.paragraphs[0]
    lines.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    name = lines.add_run("{{ organisation.name }}")
    name.bold, name.font.size, name.font.color.rgb = True, Pt(11), PRIMARY
    details = right.add_paragraph()
    details.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = details.add_run(
        "{% if organisation.department %}{{ organisation.department }}\n{% endif %}"
        "{% for line in organisation.address %}{{ line }}\n{% endfor %}"
        "{% if organisation.phone %}{{ w.telephone }} {{ organisation.phone }}\n{% endif %}"
        "{% if organisation.email %}{{ organisation.email }}\n{% endif %}"
        "{{ organisation.website }}"
    )
    run.font.size = Pt(9)
    rule = para(doc, "", space_after=8)
    _bottom_border(rule)


def slim_letterhead(doc) -> None:
    """A working sheet's letterhead: a small logo and the organisation's name on one line, a rule beneath."""
    table = layout_table(doc.add_table(rows=1, cols=2))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(60), Mm(112)
    left.paragraphs[0].add_run("{% if organisation.logo %}{{ organisation.logo }}{% endif %}")
    line = right.paragraphs[0]
    line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    name = line.add_run("{{ organisation.name }}")
    name.bold, name.font.size, name.font.color.rgb = True, Pt(10), PRIMARY
    department = line.add_run("{% if organisation.department %} · {{ organisation.department }}{% endif %}")
    department.font.size = Pt(9)
    rule = para(doc, "", space_after=4)
    _bottom_border(rule)


def _bottom_border(paragraph) -> None:
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", "1F4E79")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.append(borders)


def letter_opening(doc) -> None:
    """Recipient's address block beside the date and reference, then the salutation."""
    letterhead(doc)
    table = layout_table(doc.add_table(rows=1, cols=2))
    left, right = table.rows[0].cells
    left.width, right.width = Mm(100), Mm(72)
    address = left.paragraphs[0]
    address.add_run(
        "{{ recipient.name }}\n"
        "{% if recipient.kind == 'professional' %}{{ recipient.role }}{% if recipient.organisation %}, {{ recipient.organisation }}{% endif %}\n{% endif %}"
        "{% if recipient.address %}{% for line in recipient.address %}{{ line }}\n{% endfor %}"
        "{% elif recipient.email %}{{ w.by_email }} {{ recipient.email }}{% endif %}"
    )
    meta = right.paragraphs[0]
    meta.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for label, value in (("{{ w.date_label }} ", "{{ date }}"), ("{{ w.our_reference }} ", "{{ reference }}"), ("{{ w.contact }} ", "{{ key_worker.name }}")):
        meta.add_run(label).bold = True
        meta.add_run(value + "\n")
    meta.add_run("{% if key_worker.phone %}").bold = False
    meta.add_run("{{ w.telephone }} ").bold = True
    meta.add_run("{{ key_worker.phone }}\n{% endif %}{{ key_worker.email }}")
    for cell in (left, right):
        for p in cell.paragraphs:
            for r in p.runs:
                r.font.size = Pt(10)
    para(doc, "")
    para(doc, "{{ recipient.salutation }},")


def letter_closing(doc, valediction: str = "{{ w.yours_sincerely }}") -> None:
    para(doc, valediction).paragraph_format.keep_with_next = True
    gap = para(doc, "")
    gap.paragraph_format.space_after = Pt(30)
    gap.paragraph_format.keep_with_next = True
    name = para(doc, "{{ signatory.name }}", bold=True, space_after=0)
    name.paragraph_format.keep_with_next = True
    para(doc, "{{ signatory.role }}", space_after=0).paragraph_format.keep_with_next = True
    para(doc, "{{ signatory.team }}")


# Form tables: the agreements, the feedback sheet, the invitations and the summary sheet are built from these.
ACCENT = "D9E2F3"


def grid_table(doc, widths_mm: list[float]):
    """An empty bordered table with fixed column widths; rows are added with table_row and row_tag."""
    table = doc.add_table(rows=0, cols=len(widths_mm))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 40), ("left", 100), ("bottom", 40), ("right", 100)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)  # the schema wants the margins before tblLook; Word ignores them otherwise
    else:
        table._tbl.tblPr.append(margins)
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    table_look(table)  # layout until header_row or details_row says what its headings are
    return table


def table_row(table, texts: list[str], bold: bool = False, fill: str | None = None, size: float | None = 9.5,
              height_mm: float | None = None, bottom: bool = False):
    """One row that never splits across pages; height_mm leaves room to write or sign in it, bottom puts text on the line."""
    row = table.add_row()
    for cell, width, text in zip(row.cells, table.columns, texts):
        cell.width = width.width
        if bottom:
            cell.vertical_alignment = WD_ALIGN_VERTICAL.BOTTOM
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        if text:
            run = paragraph.add_run(text)
            if bold:  # only ever add bold: an explicit "not bold" would override a heading style
                run.bold = True
            if size:
                run.font.size = Pt(size)
        if fill:
            shade(cell, fill)
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if height_mm:
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(int(Mm(height_mm).twips)))
        height.set(qn("w:hRule"), "atLeast")
        properties.append(height)
    return row


def header_row(table, texts: list[str]):
    """A shaded bold header row that Word repeats at the top of each page the table runs onto."""
    row = table_row(table, texts, bold=True, fill=ACCENT)
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    table_look(table, first_row=True)
    return row


def row_tag(table, statement: str):
    """A row holding only a docxtpl row tag ({%tr ... %}); docxtpl removes the row itself."""
    return table_row(table, [f"{{%tr {statement} %}}"] + [""] * (len(table.columns) - 1))


def details_row(table, label: str, value: str, height_mm: float | None = None, shown_if: str | None = None):
    """A label / value row of a details table: the label bold on the accent colour; with shown_if, only when that holds."""
    if shown_if:
        row_tag(table, f"if {shown_if}")
    row = table_row(table, [label, value], height_mm=height_mm)
    shade(row.cells[0], ACCENT)
    row.cells[0].paragraphs[0].runs[0].bold = True
    table_look(table, first_column=True)
    if shown_if:
        row_tag(table, "endif")
    return row


def details_table(doc, widths_mm: list[float], rows: list[tuple[str, ...]]):
    """A label / value table; each row is (label, value) or (label, value, condition) for a row shown only when that holds."""
    table = grid_table(doc, widths_mm)
    for row in rows:
        details_row(table, row[0], row[1], shown_if=row[2] if len(row) > 2 else None)
    return table


def loop_table(doc, widths_mm: list[float], headings: list[str], loops: str | tuple[str, ...], cells: list[str], **row_options):
    """A table with a header row and one row that docxtpl repeats for each item ({%tr for %} ... {%tr endfor %}).

    loops is "x in xs", or a tuple of them for nested loops, outermost first; row_options go to table_row.
    Returns the table and the repeated row, for a builder to adjust the row's cells.
    """
    loops = (loops,) if isinstance(loops, str) else loops
    table = grid_table(doc, widths_mm)
    header_row(table, headings)
    for loop in loops:
        row_tag(table, f"for {loop}")
    row = table_row(table, cells, **row_options)
    for _ in loops:
        row_tag(table, "endfor")
    return table, row


SIGNING_HEIGHT_MM = 11


def signature_table(doc, widths_mm: list[float], headings: list[str], loop: str, cells: list[str], spare_rows: int = 0):
    """One row to sign on for each person, text on the line, then blank spare rows; the table stays on one page."""
    table, _ = loop_table(doc, widths_mm, headings, loop, cells, height_mm=SIGNING_HEIGHT_MM, bottom=True)
    for _ in range(spare_rows):
        table_row(table, [""] * len(widths_mm), height_mm=SIGNING_HEIGHT_MM, bottom=True)
    keep_table_together(table)
    return table


def keep_table_together(table) -> None:
    """Word keeps a table on one page only when each row's text is kept with the next row."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
