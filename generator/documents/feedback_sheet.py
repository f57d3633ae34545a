"""Feedback sheet: one per family member, to fill in by hand and send back.

The questions live in the wording file (templates/wording/<lang>/feedback-sheet.toml), so that both formats
ask exactly the same ones in the same order.
"""

from __future__ import annotations

from generator.documents.common import (
    DocumentPlan,
    Inputs,
    base_context,
    join_names,
    person_entry,
    plan_for,
)
from generator.wording import fill

NAME = "feedback-sheet"
TITLE = "Feedback sheet"

SCALE = ("1", "2", "3", "4", "5")


def plan(inputs: Inputs) -> list[DocumentPlan]:
    case = inputs.case
    # Sent when the work ends, so it carries the closure date when there is one.
    sent = case.closure.date if case.closure else inputs.today
    settings = inputs.settings
    organisation = settings.organisation
    # The sheet rates the worker, so it goes back to someone else: never to the worker's own address.
    return_lines = [settings.feedback_return_to, *(settings.feedback_address or [organisation.name, *organisation.address])]
    words = inputs.wording(NAME)
    plans = []
    for member in case.family:
        context = base_context(inputs, NAME, sent)
        linked = set(member.children)
        children = [c for c in context["children"] if c["id"] in linked] or context["children"]
        context.update(
            recipient=person_entry(case, member.id, words),
            children=children,
            children_names=join_names([c["first_name"] for c in children], words),
            yes_no_questions=[text for _, text in words["yes_no"].items()],
            rating_questions=[text for _, text in words["rating"].items()],
            scale=list(SCALE),
            scale_meaning=fill(words["scale_meaning"], low=words["scale_low"].lower(), high=words["scale_high"].lower()),
            helpfulness=[text for _, text in words["helpfulness"].items()],
            comment_prompts=[text for _, text in words["comments"].items()],
            return_address=", ".join(line for line in return_lines if line),
            return_email=settings.feedback_email or organisation.email,
            goes_to=fill(words["our_team"], team=settings.feedback_return_to) if settings.feedback_return_to else words["our_office"],
        )
        plans.append(
            plan_for(NAME, TITLE, context, member.id, recipient=member.id)
        )
    return plans
