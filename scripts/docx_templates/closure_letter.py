"""Word template for the outcome / closure letter (same wording as templates/html/closure-letter.html)."""

from scripts.docx_templates.common import letter_closing, letter_opening, new_document, para, tag

NAME = "closure-letter"


def build():
    doc = new_document()
    letter_opening(doc)
    para(doc, "About: {% for child in children %}{{ child.name }} (born {{ child.date_of_birth }}){% if not loop.last %}, {% endif %}{% endfor %}", bold=True)
    para(doc, "I am writing to confirm that {{ team }} has now finished its {{ concluded_what }} with {{ with_whom }}.")
    tag(doc, "if for_family")
    para(doc, "Thank you for working with us during this time.")
    tag(doc, "else")
    para(doc, "Thank you for the help and information you gave us while we were involved.")
    tag(doc, "endif")
    tag(doc, "if support_continues")
    para(doc, "Support will continue{% if support_plan %} through the {{ support_plan }}{% endif %}.{% if last_meeting or plan_enclosed %} I enclose "
              "{% if last_meeting %}the notes of the {{ last_meeting.kind }} held on {{ last_meeting.date }}{% else %}a copy of the support plan{% endif %}, "
              "setting out the help that is still available to {{ with_whom }} and who will provide it.{% endif %}")
    tag(doc, "else")
    tag(doc, "if concluded_assessment")
    para(doc, "The {{ concluded_what }} found that we do not need to take any further action at this time.")
    tag(doc, "else")
    para(doc, "We have concluded that no further action is needed from us at this time.")
    tag(doc, "endif")
    tag(doc, "if for_family")
    para(doc, "I enclose a copy of the analysis and conclusion of the {{ assessment_name }}. If you would like a copy of the full assessment, "
              "please ask us within {{ reply_within }}.")
    tag(doc, "endif")
    tag(doc, "endif")
    para(doc, "If you would like more information about this, please contact {{ key_worker.name }} within {{ reply_within }}"
              "{% if contact_ways %} {{ contact_ways }}{% endif %}. We will share any information that we are able to.")
    letter_closing(doc)
    return doc
