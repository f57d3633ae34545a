"""Prompt sheet: one per assessment, the agencies to think of contacting, ticked where contacted, with by whom and when.

A practitioners' record for supervision and audit: it names agencies, people and dates, never what
an agency said. An agency nobody contacted is left blank to fill in by hand, never marked "no".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.agencies import Agency, AgencyList, display_names
from generator.documents.common import (
    DocumentPlan,
    Inputs,
    base_context,
    plan_for,
)
from generator.documents.summary_sheet import assessment_label
from generator.model import Assessment, Case
from generator.wording import Words, fill

NAME = "prompt-sheet"
TITLE = "Prompt sheet"

TICKED, EMPTY = "☑", "☐"
WRITE_IN_ROWS = 2  # blank rows under "Other agencies" for an agency the list does not have
# A check's answer comes with the check (a phone call, usually), unless it is still awaited.
ANSWERED = {"information_shared", "nothing_known"}


@dataclass(frozen=True)
class Contact:
    """One approach to an agency: a letter (information request) or a check without one."""

    agency: Agency | None  # None: the professional's role and agency match nothing on the list
    agency_text: str  # the professional's own agency, shown when the list has no row for it
    date: dt.date | None
    by: str  # a staff id
    replied: dt.date | None
    notes: str


def contacts(case: Case, agencies: AgencyList, inputs: Inputs) -> list[Contact]:
    words = inputs.wording(NAME)
    found = []
    for request in case.information_requests:
        professional = case.person(request.to)
        found.append(
            Contact(
                agency=agencies.match(professional.role, professional.agency),
                agency_text=professional.agency,
                date=request.date,
                by=request.contact,
                replied=request.replied_on,
                notes=fill(words["letter_notes"], name=professional.name, agency=professional.agency, date=inputs.date(request.reply_by)),
            )
        )
    for check in case.agency_checks:
        agency = agencies.find(check.agency)
        outcome = fill(words["check_outcome"], outcome=words["outcomes"][check.outcome]) if check.outcome else ""
        found.append(
            Contact(
                agency=agency,
                agency_text=check.agency,
                date=check.date,
                by=check.by,
                replied=check.date if check.outcome in ANSWERED else None,
                notes=fill(words["check_notes"], outcome=outcome),
            )
        )
    return found


def _row(inputs: Inputs, name: str, contact: Contact | None = None, sub: bool = False, heading: bool = False) -> dict[str, Any]:
    """A row of the table: a group's heading, an agency ticked for one contact, or an agency left blank."""
    name = _shown_names(inputs).get(name, name)
    if contact is None:
        cells = {"by": "", "date": "", "replied": "", "notes": ""}
    else:
        cells = {"by": inputs.case.person(contact.by).name, "date": inputs.date(contact.date), "replied": inputs.date(contact.replied), "notes": contact.notes}
    box = "" if heading else TICKED if contact else EMPTY
    return {"heading": heading, "name": name, "sub": sub, "box": box, **cells}


def _shown_names(inputs: Inputs) -> dict[str, str]:
    """The agency list's names in the case's language (agencies.cy.json beside agencies.json), by English name."""
    return display_names(inputs.settings.agencies_file, inputs.language)


def rows(inputs: Inputs, agencies: AgencyList, shown: list[Contact]) -> list[dict[str, Any]]:
    """The table: each agency in the list's order, one row per contact or one blank row; a group's
    name as a heading only where it holds more than one agency."""
    by_agency: dict[str, list[Contact]] = {}
    for contact in sorted(shown, key=lambda c: (c.date is None, c.date or dt.date.min)):
        by_agency.setdefault(contact.agency.name if contact.agency else "", []).append(contact)
    table = []
    for group in agencies.groups:
        if len(group.agencies) > 1:
            table.append(_row(inputs, group.name, heading=True))
        for agency in group.agencies:
            sub = agency.parent is not None
            table += [_row(inputs, agency.name, c, sub) for c in by_agency.get(agency.name, [])] or [_row(inputs, agency.name, sub=sub)]
    table.append(_row(inputs, inputs.wording(NAME)["other_agencies"], heading=True))
    table += [_row(inputs, c.agency_text, c) for c in by_agency.get("", [])]
    table += [_row(inputs, "") for _ in range(WRITE_IN_ROWS)]
    return table


def _covers(following: Assessment | None, inputs: Inputs, words: Words) -> str:
    if following is None:
        return fill(words["covers_to_date"], date=inputs.date(inputs.today))
    return fill(words["covers_before_next"], assessment=assessment_label(inputs.case, following, words), date=inputs.date(following.date))


def plan(inputs: Inputs) -> list[DocumentPlan]:
    case, agencies = inputs.case, inputs.settings.agencies
    made = contacts(case, agencies, inputs)
    words = inputs.wording(NAME)
    in_order = sorted(case.assessments, key=lambda a: a.date)
    plans = []
    for index, assessment in enumerate(in_order):
        following = in_order[index + 1] if index + 1 < len(in_order) else None
        # Each sheet is the record as it stood for its assessment: what was asked before the next one began.
        shown = [c for c in made if following is None or c.date is None or c.date < following.date]
        context = base_context(inputs, NAME, assessment.date)
        context.update(
            subtitle=words["subtitle"],
            introduction=f"{words['introduction']} {_covers(following, inputs, words)}",
            columns=[text for _, text in words["columns"].items()],
            assessment={"label": assessment_label(case, assessment, words), "date": inputs.date(assessment.date)},
            rows=rows(inputs, agencies, shown),
            signatories=[
                {"role": role, "name": case.person(person_id).name}
                for (_, role), person_id in zip(words["signers"].items(), (assessment.completed_by, case.case.team_manager))
            ],
        )
        plans.append(plan_for(NAME, TITLE, context, assessment.id, subject=assessment.id))
    return plans
