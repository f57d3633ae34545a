"""Co-working agreement: who in the team does which part of the case work, signed by each party."""

from __future__ import annotations

from typing import Any

from generator.documents.common import (
    DocumentPlan,
    Inputs,
    base_context,
    person_entry,
    plan_for,
)
from generator.wording import Words
from generator.model import Case, CoWorkingTask

NAME = "co-working-agreement"
TITLE = "Co-working agreement"


def plan(inputs: Inputs) -> list[DocumentPlan]:
    case = inputs.case
    agreement = case.co_working_agreement
    if agreement is None:
        return []
    context = base_context(inputs, NAME, agreement.date)
    words = context["w"]
    context.update(
        agreed=inputs.date(agreement.date),
        review=inputs.date(agreement.review_date),
        parties=[_named(case, person_id, words) for person_id in agreement.parties],
        team_manager=_named(case, case.case.team_manager, words),
        sections=_sections(case, agreement.tasks, words),
    )
    return [plan_for(NAME, TITLE, context)]


def _named(case: Case, person_id: str, words: Words) -> dict[str, str]:
    person = person_entry(case, person_id, words)
    return {"name": person["name"], "role": person["role"]}


def _reports_to(case: Case, value: str | None, words: Words) -> dict[str, str]:
    # The field holds a person's id or free text such as "Head of Service"; text is shown as typed.
    if value and value in case.people:
        return _named(case, value, words)
    return {"name": value or "", "role": ""}


def _sections(case: Case, tasks: tuple[CoWorkingTask, ...], words: Words) -> list[dict[str, Any]]:
    """Tasks grouped under their section, sections numbered in the order they first appear."""
    grouped: dict[str, list[dict[str, str]]] = {}
    for task in tasks:
        grouped.setdefault(task.section, []).append(
            {
                "task": task.task,
                "who": _named(case, task.who, words),
                "frequency": task.frequency,
                "reports_to": _reports_to(case, task.reports_to, words),
            }
        )
    return [{"heading": f"{number}. {section}", "tasks": rows} for number, (section, rows) in enumerate(grouped.items(), start=1)]
