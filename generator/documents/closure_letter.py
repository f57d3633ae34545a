"""Outcome / closure letter: one per recipient, worded for a family member or for an agency."""

from __future__ import annotations

from generator.documents.common import DocumentPlan, Inputs, base_context, file_stem, join_names, person_entry

NAME = "closure-letter"
TITLE = "Outcome letter"


def plan(inputs: Inputs) -> list[DocumentPlan]:
    case = inputs.case
    closure = case.closure
    if closure is None:
        return []
    plans = []
    for recipient_id in closure.recipients:
        recipient = person_entry(case, recipient_id)
        family = recipient["kind"] == "family"
        person = case.person(recipient_id)
        # A parent hears about their own children; an agency hears about every child in the case.
        linked = set(getattr(person, "children", ()) or ()) if family else set()
        context = base_context(inputs, TITLE, closure.date)
        if linked:
            context["children"] = [c for c in context["children"] if c["id"] in linked]
            context["children_names"] = join_names([c["first_name"] for c in context["children"]])
        context.update(
            recipient=recipient,
            for_family=family,
            concluded=closure.concluded,
            concluded_what=closure.assessment_type if closure.concluded == "assessment" and closure.assessment_type else ("assessment" if closure.concluded == "assessment" else "involvement"),
            support_continues=closure.outcome == "support_plan",
            support_plan=closure.support_plan or "",
            assessment_type=closure.assessment_type or "assessment",
            reply_days=str(inputs.settings.reply_days),
        )
        plans.append(
            DocumentPlan(
                document=NAME,
                template=NAME,
                title=TITLE,
                filename=file_stem(NAME, recipient_id),
                context=context,
                recipient=recipient_id,
            )
        )
    return plans
