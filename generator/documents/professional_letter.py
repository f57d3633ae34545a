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
    person_entry,
    plan_for,
    staff_entry,
)
from generator.model import Child, InformationRequest
from generator.wording import Words, fill

NAME = "professional-letter"
TITLE = "Request for information"


def _about(children: list[dict[str, Any]], adults: list[dict[str, Any]], words: Words) -> str:
    """Who the request asks about, the children already being named at the top of the letter."""
    parts = []
    if children:
        parts.append(words["about_children" if len(children) > 1 else "about_child"])
    parts += [fill(words["about_adult"], name=a["name"], role=a["role"]) for a in adults]
    return join_names(parts, words)


# (has email, has phone) -> the wording of how to reply.
REPLY_WAYS = {
    (False, False): "send_by_post",
    (True, False): "send_by_email_or_post",
    (False, True): "send_by_post_or_phone",
    (True, True): "send_by_email_post_or_phone",
}


def _reply_how(worker: dict[str, str], words: Words) -> str:
    """How to send the information: by email where the worker has one, by post, by phone where they have one."""
    key = REPLY_WAYS[(bool(worker["email"]), bool(worker["phone"]))]
    return fill(words[key], email=worker["email"], name=worker["name"], phone=worker["phone"])


def _letter(inputs: Inputs, request: InformationRequest) -> dict[str, Any]:
    case = inputs.case
    context = base_context(inputs, NAME, request.date or inputs.today)
    words = context["w"]
    # Only the children this professional works with are named, even where the request is about more.
    allowed = {c.id for c in disclosure.letter_children(case, request.to)}
    about_children = [c for c in context["children"] if c["id"] in request.about and c["id"] in allowed]
    # A request about the adults alone is still made because of the children: name theirs.
    children = about_children or [c for c in context["children"] if c["id"] in allowed]
    adults = [person_entry(case, pid, words) for pid in request.about if not isinstance(case.person(pid), Child)]
    consent = person_entry(case, request.consent_from, words) if request.basis == "consent" and request.consent_from else None
    names = join_names([c["name"] for c in children], words)
    # The letter's "Contact" line and its reply instructions name the worker on the request.
    worker = staff_entry(case.person(request.contact), case.case.team)
    context.update(
        recipient=person_entry(case, request.to, words),
        key_worker=worker,
        reply_how=_reply_how(worker, words),
        children=children,
        children_full_names=names,
        several_children=len(children) > 1,
        child_or_children=words["several_children" if len(children) > 1 else "one_child"],
        home_address_line=", ".join(context["home_address"]),
        about=_about(about_children, adults, words),
        statutory=request.basis == "statutory",
        consent_name=consent["name"] if consent else "",
        consent_role=consent["role"] if consent else "",
        specific_request=request.specific_request or "",
        reply_by=inputs.date(request.reply_by),
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
