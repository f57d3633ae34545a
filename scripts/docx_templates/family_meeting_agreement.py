"""Word template for the family-meeting agreement (same wording as templates/html/family-meeting-agreement.html)."""

from scripts.docx_templates.common import (
    details_table,
    headed_list,
    para,
    signature_table,
    titled_document,
)

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
    doc = titled_document("Agreement for our family meeting")
    details_table(doc, [42, 130], [
        ("Children", "{% for child in children %}{{ child.name }}{% if not loop.last %}\n{% endif %}{% endfor %}"),
        ("Meeting", "{{ meeting.kind }}"),
        ("Date and time", "{{ meeting.date }} at {{ meeting.time }}"),
        ("Place", "{{ meeting.venue }}{% if meeting.room %}, {{ meeting.room }}{% endif %}"),
        ("Chair", "{{ meeting.chair }}"),
    ])

    headed_list(doc, "What we agree", STATEMENTS)

    para(doc, "Signed by", style="Heading 1")
    para(doc, "By signing, each of us agrees to the points in this agreement for the {{ meeting.kind }} on {{ meeting.date }}.").paragraph_format.keep_with_next = True
    signature_table(doc, [70, 70, 32], ["Name", "Signature", "Date"], "name in signatories", ["{{ name }}", "", ""],
                    spare_rows=SPARE_ROWS)
    para(doc, "Anyone else who joins the meeting can print their name and sign in the spare rows.", size=9)
    return doc
