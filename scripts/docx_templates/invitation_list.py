"""Word template for the meeting invitation list: the meeting, then the family and the professionals invited."""

from scripts.docx_templates.common import (
    details_row,
    grid_table,
    header_row,
    letterhead,
    new_document,
    para,
    row_tag,
    table_row,
    tag,
)

NAME = "invitation-list"

LINES = "{% for line in row.LIST %}{{ line }}{% if not loop.last %}\n{% endif %}{% endfor %}"
WIDTHS = [27, 29, 32, 35, 26, 23]


def _invitees(doc, rows: str, connection: str, nobody: str) -> None:
    tag(doc, f"if {rows}")
    table = grid_table(doc, WIDTHS)
    header_row(table, ["Name", connection, "Address", "Phone / email", "Notes", "Attending"])
    row_tag(table, f"for row in {rows}")
    cells = ["{{ row.name }}", "{{ row.connection }}", LINES.replace("LIST", "address"), LINES.replace("LIST", "contact"),
             "{{ row.notes }}", "{{ row.attending }}"]
    row = table_row(table, cells, size=8.5)
    row.cells[5].paragraphs[0].runs[0].bold = True
    row_tag(table, "endfor")
    tag(doc, "else")
    para(doc, nobody)
    tag(doc, "endif")


def build():
    doc = new_document()
    letterhead(doc)
    para(doc, "Meeting invitation list", style="Title")
    subtitle = para(doc, "{{ meeting.kind }}", bold=True)
    subtitle.add_run(" · Prepared {{ date }}")

    details = grid_table(doc, [34, 138])
    details_row(details, "Children", "{% for child in children %}{{ child.name }}, born {{ child.date_of_birth }}"
                                     "{% if not loop.last %}\n{% endif %}{% endfor %}")
    row_tag(details, "if home_address_line")
    details_row(details, "Address", "{{ home_address_line }}")
    row_tag(details, "endif")
    details_row(details, "Date", "{{ meeting.date }}")
    details_row(details, "Time", "{{ meeting.time }}")
    details_row(details, "Venue", "{{ meeting.venue }}")
    row_tag(details, "if meeting.room")
    details_row(details, "Room", "{{ meeting.room }}")
    row_tag(details, "endif")
    details_row(details, "Chair", "{{ meeting.chair }}{% if meeting.chair_role %}, {{ meeting.chair_role }}{% endif %}")
    details_row(details, "Purpose", "{{ meeting.purpose }}")
    row_tag(details, "if replies")
    details_row(details, "Replies", "{{ replies }}")
    row_tag(details, "endif")

    para(doc, "Family members", style="Heading 1")
    _invitees(doc, "family", "Relationship", "No family members are invited.")
    para(doc, "Professionals", style="Heading 1")
    _invitees(doc, "professionals", "Role and agency", "No professionals are invited.")
    return doc
