"""Family-friendly copy of the latest assessment: one for each family member with parental responsibility.

Written for a parent who finds reading hard: the children's names, short sentences, everyday words, the
levels in the toolkit's family words. What the reader may see is decided by generator.disclosure before
anything is built, so no template can show what it was not given:

- the copy covers only the reader's own children;
- a note the reader may not see is left out, but never its item: the worry stays, at its level, with the
  toolkit's own plain description of what the item is about;
- strengths tied to an item whose notes are left out go with the notes (they are the practitioner's
  notes on that item);
- a plan action for such an item is kept only in the copy of the person who is to carry it out: it is
  their own task and they cannot do it without being told (Marcus's alcohol service in the reference
  case); everyone else's copy leaves it out;
- the only views quoted are the reader's own: another parent's words may be about the reader (they are
  theirs to share), and young people ask that what they tell a worker is not passed to their parents
  without them;
- the practitioner's analysis is written for professionals, so it stays in the summary sheet;
- no past date is presented as still to come: an action past its date says so, and the next review is
  given only when the case says when it is and it is still ahead.
"""

from __future__ import annotations

import re
from typing import Any

from generator import compute, disclosure
from generator.plain import plain_words
from generator.documents.common import (
    DocumentPlan,
    Inputs,
    base_context,
    clock_time,
    join_names,
    lower_first,
    plan_for,
)
from generator.render import ImageRef
from generator.model import Assessment, Case, FamilyMember, Meeting
from generator.wording import Words, fill

NAME = "family-copy"
SLIM_LOGO_MM = 26
TITLE = "Your copy of the family assessment"


def plan(inputs: Inputs) -> list[DocumentPlan]:
    case = inputs.case
    assessment = compute.latest(case)
    if assessment is None:
        return []
    plans = []
    for reader in disclosure.family_readers(case):
        plans.append(
            plan_for(NAME, TITLE, context(inputs, assessment, reader), reader.id, recipient=reader.id, subject=assessment.id)
        )
    return plans


def first_name(name: str) -> str:
    return name.split()[0]


def context(inputs: Inputs, assessment: Assessment, reader: FamilyMember) -> dict[str, Any]:
    case, toolkit = inputs.case, inputs.toolkit
    children = disclosure.family_children(case, reader)
    child_ids = [c.id for c in children]
    names = {c.id: c.first_name for c in children}
    hidden = disclosure.notes_left_out(assessment, reader.id)
    shown = list(toolkit.items.values())
    earlier = compute.history(case, assessment.id)
    since_last = compute.changes(earlier, toolkit, child_ids).since_previous

    def who_has(code: str, wanted) -> list[str]:
        return [c for c in child_ids if wanted(compute.level_of(assessment, code, c))]

    words = inputs.wording(NAME)

    def grouped(pairs) -> list[dict[str, str]]:
        """Items for the same children in one sentence, not one bullet each."""
        return _grouped(pairs, names, several=len(children) > 1, words=words)

    # The lowest level is going well, the priority levels are worries, any in between want extra help:
    # as many levels as the toolkit has, each item in one group per child.
    lowest = toolkit.level_values[0]
    between = tuple(v for v in toolkit.level_values[1:] if v not in toolkit.priority_levels)
    going_well = grouped((item, ids) for item in shown if (ids := who_has(item.code, lambda lv: lv == lowest)))
    better_pairs = []
    worse_codes = set()
    if since_last is not None:
        for item in shown:
            ids = [c.child_id for c in since_last.items if c.item.code == item.code and c.direction == compute.BETTER]
            if ids:
                better_pairs.append((item, ids))
            if any(c.item.code == item.code and c.direction == compute.WORSE for c in since_last.items):
                worse_codes.add(item.code)
    better = grouped(better_pairs)

    worries = []
    for item in shown:
        groups = [(lv, who_has(item.code, lambda v, lv=lv: v == lv.value)) for lv in reversed(toolkit.levels) if lv.value in toolkit.priority_levels]
        groups = [(lv, ids) for lv, ids in groups if ids]
        if not groups:
            continue
        rating = assessment.ratings[item.code]
        note = item.code not in hidden
        worries.append(
            {
                "name": item.family_name,
                "levels": [{"words": lv.family_words, "children": join_names([names[c] for c in ids], words)} for lv, ids in groups],
                "worse": item.code in worse_codes,
                "about": fill(words["about"], description=lower_first(item.description)),
                "noticed": (rating.evidence or "") if note else "",
                "why": (rating.impact_on_child or "") if note else "",
            }
        )
    extra_help = grouped((item, ids) for item in shown if (ids := who_has(item.code, lambda lv: lv in between)))

    reader_first = first_name(reader.name)
    own = lambda text: disclosure.names_only_the_readers_own(case, reader, text)  # noqa: E731
    strengths = [to_reader(s.text, reader_first) for s in assessment.strengths if s.item not in hidden and own(s.text)]
    key_worker = case.person(case.case.key_worker)
    # Even the reader's own words stay out when they name another adult: the copy is read at home.
    view = next((v.text for v in assessment.parent_views if v.person == reader.id and _names_no_adult(case, reader, v.text)), "")
    review = assessment.next_review if assessment.next_review and assessment.next_review > inputs.today else None

    actions = _actions(inputs, assessment, reader, child_ids, hidden, words)
    worker_role = plain_words(inputs.language).role(key_worker.role)  # "social worker", "gweithiwr cymdeithasol"
    ctx = base_context(inputs, NAME, assessment.date)
    logo = inputs.settings.organisation.logo
    ctx["organisation"]["logo"] = ImageRef(logo, SLIM_LOGO_MM, fill(words["logo_alt"], organisation=inputs.settings.organisation.name)) if logo else None
    ctx.update(
        children=[c for c in ctx["children"] if c["id"] in reader.children],
        children_names=join_names([c.first_name for c in children], words),
        reader={"name": reader.name, "first_name": first_name(reader.name)},
        assessment_date=inputs.date(assessment.date),
        worker={"name": key_worker.name, "first_name": first_name(key_worker.name), "role": worker_role},
        with_reader=reader.id in assessment.completed_with,
        strengths=strengths,
        going_well=going_well,
        better=better,
        worries=worries,
        extra_help=extra_help,
        going_well_words=toolkit.levels[0].family_words,
        extra_help_words=toolkit.level(between[0]).family_words if between else "",
        actions=[a for a in actions if not a["done"]],
        done=[a for a in actions if a["done"]],
        several_children=len(children) > 1,
        next_review=inputs.date(review),
        meetings=_meetings(inputs, reader, words),
        contact={"name": key_worker.name, "role": worker_role, "phone": key_worker.phone or ""},
        office_phone=inputs.settings.organisation.phone,
        your_view=view,
    )
    return ctx


