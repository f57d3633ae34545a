"""Word template for the feedback sheet (wording in templates/wording/<lang>/feedback-sheet.toml)."""

from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from scripts.docx_templates.common import (
    details_row,
    details_table,
    grid_table,
    header_row,
    keep_table_together,
    para,
    row_tag,
    table_row,
    tag,
    titled_document,
)

NAME = "feedback-sheet"
BOX = "☐"
# Arial has no ballot box; Word would pick a substitute anyway, this names a good one.
BOX_FONT = "Segoe UI Symbol"


def build():
    doc = titled_document("{{ title }}")
    para(doc, "{{ w.intro | fill(names=children_names) }}")
    details = details_table(doc, [48, 124], [
        ("{{ w.your_name }}", "{{ recipient.name }}"),
        ("{{ w.your_worker }}", "{{ key_worker.name }}, {{ key_worker.role }}"),
        ("{{ w.date_sent }}", "{{ date }}"),
    ])
    details_row(details, "{{ w.date_filled_in }}", "", height_mm=9)

    para(doc, "{{ w.sending_back }}", style="Heading 1")
    para(doc, "{% if return_email %}{{ w.send_back_email | fill(address=return_address, email=return_email, goes_to=goes_to) }}"
              "{% else %}{{ w.send_back | fill(address=return_address, goes_to=goes_to) }}{% endif %}")

    para(doc, "{{ w.about_the_work }}", style="Heading 1")
    _instruction(doc, "{{ w.tick_each_line }}")
    yes_no = grid_table(doc, [128, 22, 22])
    header_row(yes_no, ["{{ w.question }}", "{{ w.yes }}", "{{ w.no }}"])
    row_tag(yes_no, "for question in yes_no_questions")
    _boxes(table_row(yes_no, ["{{ question }}", f"{BOX} {{{{ w.yes }}}}", f"{BOX} {{{{ w.no }}}}"]), centre=False)
    row_tag(yes_no, "endfor")

    para(doc, "{{ w.how_rate }}", style="Heading 1")
    _instruction(doc, "{{ w.tick_each_line_scale | fill(meaning=scale_meaning) }}")
    scale = grid_table(doc, [77, 19, 19, 19, 19, 19])
    header = header_row(scale, ["{{ w.how_rate_column }}", "{{ scale[0] }}", "{{ scale[1] }}", "{{ scale[2] }}", "{{ scale[3] }}", "{{ scale[4] }}"])
    for cell in header.cells[1:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell, word in ((header.cells[1], "{{ w.scale_low }}"), (header.cells[-1], "{{ w.scale_high }}")):
        cell.paragraphs[0].add_run("\n" + word).font.size = Pt(8)
    row_tag(scale, "for question in rating_questions")
    _boxes(table_row(scale, ["{{ question }}", BOX, BOX, BOX, BOX, BOX]), centre=True)
    row_tag(scale, "endfor")
    keep_table_together(scale)

    para(doc, "{{ w.overall }}", style="Heading 1")
    _instruction(doc, "{{ w.overall_question }}")
    overall = grid_table(doc, [34.4] * 5)  # a row of boxes to tick: layout, as a list is in the PDF
    _boxes(table_row(overall, [f"{BOX} {{{{ helpfulness[{i}] }}}}" for i in range(5)]), centre=True)

    tag(doc, "for prompt in comment_prompts")
    para(doc, "{{ prompt }}", style="Heading 2")
    space = grid_table(doc, [172])
    table_row(space, [""], height_mm=36)
    para(doc, "", space_after=2)
    tag(doc, "endfor")
    return doc


def _instruction(doc, text: str) -> None:
    paragraph = para(doc, text)
    paragraph.runs[0].italic = True
    paragraph.paragraph_format.keep_with_next = True


def _boxes(row, centre: bool) -> None:
    """Tick-box cells: the box in a symbol font, centred under a scale's numbers."""
    for cell in row.cells:
        paragraph = cell.paragraphs[0]
        if not paragraph.runs or not paragraph.runs[0].text.startswith(BOX):
            continue
        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.runs[0]
        label = run.text[len(BOX):]
        run.text = BOX
        run.font.name = BOX_FONT
        run._r.rPr.rFonts.set(qn("w:eastAsia"), BOX_FONT)
        run.font.size = Pt(12)
        if label:
            rest = paragraph.add_run(label)
            rest.font.size = Pt(9.5)
