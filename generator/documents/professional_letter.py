"""Letter to a professional asking for information: one per information request, with consent or on a statutory basis."""

from __future__ import annotations

from collections import Counter
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
    staff_entry,
)
from generator.model import Child, InformationRequest

NAME = "professional-letter"
TITLE = "Request for information"
LETTER = True


def _about(children: list[dict[str, Any]], adults: list[dict[str, Any]]) -> str:
    """Who the request asks about, the children already being named at the top of the letter."""
    parts = []
    if children:
        parts.append("the children named above" if len(children) > 1 else "the child named above")
    parts += [f"{a['name']} ({a['role']})" for a in adults]
    return join_names(parts)


def _letter(inputs: Inputs, request: InformationRequest) -> dict[str, Any]:
    case = inputs.case
    context = base_context(inputs, TITLE, request.date or inputs.today)
    # Only the children this professional works with are named, even where the request is about more.
    allowed = {c.id for c in disclosure.letter_children(case, request.to)}
    about_children = [c for c in context["children"] if c["id"] in request.about and c["id"] in allowed]
    # A request about the adults alone is still made because of the children: name theirs.
    children = about_children or [c for c in context["children"] if c["id"] in allowed]
    adults = [person_entry(case, pid) for pid in request.about if not isinstance(case.person(pid), Child)]
    consent = person_entry(case, request.consent_from) if request.basis == "consent" and request.consent_from else None
    names = join_names([c["name"] for c in children])
    context.update(
        recipient=person_entry(case, request.to),
        # The letter's "Contact" line and its reply instructions name the worker on the request.
        key_worker=staff_entry(case.person(request.contact), case.case.team),
        children=children,
        children_full_names=names,
        several_children=len(children) > 1,
        child_or_children="children" if len(children) > 1 else "child",
        home_address_line=", ".join(context["home_address"]),
        about=_about(about_children, adults),
        statutory=request.basis == "statutory",
        consent_name=consent["name"] if consent else "",
        consent_role=consent["role"] if consent else "",
        specific_request=request.specific_request or "",
        reply_by=long_date(request.reply_by),
    )
    return context


def plan(inputs: Inputs) -> list[DocumentPlan]:
    requests = inputs.case.information_requests
    # One professional asked twice gets two letters, numbered so that neither overwrites the other.
    asked = Counter(r.to for r in requests)
    seen: Counter[str] = Counter()
    plans = []
    for request in requests:
        seen[request.to] += 1
        number = str(seen[request.to]) if asked[request.to] > 1 else ""
        plans.append(
            plan_for(NAME, TITLE, _letter(inputs, request), request.to, number, recipient=request.to)
        )
    return plans
