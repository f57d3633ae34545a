"""Assessment summary sheet: one per assessment, for professionals (supervision, meetings, the file)."""

from __future__ import annotations

import base64
from typing import Any

from generator import compute, disclosure
from generator.documents.common import (
    DocumentPlan,
    Inputs,
    base_context,
    join_names,
    long_date,
    plan_for,
)
from generator.model import Assessment, Case
from generator.render import ImageRef
from generator.render import chart as chart_render
from generator.toolkit import NOT_APPLICABLE, Toolkit

NAME = "summary-sheet"
TITLE = "Assessment summary sheet"

NOT_APPLICABLE_FILL = "EDEDED"
PLAIN_FILL = "FFFFFF"
CHART_WIDTH_MM = 150
SLIM_LOGO_MM = 26


def plan(inputs: Inputs) -> list[DocumentPlan]:
    case = inputs.case
    return [
        plan_for(NAME, TITLE, context(inputs, assessment), assessment.id, subject=assessment.id)
        for assessment in sorted(case.assessments, key=lambda a: a.date)
    ]


def assessment_label(case: Case, assessment: Assessment) -> str:
    """The assessment's name in headings: the baseline, or "Review 2" counting reviews in date order."""
    if assessment.kind == "baseline":
        return "Baseline assessment"
    reviews = sorted((a for a in case.assessments if a.kind == "review"), key=lambda a: a.date)
    return f"Review {[a.id for a in reviews].index(assessment.id) + 1}"


def level_text(toolkit: Toolkit, value: compute.LevelValue) -> str:
    if compute.is_level(value):
        return f"{value} {toolkit.level(value).name}"
    return "Does not apply" if value == NOT_APPLICABLE else "Not rated"


def _fill(colour: str) -> str:
    return colour.lstrip("#").upper()


def context(inputs: Inputs, assessment: Assessment) -> dict[str, Any]:
    case, toolkit = inputs.case, inputs.toolkit
    children = case.children
    child_ids = [c.id for c in children]
    names = {c.id: c.first_name for c in children}

    def named(ids) -> str:
        return join_names([names[i] for i in ids])

    earlier = compute.history(case, assessment.id)
    ctx = base_context(inputs, TITLE, assessment.date)
    # A working sheet's letterhead is slim: a smaller logo, and page 1 kept for the picture.
    logo = inputs.settings.organisation.logo
    ctx["organisation"]["logo"] = ImageRef(logo, SLIM_LOGO_MM, f"{inputs.settings.organisation.name} logo") if logo else None
    ctx.update(
        assessment={
            "label": assessment_label(case, assessment),
            "date": long_date(assessment.date),
            "completed_by": _person_name_role(case, assessment.completed_by),
            "completed_with": join_names([_person_name_role(case, p) for p in assessment.completed_with]),
        },
        is_review=assessment.kind == "review",
        levels=[{"value": str(lv.value), "name": lv.name, "fill": _fill(lv.tint)} for lv in toolkit.levels],
        priority_levels=toolkit.priority_text,  # "3 or 4": the levels the priorities section is about
        not_applicable_fill=NOT_APPLICABLE_FILL,
        picture=_picture(toolkit, assessment, earlier[-2] if len(earlier) > 1 else None, children),
        area_rows=_area_picture(toolkit, assessment, children),
        strengths=[
            {"text": s.text, "item": f"{s.item} {toolkit.items[s.item].name}" if s.item in toolkit.items else ""}
            for s in assessment.strengths
        ],
        priorities=[
            {
                "item": f"{p.item.code} {p.item.name}",
                "children": ", ".join(f"{names[c]} {lv}" for c, lv in p.levels.items()),
                "evidence": p.evidence or "Not recorded",
                "impact": p.impact or "Not recorded",
                **_unseen(case, p.rating),
            }
            for p in compute.priorities(assessment, toolkit, child_ids)
        ],
        parent_views=[{"name": case.person(v.person).name, "relationship": case.person(v.person).relationship, "text": v.text} for v in assessment.parent_views],
        child_views=[{"name": case.child(v.child).first_name, "text": v.text} for v in assessment.child_views],
        analysis=assessment.analysis or "",
        actions=[_action(case, toolkit, a, inputs.today) for a in case.plan],
        any_overdue=any(_overdue(a, inputs.today) for a in case.plan),
        today=long_date(inputs.today),
        next_review=long_date(assessment.next_review) if assessment.next_review else "To be agreed",
        supervision=_staff_name_role(case, case.case.team_manager),
    )
    ctx.update(_changes_context(inputs, earlier, children, names))
    warnings = [_warning_text(w, named, case, assessment, toolkit) for w in compute.quality_warnings(assessment, toolkit, children)]
    prompts = [f"{hit.prompt.text} ({'for ' + named(hit.child_ids)}; {', '.join(hit.item_codes)})" for hit in compute.prompts(assessment, toolkit, child_ids)]
    family = _family_copy_notes(case, toolkit, assessment) if assessment.id == compute.latest(case).id else []
    ctx.update(warnings=warnings, prompts=prompts, family_notes=family, has_notices=bool(warnings or prompts))
    return ctx


