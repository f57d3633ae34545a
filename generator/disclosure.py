"""Who sees what: the one place that decides which notes, children and enclosures reach each reader.

Every document's context builder asks here before it builds anything, so a template is only ever given
what its reader may see. When in doubt, leave it out:

- a family copy covers only the children its reader is linked to;
- a note marked `share_with_family: false` reaches no family reader;
- a note with a `withhold_from` or a `share_with` list is restricted: it reaches only the family readers
  named in `share_with` (and never one in `withhold_from`), none when there is none. A copy sent to one
  adult is read by the others in that home, so what one adult disclosed about another goes no further
  than the practitioner chose;
- a note left out of a copy never takes its item with it: the worry stays, at its level, in the
  toolkit's own plain words;
- a letter to a professional names only the children that professional works with;
- a letter encloses a meeting's notes only for people invited to that meeting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.model import Assessment, Case, Child, FamilyMember, Meeting, Professional, Rating

# Document fields the rules above keep from family readers: the practitioner's own working (every note of
# every item, unfiltered; the analysis; the guidance's prompts and the checks on the ratings; supervision),
# what the family copies leave out, and the views of everyone in the family. They are in the summary
# sheet's data only; a template whose documents go to a family member may not use them
# (`casepack templates check` reports one that does).
PRACTITIONER_ONLY = frozenset({
    "priorities", "family_notes", "analysis", "prompts", "warnings", "supervision", "parent_views", "child_views",
})


def note_reaches_family(rating: Rating, reader_id: str) -> bool:
    """Whether this rating's notes (evidence, impact, tied strengths and actions) may be in this family reader's copy."""
    if not rating.share_with_family:
        return False
    if rating.restricted:
        return reader_id in rating.share_with and reader_id not in rating.withhold_from
    return True


def notes_left_out(assessment: Assessment, reader_id: str) -> frozenset[str]:
    """Item codes whose notes stay out of this family reader's copy (the items themselves stay in)."""
    return frozenset(code for code, rating in assessment.ratings.items() if not note_reaches_family(rating, reader_id))


def family_readers(case: Case) -> tuple[FamilyMember, ...]:
    """Who gets a family copy: each family member with parental responsibility who is linked to a child."""
    return tuple(m for m in case.family if m.parental_responsibility and m.children)


def family_children(case: Case, reader: FamilyMember) -> tuple[Child, ...]:
    """The children a family reader's copy is about: their own."""
    return tuple(c for c in case.children if c.id in reader.children)


def names_only_the_readers_own(case: Case, reader: FamilyMember, text: str) -> bool:
    """Whether free text may go into this family reader's copy: it names no child who is not theirs, and no
    adult of the family who lives apart from them (a strength about the other household, say).

    Practitioners write about the whole family; a copy is read in one home. Text that names someone outside
    the reader's part of the family is left out rather than guessed at.
    """
    others = [c.first_name for c in case.children if c.id not in reader.children]
    others += [m.name.split()[0] for m in case.family if m.id != reader.id and not shares_home(reader, m)]
    return not any(re.search(rf"\b{re.escape(name)}\b", text) for name in others if name)


def professional_children(case: Case, professional: Professional) -> tuple[Child, ...]:
    """The children a professional works with: their `children` list; for a school, its pupils; otherwise all."""
    if professional.children:
        return tuple(c for c in case.children if c.id in professional.children)
    pupils = tuple(c for c in case.children if c.school and c.school.strip().casefold() == professional.agency.strip().casefold())
    return pupils or case.children


def letter_children(case: Case, person_id: str) -> tuple[Child, ...]:
    """The children a letter to this person may name."""
    person = case.person(person_id)
    if isinstance(person, Professional):
        return professional_children(case, person)
    if isinstance(person, FamilyMember) and person.children:
        return family_children(case, person)
    return case.children


def invited(meeting: Meeting, person_id: str) -> bool:
    return any(i.person == person_id for i in meeting.invitees)


def encloses_meeting_notes(meeting: Meeting | None, person_id: str) -> bool:
    """A meeting's notes go only to the people invited to it."""
    return meeting is not None and invited(meeting, person_id)


