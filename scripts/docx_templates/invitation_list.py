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
        _, row = loop_table(doc, WIDTHS, ["{{ w.name }}", connection, "{{ w.address }}", "{{ w.phone_email }}", "{{ w.notes }}", "{{ w.attending }}"], f"row in {rows}",
                            cells, size=8.5)
        row.cells[5].paragraphs[0].runs[0].bold = True

    if_else(doc, rows, table, nobody)


def build():
    doc = titled_document("{{ title }}")
    subtitle = para(doc, "{{ meeting.kind }}", bold=True)
    subtitle.add_run(" {{ w.prepared | fill(date=date) }}")

    details_table(doc, [34, 138], [
        ("{{ w.children }}", "{% for child in children %}{{ child.name }}, {{ w.born_on | fill(date=child.date_of_birth) }}{% if not loop.last %}\n{% endif %}{% endfor %}"),
        ("{{ w.address }}", "{{ home_address_line }}", "home_address_line"),
        ("{{ w.date }}", "{{ meeting.date }}"),
        ("{{ w.time }}", "{{ meeting.time }}"),
        ("{{ w.venue }}", "{{ meeting.venue }}"),
        ("{{ w.room }}", "{{ meeting.room }}", "meeting.room"),
        ("{{ w.chair }}", "{{ meeting.chair }}{% if meeting.chair_role %}, {{ meeting.chair_role }}{% endif %}"),
        ("{{ w.purpose }}", "{{ meeting.purpose }}"),
        ("{{ w.replies }}", "{{ replies }}", "replies"),
    ])

    para(doc, "{{ w.family_members }}", style="Heading 1")
    _invitees(doc, "family", "{{ w.relationship }}", "{{ w.no_family }}")
    para(doc, "{{ w.professionals }}", style="Heading 1")
    _invitees(doc, "professionals", "{{ w.role_and_agency }}", "{{ w.no_professionals }}")
    return doc
