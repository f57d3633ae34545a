"""Word template for the assessment summary sheet (same facts as templates/html/summary-sheet.html).

Level colours come from the data, so grid cells use docxtpl's {% cellbg %} tag rather than fixed shading;
every coloured cell also prints the level's number, so the sheet reads in greyscale.
"""

from docx.shared import Pt

from scripts.docx_templates.common import (
    ACCENT,
    bold_lead,
    grid_table,
    header_row,
    if_else,
    list_or,
    loop_table,
    para,
    row_tag,
    shade,
    table_look,
    table_row,
    tag,
    titled_document,
)

NAME = "summary-sheet"
SMALL = 8
NOTICE_FILL = "FFF7EC"
LEVELS = 4  # the grid's columns; the toolkit's levels fill their headings


def build():
    doc = titled_document("{{ title }}: {{ assessment.label }}")

    header = grid_table(doc, [28, 58, 28, 58])
    for left, right in (
        (("Case reference", "{{ reference }}"), ("Team", "{{ team }}")),
        (("Assessment", "{{ assessment.label }}, {{ assessment.date }}"), ("Plan status", "{{ plan_status }}")),
        (("Completed by", "{{ assessment.completed_by }}"), ("Completed with", "{{ assessment.completed_with }}")),
        (("Key worker", "{{ key_worker.name }} ({{ key_worker.role }}){% if key_worker.phone %}, {{ key_worker.phone }}{% endif %}"), ("Next review due", "{{ next_review }}")),
    ):
        row = table_row(header, [left[0], left[1], right[0], right[1]], size=9)
        for cell in (row.cells[0], row.cells[2]):
            shade(cell, ACCENT)
            cell.paragraphs[0].runs[0].bold = True
    table_look(header, first_column=True)  # labels and values, two pairs a row
    para(doc, "", space_after=2)
    loop_table(doc, [52, 40, 30, 50], ["Child", "Date of birth", "Age at assessment", "School"], "child in children",
               ["{{ child.name }}", "{{ child.date_of_birth }}", "{{ child.age }}", "{{ child.school }}"], size=9)
    para(doc, "", space_after=2)

    _notices(doc)
    _grids(doc)
    _area_picture(doc)

    para(doc, "Strengths", style="Heading 1")
    list_or(doc, "s in strengths", lambda: para(doc, "{{ s.text }}{% if s.item %} ({{ s.item }}){% endif %}", style="List Bullet"),
            "None recorded.")

    para(doc, "Items rated 3 or 4: evidence and impact on the child", style="Heading 1")
    if_else(doc, "priorities", lambda: _priorities(doc), "No item is rated 3 or 4.")

    para(doc, "Views", style="Heading 1")
    para(doc, "Parents and carers", style="Heading 2")
    list_or(doc, "v in parent_views", lambda: bold_lead(doc, "{{ v.name }}", " ({{ v.relationship }}): “{{ v.text }}”"), "None recorded.")
    para(doc, "Children", style="Heading 2")
    list_or(doc, "v in child_views", lambda: bold_lead(doc, "{{ v.name }}", ": “{{ v.text }}”"), "None recorded.")

    para(doc, "Analysis", style="Heading 1")
    para(doc, "{% if analysis %}{{ analysis }}{% else %}None recorded.{% endif %}")

    para(doc, "Plan", style="Heading 1")
    if_else(doc, "actions", lambda: _plan(doc), "No actions recorded.")

    tag(doc, "if is_review")
    _changes(doc)
    _chart(doc)
    tag(doc, "endif")
    return doc


def _priorities(doc) -> None:
    table = grid_table(doc, [44, 64, 64])
    header_row(table, ["Item", "Evidence", "Impact on the child"])
    row_tag(table, "for p in priorities")
    row = table_row(table, ["{{ p.item }}", "{{ p.evidence }}", "{{ p.impact }}"], size=9)
    row.cells[0].paragraphs[0].runs[0].bold = True
    small = row.cells[0].add_paragraph().add_run("{{ p.children }}")
    small.font.size = Pt(SMALL)
    # A note some readers will not see is marked on a row of its own, naming them.
    row_tag(table, "if p.unseen")
    mark = table_row(table, ["", "", ""], size=9)
    merged = mark.cells[0].merge(mark.cells[2])
    paragraph = merged.paragraphs[0]
    paragraph.add_run("Not in the family copies for {{ p.unseen }}:").bold = True
    paragraph.add_run(" {{ p.unseen_why }}.")
    row_tag(table, "endif")
    row_tag(table, "endfor")


def _plan(doc) -> None:
    loop_table(doc, [24, 36, 26, 22, 19, 17, 28], ["Need", "Action", "Who", "Support", "By when", "Status", "What success looks like"], "a in actions",
               ["{{ a.need }}", "{{ a.action }}", "{{ a.who }}", "{{ a.support }}", "{{ a.by_when }}",
                "{{ a.status }}{% if a.overdue %} – OVERDUE{% endif %}", "{{ a.success }}"], size=SMALL + 0.5)
    tag(doc, "if any_overdue")
    para(doc, "OVERDUE: past its date and not done, on {{ today }}.", size=SMALL)
    tag(doc, "endif")


def _notices(doc) -> None:
    tag(doc, "if has_notices")
    box = grid_table(doc, [172])
    cell = table_row(box, [""], fill=NOTICE_FILL).cells[0]
    first = cell.paragraphs[0]
    first.add_run("Warnings and prompts").bold = True
    first.runs[0].font.size = Pt(12)
    for name, heading in (("prompts", "Prompts from the guidance"), ("warnings", "Checks on the ratings"), ("family_notes", "Family copies")):
        cell.add_paragraph(f"{{%p if {name} %}}")
        title = cell.add_paragraph()
        title.add_run(heading).bold = True
        title.paragraph_format.space_after = Pt(1)
        cell.add_paragraph(f"{{%p for note in {name} %}}")
        line = cell.add_paragraph("• {{ note }}")
        line.runs[0].font.size = Pt(9)
        line.paragraph_format.space_after = Pt(1)
        cell.add_paragraph("{%p endfor %}")
        cell.add_paragraph("{%p endif %}")
    para(doc, "", space_after=2)
    tag(doc, "endif")


