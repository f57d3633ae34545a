"""Meeting invitation list: one per meeting, the family and the professionals invited, with who is coming."""

from __future__ import annotations

from typing import Any

from generator.documents.common import (
    DocumentPlan,
    Inputs,
    base_context,
    clock_time,
    day_and_date,
    person_entry,
    plan_for,
)
from generator.wording import Words, fill
from generator.model import Case, Invitee, Meeting

NAME = "invitation-list"
TITLE = "Meeting invitation list"

# The "Attending" column's words, from the wording file.
ATTENDING = {True: "attending_yes", False: "attending_no", None: "attending_unknown"}


def meeting_details(inputs: Inputs, meeting: Meeting, words: Words) -> dict[str, Any]:
    """What every meeting document says about the meeting itself, in the words of the document it is in."""
    chair = person_entry(inputs.case, meeting.chair, words)
    date, time = day_and_date(meeting.date, inputs.language), clock_time(meeting.time, words)
    return {
        "id": meeting.id,
        "kind": meeting.kind,
        "date": date,
        "time": time,
        "when": fill(words["date_at_time"], date=date, time=time),
        "where": ", ".join(part for part in (meeting.venue, meeting.room) if part),
        "venue": meeting.venue,
        "room": meeting.room or "",
        "chair": chair["name"],
        "chair_role": ", ".join(part for part in (chair["role"], chair["organisation"]) if part),
        "purpose": meeting.purpose,
    }


def _row(case: Case, meeting: Meeting, invitee: Invitee, words: Words) -> dict[str, Any]:
    person = person_entry(case, invitee.person, words)
    if person["kind"] in ("staff", "professional"):
        # Staff sit with the professionals, their own team standing as their agency.
        connection = f"{person['role']}, {person['organisation']}"
    elif person["kind"] == "child":
        age = case.child(invitee.person).age_on(meeting.date)
        connection = words["child"] if age is None else fill(words["child_aged"], age=age)
    else:
        connection = person["role"]
    return {
        "id": person["id"],
        "kind": person["kind"],
        "name": person["name"],
        "connection": connection,
        "address": person["address"],
        "contact": [line for line in (person["phone"], person["email"]) if line],
        "notes": invitee.notes or "",
        "attending": words[ATTENDING[invitee.attending]],
    }


def _replies(meeting: Meeting, words: Words) -> str:
    counts = {answer: sum(i.attending is answer for i in meeting.invitees) for answer in ATTENDING}
    key = "replies_count_unknown" if counts[None] else "replies_count"
    return fill(words[key], invited=len(meeting.invitees), yes=counts[True], no=counts[False], unknown=counts[None])


def plan(inputs: Inputs) -> list[DocumentPlan]:
    case = inputs.case
    plans = []
    words = inputs.wording(NAME)
    for meeting in case.meetings:
        family, professionals = [], []
        for invitee in meeting.invitees:
            row = _row(case, meeting, invitee, words)
            # A reader looks for the children with their family, and for staff among the professionals.
            (family if row["kind"] in ("family", "child") else professionals).append(row)
        context = base_context(inputs, NAME, meeting.invited_on or inputs.today)
        context.update(
            meeting=meeting_details(inputs, meeting, words),
            home_address_line=", ".join(context["home_address"]),
            family=family,
            professionals=professionals,
            replies=_replies(meeting, words) if meeting.invitees else "",
        )
        plans.append(
            plan_for(NAME, TITLE, context, meeting.id, subject=meeting.id)
        )
    return plans
