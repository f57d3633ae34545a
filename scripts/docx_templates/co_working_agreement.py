"""Word template for the co-working agreement (same wording as templates/html/co-working-agreement.html)."""

from scripts.docx_templates.common import details_row, grid_table, header_row, keep_table_together, letterhead, new_document, para, row_tag, table_row, tag

NAME = "co-working-agreement"

GUIDANCE = (
    "The team manager of the team holding the case keeps case management responsibility: moving the assessment and the plan "
    "forward, monitoring them, and making sure management decisions are made and recorded.",
    "Supervision and professional decisions may be delegated to the consultant social worker; the table below says where they are.",
    "The key worker holds case responsibility: they make sure the plan is delivered, statutory visits and meetings happen, "
    "and records and reports are ready in good time.",
    "A child with a child protection plan, or a child who is looked after, must have a qualified social worker as key worker.",
    "Where work is shared, the table names who records it and who writes the report; the key worker co-signs any joint report or assessment.",
    "Co-workers carry out the tasks given to them below, as their role, qualifications and experience allow, and report as shown.",
)


def build():
    doc = new_document()
    letterhead(doc)
    para(doc, "Co-working agreement", style="Title")
    para(doc, "Areas of case work responsibility between social care professionals")

    details = grid_table(doc, [42, 130])
    details_row(details, "Our reference", "{{ reference }}")
    details_row(details, "Team", "{{ team }}")
    details_row(details, "Date agreed", "{{ agreed }}")
    row_tag(details, "if review")
    details_row(details, "Review date", "{{ review }}")
    row_tag(details, "endif")
    details_row(details, "Children", "{% for child in children %}{{ child.name }} (born {{ child.date_of_birth }}){% if not loop.last %}\n{% endif %}{% endfor %}")
    row_tag(details, "if plan_status")
    details_row(details, "Plan status", "{{ plan_status }}")
    row_tag(details, "endif")

    para(doc, "How responsibility is shared", style="Heading 1")
    for text in GUIDANCE:
        para(doc, text, style="List Bullet")
    para(doc, "Any disagreement, or anything that needs to be made clearer after a change, goes back to {{ team_manager.name }}, {{ team_manager.role }}.")

    para(doc, "Areas of responsibility", style="Heading 1")
    tag(doc, "for section in sections")
    para(doc, "{{ section.heading }}", style="Heading 2")
    tasks = grid_table(doc, [66, 44, 30, 32])
    header_row(tasks, ["Task or duty", "Who is responsible", "How often / by when", "Reports to"])
    row_tag(tasks, "for task in section.tasks")
    table_row(tasks, ["{{ task.task }}", "{{ task.who.name }}\n{{ task.who.role }}", "{{ task.frequency }}",
                      "{{ task.reports_to.name }}{% if task.reports_to.role %}\n{{ task.reports_to.role }}{% endif %}"])
    row_tag(tasks, "endfor")
    tag(doc, "else")
    para(doc, "No tasks have been agreed yet.")
    tag(doc, "endfor")

    para(doc, "Agreed by", style="Heading 1")
    para(doc, "By signing, each of us agrees to carry out the areas of responsibility given to us in this agreement.").paragraph_format.keep_with_next = True
    signatures = grid_table(doc, [38, 46, 60, 28])
    header_row(signatures, ["Role", "Name", "Signature", "Date"])
    row_tag(signatures, "for party in parties")
    table_row(signatures, ["{{ party.role }}", "{{ party.name }}", "", ""], height_mm=11, bottom=True)
    row_tag(signatures, "endfor")
    keep_table_together(signatures)
    return doc

