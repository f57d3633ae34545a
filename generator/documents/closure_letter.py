"""Outcome / closure letter: one per recipient, worded for a family member or for an agency."""

from __future__ import annotations

from typing import Any

from generator import disclosure
from generator.documents.common import (
    DocumentPlan,
    Inputs,
    base_context,
    join_names,
    long_date,
    person_entry,
    plan_for,
)
from generator.model import Case, Closure, Meeting

NAME = "closure-letter"
TITLE = "Outcome letter"
LETTER = True


def plan(inputs: Inputs) -> list[DocumentPlan]:
    case = inputs.case
    closure = case.closure
    if closure is None:
        return []
    shared = _outcome(inputs, closure)
    last_meeting = _last_meeting(case, closure)
    plans = []
    for recipient_id in closure.recipients:
        context = base_context(inputs, TITLE, closure.date)
        context.update(shared)
        context.update(_for_recipient(case, recipient_id, context["children"]))
        # A meeting's notes go only to the people invited to it; with no meeting held, the plan goes to all.
        context.update(
            last_meeting=_meeting_entry(last_meeting) if disclosure.encloses_meeting_notes(last_meeting, recipient_id) else None,
            plan_enclosed=last_meeting is None,
        )
        plans.append(
            plan_for(NAME, TITLE, context, recipient_id, recipient=recipient_id)
        )
    return plans


def _outcome(inputs: Inputs, closure: Closure) -> dict[str, Any]:
    """What ended and what happens next: the same for every recipient."""
    key_worker = inputs.case.person(inputs.case.case.key_worker)
    ways = [f"on {key_worker.phone}" if key_worker.phone else "", f"at {key_worker.email}" if key_worker.email else ""]
    days = inputs.settings.reply_days
    assessment_name = closure.assessment_type or "assessment"
    return {
        "concluded_assessment": closure.concluded == "assessment",
        "concluded_what": assessment_name if closure.concluded == "assessment" else "involvement",
        "assessment_name": assessment_name,
        "support_continues": closure.outcome == "support_plan",
        "support_plan": closure.support_plan or "",
        "reply_within": f"{days} working day{'' if days == 1 else 's'}",
        "contact_ways": " or ".join(w for w in ways if w),
    }


def _last_meeting(case: Case, closure: Closure) -> Meeting | None:
    """The most recent meeting held by the closure date: its notes say what support is still available."""
    held = [m for m in case.meetings if m.date <= closure.date]
    return max(held, key=lambda m: (m.date, m.time)) if held else None


def _meeting_entry(meeting: Meeting) -> dict[str, str]:
    return {"kind": meeting.kind, "date": long_date(meeting.date)}


def _for_recipient(case: Case, recipient_id: str, children: list[dict[str, Any]]) -> dict[str, Any]:
    recipient = person_entry(case, recipient_id)
    for_family = recipient["kind"] == "family"
    allowed = {c.id for c in disclosure.letter_children(case, recipient_id)}
    children = [c for c in children if c["id"] in allowed]
    names = join_names([c["first_name"] for c in children])
    return {
        "recipient": recipient,
        "for_family": for_family,
        "children": children,
        "children_names": names,
        "with_whom": f"you and {names}" if for_family else f"{names} and {'their' if len(children) > 1 else 'the'} family",
    }