def _person_name_role(case: Case, person_id: str) -> str:
    person = case.person(person_id)
    role = getattr(person, "role", None) or getattr(person, "relationship", None)
    return f"{person.name} ({role})" if role else person.name


def _staff_name_role(case: Case, staff_id: str) -> dict[str, str]:
    person = case.person(staff_id)
    return {"name": person.name, "role": getattr(person, "role", "")}


MARKS = {compute.BETTER: "better", compute.WORSE: "worse", compute.NEWLY_RATED: "new"}


def _level_cell(value: compute.LevelValue, toolkit: Toolkit) -> dict[str, str]:
    if compute.is_level(value):
        return {"text": str(value), "cls": f"lv-{value}", "fill": _fill(toolkit.level(value).tint)}
    if value == NOT_APPLICABLE:
        return {"text": "n/a", "cls": "lv-na", "fill": NOT_APPLICABLE_FILL}
    return {"text": "–", "cls": "", "fill": PLAIN_FILL}


def _picture(toolkit: Toolkit, assessment: Assessment, previous: Assessment | None, children) -> dict[str, Any]:
    """Page 1: every item (rows, by area) against every child (columns); for a review, the level before and a word for the change."""
    areas = []
    for area in toolkit.areas:
        rows = []
        for item in area.items:
            cells = []
            for child in children:
                now = compute.level_of(assessment, item.code, child.id)
                cell = _level_cell(now, toolkit)
                was = compute.level_of(previous, item.code, child.id) if previous else None
                cell["was"] = f"was {was}" if previous is not None and compute.is_level(was) else ""
                cell["mark"] = MARKS.get(compute.direction(was, now), "") if previous is not None else ""
                cells.append(cell)
            rows.append({"code": item.code, "name": item.name, "cells": cells})
        areas.append({"name": f"{area.code} {area.name}", "rows": rows})
    ages = {c.id: c.age_on(assessment.date) for c in children}
    return {
        "children": [{"name": c.first_name, "age": "unborn" if ages[c.id] is None else f"aged {ages[c.id]}"} for c in children],
        "areas": areas,
        "span": str(len(children) + 1),
        "before": (f"{assessment_label_plain(previous)}, {long_date(previous.date)}") if previous else "",
    }


def assessment_label_plain(assessment: Assessment) -> str:
    return "the baseline" if assessment.kind == "baseline" else "the previous review"


def _area_picture(toolkit: Toolkit, assessment: Assessment, children) -> list[dict[str, Any]]:
    """Per area, for each child, how many items sit at each level, worst first: where care is good and where it worries."""
    counts = {(c.area.code, c.child_id): c for c in compute.area_counts(assessment, toolkit, [c.id for c in children])}
    rows = []
    for area in toolkit.areas:
        cells = []
        for child in children:
            entry = counts[(area.code, child.id)]
            present = [lv for lv in sorted(entry.at_level, reverse=True) if entry.at_level[lv]]
            parts = [f"{entry.at_level[lv]} at level {lv}" for lv in present]
            if entry.not_applicable:
                parts.append(f"{entry.not_applicable} n/a")
            worst = present[0] if present else None
            cells.append({
                "text": "; ".join(parts) if parts else "none rated",
                "cls": f"lv-{worst}" if worst else "",
                "fill": _fill(toolkit.level(worst).tint) if worst else PLAIN_FILL,
            })
        rows.append({"area": f"{area.code} {area.name}", "cells": cells})
    return rows


