"""Word template for the family-friendly copy (same wording as templates/html/family-copy.html).

Larger type and more space than the other documents: it is written for a parent who finds reading hard.
"""

from docx.shared import Pt

from scripts.docx_templates.common import (
    bold_lead,
    if_else,
    list_or,
    para,
    tag,
    titled_document,
)

NAME = "family-copy"
BODY = 13


def _bigger_type(doc) -> None:
    styles = doc.styles
    for name, size in (("Title", 20), ("Heading 1", 16), ("Heading 2", 14)):
        styles[name].font.size = Pt(size)
        styles[name].paragraph_format.space_before = Pt(14 if name == "Heading 1" else 8)
        styles[name].paragraph_format.space_after = Pt(6)
    normal = styles["Normal"].paragraph_format
    normal.space_after = Pt(8)
    normal.line_spacing = 1.3
    styles["List Bullet"].font.size = Pt(BODY)


def _labelled(doc, label: str, value: str, shown_if: str | None = None) -> None:
    """The label in bold before the value; with shown_if, only when that holds."""
    if shown_if:
        tag(doc, f"if {shown_if}")
    bold_lead(doc, label, f" {value}")
    if shown_if:
        tag(doc, "endif")


def _bullets(doc, items: str) -> None:
    tag(doc, f"for x in {items}")
    paragraph = para(doc, style="List Bullet")
    paragraph.add_run("{{ x.name }}").bold = True
    paragraph.add_run("{% if x.children %} – {{ x.children }}{% endif %}.")
    tag(doc, "endfor")


def _headed_bullets(doc, heading: str, items: str) -> None:
    """A Heading 2 over the bulleted list, both left out when the list is empty."""
    tag(doc, f"if {items}")
    para(doc, heading, style="Heading 2")
    _bullets(doc, items)
    tag(doc, "endif")


def build():
    doc = titled_document("How things are going for {{ children_names }}", body_size=BODY)
    _bigger_type(doc)
    para(doc, "This is your own copy, {{ reader.first_name }}.")
    para(doc, "{% if with_reader %}You and {{ worker.name }} talked about how things are at home on {{ assessment_date }}."
              "{% else %}{{ worker.name }} looked at how things are at home on {{ assessment_date }}.{% endif %} "
              "{{ worker.first_name }} is the {{ worker.role }} who works with your family.")
    para(doc, "This copy says what is going well. It says what we are worried about, and why. "
              "It says what needs to happen next, and who will help.")
    para(doc, "If any of it is hard to read, ask {{ worker.first_name }} to go through it with you.")

    para(doc, "What is going well", style="Heading 1")

    def good_news() -> None:
        tag(doc, "for s in strengths")
        para(doc, "{{ s }}", style="List Bullet")
        tag(doc, "endfor")
        _headed_bullets(doc, "Better than last time", "better")
        _headed_bullets(doc, "{{ going_well_words }}", "going_well")

    if_else(doc, "has_good_news", good_news, "We will talk with you about what is going well.")

    para(doc, "What we are worried about", style="Heading 1")

    def worry() -> None:
        para(doc, "{{ w.name }}", style="Heading 2")
        tag(doc, "for lv in w.levels")
        bold_lead(doc, "{{ lv.words }}", " about {{ lv.children }}.")
        tag(doc, "endfor")
        tag(doc, "if w.worse")
        para(doc, "This is more of a worry than last time.")
        tag(doc, "endif")
        _labelled(doc, "What this is about:", "{{ w.about }}")
        _labelled(doc, "What we found:", "{{ w.noticed }}", shown_if="w.noticed")
        _labelled(doc, "Why it matters:", "{{ w.why }}", shown_if="w.why")

    list_or(doc, "w in worries", worry, "There is nothing we are very worried about right now.")

    tag(doc, "if extra_help")
    para(doc, "{{ extra_help_words }}", style="Heading 1")
    para(doc, "These things are mostly fine. A bit more help would make them better.")
    _bullets(doc, "extra_help")
    tag(doc, "endif")

    para(doc, "What needs to happen", style="Heading 1")

    def action() -> None:
        para(doc, "{{ a.about }}", style="Heading 2")
        _labelled(doc, "What:", "{{ a.what }}")
        _labelled(doc, "Who will do it:", "{{ a.who }}")
        _labelled(doc, "Who will help:", "{{ a.helper }}", shown_if="a.helper")
        tag(doc, "if a.done")
        _labelled(doc, "Done:", "this has been done.")
        tag(doc, "elif a.past_due")
        _labelled(doc, "It was due by:", "{{ a.by_when }}. We will talk with you about how it is going.")
        tag(doc, "else")
        _labelled(doc, "By when:", "{{ a.by_when }}")
        tag(doc, "endif")
        _labelled(doc, "How we will know it is working:", "{{ a.success }}")

    list_or(doc, "a in actions", action, "We will agree the next steps with you.")

    para(doc, "When we will look at this again", style="Heading 1")
    para(doc, "{% if next_review %}We plan to look at all of this again with you on {{ next_review }}."
              "{% else %}We will look at all of this again with you, on a date we will agree with you.{% endif %}")
    tag(doc, "for m in meetings")
    para(doc, "You are asked to come to a meeting on {{ m.date }} at {{ m.time }}. It is at {{ m.place }}.")
    tag(doc, "endfor")

    tag(doc, "if your_view")
    para(doc, "What you told us", style="Heading 1")
    para(doc, "“{{ your_view }}”").runs[0].italic = True
    tag(doc, "endif")
    para(doc, "If you think something in this copy is wrong, please tell {{ worker.first_name }}. You can have your say.")

    para(doc, "Who to talk to", style="Heading 1")
    paragraph = para(doc, "Call {{ contact.name }}{% if contact.phone %} on ")
    paragraph.add_run("{{ contact.phone }}").bold = True
    paragraph.add_run("{% endif %}.")
    tag(doc, "if office_phone")
    paragraph = para(doc, "If {{ worker.first_name }} is not there, call ")
    paragraph.add_run("{{ office_phone }}").bold = True
    paragraph.add_run(".")
    tag(doc, "endif")
    return doc
