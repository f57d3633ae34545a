"""Word template for the letter asking a professional for information about the children."""

from scripts.docx_templates.common import (
    bold_lead,
    letter_closing,
    letter_opening,
    new_document,
    para,
    tag,
)

NAME = "professional-letter"


def build():
    doc = new_document()
    letter_opening(doc)
    para(doc, "{{ title }}", bold=True, space_after=0)
    tag(doc, "for child in children")
    para(doc, "{{ w.name_born_on | fill(name=child.name, date=child.date_of_birth) }}", bold=True, space_after=0)
    tag(doc, "endfor")
    tag(doc, "if home_address_line")
    para(doc, "{{ w.address_line | fill(address=home_address_line) }}", bold=True, space_after=0)
    tag(doc, "endif")
    para(doc, "", space_after=0)
    tag(doc, "if statutory")
    para(doc, "{% if several_children %}{{ w.statutory_several | fill(team=team, children=child_or_children, names=children_full_names) }}"
              "{% else %}{{ w.statutory_one | fill(team=team, children=child_or_children, names=children_full_names) }}{% endif %}")
    tag(doc, "else")
    para(doc, "{{ w.consent | fill(team=team, children=child_or_children, name=consent_name, role=consent_role) }}")
    tag(doc, "endif")
    para(doc, "{{ w.please_send | fill(about=about) }}")
    tag(doc, "if specific_request")
    bold_lead(doc, "{{ w.specific_request }} ", "{{ specific_request }}")
    tag(doc, "endif")
    reply = para(doc)
    reply.add_run("{{ w.reply_by | fill(date=reply_by) }}").bold = True
    reply.add_run(" {{ reply_how }}")
    para(doc, "{% if key_worker.phone %}{{ w.know_more_phone | fill(name=key_worker.name, role=key_worker.role, phone=key_worker.phone) }}"
              "{% else %}{{ w.know_more | fill(name=key_worker.name, role=key_worker.role) }}{% endif %}")
    letter_closing(doc)
    return doc