def shares_home(a: FamilyMember, b: FamilyMember) -> bool:
    """Two adults who read each other's post: both live with the children, or at the same address."""
    if a.lives_with_children and b.lives_with_children:
        return True
    return a.address is not None and a.address == b.address


# -- what the practitioner is shown of these decisions -----------------------------------------------


@dataclass(frozen=True)
class LeftOut:
    """The notes of one assessment that one family reader's copy leaves out."""

    reader: str
    assessment: str
    items: tuple[str, ...]


def left_out(case: Case) -> tuple[LeftOut, ...]:
    """For every family reader and assessment, the item codes whose notes their copy leaves out.

    Only items rated for at least one of the reader's children count: an item about no child of theirs
    is not in their copy at all.
    """
    out = []
    for reader in family_readers(case):
        for assessment in sorted(case.assessments, key=lambda a: a.date):
            codes = tuple(
                sorted(
                    (code for code in notes_left_out(assessment, reader.id) if _has_notes(assessment.ratings[code]) and _rated_for(assessment.ratings[code], reader.children)),
                    key=_code_order,
                )
            )
            if codes:
                out.append(LeftOut(reader.id, assessment.id, codes))
    return tuple(out)


def unseen_by(case: Case, rating: Rating) -> tuple[FamilyMember, ...]:
    """The family readers whose copy would cover this item but leaves its notes out."""
    return tuple(
        r for r in family_readers(case) if _rated_for(rating, r.children) and not note_reaches_family(rating, r.id)
    )


@dataclass(frozen=True)
class SharedHomeRisk:
    """A restricted note shared with someone who lives with a person it is withheld from."""

    assessment_index: int
    item: str
    share_with_index: int
    shared_with: str
    withheld_from: str


def shared_home_risks(case: Case) -> Iterator[SharedHomeRisk]:
    family = {m.id: m for m in case.family}
    for a_index, assessment in enumerate(case.assessments):
        for code, rating in assessment.ratings.items():
            for s_index, reader_id in enumerate(rating.share_with):
                reader = family.get(reader_id)
                for withheld_id in rating.withhold_from:
                    withheld = family.get(withheld_id)
                    if reader and withheld and reader.id != withheld.id and shares_home(reader, withheld):
                        yield SharedHomeRisk(a_index, code, s_index, reader.id, withheld.id)


def family_bound_text(case: Case) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Practitioner text that reaches at least one family copy or family invitation, with where it is in the case.

    Family copies are made from the latest assessment; a note counts when some family reader may see it.
    """
    readers = family_readers(case)
    if case.assessments:
        latest = max(range(len(case.assessments)), key=lambda i: (case.assessments[i].date, case.assessments[i].kind != "baseline"))
        assessment = case.assessments[latest]
        for code, rating in assessment.ratings.items():
            if any(note_reaches_family(rating, r.id) for r in readers):
                for field in ("evidence", "impact_on_child"):
                    if getattr(rating, field):
                        yield ("assessments", latest, "ratings", code, field), getattr(rating, field)
        for index, strength in enumerate(assessment.strengths):
            rating = assessment.ratings.get(strength.item) if strength.item else None
            if rating is None or any(note_reaches_family(rating, r.id) for r in readers):
                yield ("assessments", latest, "strengths", index, "text"), strength.text
    for index, action in enumerate(case.plan):
        yield ("plan", index, "action"), action.action
        yield ("plan", index, "success_looks_like"), action.success_looks_like
        if action.support and action.support not in case.people:
            yield ("plan", index, "support"), action.support
    for index, meeting in enumerate(case.meetings):
        if meeting.purpose_family:
            yield ("meetings", index, "purpose_family"), meeting.purpose_family


def _has_notes(rating: Rating) -> bool:
    return bool(rating.evidence or rating.impact_on_child)


def _rated_for(rating: Rating, child_ids) -> bool:
    return any(isinstance(rating.levels.get(c), int) for c in child_ids)


def _code_order(code: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))
