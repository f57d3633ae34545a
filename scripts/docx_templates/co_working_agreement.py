"""Word template for the co-working agreement (wording in templates/wording/<lang>/co-working-agreement.toml)."""

from scripts.docx_templates.common import (
    details_table,
    loop_table,
    para,
    signature_table,
    tag,
    titled_document,
)

NAME = "co-working-agreement"

def build():
    doc = titled_document("{{ title }}")
    para(doc, "{{ w.subtitle }}")

    details_table(doc, [42, 130], [
        ("{{ w.reference_label }}", "{{ reference }}"),
        ("{{ w.team }}", "{{ team }}"),
        ("{{ w.date_agreed }}", "{{ agreed }}"),
        ("{{ w.review_date }}", "{{ review }}", "review"),
        ("{{ w.children }}", "{% for child in children %}{{ child.name }} {{ w.born | fill(date=child.date_of_birth) }}{% if not loop.last %}\n{% endif %}{% endfor %}"),
        ("{{ w.plan_status }}", "{{ plan_status }}", "plan_status"),
    ])

    para(doc, "{{ w.how_shared }}", style="Heading 1")
    tag(doc, "for key, text in w.guidance.items()")
    para(doc, "{{ text }}", style="List Bullet")
    tag(doc, "endfor")
    para(doc, "{{ w.disagreement | fill(name=team_manager.name, role=team_manager.role) }}")

    para(doc, "{{ w.areas }}", style="Heading 1")
    tag(doc, "for section in sections")
    para(doc, "{{ section.heading }}", style="Heading 2")
    loop_table(doc, [66, 44, 30, 32], ["{{ w.task }}", "{{ w.who }}", "{{ w.how_often }}", "{{ w.reports_to }}"], "task in section.tasks",
               ["{{ task.task }}", "{{ task.who.name }}\n{{ task.who.role }}", "{{ task.frequency }}",
                "{{ task.reports_to.name }}{% if task.reports_to.role %}\n{{ task.reports_to.role }}{% endif %}"])
    tag(doc, "else")
    para(doc, "{{ w.no_tasks }}")
    tag(doc, "endfor")

    para(doc, "{{ w.agreed_by }}", style="Heading 1")
    para(doc, "{{ w.by_signing }}").paragraph_format.keep_with_next = True
    signature_table(doc, [38, 46, 60, 28], ["{{ w.role }}", "{{ w.name }}", "{{ w.signature }}", "{{ w.date }}"], "party in parties", ["{{ party.role }}", "{{ party.name }}", "", ""])
    return doc