def _actions(inputs: Inputs, assessment: Assessment, reader: FamilyMember, child_ids: list[str], hidden: frozenset[str], words: Words) -> list[dict[str, Any]]:
    case, toolkit, today = inputs.case, inputs.toolkit, inputs.today
    roles = plain_words(inputs.language)
    out = []
    for action in case.plan:
        item = toolkit.items.get(action.need)
        if action.need in hidden and action.who != reader.id:
            continue
        if not disclosure.names_only_the_readers_own(case, reader, f"{action.action} {action.success_looks_like}"):
            continue  # it names a child who is not the reader's, or the other household
        if item is not None and not any(compute.is_level(compute.level_of(assessment, item.code, c)) for c in child_ids):
            continue  # about a child this reader is not linked to
        out.append(
            {
                "about": item.family_name if item else action.need,
                "what": to_reader(action.action, first_name(reader.name)) if action.who == reader.id else action.action,
                "who": words["you"] if action.who == reader.id else _plain_name(case, action.who, roles),
                "helper": _plain_name(case, action.support, roles) if action.support in case.people else (action.support or ""),
                "by_when": inputs.date(action.by_when),
                "done": action.status == "done",
                "past_due": action.status != "done" and action.by_when < today,
                "success": action.success_looks_like,
            }
        )
    return out


def _plain_name(case: Case, person_id: str, roles) -> str:
    """Kayleigh O'Neill; Claire Forbes, health visitor: a role in everyday words, never an agency's own name."""
    person = case.person(person_id)
    if isinstance(person, FamilyMember):
        return person.name
    role = getattr(person, "role", "")
    return f"{person.name}, {roles.role(role)}" if role else person.name


def _names_no_adult(case: Case, reader: FamilyMember, text: str) -> bool:
    return not any(re.search(rf"\b{re.escape(m.name.split()[0])}\b", text) for m in case.family if m.id != reader.id)


def _grouped(pairs, names: dict[str, str], several: bool, words: Words) -> str:
    """Items at one level in one sentence; a child's name only where the item is not about all of them:
    'food and meals; the home; safe sleep for babies (Jayden)'."""
    pairs = list(pairs)
    everyone = set(names)
    parts = []
    for item, ids in pairs:
        name = lower_first(item.family_name) if parts else item.family_name
        parts.append(f"{name} ({join_names([names[c] for c in ids], words)})" if several and set(ids) != everyone else name)
    return "; ".join(parts)


# What a practitioner wrote about the reader, said to the reader: "Kayleigh has kept" -> "You have kept".
_TO_READER = (
    (r"\b{name} has\b", "you have"),
    (r"\b{name} is\b", "you are"),
    (r"\b{name} was\b", "you were"),
    (r"\b{name} to\b", "you will"),
    (r"\b{name}'s\b", "your"),
)


def to_reader(text: str, name: str) -> str:
    """Practitioner text about the reader turned to "you" where the wording makes it plain; otherwise left as written."""
    for pattern, words in _TO_READER:
        text = re.sub(pattern.format(name=re.escape(name)), words, text)
    # A sentence that now opens with "you" opens with a capital.
    return re.sub(r"(^|[.!?]\s+)(you|your)\b", lambda m: m.group(1) + m.group(2).capitalize(), text)


def _meetings(inputs: Inputs, reader: FamilyMember, words: Words) -> list[dict[str, str]]:
    """Meetings still to come that this reader is invited to: when and where, in plain words.

    The meeting's kind and purpose are professional wording (and may name a withheld worry), so
    only the date, time and place are given.
    """
    case, today = inputs.case, inputs.today
    upcoming: list[Meeting] = [m for m in case.meetings if m.date >= today and any(i.person == reader.id for i in m.invitees)]
    return [
        {"date": inputs.date(m.date), "time": clock_time(m.time, words), "place": m.venue + (f", {m.room}" if m.room else "")}
        for m in sorted(upcoming, key=lambda m: (m.date, m.time))
    ]
