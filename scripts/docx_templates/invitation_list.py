"""Word template for the meeting invitation list: the meeting, then the family and the professionals invited."""

from scripts.docx_templates.common import (
    details_table,
    if_else,
    loop_table,
    para,
    titled_document,
)

NAME = "invitation-list"

LINES = "{% for line in row.LIST %}{{ line }}{% if not loop.last %}\n{% endif %}{% endfor %}"
WIDTHS = [27, 29, 32, 35, 26, 23]


def _invitees(doc, rows: str, connection: str, nobody: str) -> None:
    def table() -> None:
        cells = ["{{ row.name }}", "{{ row.connection }}", LINES.replace("LIST", "address"), LINES.replace("LIST", "contact"),
                 "{{ row.notes }}", "{{ row.attending }}"]
        _, row = loop_table(doc, WIDTHS, ["Name", connection, "Address", "Phone / email", "Notes", "Attending"], f"row in {rows}",
                            cells, size=8.5)
        row.cells[5].paragraphs[0].runs[0].bold = True

    if_else(doc, rows, table, nobody)


def build():
    doc = titled_document("Meeting invitation list")
    subtitle = para(doc, "{{ meeting.kind }}", bold=True)
    subtitle.add_run(" · Prepared {{ date }}")

    details_table(doc, [34, 138], [
        ("Children", "{% for child in children %}{{ child.name }}, born {{ child.date_of_birth }}{% if not loop.last %}\n{% endif %}{% endfor %}"),
        ("Address", "{{ home_address_line }}", "home_address_line"),
        ("Date", "{{ meeting.date }}"),
        ("Time", "{{ meeting.time }}"),
        ("Venue", "{{ meeting.venue }}"),
        ("Room", "{{ meeting.room }}", "meeting.room"),
        ("Chair", "{{ meeting.chair }}{% if meeting.chair_role %}, {{ meeting.chair_role }}{% endif %}"),
        ("Purpose", "{{ meeting.purpose }}"),
        ("Replies", "{{ replies }}", "replies"),
    ])

    para(doc, "Family members", style="Heading 1")
    _invitees(doc, "family", "Relationship", "No family members are invited.")
    para(doc, "Professionals", style="Heading 1")
    _invitees(doc, "professionals", "Role and agency", "No professionals are invited.")
    return doc
