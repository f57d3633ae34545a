"""Word template for the agreement for assessment: details, what the assessment is, what is agreed, signatures."""

from docx.shared import Pt

from scripts.docx_templates.common import (
    details_table,
    grid_table,
    headed_list,
    header_row,
    keep_table_together,
    para,
    table_look,
    table_row,
    tag,
    titled_document,
)

NAME = "assessment-agreement"

STATEMENTS = (
    "I agree to take part in an assessment of my {{ child_or_children }}'s needs.",
    "I have been told why the assessment is being done and how it will be carried out.",
    "I understand that the worker will need to see {{ children_names }} on their own as part of the assessment, "
    "unless a child is too young for this.",
    "I agree that {{ team }} may contact other people who work with me and my {{ child_or_children }}, so that "
    "everything important about my {{ child_or_children }}'s needs is included.",
    "I understand that my views, my {{ child_or_children }}'s views and the views of other important people in my "
    "family will be written into the assessment.",
    "I understand that I will be given a copy of the conclusion of the assessment, and that I can ask for a copy of "
    "the whole assessment.",
    "I understand that what is shared during the assessment will only be passed to people who need to know it, and "
    "that sensitive information will not be shared in a way that puts me or my {{ child_or_children }} at risk of harm.",
)


def build():
    doc = titled_document("Agreement for assessment")
    details_table(doc, [38, 134], [
        ("Name", "{{ recipient.name }}"),
        ("Relationship", "{{ recipient.role }}"),
        ("{% if several_children %}Children{% else %}Child{% endif %}",
         "{% for child in children %}{{ child.name }}, born {{ child.date_of_birth }}{% if not loop.last %}\n{% endif %}{% endfor %}"),
        ("Worker", "{{ key_worker.name }}, {{ key_worker.role }}, {{ key_worker.team }}"),
        ("Reference", "{{ reference }}"),
        ("Date", "{{ date }}"),
    ])

    para(doc, "What the assessment is", style="Heading 1")
    para(doc, "{{ team }} is carrying out an assessment of the needs of {{ children_names }}{% if started %}, which began on "
              "{{ started }}{% endif %}. We use the {{ toolkit_name }}, which looks at {{ areas }}.")
    para(doc, "The assessment is done with you. Your worker will talk with you, with your {{ child_or_children }} and with "
              "other people who know your family. Together we will write down what is going well, what people are worried "
              "about, and what needs to change, and then agree a plan.")

    headed_list(doc, "What I agree to", STATEMENTS)

    tag(doc, "if professionals")
    para(doc, "People we may contact", style="Heading 1")
    tag(doc, "for line in professionals")
    para(doc, "{{ line }}", style="List Bullet", space_after=1)
    tag(doc, "endfor")
    tag(doc, "endif")

    para(doc, "Anything you do not agree with, or want us to know", style="Heading 1")
    write_in = grid_table(doc, [172])
    table_row(write_in, [""], height_mm=24)

    para(doc, "Signatures", style="Heading 1")
    signatures = grid_table(doc, [34, 48, 62, 28])
    header_row(signatures, ["", "Name", "Signature", "Date"])
    for role, name in (("Parent or carer", "{{ recipient.name }}"), ("Worker", "{{ key_worker.name }}")):
        row = table_row(signatures, [role, name, "", ""], height_mm=14, bottom=True)
        row.cells[0].paragraphs[0].runs[0].bold = True
    table_look(signatures, first_row=True, first_column=True)
    keep_table_together(signatures)

    note = para(doc, "If you would like this read to you, translated, or would like someone with you to support you, please tell "
                     "{{ key_worker.name }}{% if key_worker.phone %} on {{ key_worker.phone }}{% endif %}. "
                     "Please keep a copy of this agreement.", size=9)
    note.paragraph_format.space_before = Pt(6)
    return doc
