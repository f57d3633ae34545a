"""Meeting invitation letter: one per invitee per meeting, worded for a parent, a child, a professional or a colleague."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from generator import disclosure
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
from generator.plain import data_text
from generator.wording import fill
from generator.model import Case, Meeting, Staff

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


@cache
def _plain_kinds(language: str) -> dict[str, Any]:
    """The plain words for meeting kinds in a language: meeting-kinds.json, or meeting-kinds.cy.json for Welsh."""
    name = "meeting-kinds.json" if language == "en" else f"meeting-kinds.{language}.json"
    return json.loads(data_text(name))


def plain_meeting(meeting: Meeting, others: list[str], language: str = "en") -> dict[str, str]:
    """The meeting's name and purpose in the family's words: never the practitioners' kind or purpose.

    `others` are the first names of children the reader's letter may not name: a purpose_family that
    names one of them gives way to the plain words of its kind.
    """
    kinds = _plain_kinds(language)
    kind = meeting.kind.casefold()
    entry = next((k for k in kinds["kinds"] if any(word in kind for word in k["match"])), kinds["default"])
    purpose = meeting.purpose_family
    if purpose and any(re.search(rf"\b{re.escape(name)}\b", purpose) for name in others):
        purpose = None
    return {"kind": entry["name"], "purpose": purpose or entry["purpose"]}


def _letter(inputs: Inputs, meeting: Meeting, person_id: str) -> dict[str, Any]:
    case = inputs.case
    # The letter carries the day the invitations go out, not the day it happened to be printed.
    context = base_context(inputs, NAME, meeting.invited_on or inputs.today)
    words = context["w"]
    recipient = person_entry(case, person_id, words)
    reader = recipient["kind"]
    allowed = {c.id for c in disclosure.letter_children(case, person_id)}
    others = [c.first_name for c in case.children if c.id not in allowed]
    context["children"] = [c for c in context["children"] if c["id"] in allowed]
    context["several_children"] = len(context["children"]) > 1
    context["children_names"] = join_names([c["first_name"] for c in context["children"]], words)
    # Nobody is sent a letter from, or told to contact, themselves.
    if person_id == case.case.key_worker:
        context["key_worker"] = _colleague(case, meeting, person_id)
    if person_id == _signer_id(inputs):
        context["signatory"] = _colleague(case, meeting, person_id)
    context.update(
        recipient=recipient,
        reader=reader,
        meeting=meeting_details(inputs, meeting, words) | (plain_meeting(meeting, others, inputs.language) if reader in ("family", "child") else {}),
        chairing=person_id == meeting.chair,
        valediction=words["best_wishes" if reader == "child" else "yours_sincerely"],
        confirm_ways=_confirm_ways(context["key_worker"], words),
    )
    return context


def _confirm_ways(worker: dict[str, str], words) -> str:
    """' on 01632 960 123 or at x@example.org': how a professional confirms they will come."""
    phone = fill(words["on_phone"], phone=worker["phone"]) if worker["phone"] else ""
    email = fill(words["or_at_email"], email=worker["email"]) if worker["email"] else ""
    return phone + email


def plan(inputs: Inputs) -> list[DocumentPlan]:
    plans = []
    for meeting in inputs.case.meetings:
        # Someone listed twice for one meeting still gets one letter.
        for person_id in dict.fromkeys(invitee.person for invitee in meeting.invitees):
            plans.append(
                plan_for(NAME, TITLE, _letter(inputs, meeting, person_id), meeting.id, person_id, recipient=person_id, subject=meeting.id)
            )
    return plans
