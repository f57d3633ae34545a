"""Word template for the meeting invitation letter, worded for a child, a family member, a professional or a colleague."""

from scripts.docx_templates.common import (
    details_table,
    letter_closing,
    letter_opening,
    new_document,
    para,
    tag,
)

NAME = "invitation-letter"


def build():
    doc = new_document()
    letter_opening(doc)

    tag(doc, 'if reader == "child"')
    para(doc, "{{ w.child_subject }}", bold=True)
    para(doc, "{{ w.child_invite }}")
    tag(doc, 'elif reader == "family"')
    para(doc, "{{ w.family_subject | fill(meeting=meeting.kind, names=children_names) }}", bold=True)
    para(doc, "{{ w.family_invite | fill(names=children_names) }}")
    tag(doc, "else")
    para(doc, "{{ w.subject | fill(meeting=meeting.kind) }}", bold=True, space_after=0)
    tag(doc, "for child in children")
    para(doc, "{{ w.name_born_on | fill(name=child.name, date=child.date_of_birth) }}", bold=True, space_after=0)
    tag(doc, "endfor")
    para(doc, "", space_after=0)
    para(doc, "{% if chairing %}{{ w.chairing }}{% elif several_children %}{{ w.invite_children }}{% else %}{{ w.invite_child }}{% endif %}")
    tag(doc, "endif")

    details_table(doc, [24, 148], [
        ("{{ w.meeting }}", "{{ meeting.kind }}"),
        ("{{ w.when }}", "{{ meeting.when }}"),
        ("{{ w.where }}", "{{ meeting.where }}"),
        ("{{ w.chair }}", "{{ meeting.chair }}{% if meeting.chair_role %}, {{ meeting.chair_role }}{% endif %}"),
        ('{% if reader == "child" %}{{ w.what_for }}{% else %}{{ w.purpose }}{% endif %}', "{{ meeting.purpose }}"),
    ])
    para(doc, "", space_after=0)

    tag(doc, 'if reader == "child"')
    para(doc, "{{ w.child_at_meeting | fill(chair=meeting.chair) }}")
    para(doc, "{{ w.child_views | fill(worker=key_worker.name) }}")
    para(doc, "{% if key_worker.phone %}{{ w.child_questions_phone | fill(worker=key_worker.name, phone=key_worker.phone) }}"
              "{% else %}{{ w.child_questions | fill(worker=key_worker.name) }}{% endif %}")
    tag(doc, 'elif reader == "family"')
    para(doc, "{{ w.family_views }}")
    para(doc, "{% if key_worker.phone %}{{ w.family_reply_phone | fill(worker=key_worker.name, phone=key_worker.phone) }}"
              "{% else %}{{ w.family_reply | fill(worker=key_worker.name) }}{% endif %}")
    tag(doc, 'elif reader == "professional"')
    para(doc, "{% if several_children %}{{ w.professional_bring_children | fill(worker=key_worker.name) }}"
              "{% else %}{{ w.professional_bring_child | fill(worker=key_worker.name) }}{% endif %}")
    para(doc, "{{ w.professional_confirm | fill(worker=key_worker.name, ways=confirm_ways) }}")
    tag(doc, "else")
    para(doc, "{% if chairing %}{{ w.chair_prepare }}{% else %}{{ w.colleague_bring | fill(worker=key_worker.name) }}{% endif %}")
    tag(doc, "endif")
    # A child's letter ends "Best wishes," rather than "Yours sincerely,".
    letter_closing(doc, "{{ valediction }}")
    return doc
