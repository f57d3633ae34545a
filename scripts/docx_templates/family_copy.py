"""Word template for the family-friendly copy (wording in templates/wording/<lang>/family-copy.toml).

Larger type and more space than the other documents: it is written for a parent who finds reading hard.
"""

from docx.shared import Pt

from scripts.docx_templates.common import (
    bold_lead,
    if_else,
    list_or,
    new_document,
    para,
    slim_letterhead,
    tag,
)

NAME = "family-copy"
BODY = 13


def _bigger_type(doc) -> None:
    styles = doc.styles
    for name, size in (("Title", 18), ("Heading 1", 15), ("Heading 2", 14)):
        styles[name].font.size = Pt(size)
        styles[name].paragraph_format.space_before = Pt(10 if name == "Heading 1" else 6)
        styles[name].paragraph_format.space_after = Pt(4)
    normal = styles["Normal"].paragraph_format
    normal.space_after = Pt(5)
    normal.line_spacing = 1.15
    styles["List Bullet"].font.size = Pt(BODY)


def _labelled(doc, label: str, value: str, shown_if: str | None = None) -> None:
    """The label in bold before the value; with shown_if, only when that holds."""
    if shown_if:
        tag(doc, f"if {shown_if}")
    bold_lead(doc, label, f" {value}")
    if shown_if:
        tag(doc, "endif")


def build():
    doc = new_document(body_size=BODY)
    slim_letterhead(doc)
    para(doc, "{{ w.heading | fill(names=children_names) }}", style="Title")
    _bigger_type(doc)
    para(doc, "{{ w.own_copy | fill(reader=reader.first_name) }} "
              "{% if with_reader %}{{ w.talked_with_you | fill(worker=worker.name, names=children_names, date=assessment_date) }}"
              "{% else %}{{ w.looked_at | fill(worker=worker.name, names=children_names, date=assessment_date) }}{% endif %} "
              "{{ w.who_worker_is | fill(worker=worker.first_name, role=worker.role) }}")

    para(doc, "{{ w.going_well }}", style="Heading 1")

    def good_news() -> None:
        tag(doc, "for s in strengths")
        para(doc, "{{ s }}", style="List Bullet")
        tag(doc, "endfor")
        _labelled(doc, "{{ going_well_words }}:", "{{ w.level_items | fill(items=going_well) }}", shown_if="going_well")

    if_else(doc, "strengths or going_well", good_news, "{{ w.nothing_going_well }}")

    tag(doc, "if better")
    para(doc, "{{ w.getting_better }}", style="Heading 1")
    _labelled(doc, "{{ w.better_than_last_time }}", "{{ w.level_items | fill(items=better) }}")
    tag(doc, "endif")

    para(doc, "{{ w.worried }}", style="Heading 1")

    def worry() -> None:
        bold_lead(doc, "{{ w.worry_name | fill(name=worry.name) }}",
                  " {% for lv in worry.levels %}{{ w.worry_level | fill(words=lv.words, children=lv.children) }} {% endfor %}"
                  "{% if worry.worse %}{{ w.worse_than_last_time }} {% endif %}{{ worry.about }}")
        _labelled(doc, "{{ w.what_we_found }}", "{{ worry.noticed }}", shown_if="worry.noticed")
        _labelled(doc, "{{ w.why_it_matters }}", "{{ worry.why }}", shown_if="worry.why")

    list_or(doc, "worry in worries", worry, "{{ w.nothing_worried }}")
    _labelled(doc, "{{ extra_help_words }}:", "{{ w.extra_help | fill(items=extra_help) }}", shown_if="extra_help")

    para(doc, "{{ w.what_needs_to_happen }}", style="Heading 1")

    def action() -> None:
        _labelled(doc, "{{ a.about }}:", "{{ a.what }}")
        paragraph = bold_lead(doc, "{{ w.who }}", " {% if a.helper %}{{ w.who_with_help | fill(who=a.who, helper=a.helper) }}"
                                                   "{% else %}{{ w.who_is | fill(who=a.who) }}{% endif %} ")
        paragraph.add_run("{% if a.past_due %}{{ w.was_due }}{% else %}{{ w.by_when }}{% endif %}").bold = True
        paragraph.add_run(" {% if a.past_due %}{{ w.was_due_date | fill(date=a.by_when) }}{% else %}{{ w.by_when_date | fill(date=a.by_when) }}{% endif %}")
        _labelled(doc, "{{ w.how_we_will_know }}", "{{ a.success }}")

    list_or(doc, "a in actions", action, "{{ w.next_steps }}")
    _labelled(doc, "{{ w.already_done }}", "{% for a in done %}{{ a.what }}{% if not loop.last %} {% endif %}{% endfor %}", shown_if="done")

    para(doc, "{{ w.look_again }}", style="Heading 1")
    para(doc, "{% if next_review %}{{ w.look_again_on | fill(date=next_review) }}{% else %}{{ w.look_again_to_agree }}{% endif %}"
              "{% for m in meetings %} {{ w.meeting | fill(date=m.date, time=m.time, place=m.place) }}{% endfor %}")

    tag(doc, "if your_view")
    para(doc, "{{ w.what_you_told_us }}", style="Heading 1")
    para(doc, "“{{ your_view }}”").runs[0].italic = True
    tag(doc, "endif")

    para(doc, "{{ w.who_to_call }}", style="Heading 1")
    paragraph = para(doc, "{% if contact.phone %}{{ w.call_on | fill(name=contact.name) }} ")
    paragraph.add_run("{{ contact.phone }}").bold = True
    paragraph.add_run(".{% else %}{{ w.call | fill(name=contact.name) }}{% endif %}{% if office_phone %} {{ w.office | fill(worker=worker.first_name) }} ")
    paragraph.add_run("{{ office_phone }}").bold = True
    paragraph.add_run(".{% endif %} {{ w.wrong | fill(worker=worker.first_name) }}")
    return doc
