"""Word template for the agreement for assessment: details, what the assessment is, what is agreed, signatures."""

from docx.shared import Pt

from scripts.docx_templates.common import (
    details_table,
    grid_table,
    header_row,
    keep_table_together,
    para,
    table_look,
    table_row,
    tag,
    titled_document,
)

NAME = "assessment-agreement"

def build():
    doc = titled_document("{{ title }}")
    details_table(doc, [38, 134], [
        ("{{ w.name }}", "{{ recipient.name }}"),
        ("{{ w.relationship }}", "{{ recipient.role }}"),
        ("{% if several_children %}{{ w.children_label }}{% else %}{{ w.child_label }}{% endif %}",
         "{% for child in children %}{{ child.name }}, {{ w.born_on | fill(date=child.date_of_birth) }}{% if not loop.last %}\n{% endif %}{% endfor %}"),
        ("{{ w.worker }}", "{{ key_worker.name }}, {{ key_worker.role }}, {{ key_worker.team }}"),
        ("{{ w.reference }}", "{{ reference }}"),
        ("{{ w.date }}", "{{ date }}"),
    ])

    para(doc, "{{ w.what_it_is }}", style="Heading 1")
    para(doc, "{% if started %}{{ w.carrying_out_began | fill(team=team, names=children_names, started=started) }}"
              "{% else %}{{ w.carrying_out | fill(team=team, names=children_names) }}{% endif %} "
              "{{ w.toolkit_used | fill(toolkit=toolkit_name, areas=areas) }}")
    para(doc, "{{ w.done_with_you | fill(children=child_or_children) }}")

    para(doc, "{{ w.what_i_agree }}", style="Heading 1")
    tag(doc, "for key, statement in w.agree.items()")
    para(doc, "{{ statement | fill(children=child_or_children, names=children_names, team=team) }}", style="List Number")
    tag(doc, "endfor")

    tag(doc, "if professionals")
    para(doc, "{{ w.people_we_may_contact }}", style="Heading 1")
    tag(doc, "for line in professionals")
    para(doc, "{{ line }}", style="List Bullet", space_after=1)
    tag(doc, "endfor")
    tag(doc, "endif")

    para(doc, "{{ w.not_agree }}", style="Heading 1")
    write_in = grid_table(doc, [172])
    table_row(write_in, [""], height_mm=24)

    para(doc, "{{ w.signatures }}", style="Heading 1")
    signatures = grid_table(doc, [34, 48, 62, 28])
    header_row(signatures, ["", "{{ w.name }}", "{{ w.signature }}", "{{ w.date }}"])
    for role, name in (("{{ w.parent_or_carer }}", "{{ recipient.name }}"), ("{{ w.worker }}", "{{ key_worker.name }}")):
        row = table_row(signatures, [role, name, "", ""], height_mm=14, bottom=True)
        row.cells[0].paragraphs[0].runs[0].bold = True
    table_look(signatures, first_row=True, first_column=True)
    keep_table_together(signatures)

    note = para(doc, "{% if key_worker.phone %}{{ w.help_note_phone | fill(name=key_worker.name, phone=key_worker.phone) }}"
                     "{% else %}{{ w.help_note | fill(name=key_worker.name) }}{% endif %}", size=9)
    note.paragraph_format.space_before = Pt(6)
    return doc
