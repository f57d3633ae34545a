"""Word template for the assessment summary sheet (same facts as templates/html/summary-sheet.html).

Level colours come from the data, so grid cells use docxtpl's {% cellbg %} tag rather than fixed shading;
every coloured cell also prints the level's number, so the sheet reads in greyscale.
"""

from docx.oxml.ns import qn
from docx.shared import Pt

from scripts.docx_templates.common import (
    ACCENT,
    bold_lead,
    details_row,
    grid_table,
    header_row,
    if_else,
    keep_table_together,
    list_or,
    loop_table,
    new_document,
    para,
    row_tag,
    shade,
    slim_letterhead,
    table_look,
    table_row,
    tag,
)

NAME = "summary-sheet"
SMALL = 8
NOTICE_FILL = "FFF7EC"


def build():
    doc = new_document()
    slim_letterhead(doc)
    para(doc, "{{ w.heading | fill(title=title, assessment=assessment.label) }}", style="Title")

    header = grid_table(doc, [25, 61, 25, 61])
    for left, right in (
        (("{{ w.case_reference }}", "{{ reference }}"), ("{{ w.team }}", "{{ team }}")),
        (("{{ w.assessment }}", "{{ assessment.label }}, {{ assessment.date }}"), ("{{ w.plan_status }}", "{{ plan_status }}")),
        (("{{ w.completed_by }}", "{{ assessment.completed_by }}"), ("{{ w.completed_with }}", "{{ assessment.completed_with }}")),
        (("{{ w.key_worker }}", "{{ key_worker.name }} ({{ key_worker.role }}){% if key_worker.phone %}, {{ key_worker.phone }}{% endif %}"), ("{{ w.next_review_due }}", "{{ next_review }}")),
    ):
        row = table_row(header, [left[0], left[1], right[0], right[1]], size=7.5)
        for cell in (row.cells[0], row.cells[2]):
            shade(cell, ACCENT)
            cell.paragraphs[0].runs[0].bold = True
        _single_spaced(row)
    table_look(header, first_column=True)

    _picture(doc)
    _notices(doc)
    _area_picture(doc)
    loop_table(doc, [52, 40, 30, 50], ["{{ w.child }}", "{{ w.date_of_birth }}", "{{ w.age_at_assessment }}", "{{ w.school }}"], "child in children",
               ["{{ child.name }}", "{{ child.date_of_birth }}", "{{ child.age }}", "{{ child.school }}"], size=8)

    para(doc, "{{ w.strengths }}", style="Heading 1")
    list_or(doc, "s in strengths", lambda: para(doc, "{{ s.text }}{% if s.item %} ({{ s.item }}){% endif %}", style="List Bullet", size=9),
            "{{ w.none_recorded }}")

    para(doc, "{{ w.high_items }}", style="Heading 1")
    if_else(doc, "priorities", lambda: _priorities(doc), "{{ w.no_high_items }}")
    tag(doc, "if family_notes")
    para(doc, "{{ w.family_copies_leave_out }}", style="Heading 2")
    tag(doc, "for note in family_notes")
    para(doc, "{{ note }}", style="List Bullet", size=9)
    tag(doc, "endfor")
    tag(doc, "endif")

    para(doc, "{{ w.views }}", style="Heading 1")
    para(doc, "{{ w.parents_and_carers }}", style="Heading 2")
    list_or(doc, "v in parent_views", lambda: bold_lead(doc, "{{ v.name }}", " ({{ v.relationship }}): “{{ v.text }}”"), "{{ w.none_recorded }}")
    para(doc, "{{ w.children }}", style="Heading 2")
    list_or(doc, "v in child_views", lambda: bold_lead(doc, "{{ v.name }}", ": “{{ v.text }}”"), "{{ w.none_recorded }}")

    para(doc, "{{ w.analysis }}", style="Heading 1")
    para(doc, "{% if analysis %}{{ analysis }}{% else %}{{ w.none_recorded }}{% endif %}", size=9)

    para(doc, "{{ w.plan }}", style="Heading 1")
    if_else(doc, "actions", lambda: _plan(doc), "{{ w.no_actions }}")

    tag(doc, "if is_review")
    _changes(doc)
    _chart(doc)
    tag(doc, "endif")
    _supervision(doc)
    tag(doc, "if has_chart")
    _appendix(doc)
    tag(doc, "endif")
    _smaller_type(doc)
    return doc