def _overdue(action, today) -> bool:
    return action.status != "done" and action.by_when < today


def _action(case: Case, toolkit: Toolkit, action, today) -> dict[str, Any]:
    item = toolkit.items.get(action.need)
    support = action.support or ""
    if support in case.people:
        support = _person_name_role(case, support)
    return {
        "need": f"{item.code} {item.name}" if item else action.need,
        "action": action.action,
        "who": _person_name_role(case, action.who),
        "support": support,
        "by_when": long_date(action.by_when),
        "status": (action.status or "not recorded").capitalize(),
        "overdue": _overdue(action, today),
        "success": action.success_looks_like,
    }


def _unseen(case: Case, rating) -> dict[str, str]:
    """Who will not see this item's notes in their family copy, and why: marked on the note's own row."""
    readers = disclosure.unseen_by(case, rating)
    if not readers or not (rating.evidence or rating.impact_on_child):
        return {"unseen": "", "unseen_why": ""}
    if not rating.share_with_family:
        why = "marked not to be shared with the family"
    else:
        withheld = join_names([case.person(p).name for p in rating.withhold_from])
        shared = join_names([case.person(p).name for p in rating.share_with])
        parts = [f"withheld from {withheld}" if withheld else "restricted", f"shared only with {shared}" if shared else "shared with no family member"]
        why = "; ".join(parts)
    return {"unseen": join_names([r.name for r in readers]), "unseen_why": why}


def _changes_context(inputs: Inputs, earlier: tuple[Assessment, ...], children, names: dict[str, str]) -> dict[str, Any]:
    case, toolkit = inputs.case, inputs.toolkit
    child_ids = [c.id for c in children]
    found = compute.changes(earlier, toolkit, child_ids)
    blocks = []
    if found.since_baseline is not None:
        wanted = [("since the baseline", found.since_baseline)]
        if not found.previous_is_baseline:
            wanted.append(("since the previous review", found.since_previous))
        for heading, comparison in wanted:
            before = comparison.before
            title = f"What changed {heading} ({assessment_label(case, before).lower()}, {long_date(before.date)})"
            rows = []
            for item in toolkit.items.values():
                moves = {c.child_id: c for c in comparison.items if c.item.code == item.code}
                if all(m.direction == compute.SAME for m in moves.values()):
                    continue
                rows.append({
                    "item": f"{item.code} {item.name}",
                    "cells": [_change_text(moves.get(c)) for c in child_ids],
                })
            totals = [
                f"{names[c]}: " + ", ".join(
                    f"{n} {d}" for d in compute.DIRECTIONS
                    if (n := sum(1 for m in comparison.items if m.child_id == c and m.direction == d))
                )
                for c in child_ids
            ]
            blocks.append({"title": title, "rows": rows, "totals": "; ".join(totals)})
    chart = _chart(inputs, earlier, children) if blocks else None
    return {
        "change_blocks": blocks,
        "chart": chart or {"svg_src": "", "image": None, "rows": [], "title": "", "summary": ""},
        "has_chart": chart is not None,
    }


def _change_text(change: compute.ItemChange | None) -> str:
    """'3 → 2, better'; 'same'; '' where the item was not a level either time."""
    if change is None:
        return "n/a"  # not a level at either assessment: does not apply, or not rated
    if change.direction == compute.SAME:
        return "same"
    before = str(change.before) if compute.is_level(change.before) else "–"
    after = str(change.after) if compute.is_level(change.after) else "–"
    return f"{before} → {after}, {change.direction}"


