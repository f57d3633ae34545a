"""Word template for the co-working agreement (same wording as templates/html/co-working-agreement.html)."""

from scripts.docx_templates.common import (
    details_table,
    headed_list,
    loop_table,
    para,
    signature_table,
    tag,
    titled_document,
)

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
    doc = titled_document("Co-working agreement")
    para(doc, "Areas of case work responsibility between social care professionals")

    details_table(doc, [42, 130], [
        ("Our reference", "{{ reference }}"),
        ("Team", "{{ team }}"),
        ("Date agreed", "{{ agreed }}"),
        ("Review date", "{{ review }}", "review"),
        ("Children", "{% for child in children %}{{ child.name }} (born {{ child.date_of_birth }}){% if not loop.last %}\n{% endif %}{% endfor %}"),
        ("Plan status", "{{ plan_status }}", "plan_status"),
    ])

    headed_list(doc, "How responsibility is shared", GUIDANCE, style="List Bullet")
    para(doc, "Any disagreement, or anything that needs to be made clearer after a change, goes back to {{ team_manager.name }}, {{ team_manager.role }}.")

    para(doc, "Areas of responsibility", style="Heading 1")
    tag(doc, "for section in sections")
    para(doc, "{{ section.heading }}", style="Heading 2")
    loop_table(doc, [66, 44, 30, 32], ["Task or duty", "Who is responsible", "How often / by when", "Reports to"], "task in section.tasks",
               ["{{ task.task }}", "{{ task.who.name }}\n{{ task.who.role }}", "{{ task.frequency }}",
                "{{ task.reports_to.name }}{% if task.reports_to.role %}\n{{ task.reports_to.role }}{% endif %}"])
    tag(doc, "else")
    para(doc, "No tasks have been agreed yet.")
    tag(doc, "endfor")

    para(doc, "Agreed by", style="Heading 1")
    para(doc, "By signing, each of us agrees to carry out the areas of responsibility given to us in this agreement.").paragraph_format.keep_with_next = True
    signature_table(doc, [38, 46, 60, 28], ["Role", "Name", "Signature", "Date"], "party in parties", ["{{ party.role }}", "{{ party.name }}", "", ""])
    return doc

