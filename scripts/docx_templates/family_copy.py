"""Word template for the family-friendly copy (same wording as templates/html/family-copy.html).

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
    para(doc, "How things are going for {{ children_names }}", style="Title")
    _bigger_type(doc)
    para(doc, "This is your own copy, {{ reader.first_name }}. "
              "{% if with_reader %}You and {{ worker.name }} talked about how things are going for {{ children_names }} on {{ assessment_date }}."
              "{% else %}{{ worker.name }} looked at how things are going for {{ children_names }} on {{ assessment_date }}.{% endif %} "
              "{{ worker.first_name }} is the {{ worker.role }} who works with your family. "
              "If any of it is hard to read, ask {{ worker.first_name }} to go through it with you.")

    para(doc, "What is going well", style="Heading 1")

    def good_news() -> None:
        tag(doc, "for s in strengths")
        para(doc, "{{ s }}", style="List Bullet")
        tag(doc, "endfor")
        _labelled(doc, "{{ going_well_words }}:", "{{ going_well }}.", shown_if="going_well")

    if_else(doc, "strengths or going_well", good_news, "We will talk with you about what is going well.")

    tag(doc, "if better")
    para(doc, "What is getting better", style="Heading 1")
    _labelled(doc, "Better than last time:", "{{ better }}.")
    tag(doc, "endif")

    para(doc, "What we are worried about, and why", style="Heading 1")

    def worry() -> None:
        bold_lead(doc, "{{ w.name }}.", " {% for lv in w.levels %}{{ lv.words }} about {{ lv.children }}. {% endfor %}"
                                        "{% if w.worse %}This is more of a worry than last time. {% endif %}{{ w.about }}")
        _labelled(doc, "What we found:", "{{ w.noticed }}", shown_if="w.noticed")
        _labelled(doc, "Why it matters:", "{{ w.why }}", shown_if="w.why")

    list_or(doc, "w in worries", worry, "There is nothing we are very worried about right now.")
    _labelled(doc, "{{ extra_help_words }}:", "{{ extra_help }}. These are mostly fine, and a bit more help would make them better.",
              shown_if="extra_help")

    para(doc, "What needs to happen, and who will help", style="Heading 1")

    def action() -> None:
        _labelled(doc, "{{ a.about }}:", "{{ a.what }}")
        paragraph = bold_lead(doc, "Who:", " {{ a.who }}{% if a.helper %}, with help from {{ a.helper }}{% endif %}. ")
        paragraph.add_run("{% if a.past_due %}It was due by{% else %}By when:{% endif %}").bold = True
        paragraph.add_run(" {{ a.by_when }}{% if a.past_due %}: we will talk with you about how it is going{% endif %}.")
        _labelled(doc, "How we will know it is working:", "{{ a.success }}")

    list_or(doc, "a in actions", action, "We will agree the next steps with you.")
    _labelled(doc, "Already done:", "{% for a in done %}{{ a.what }}{% if not loop.last %} {% endif %}{% endfor %}", shown_if="done")

    para(doc, "When we will look at this again", style="Heading 1")
    para(doc, "{% if next_review %}We plan to look at all of this again with you on {{ next_review }}."
              "{% else %}We will look at all of this again with you, on a date we will agree with you.{% endif %}"
              "{% for m in meetings %} You are asked to come to a meeting on {{ m.date }} at {{ m.time }}, at {{ m.place }}.{% endfor %}")

    tag(doc, "if your_view")
    para(doc, "What you told us", style="Heading 1")
    para(doc, "“{{ your_view }}”").runs[0].italic = True
    tag(doc, "endif")

    para(doc, "Who to call", style="Heading 1")
    paragraph = para(doc, "Call {{ contact.name }}{% if contact.phone %} on ")
    paragraph.add_run("{{ contact.phone }}").bold = True
    paragraph.add_run("{% endif %}.{% if office_phone %} If {{ worker.first_name }} is not there, call ")
    paragraph.add_run("{{ office_phone }}").bold = True
    paragraph.add_run(".{% endif %} If you think something in this copy is wrong, please tell {{ worker.first_name }}. You can have your say.")
    return doc
