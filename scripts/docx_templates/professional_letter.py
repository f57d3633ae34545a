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
    para(doc, "Request for information", bold=True, space_after=0)
    tag(doc, "for child in children")
    para(doc, "{{ child.name }}, born {{ child.date_of_birth }}", bold=True, space_after=0)
    tag(doc, "endfor")
    tag(doc, "if home_address_line")
    para(doc, "Address: {{ home_address_line }}", bold=True, space_after=0)
    tag(doc, "endif")
    para(doc, "", space_after=0)
    tag(doc, "if statutory")
    para(doc, "{{ team }} is carrying out an assessment of need for the {{ child_or_children }} named above. We are making this "
              "request under our duties in the Children Act 1989: {{ children_full_names }} {% if several_children %}have been "
              "identified as children{% else %}has been identified as a child{% endif %} whose welfare may be significantly "
              "impaired, or who may be suffering significant harm, and we have a statutory responsibility to ask your agency "
              "for relevant information as part of our enquiries.")
    tag(doc, "else")
    para(doc, "{{ team }} is carrying out an assessment of need for the {{ child_or_children }} named above. We have the consent "
              "of {{ consent_name }} ({{ consent_role }}) to contact you and to ask for this information.")
    tag(doc, "endif")
    para(doc, "Please send us any relevant information your agency holds about {{ about }}.")
    tag(doc, "if specific_request")
    bold_lead(doc, "Specific request: ", "{{ specific_request }}")
    tag(doc, "endif")
    reply = para(doc)
    reply.add_run("We need this information by {{ reply_by }}.").bold = True
    reply.add_run(" Please {% if key_worker.email %}email it to {{ key_worker.email }}, or {% endif %}send it by post to the "
                  "address at the top of this letter{% if key_worker.phone %}. If it is easier, you can telephone "
                  "{{ key_worker.name }} on {{ key_worker.phone }} to share it by phone{% endif %}.")
    para(doc, "If you would like to know more about why we are asking for this information, please contact {{ key_worker.name }}, "
              "{{ key_worker.role }}{% if key_worker.phone %}, on {{ key_worker.phone }}{% endif %}. Thank you for your help.")
    letter_closing(doc)
    return doc
