"""Word template for the prompt sheet; its wording is in templates/wording/<lang>/prompt-sheet.toml, as the PDF's is."""

from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from scripts.docx_templates.common import (
    details_table,
    grid_table,
    header_row,
    para,
    row_tag,
    shade,
    signature_table,
    table_row,
    titled_document,
)
from scripts.docx_templates.feedback_sheet import BOX_FONT

NAME = "prompt-sheet"
WIDTHS = [19, 45, 21, 23, 23, 41]
GROUP_FILL = "F0F0F0"
ROW_HEIGHT_MM = 6.5  # room to write a name and a date by hand in a row left blank


def build():
    doc = titled_document("{{ title }}")
    para(doc, "{{ subtitle }}")
    details_table(doc, [42, 130], [
        ("{{ w.reference_label }}", "{{ reference }}"),
        ("{{ w.team }}", "{{ team }}"),
        ("{{ w.assessment }}", "{{ assessment.label }}, {{ assessment.date }}"),
        ("{{ w.key_worker }}", "{{ key_worker.name }}, {{ key_worker.role }}"),
        ("{{ w.plan_status }}", "{{ plan_status }}", "plan_status"),
        ("{{ w.children }}", "{% for child in children %}{{ child.name }} {{ w.born | fill(date=child.date_of_birth) }}{% if not loop.last %}\n{% endif %}{% endfor %}"),
    ])
    para(doc, "")
    para(doc, "{{ introduction }}")

    table = grid_table(doc, WIDTHS)
    header = header_row(table, [f"{{{{ columns[{i}] }}}}" for i in range(len(WIDTHS))])
    for cell in header.cells:  # the table's own size, so that "Contacted" fits its narrow column
        cell.paragraphs[0].runs[0].font.size = Pt(8.5)
    row_tag(table, "for row in rows")
    row_tag(table, "if row.heading")
    group = table_row(table, ["{{ row.name }}"] + [""] * (len(WIDTHS) - 1), bold=True, size=8.5)
    merged = group.cells[0].merge(group.cells[-1])
    shade(merged, GROUP_FILL)
    row_tag(table, "else")
    row = table_row(table, ["{{ row.box }}", "{% if row.sub %}– {% endif %}{{ row.name }}", "{{ row.by }}", "{{ row.date }}", "{{ row.replied }}", "{{ row.notes }}"], size=8.5,
                    height_mm=ROW_HEIGHT_MM)
    _tick_box(row.cells[0])
    row.cells[-1].paragraphs[0].runs[0].font.size = Pt(8)
    row_tag(table, "endif")
    row_tag(table, "endfor")

    para(doc, "{{ w.signed }}", style="Heading 1")
    signature_table(doc, [38, 46, 60, 28], ["{{ w.role }}", "{{ w.name }}", "{{ w.signature }}", "{{ w.date }}"], "person in signatories", ["{{ person.role }}", "{{ person.name }}", "", ""])
    return doc


def _tick_box(cell) -> None:
    """The box in a symbol font (Arial has no ballot box), centred, large enough to tick by hand."""
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.runs[0]
    run.font.name = BOX_FONT
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BOX_FONT)
    run.font.size = Pt(13)
