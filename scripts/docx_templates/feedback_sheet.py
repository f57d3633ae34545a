"""Word template for the feedback sheet (same wording as templates/html/feedback-sheet.html)."""

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
    doc = titled_document("Feedback sheet")
    para(doc, "This sheet is your chance to tell us what helped and what did not during our work with you and {{ children_names }}. "
              "What you say will help us make the service better for other families. Thank you for your time.")
    details = details_table(doc, [48, 124], [
        ("Your name", "{{ recipient.name }}"),
        ("Your worker", "{{ key_worker.name }}, {{ key_worker.role }}"),
        ("Date sent", "{{ date }}"),
    ])
    details_row(details, "Date you filled it in", "", height_mm=9)

    para(doc, "Sending it back", style="Heading 1")
    para(doc, "When you have filled it in, please post it to {{ return_address }}{% if return_email %}, or e-mail a photo or scan of it "
              "to {{ return_email }}{% endif %}. It goes to {% if return_to %}our {{ return_to }}{% else %}our office{% endif %}, not to your worker. "
              "You do not have to give your name: cross it out if you would rather not.")

    para(doc, "About the work", style="Heading 1")
    _instruction(doc, "Tick one box on each line.")
    yes_no = grid_table(doc, [128, 22, 22])
    header_row(yes_no, ["Question", "Yes", "No"])
    row_tag(yes_no, "for question in yes_no_questions")
    _boxes(table_row(yes_no, ["{{ question }}", f"{BOX} Yes", f"{BOX} No"]), centre=False)
    row_tag(yes_no, "endfor")

    para(doc, "How would you rate these?", style="Heading 1")
    _instruction(doc, "Tick one box on each line: {{ scale_meaning }}.")
    scale = grid_table(doc, [77, 19, 19, 19, 19, 19])
    header = header_row(scale, ["How would you rate…", "{{ scale[0] }}", "{{ scale[1] }}", "{{ scale[2] }}", "{{ scale[3] }}", "{{ scale[4] }}"])
    for cell in header.cells[1:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell, word in ((header.cells[1], "{{ scale_low }}"), (header.cells[-1], "{{ scale_high }}")):
        cell.paragraphs[0].add_run("\n" + word).font.size = Pt(8)
    row_tag(scale, "for question in rating_questions")
    _boxes(table_row(scale, ["{{ question }}", BOX, BOX, BOX, BOX, BOX]), centre=True)
    row_tag(scale, "endfor")
    keep_table_together(scale)

    para(doc, "Overall", style="Heading 1")
    _instruction(doc, "How helpful has our service been to your family? Tick one box.")
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
