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
    para(doc, "An invitation for you", bold=True)
    para(doc, "We would like to invite you to a meeting about you and your family.")
    tag(doc, 'elif reader == "family"')
    para(doc, "Invitation: {{ meeting.kind }} about {{ children_names }}", bold=True)
    para(doc, "I am writing to invite you to a meeting about {{ children_names }}. The details are below.")
    tag(doc, "else")
    para(doc, "Invitation: {{ meeting.kind }}", bold=True, space_after=0)
    tag(doc, "for child in children")
    para(doc, "{{ child.name }}, born {{ child.date_of_birth }}", bold=True, space_after=0)
    tag(doc, "endfor")
    para(doc, "", space_after=0)
    para(doc, "{% if chairing %}This is to confirm the arrangements for the meeting below, which you are chairing."
              "{% else %}I am writing to invite you to a meeting about the {% if several_children %}children{% else %}child"
              "{% endif %} named above.{% endif %}")
    tag(doc, "endif")

    details_table(doc, [24, 148], [
        ("Meeting", "{{ meeting.kind }}"),
        ("When", "{{ meeting.when }}"),
        ("Where", "{{ meeting.where }}"),
        ("Chair", "{{ meeting.chair }}{% if meeting.chair_role %}, {{ meeting.chair_role }}{% endif %}"),
        ('{% if reader == "child" %}What for{% else %}Purpose{% endif %}', "{{ meeting.purpose }}"),
    ])
    para(doc, "", space_after=0)

    tag(doc, 'if reader == "child"')
    para(doc, "At the meeting, your family and the people who help your family will talk about how things are going and make "
              "plans together. {{ meeting.chair }} will make sure everyone gets a turn to speak.")
    para(doc, "What you think really matters to us. You can come and say it yourself. If you would rather, you can tell "
              "{{ key_worker.name }} before the meeting, or write or draw something, and we will make sure your ideas are heard.")
    para(doc, "If you have any questions, you can ask {{ key_worker.name }}{% if key_worker.phone %} on {{ key_worker.phone }}"
              "{% endif %}. We hope to see you there.")
    tag(doc, 'elif reader == "family"')
    para(doc, "Your views are an important part of the meeting. You are welcome to bring someone with you for support, such as "
              "a friend or relative.")
    para(doc, "Please let {{ key_worker.name }} know whether you can come{% if key_worker.phone %}, on {{ key_worker.phone }}"
              "{% endif %}. If you need an interpreter, help getting to the meeting or anything else so that you can take part, "
              "please say. If you cannot come, you can still tell {{ key_worker.name }} what you think before the meeting, "
              "and your views will be shared.")
    tag(doc, 'elif reader == "professional"')
    para(doc, "Please bring any reports or information your agency holds about the {% if several_children %}children's"
              "{% else %}child's{% endif %} needs and progress. If you cannot attend, please send a written report to "
              "{{ key_worker.name }} before the meeting, so that your information can be shared, and let us know if a "
              "colleague will come in your place.")
    para(doc, "Please confirm whether you will attend by contacting {{ key_worker.name }}{% if key_worker.phone %} on "
              "{{ key_worker.phone }}{% endif %}{% if key_worker.email %} or at {{ key_worker.email }}{% endif %}.")
    tag(doc, "else")
    para(doc, "{% if chairing %}Please make sure the case records and the latest plan are up to date before the meeting."
              "{% else %}Please bring up-to-date case notes and any report for the meeting, and let {{ key_worker.name }} "
              "know as soon as possible if you cannot attend.{% endif %}")
    tag(doc, "endif")
    # A child's letter ends "Best wishes," rather than "Yours sincerely,".
    letter_closing(doc, "{{ valediction }}")
    return doc
