"""Agreement for a family meeting: the ground rules, with the children's names, signed by everyone there."""

from __future__ import annotations

from generator.documents.common import (
    DocumentPlan,
    Inputs,
    base_context,
    clock_time,
    person_entry,
    plan_for,
)

NAME = "family-meeting-agreement"
TITLE = "Agreement for family meeting"


def plan(inputs: Inputs) -> list[DocumentPlan]:
    case = inputs.case
    agreement = case.family_meeting_agreement
    if agreement is None:
        return []
    meeting = case.meeting(agreement.meeting)
    context = base_context(inputs, NAME, meeting.date)
    words = context["w"]
    context.update(
        meeting={
            "kind": meeting.kind,
            "date": inputs.date(meeting.date),
            "time": clock_time(meeting.time, words),
            "venue": meeting.venue,
            "room": meeting.room or "",
            "chair": person_entry(case, meeting.chair, words)["name"],
        },
        signatories=[person_entry(case, person_id, words)["name"] for person_id in agreement.signatories],
    )
    return [
        plan_for(NAME, TITLE, context, meeting.id, subject=meeting.id)
    ]
