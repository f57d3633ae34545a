"""Word template for the family-meeting agreement (wording in templates/wording/<lang>/family-meeting-agreement.toml)."""

from scripts.docx_templates.common import (
    details_table,
    tag,
    para,
    signature_table,
    titled_document,
)

NAME = "family-meeting-agreement"

SPARE_ROWS = 2


def build():
    doc = titled_document("{{ w.heading }}")
    details_table(doc, [42, 130], [
        ("{{ w.children }}", "{% for child in children %}{{ child.name }}{% if not loop.last %}\n{% endif %}{% endfor %}"),
        ("{{ w.meeting }}", "{{ meeting.kind }}"),
        ("{{ w.date_and_time }}", "{{ w.date_at_time | fill(date=meeting.date, time=meeting.time) }}"),
        ("{{ w.place }}", "{{ meeting.venue }}{% if meeting.room %}, {{ meeting.room }}{% endif %}"),
        ("{{ w.chair }}", "{{ meeting.chair }}"),
    ])

    para(doc, "{{ w.what_we_agree }}", style="Heading 1")
    tag(doc, "for key, statement in w.agree.items()")
    para(doc, "{{ statement | fill(names=children_names) }}", style="List Number")
    tag(doc, "endfor")

    para(doc, "{{ w.signed_by }}", style="Heading 1")
    para(doc, "{{ w.by_signing | fill(meeting=meeting.kind, date=meeting.date) }}").paragraph_format.keep_with_next = True
    signature_table(doc, [70, 70, 32], ["{{ w.name }}", "{{ w.signature }}", "{{ w.date }}"], "name in signatories", ["{{ name }}", "", ""],
                    spare_rows=SPARE_ROWS)
    para(doc, "{{ w.spare_rows }}", size=9)
    return doc
