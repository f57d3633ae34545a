"""Outcome / closure letter: one per recipient, worded for a family member or for an agency."""

from __future__ import annotations

from typing import Any

from generator import disclosure
from generator.documents.common import (
    DocumentPlan,
    Inputs,
    base_context,
    join_names,
    person_entry,
    plan_for,
)
from generator.model import Case, Closure, Meeting
from generator.wording import Words, fill

NAME = "closure-letter"
TITLE = "Outcome letter"


def plan(inputs: Inputs) -> list[DocumentPlan]:
    case = inputs.case
    closure = case.closure
    if closure is None:
        return []
    shared = _outcome(inputs, closure)
    last_meeting = _last_meeting(case, closure)
    plans = []
    words = inputs.wording(NAME)
    for recipient_id in closure.recipients:
        context = base_context(inputs, NAME, closure.date)
        context.update(shared)
        context.update(_for_recipient(case, recipient_id, context["children"], words))
        # A meeting's notes go only to the people invited to it; with no meeting held, the plan goes to all.
        if disclosure.encloses_meeting_notes(last_meeting, recipient_id):
            enclosed = fill(words["enclosed_meeting_notes"], kind=last_meeting.kind, date=inputs.date(last_meeting.date))
        else:
            enclosed = words["enclosed_support_plan"] if last_meeting is None else ""
        context.update(enclosed=enclosed)
        plans.append(
            plan_for(NAME, context["title"], context, recipient_id, recipient=recipient_id)
        )
    return plans


def _outcome(inputs: Inputs, closure: Closure) -> dict[str, Any]:
    """What ended and what happens next: the same for every recipient."""
    words = inputs.wording(NAME)
    key_worker = inputs.case.person(inputs.case.case.key_worker)
    ways = [
        fill(words["contact_on"], phone=key_worker.phone) if key_worker.phone else "",
        fill(words["contact_at"], email=key_worker.email) if key_worker.email else "",
    ]
    days = inputs.settings.reply_days
    assessment_name = closure.assessment_type or words["assessment"]
    return {
        "concluded_assessment": closure.concluded == "assessment",
        "concluded_what": assessment_name if closure.concluded == "assessment" else words["involvement"],
        "assessment_name": assessment_name,
        "support_continues": closure.outcome == "support_plan",
        "support_plan": closure.support_plan or "",
        "reply_within": fill(words["working_day" if days == 1 else "working_days"], days=days),
        "contact_ways": f" {words['or_word']} ".join(w for w in ways if w),
    }


def _last_meeting(case: Case, closure: Closure) -> Meeting | None:
    """The most recent meeting held by the closure date: its notes say what support is still available."""
    held = [m for m in case.meetings if m.date <= closure.date]
    return max(held, key=lambda m: (m.date, m.time)) if held else None


def _for_recipient(case: Case, recipient_id: str, children: list[dict[str, Any]], words: Words) -> dict[str, Any]:
    recipient = person_entry(case, recipient_id, words)
    for_family = recipient["kind"] == "family"
    allowed = {c.id for c in disclosure.letter_children(case, recipient_id)}
    children = [c for c in children if c["id"] in allowed]
    names = join_names([c["first_name"] for c in children], words)
    if for_family:
        with_whom = fill(words["with_whom_family"], names=names)
    else:
        with_whom = fill(words["with_whom_agency" if len(children) > 1 else "with_whom_agency_one_child"], names=names)
    return {
        "recipient": recipient,
        "for_family": for_family,
        "children": children,
        "children_names": names,
        "with_whom": with_whom,
    }
