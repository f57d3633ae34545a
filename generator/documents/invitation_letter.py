"""Meeting invitation letter: one per invitee per meeting, worded for a parent, a child, a professional or a colleague."""

from __future__ import annotations

from typing import Any

from generator.documents.common import (
    DocumentPlan,
    Inputs,
    base_context,
    join_names,
    person_entry,
    plan_for,
    staff_entry,
)
from generator.documents.invitation_list import meeting_details
from generator.model import Case, FamilyMember, Meeting, Staff

NAME = "invitation-letter"
TITLE = "Invitation to a meeting"


def _signer_id(inputs: Inputs) -> str | None:
    signed_by = inputs.settings.signed_by
    if signed_by == "key_worker":
        return inputs.case.case.key_worker
    if signed_by == "team_manager":
        return inputs.case.case.team_manager
    return None


def _colleague(case: Case, meeting: Meeting, not_id: str) -> dict[str, str]:
    """A member of staff other than the reader: the chair if staff, else the team manager or key worker."""
    for staff_id in (meeting.chair, case.case.team_manager, case.case.key_worker):
        person = case.people.get(staff_id)
        if isinstance(person, Staff) and staff_id != not_id:
            return staff_entry(person, case.case.team)
    return staff_entry(case.person(case.case.key_worker), case.case.team)


def _letter(inputs: Inputs, meeting: Meeting, person_id: str) -> dict[str, Any]:
    case = inputs.case
    context = base_context(inputs, TITLE, inputs.today)
    recipient = person_entry(case, person_id)
    reader = recipient["kind"]
    person = case.person(person_id)
    if reader == "child":
        recipient["salutation"] = f"Dear {person.first_name}"
    # A parent's letter names their own children; everyone else hears about every child in the case.
    linked = set(person.children) if isinstance(person, FamilyMember) else set()
    if linked:
        context["children"] = [c for c in context["children"] if c["id"] in linked]
    context["several_children"] = len(context["children"]) > 1
    context["children_names"] = join_names([c["first_name"] for c in context["children"]])
    # Nobody is sent a letter from, or told to contact, themselves.
    if person_id == case.case.key_worker:
        context["key_worker"] = _colleague(case, meeting, person_id)
    if person_id == _signer_id(inputs):
        context["signatory"] = _colleague(case, meeting, person_id)
    context.update(
        recipient=recipient,
        reader=reader,
        meeting=meeting_details(case, meeting),
        chairing=person_id == meeting.chair,
        valediction="Best wishes," if reader == "child" else "Yours sincerely,",
    )
    return context


def plan(inputs: Inputs) -> list[DocumentPlan]:
    plans = []
    for meeting in inputs.case.meetings:
        # Someone listed twice for one meeting still gets one letter.
        for person_id in dict.fromkeys(invitee.person for invitee in meeting.invitees):
            plans.append(
                plan_for(NAME, TITLE, _letter(inputs, meeting, person_id), meeting.id, person_id, recipient=person_id, subject=meeting.id)
            )
    return plans
