"""Choosing part of a case's paperwork: only some people's documents, or only some meetings'.

A document is someone's when it is addressed to them (its recipient), and a meeting's when the meeting
is its subject: the meeting's invitation list and agreement, and the invitation letter to each invitee.
When both are chosen, a document must be for one of the people and about one of the meetings.
The web page chooses document by document instead: it lists the plans, and builds those named.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.documents.common import DocumentPlan
from generator.errors import UsageError
from generator.model import Case


def chosen_plans(plans: Iterable[DocumentPlan], recipients: Iterable[str] | None = None, meetings: Iterable[str] | None = None,
                 names: Iterable[str] | None = None) -> list[DocumentPlan]:
    """The plans for the chosen recipients and meetings, and of the chosen names (DocumentPlan.filename,
    unique within a case); None chooses everything."""
    people = None if recipients is None else set(recipients)
    subjects = None if meetings is None else set(meetings)
    named = None if names is None else set(names)
    return [plan for plan in plans
            if (people is None or plan.recipient in people) and (subjects is None or plan.subject in subjects)
            and (named is None or plan.filename in named)]  # fmt: skip


def check_choices(cases: Iterable[Case], recipients: Iterable[str] | None = None, meetings: Iterable[str] | None = None) -> None:
    """Raises UsageError for a chosen id that is no person (or no meeting) of any of the cases, listing
    the ids there are. With no cases to go by (none was valid) nothing is checked."""
    cases = list(cases)
    if not cases:
        return
    problems = []
    for chosen, what, known in (
        (recipients, "person", sorted({person for case in cases for person in case.people})),
        (meetings, "meeting", sorted({meeting.id for case in cases for meeting in case.meetings})),
    ):
        unknown = [value for value in dict.fromkeys(chosen or ()) if value not in known]
        if unknown:
            ids = ", ".join(known) if known else "none"
            problems.append(f"{', '.join(repr(u) for u in unknown)} {'is not the id of any' if len(unknown) == 1 else 'are not ids of any'} {what} in the case{'s' if len(cases) > 1 else ''}; "
                            f"the {what} ids are: {ids}")
    if problems:
        raise UsageError("; and ".join(problems))
