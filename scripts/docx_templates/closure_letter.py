"""Word template for the outcome / closure letter."""

from scripts.docx_templates.common import letter_closing, letter_opening, new_document, para, tag

NAME = "closure-letter"


def build():
    doc = new_document()
    letter_opening(doc)
    para(doc, "About: {% for child in children %}{{ child.name }} (born {{ child.date_of_birth }}){% if not loop.last %}, {% endif %}{% endfor %}", bold=True)
    para(doc, "I am writing to let you know that {{ team }} has now finished its {{ concluded_what }} with "
              "{% if for_family %}you and {{ children_names }}{% else %}{{ children_names }} and their family{% endif %}.")
    tag(doc, "if for_family")
    para(doc, "Thank you for working with us during this time.")
    tag(doc, "else")
    para(doc, "Thank you for the help and information you gave us while we were involved.")
    tag(doc, "endif")
    tag(doc, "if support_continues")
    para(doc, "Support will carry on through the {{ support_plan or 'support plan agreed with the family' }}. I enclose the notes of "
              "the last meeting, which set out the help that is still available{% if for_family %} to you and the children{% else %} to the family{% endif %} "
              "and who will provide it.")
    tag(doc, "else")
    para(doc, "The conclusion of the {{ assessment_type }} was that we do not need to take any further action at this time.")
    tag(doc, "if for_family")
    para(doc, "I enclose a copy of the analysis and conclusion of the {{ assessment_type }}. If you would like a copy of the full assessment, "
              "please contact us within {{ reply_days }} working days.")
    tag(doc, "endif")
    tag(doc, "endif")
    para(doc, "If you would like more information about this, please contact {{ key_worker.name }} within {{ reply_days }} working days"
              "{% if key_worker.phone %} on {{ key_worker.phone }}{% endif %}{% if key_worker.email %} or at {{ key_worker.email }}{% endif %}. "
              "We will share any information that we are able to.")
    letter_closing(doc)
    return doc