def _chart(inputs: Inputs, earlier: tuple[Assessment, ...], children) -> dict[str, Any]:
    """The distance-travelled chart in both forms, and its figures item by item, from one set of levels."""
    case, toolkit = inputs.case, inputs.toolkit
    labels = tuple(assessment_label(case, a).replace(" assessment", "") for a in earlier)
    levels = {}
    for a, area in enumerate(toolkit.areas):
        for s, assessment in enumerate(earlier):
            for c, child in enumerate(children):
                values = (compute.level_of(assessment, item.code, child.id) for item in area.items)
                levels[(a, s, c)] = tuple(v if compute.is_level(v) else None for v in values)
    data = chart_render.ChartData(
        children=tuple(c.first_name for c in children),
        assessments=labels,
        areas=tuple(f"{a.code} {a.name}" for a in toolkit.areas),
        items=tuple(tuple(i.code for i in a.items) for a in toolkit.areas),
        levels=levels,
        keys=tuple(chart_render.LevelKey(lv.value, lv.name, lv.tint, lv.colour) for lv in toolkit.levels),
    )
    drawn = chart_render.layout(data)
    title = "Distance travelled: each item's level at each assessment, per area and child"
    summary = (
        f"For each area and child, one column per item and one row per assessment ({', '.join(labels)}); "
        "each box shows the item's level. Read down a column to see how one item changed. "
        "The figures are in the appendix."
    )
    def sequence(item, child) -> str:
        return " → ".join(
            str(v) if compute.is_level(v) else ("n/a" if v == NOT_APPLICABLE else "–")
            for v in (compute.level_of(a, item.code, child.id) for a in earlier)
        )
    return {
        "title": title,
        "summary": summary,
        # An image rather than inline SVG: still vector in the PDF, but WeasyPrint draws it without
        # styling its hundreds of shapes as page elements.
        "svg_src": _data_uri(chart_render.svg(drawn, title, summary, inputs.settings.font_family)),
        "image": ImageRef(None, CHART_WIDTH_MM, f"{title}. {summary}", data=chart_render.png(drawn)),
        "order": ", ".join(labels),
        "rows": [
            {"area": f"{area.code} {area.name}", "cells": ["; ".join(f"{item.code}: {sequence(item, child)}" for item in area.items) for child in children]}
            for area in toolkit.areas
        ],
    }


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _warning_text(warning: compute.QualityWarning, named, case: Case, assessment: Assessment, toolkit: Toolkit) -> str:
    item = f"{warning.item.code} {warning.item.name}"
    if warning.kind == compute.NOT_RATED:
        return f"{item} is not rated for {named(warning.child_ids)}."
    if warning.kind == compute.HIGH_WITHOUT_IMPACT:
        return f"{item} is rated {toolkit.priority_text} for {named(warning.child_ids)}, but no impact on the child is recorded."
    ages = join_names([_name_and_age(case.child(c), assessment) for c in warning.child_ids])
    return f"{item} is rated for {ages}, but the item is for ages {warning.item.ages_text}."


def _name_and_age(child, assessment: Assessment) -> str:
    age = child.age_on(assessment.date)
    return f"{child.first_name} (not yet born)" if age is None else f"{child.first_name} (aged {age})"


def _family_copy_notes(case: Case, toolkit: Toolkit, assessment: Assessment) -> list[str]:
    """What the family copies of this assessment leave out, so the worker knows what each parent was not sent."""
    notes = []
    readers = {r.id: r for r in disclosure.family_readers(case)}
    # Readers whose copies leave out the same notes are named together: one line per set of items.
    by_items: dict[tuple[str, ...], list[str]] = {}
    for entry in disclosure.left_out(case):
        if entry.assessment == assessment.id:
            by_items.setdefault(entry.items, []).append(entry.reader)
    for items, reader_ids in by_items.items():
        copies = "copy" if len(reader_ids) == 1 else "copies"
        notes.append(
            f"The family {copies} for {join_names([readers[r].name for r in reader_ids])} leave{'s' if len(reader_ids) == 1 else ''} out the notes for "
            f"{join_names(list(items))}; {'those items stay' if len(items) > 1 else 'the item stays'} in as worries where rated {toolkit.priority_text}, in the toolkit's plain words."
        )
        for action in case.plan:
            if action.need in items and action.who in reader_ids:
                notes.append(f"The plan action for {action.need} is in {readers[action.who].name}'s copy, as it is theirs to carry out.")
    index = next(i for i, a in enumerate(case.assessments) if a.id == assessment.id)
    for risk in disclosure.shared_home_risks(case):
        if risk.assessment_index == index:
            notes.append(
                f"{case.person(risk.shared_with).name}'s copy holds the {risk.item} notes withheld from {case.person(risk.withheld_from).name}, "
                f"who lives in the same home: think about how the copy reaches {case.person(risk.shared_with).name} safely."
            )
    return notes
