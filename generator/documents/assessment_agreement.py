"""Agreement for assessment: one form per family member with parental responsibility, ready to sign."""

from __future__ import annotations

from generator import disclosure
from generator.documents.common import (
    DocumentPlan,
    Inputs,
    base_context,
    join_names,
    lower_first,
    person_entry,
    plan_for,
)

NAME = "assessment-agreement"
TITLE = "Agreement for assessment"


def plan(inputs: Inputs) -> list[DocumentPlan]:
    case = inputs.case
    baseline = case.baseline
    words = inputs.wording(NAME)
    areas = join_names([lower_first(area.name) for area in inputs.toolkit.areas], words)
    plans = []
    for member in case.family:
        if not member.parental_responsibility:
            continue
        context = base_context(inputs, NAME, inputs.today)
        # A parent agrees for their own children; with none named, for every child in the case.
        linked = set(member.children)
        if linked:
            context["children"] = [c for c in context["children"] if c["id"] in linked]
        children = context["children"]
        context.update(
            recipient=person_entry(case, member.id, words),
            children_names=join_names([c["first_name"] for c in children], words),
            several_children=len(children) > 1,
            child_or_children=words["your_children" if len(children) > 1 else "your_child"],
            toolkit_name=inputs.toolkit.name,
            areas=areas,
            started=inputs.date(baseline.date) if baseline else "",
            professionals=_professionals(case, {c["id"] for c in children}),
        )
        plans.append(
            plan_for(NAME, TITLE, context, member.id, recipient=member.id)
        )
    return plans


def _professionals(case, child_ids: set[str]) -> list[str]:
    """Only the professionals who work with this parent's children: a list of every agency would tell a
    parent where a child who is not theirs goes to school."""
    return [
        ", ".join(part for part in (p.name, p.role, p.agency) if part)
        for p in case.professionals
        if child_ids & {c.id for c in disclosure.professional_children(case, p)}
    ]
