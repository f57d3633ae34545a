"""Word template for the family-meeting agreement (same wording as templates/html/family-meeting-agreement.html)."""

from scripts.docx_templates.common import details_row, grid_table, header_row, keep_table_together, letterhead, new_document, para, row_tag, table_row

NAME = "family-meeting-agreement"

STATEMENTS = (
    "We will keep the welfare and safety of {{ children_names }} first in everything we say and decide at this meeting.",
    "We understand that this meeting is to agree a plan that meets the needs of {{ children_names }} and keeps them safe.",
    "For the sake of {{ children_names }}, we will give everyone a fair hearing and will not act in a way that threatens "
    "or frightens anyone else at the meeting.",
    "We can ask at any time for something to be explained, or for a break, so that we can keep thinking clearly about {{ children_names }}.",
    "Family and friends will keep what is said about {{ children_names }} at this meeting between the family and friends who come to it, "
    "unless we agree in the plan to share part of it with another family member.",
    "Professionals will share information from this meeting only when it is needed to keep {{ children_names }} safe and to meet their needs.",
)
SPARE_ROWS = 2


def build():
    doc = new_document()
    letterhead(doc)
    para(doc, "Agreement for our family meeting", style="Title")

    details = grid_table(doc, [42, 130])
    details_row(details, "Children", "{% for child in children %}{{ child.name }}{% if not loop.last %}\n{% endif %}{% endfor %}")
    details_row(details, "Meeting", "{{ meeting.kind }}")
    details_row(details, "Date and time", "{{ meeting.date }} at {{ meeting.time }}")
    details_row(details, "Place", "{{ meeting.venue }}{% if meeting.room %}, {{ meeting.room }}{% endif %}")
    details_row(details, "Chair", "{{ meeting.chair }}")

    para(doc, "What we agree", style="Heading 1")
    for text in STATEMENTS:
        para(doc, text, style="List Number")

    para(doc, "Signed by", style="Heading 1")
    para(doc, "By signing, each of us agrees to the points in this agreement for the {{ meeting.kind }} on {{ meeting.date }}.").paragraph_format.keep_with_next = True
    signatures = grid_table(doc, [70, 70, 32])
    header_row(signatures, ["Name", "Signature", "Date"])
    row_tag(signatures, "for name in signatories")
    table_row(signatures, ["{{ name }}", "", ""], height_mm=11, bottom=True)
    row_tag(signatures, "endfor")
    for _ in range(SPARE_ROWS):
        table_row(signatures, ["", "", ""], height_mm=11, bottom=True)
    keep_table_together(signatures)
    para(doc, "Anyone else who joins the meeting can print their name and sign in the spare rows.", size=9)
    return doc