def _smaller_type(doc) -> None:
    """A working sheet set tighter than a letter, so the whole summary stays within four pages."""
    styles = doc.styles
    styles["Normal"].font.size = Pt(9)
    styles["Normal"].paragraph_format.space_after = Pt(3)
    for name, size, before in (("Title", 13, 0), ("Heading 1", 11, 8), ("Heading 2", 9.5, 4)):
        styles[name].font.size = Pt(size)
        styles[name].paragraph_format.space_before = Pt(before)
        styles[name].paragraph_format.space_after = Pt(3)


def _priorities(doc) -> None:
    table = grid_table(doc, [44, 64, 64])
    header_row(table, ["{{ w.item }}", "{{ w.evidence }}", "{{ w.impact }}"])
    row_tag(table, "for p in priorities")
    row = table_row(table, ["{{ p.item }}", "{{ p.evidence }}", "{{ p.impact }}"], size=8)
    row.cells[0].paragraphs[0].runs[0].bold = True
    small = row.cells[0].add_paragraph().add_run("{{ p.children }}")
    small.font.size = Pt(SMALL)

    # A note some readers will not see is marked on a row of its own, naming them.
    row_tag(table, "if p.unseen")
    mark = table_row(table, ["", "", ""], size=8)
    merged = mark.cells[0].merge(mark.cells[2])
    paragraph = merged.paragraphs[0]
    paragraph.add_run("{{ w.not_in_copies | fill(names=p.unseen) }}").bold = True
    paragraph.add_run(" {{ p.unseen_why }}.")
    row_tag(table, "endif")
    row_tag(table, "endfor")


def _plan(doc) -> None:
    loop_table(doc, [24, 50, 32, 22, 44], ["{{ w.need }}", "{{ w.action }}", "{{ w.who_and_support }}", "{{ w.by_when_status }}", "{{ w.success }}"], "a in actions",
               ["{{ a.need }}", "{{ a.action }}", "{{ a.who }}{% if a.support %}; {{ w.support | fill(support=a.support) }}{% endif %}",
                "{{ a.by_when }}, {{ a.status }}{% if a.overdue %} – {{ w.overdue }}{% endif %}", "{{ a.success }}"], size=SMALL)
    tag(doc, "if any_overdue")
    para(doc, "{{ w.overdue_note | fill(date=today) }}", size=SMALL)
    tag(doc, "endif")


def _notices(doc) -> None:
    tag(doc, "if has_notices")
    box = grid_table(doc, [172])
    cell = table_row(box, [""], fill=NOTICE_FILL).cells[0]
    first = cell.paragraphs[0]
    for index, (name, heading) in enumerate((("prompts", "{{ w.prompts_heading }}"), ("warnings", "{{ w.checks_heading }}"))):
        (first if index == 0 else cell.add_paragraph()).add_run(f"{{%p if {name} %}}")
        title = cell.add_paragraph()
        title.add_run(heading).bold = True
        title.runs[0].font.size = Pt(8.5)
        title.paragraph_format.space_after = Pt(1)
        cell.add_paragraph(f"{{%p for note in {name} %}}")
        line = cell.add_paragraph("• {{ note }}")
        line.runs[0].font.size = Pt(7.5)
        line.paragraph_format.space_after = Pt(1)
        cell.add_paragraph("{%p endfor %}")
        cell.add_paragraph("{%p endif %}")
    para(doc, "", space_after=2)
    tag(doc, "endif")


def _picture(doc) -> None:
    """Page 1: one grid of every item (rows) by child (columns, from the data with docxtpl's {%tc%} tags)."""
    heading = para(doc, "{{ w.picture }}", style="Heading 1")
    heading.paragraph_format.space_before = Pt(4)
    para(doc, "{{ w.key_levels }} {% for level in levels %}{{ level.value }} {{ level.name }}{% if not loop.last %}; {% endif %}{% endfor %}; "
              "{{ w.key_rest }}{% if picture.before %} {{ w.key_before | fill(before=picture.before) }}{% endif %}", size=7)
    table = grid_table(doc, [86, 28, 28, 28])
    _tight_margins(table)
    head = header_row(table, ["{{ w.item }}", "{%tc for child in picture.children %}", "{{ child.name }} ({{ child.age }})", "{%tc endfor %}"])
    row_tag(table, "for area in picture.areas")
    area = table_row(table, ["{% colspan picture.span %}{{ area.name }}", "", "", ""], bold=True, fill=ACCENT, size=6.5)
    area.cells[0].merge(area.cells[-1])
    row_tag(table, "for row in area.rows")
    item = table_row(table, ["{{ row.code }} {{ row.name }}", "{%tc for cell in row.cells %}",
                             "{% cellbg cell.fill %}", "{%tc endfor %}"], size=6.5)
    value = item.cells[2].paragraphs[0]
    value.runs[0].text = "{% cellbg cell.fill %}"
    level = value.add_run("{{ cell.text }}")
    level.bold, level.font.size = True, Pt(7.5)
    extra = value.add_run("{% if cell.was %} {{ cell.was }}{% endif %}")
    extra.font.size = Pt(6)
    mark = value.add_run("{% if cell.mark %} {{ cell.mark }}{% endif %}")
    mark.bold, mark.font.size = True, Pt(6)
    row_tag(table, "endfor")
    row_tag(table, "endfor")
    for row in (head, area, item):
        _single_spaced(row)
    _centre(item.cells[1:] + head.cells[1:])
    # A paragraph between the grid and the box: two tables that touch are joined into one by Word.
    para(doc, "", size=2, space_after=0)


