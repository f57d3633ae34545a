"""Word template for the outcome / closure letter (wording in templates/wording/<lang>/closure-letter.toml)."""

from scripts.docx_templates.common import letter_closing, letter_opening, new_document, para, tag

NAME = "closure-letter"


def build():
    doc = new_document()
    letter_opening(doc)
    para(doc, "{{ w.about }} {% for child in children %}{{ child.name }} {{ w.born | fill(date=child.date_of_birth) }}{% if not loop.last %}, {% endif %}{% endfor %}", bold=True)
    para(doc, "{{ w.confirm_finished | fill(team=team, what=concluded_what, whom=with_whom) }}")
    tag(doc, "if for_family")
    para(doc, "{{ w.thanks_family }}")
    tag(doc, "else")
    para(doc, "{{ w.thanks_agency }}")
    tag(doc, "endif")
    tag(doc, "if support_continues")
    para(doc, "{% if support_plan %}{{ w.support_continues_through | fill(plan=support_plan) }}{% else %}{{ w.support_continues }}{% endif %}"
              "{% if enclosed %} {{ w.enclose_help | fill(what=enclosed, whom=with_whom) }}{% endif %}")
    tag(doc, "else")
    tag(doc, "if concluded_assessment")
    para(doc, "{{ w.no_further_action_assessment | fill(what=concluded_what) }}")
    tag(doc, "else")
    para(doc, "{{ w.no_further_action }}")
    tag(doc, "endif")
    tag(doc, "if for_family")
    para(doc, "{{ w.enclose_analysis | fill(assessment=assessment_name, within=reply_within) }}")
    tag(doc, "endif")
    tag(doc, "endif")
    para(doc, "{% if contact_ways %}{{ w.more_information_ways | fill(name=key_worker.name, within=reply_within, ways=contact_ways) }}"
              "{% else %}{{ w.more_information | fill(name=key_worker.name, within=reply_within) }}{% endif %}")
    letter_closing(doc)
    return doc