def _grids(doc) -> None:
    # Each child's grid has a page of its own (Word's rows are taller than the PDF's, so the section
    # heading and key stay on the page before).
    para(doc, "Levels for each child, item by item", style="Heading 1")
    para(doc, "The number in a coloured box is the level: {% for level in levels %}{{ level.value }} {{ level.name }}{% if not loop.last %}; {% endif %}{% endfor %}. "
              "Each child's grid starts on a new page.", size=9)
    tag(doc, "for grid in grids")
    para(doc, "{{ grid.name }} ({{ grid.age }})", style="Heading 2").paragraph_format.page_break_before = True
    table = grid_table(doc, [92] + [16] * LEVELS + [16])
    header_row(table, ["Item"] + [f"{{{{ levels[{i}].value }}}} {{{{ levels[{i}].name }}}}" for i in range(LEVELS)] + ["Does not apply"])
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].font.size = Pt(SMALL - 1)
    _single_spaced(table.rows[0])
    row_tag(table, "for row in grid.rows")
    row_tag(table, "if row.area")
    area = table_row(table, ["{{ row.area }}"] + [""] * (LEVELS + 1), bold=True, fill=ACCENT, size=SMALL + 0.5)
    area.cells[0].merge(area.cells[-1])
    row_tag(table, "else")
    cells = ["{{ row.code }} {{ row.name }}{% if row.note %} ({{ row.note }}){% endif %}"]
    cells += [f"{{% cellbg row.cells[{i}].fill %}}{{{{ row.cells[{i}].mark }}}}" for i in range(LEVELS)]
    cells += ["{% cellbg row.not_applicable_fill %}{{ row.not_applicable }}"]
    item = table_row(table, cells, size=SMALL)
    _single_spaced(area)
    _single_spaced(item)
    for cell in item.cells[1:]:
        cell.paragraphs[0].alignment = 1  # centred
        cell.paragraphs[0].runs[0].bold = True
        cell.paragraphs[0].runs[0].font.size = Pt(9)
    row_tag(table, "endif")
    row_tag(table, "endfor")
    tag(doc, "endfor")


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
    heading = para(doc, "Levels by area", style="Heading 1")
    heading.paragraph_format.page_break_before = True
    para(doc, "How many items sit at each level for each child. The toolkit is not a scoring exercise: these counts show patterns, not a total.", size=9)
    cells = ["{% if row.first %}{{ group.area }}{% endif %}", "{{ row.child }}"]
    cells += [f"{{% cellbg row.counts[{i}].fill %}}{{{{ row.counts[{i}].n }}}}" for i in range(LEVELS)]
    cells += ["{{ row.not_applicable }}"]
    _, row = loop_table(doc, [44, 22] + [21] * LEVELS + [22],
                        ["Area", "Child"] + [f"{{{{ levels[{i}].value }}}} {{{{ levels[{i}].name }}}}" for i in range(LEVELS)] + ["Does not apply"],
                        ("group in areas", "row in group.rows"), cells, size=SMALL + 0.5)
    _centre(row.cells[2:])


def _changes(doc) -> None:
    tag(doc, "for block in change_blocks")
    para(doc, "{{ block.title }}", style="Heading 1")
    tag(doc, "if block.changed")
    _, row = loop_table(doc, [52, 22, 38, 38, 22], ["Item", "Child", "Before", "Now", "Change"], "c in block.changed",
                        ["{{ c.item }}", "{{ c.child }}", "{{ c.before }}", "{{ c.after }}", "{{ c.change }}"], size=SMALL + 0.5)
    row.cells[4].paragraphs[0].runs[0].bold = True
    tag(doc, "endif")
    para(doc, "Items not listed stayed at the same level. In all: {{ block.totals }}.")
    para(doc, "Changes by area", style="Heading 2")
    _, row = loop_table(doc, [44, 22, 21, 21, 21, 21, 22], ["Area", "Child"] + [f"{{{{ directions[{i}] }}}}" for i in range(5)],
                        ("group in block.areas", "row in group.rows"),
                        ["{% if row.first %}{{ group.area }}{% endif %}", "{{ row.child }}"] + [f"{{{{ row.counts[{i}] }}}}" for i in range(5)],
                        size=SMALL + 0.5)
    _centre(row.cells[2:])
    tag(doc, "endfor")


def _chart(doc) -> None:
    tag(doc, "if has_chart")
    heading = para(doc, "{{ chart.title }}", style="Heading 1")
    heading.paragraph_format.page_break_before = True
    para(doc, "{{ chart.summary }}", size=9)
    para(doc, "{{ chart.image }}")
    para(doc, "The chart's figures: items at each level, per area and child", bold=True, size=9)
    _, row = loop_table(doc, [24, 56, 92], ["Child", "Area", "Items at each level, by assessment"], "row in chart.rows",
                        ["{{ row.child }}", "{{ row.area }}", "{%p for cell in row.cells %}"], size=SMALL + 0.5)
    cell = row.cells[2]
    line = cell.add_paragraph("{{ cell.when }}: {{ cell.text }}")
    line.runs[0].font.size = Pt(SMALL + 0.5)
    line.paragraph_format.space_after = 0
    cell.add_paragraph("{%p endfor %}")
    tag(doc, "endif")