def _tight_margins(table) -> None:
    """No space above and below the text in each cell: the page-1 grid has a row for every item."""
    for side in ("top", "bottom"):
        margin = table._tbl.tblPr.find(qn("w:tblCellMar")).find(qn(f"w:{side}"))
        margin.set(qn("w:w"), "0")


def _single_spaced(row) -> None:
    """Grid rows as tight as they can be read, so a child's grid fits on one page."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.line_spacing = 1.0
            paragraph.paragraph_format.space_before = Pt(0)
            paragraph.paragraph_format.space_after = Pt(0)


def _centre(cells) -> None:
    for cell in cells:
        cell.paragraphs[0].alignment = 1  # centred


def _area_picture(doc) -> None:
    # No page break before: Word's rows are taller than the PDF's, and the prompts box may already have
    # run over onto page 2, where the area picture then follows it.
    para(doc, "{{ w.levels_by_area }}", style="Heading 1")
    para(doc, "{{ w.levels_by_area_note }}", size=8)
    table = grid_table(doc, [46, 42, 42, 42])
    header_row(table, ["{{ w.area }}", "{%tc for child in picture.children %}", "{{ child.name }}", "{%tc endfor %}"])
    row_tag(table, "for row in area_rows")
    table_row(table, ["{{ row.area }}", "{%tc for cell in row.cells %}", "{% cellbg cell.fill %}{{ cell.text }}", "{%tc endfor %}"], size=8)
    row_tag(table, "endfor")


def _changes(doc) -> None:
    tag(doc, "for block in change_blocks")
    para(doc, "{{ block.title }}", style="Heading 1")
    tag(doc, "if block.rows")
    table = grid_table(doc, [70, 34, 34, 34])
    header_row(table, ["{{ w.item }}", "{%tc for child in picture.children %}", "{{ child.name }}", "{%tc endfor %}"])
    row_tag(table, "for row in block.rows")
    table_row(table, ["{{ row.item }}", "{%tc for cell in row.cells %}", "{{ cell }}", "{%tc endfor %}"], size=SMALL)
    row_tag(table, "endfor")
    tag(doc, "endif")
    para(doc, "{{ w.no_change_note | fill(totals=block.totals) }}")
    tag(doc, "endfor")


def _chart(doc) -> None:
    tag(doc, "if has_chart")
    para(doc, "{{ chart.title }}", style="Heading 1").paragraph_format.keep_with_next = True
    para(doc, "{{ chart.summary }}", size=8).paragraph_format.keep_with_next = True
    para(doc, "{{ chart.image }}")
    tag(doc, "endif")


def _supervision(doc) -> None:
    para(doc, "{{ w.supervision }}", style="Heading 1").paragraph_format.keep_with_next = True
    table = grid_table(doc, [36, 136])
    for label, value, height in (("{{ w.team_manager }}", "{{ supervision.name }}{% if supervision.role %}, {{ supervision.role }}{% endif %}", None),
                                 ("{{ w.supervision_note }}", "", 18), ("{{ w.decision }}", "", 7), ("{{ w.signature }}", "", 7), ("{{ w.date }}", "", 7)):
        row = details_row(table, label, value, height_mm=height)
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    keep_table_together(table)


def _appendix(doc) -> None:
    para(doc, "{{ w.appendix }}", style="Heading 1")
    para(doc, "{{ w.appendix_note | fill(order=chart.order) }}", size=8)
    table = grid_table(doc, [40, 44, 44, 44])
    header_row(table, ["{{ w.area }}", "{%tc for child in picture.children %}", "{{ child.name }}", "{%tc endfor %}"])
    row_tag(table, "for row in chart.rows")
    table_row(table, ["{{ row.area }}", "{%tc for cell in row.cells %}", "{{ cell }}", "{%tc endfor %}"], size=6.5)
    row_tag(table, "endfor")
