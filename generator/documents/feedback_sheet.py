"""Feedback sheet: one per family member, to fill in by hand and send back.

The questions live here, as data, so that both formats ask exactly the same ones in the same order.
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

NAME = "feedback-sheet"
TITLE = "Feedback sheet"

YES_NO_QUESTIONS = (
    "Were the aims of the work, and the reasons for it, made clear to you?",
    "Was it made clear to you what your worker's job was?",
    "Were you able to talk about the things that mattered to you?",
    "Did your worker keep you up to date with how things were going?",
    "Were you included when decisions were made?",
)
RATING_QUESTIONS = (
    "How easy your worker was to approach",
    "How reliable your worker was",
    "How accurate our assessments and the information we shared were",
    "How well we respected your culture and religion",
    "How well we understood each child's own needs",
)
SCALE = ("1", "2", "3", "4", "5")
SCALE_LOW, SCALE_HIGH = "Poor", "Excellent"
HELPFULNESS = ("Very unhelpful", "Unhelpful", "Made no difference", "Helpful", "Very helpful")
COMMENT_PROMPTS = (
    "What helped you most, and what helped least?",
    "How could we make the service better?",
)


def plan(inputs: Inputs) -> list[DocumentPlan]:
    case = inputs.case
    # Sent when the work ends, so it carries the closure date when there is one.
    sent = case.closure.date if case.closure else inputs.today
    settings = inputs.settings
    organisation = settings.organisation
    # The sheet rates the worker, so it goes back to someone else: never to the worker's own address.
    return_lines = [settings.feedback_return_to, *(settings.feedback_address or [organisation.name, *organisation.address])]
    plans = []
    for member in case.family:
        context = base_context(inputs, NAME, sent)
        linked = set(member.children)
        children = [c for c in context["children"] if c["id"] in linked] or context["children"]
        context.update(
            recipient=person_entry(case, member.id, inputs.wording(NAME)),
            children=children,
            children_names=join_names([c["first_name"] for c in children]),
            yes_no_questions=list(YES_NO_QUESTIONS),
            rating_questions=list(RATING_QUESTIONS),
            scale=list(SCALE),
            scale_low=SCALE_LOW,
            scale_high=SCALE_HIGH,
            scale_meaning=f"{SCALE[0]} means {SCALE_LOW.lower()} and {SCALE[-1]} means {SCALE_HIGH.lower()}",
            helpfulness=list(HELPFULNESS),
            comment_prompts=list(COMMENT_PROMPTS),
            return_address=", ".join(line for line in return_lines if line),
            return_email=settings.feedback_email or organisation.email,
            return_to=settings.feedback_return_to,
        )
        plans.append(
            plan_for(NAME, TITLE, context, member.id, recipient=member.id)
        )
    return plans
