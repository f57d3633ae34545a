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
CHART_WIDTH_MM = 170


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
    ctx.update(
        assessment={
            "label": assessment_label(case, assessment),
            "date": long_date(assessment.date),
            "completed_by": _person_name_role(case, assessment.completed_by),
            "completed_with": join_names([_person_name_role(case, p) for p in assessment.completed_with]),
        },
        is_review=assessment.kind == "review",
        levels=[{"value": str(lv.value), "name": lv.name, "fill": _fill(lv.tint)} for lv in toolkit.levels],
        not_applicable_fill=NOT_APPLICABLE_FILL,
        grids=[_grid(toolkit, assessment, child) for child in children],
        areas=_area_picture(toolkit, assessment, children),
        strengths=[
            {"text": s.text, "item": f"{s.item} {toolkit.items[s.item].name}" if s.item in toolkit.items else ""}
            for s in assessment.strengths
        ],
        priorities=[
            {
                "item": f"{p.item.code} {p.item.name}",
                "children": "; ".join(f"{names[c]}: {level_text(toolkit, lv)}" for c, lv in p.levels.items()),
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
    )
    ctx.update(_changes_context(inputs, earlier, children, names))
    warnings = [_warning_text(w, named, case, assessment) for w in compute.quality_warnings(assessment, toolkit, children)]
    prompts = [f"{hit.prompt.text} ({'for ' + named(hit.child_ids)}; {', '.join(hit.item_codes)})" for hit in compute.prompts(assessment, toolkit, child_ids)]
    family = _family_copy_notes(case, toolkit, assessment) if assessment.id == compute.latest(case).id else []
    ctx.update(warnings=warnings, prompts=prompts, family_notes=family, has_notices=bool(warnings or prompts or family))
    return ctx


def _person_name_role(case: Case, person_id: str) -> str:
    person = case.person(person_id)
    role = getattr(person, "role", None) or getattr(person, "relationship", None)
    return f"{person.name} ({role})" if role else person.name


def _grid(toolkit: Toolkit, assessment: Assessment, child) -> dict[str, Any]:
    """Every item against the four levels for one child; the level is printed as well as coloured."""
    age = child.age_on(assessment.date)
    rows = []
    for area in toolkit.areas:
        rows.append({"area": f"{area.code} {area.name}", "code": "", "name": "", "cells": [], "not_applicable": "", "note": ""})
        for item in area.items:
            value = compute.level_of(assessment, item.code, child.id)
            cells = [
                {
                    "mark": str(lv.value) if value == lv.value else "",
                    "fill": _fill(lv.tint) if value == lv.value else PLAIN_FILL,
                    "cls": f"lv-{lv.value}" if value == lv.value else "",
                }
                for lv in toolkit.levels
            ]
            rows.append(
                {
                    "area": "",
                    "code": item.code,
                    "name": item.name,
                    "cells": cells,
                    "not_applicable": "n/a" if value == NOT_APPLICABLE else "",
                    "not_applicable_fill": NOT_APPLICABLE_FILL if value == NOT_APPLICABLE else PLAIN_FILL,
                    "not_applicable_cls": "lv-na" if value == NOT_APPLICABLE else "",
                    "note": "not rated" if value is None else "",
                }
            )
    for row in rows:
        row.setdefault("not_applicable_fill", PLAIN_FILL)
        row.setdefault("not_applicable_cls", "")
    return {
        "name": child.name,
        "first_name": child.first_name,
        "age": "unborn" if age is None else f"aged {age}",
        "rows": rows,
    }


def _area_picture(toolkit: Toolkit, assessment: Assessment, children) -> list[dict[str, Any]]:
    """Per area and child, how many items sit at each level: where care is good and where it worries."""
    counts = compute.area_counts(assessment, toolkit, [c.id for c in children])
    names = {c.id: c.first_name for c in children}
    tints = {lv.value: _fill(lv.tint) for lv in toolkit.levels}
    rows = []
    for entry in counts:
        rows.append(
            {
                "area": f"{entry.area.code} {entry.area.name}",
                "first": entry.child_id == children[0].id,
                "child": names[entry.child_id],
                "counts": [
                    {
                        "n": str(entry.at_level[lv.value]) if entry.at_level[lv.value] else "–",
                        "fill": tints[lv.value] if entry.at_level[lv.value] else PLAIN_FILL,
                        "cls": f"lv-{lv.value}" if entry.at_level[lv.value] else "",
                    }
                    for lv in toolkit.levels
                ],
                "not_applicable": str(entry.not_applicable) if entry.not_applicable else "–",
            }
        )
    return _by_area(rows)


def _by_area(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows (one per area and child, in area order) gathered per area, so an area's rows stay on one page."""
    groups: list[dict[str, Any]] = []
    for row in rows:
        if not groups or groups[-1]["area"] != row["area"]:
            groups.append({"area": row["area"], "rows": []})
        groups[-1]["rows"].append(row)
    for group in groups:
        group["span"] = str(len(group["rows"]))
    return groups


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
            title = f"Changes {heading} ({assessment_label(case, before).lower()}, {long_date(before.date)})"
            if heading == "since the baseline" and found.previous_is_baseline:
                title += ", which is also the previous assessment"
            blocks.append(
                {
                    "title": title,
                    "changed": [
                        {
                            "item": f"{c.item.code} {c.item.name}",
                            "child": names[c.child_id],
                            "before": level_text(toolkit, c.before),
                            "after": level_text(toolkit, c.after),
                            "change": c.direction.capitalize(),
                        }
                        for c in comparison.items
                        if c.direction != compute.SAME
                    ],
                    "areas": _by_area([
                        {
                            "area": f"{a.area.code} {a.area.name}",
                            "first": a.child_id == child_ids[0],
                            "child": names[a.child_id],
                            "counts": [str(a.counts[d]) for d in compute.DIRECTIONS],
                        }
                        for a in comparison.areas
                    ]),
                    "totals": ", ".join(f"{comparison.total(d)} {d}" for d in compute.DIRECTIONS),
                }
            )
    chart = _chart(inputs, earlier, children) if blocks else None
    return {
        "directions": [d.capitalize() for d in compute.DIRECTIONS],
        "change_blocks": blocks,
        "chart": chart or {"svg_src": "", "image": None, "rows": [], "columns": [], "summary": ""},
        "has_chart": chart is not None,
    }


def _counts_text(counts: compute.AreaCounts) -> str:
    parts = [f"{n} at level {lv}" for lv, n in counts.at_level.items() if n]
    return "; ".join(parts) if parts else "none rated"


def _chart(inputs: Inputs, earlier: tuple[Assessment, ...], children) -> dict[str, Any]:
    """The distance-travelled chart in both forms, and its text alternative, from one computed series."""
    case, toolkit = inputs.case, inputs.toolkit
    series = compute.distance_travelled(earlier, toolkit, [c.id for c in children])
    labels = tuple(f"{assessment_label(case, a).replace(' assessment', '')}, {a.date.day} {a.date:%b %Y}" for a in earlier)
    child_index = {c.id: i for i, c in enumerate(children)}
    area_index = {a.code: i for i, a in enumerate(toolkit.areas)}
    bars = {}
    for s in series:
        for p, point in enumerate(s.points):
            levels = tuple(v for v, n in sorted(point.counts.at_level.items()) for _ in range(n))
            bars[(area_index[s.area.code], p, child_index[s.child_id])] = chart_render.Bar(levels)
    data = chart_render.ChartData(
        children=tuple(c.first_name for c in children),
        assessments=labels,
        areas=tuple(f"{a.code} {a.name}" for a in toolkit.areas),
        bars=bars,
        levels=tuple(chart_render.LevelKey(lv.value, lv.name, lv.tint, lv.colour) for lv in toolkit.levels),
    )
    drawn = chart_render.layout(data)
    title = "Distance travelled: levels per area at each assessment, per child"
    summary = (
        "For each area and child, one box for each rated item at each assessment, showing its level from 1 to 4, "
        "lowest first. The table below gives the same figures."
    )
    return {
        "title": title,
        "summary": summary,
        # An image rather than inline SVG: still vector in the PDF, but WeasyPrint draws it without
        # styling its hundreds of shapes as page elements, which was a third of the sheet's time.
        "svg_src": _data_uri(chart_render.svg(drawn, title, summary, inputs.settings.font_family)),
        "image": ImageRef(None, CHART_WIDTH_MM, f"{title}. {summary}", data=chart_render.png(drawn)),
        "columns": [long_date(a.date) for a in earlier],
        "rows": [
            {
                "child": children[child_index[s.child_id]].first_name,
                "area": f"{s.area.code} {s.area.name}",
                "cells": [{"when": long_date(p.assessment.date), "text": _counts_text(p.counts)} for p in s.points],
            }
            for s in series
        ],
    }


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _warning_text(warning: compute.QualityWarning, named, case: Case, assessment: Assessment) -> str:
    item = f"{warning.item.code} {warning.item.name}"
    if warning.kind == compute.NOT_RATED:
        return f"{item} is not rated for {named(warning.child_ids)}."
    if warning.kind == compute.HIGH_WITHOUT_IMPACT:
        return f"{item} is rated 3 or 4 for {named(warning.child_ids)}, but no impact on the child is recorded."
    ages = join_names([_name_and_age(case.child(c), assessment) for c in warning.child_ids])
    return f"{item} is rated for {ages}, but the item is for ages {warning.item.ages_text}."


def _name_and_age(child, assessment: Assessment) -> str:
    age = child.age_on(assessment.date)
    return f"{child.first_name} (not yet born)" if age is None else f"{child.first_name} (aged {age})"


def _family_copy_notes(case: Case, toolkit: Toolkit, assessment: Assessment) -> list[str]:
    """What the family copies of this assessment leave out, so the worker knows what each parent was not sent."""
    notes = []
    readers = {r.id: r for r in disclosure.family_readers(case)}
    for entry in disclosure.left_out(case):
        if entry.assessment != assessment.id:
            continue
        codes = join_names(list(entry.items))
        notes.append(
            f"{readers[entry.reader].name}'s copy leaves out the notes for {codes}; "
            f"{'those items are' if len(entry.items) > 1 else 'the item is'} still named as worries where rated 3 or 4, in the toolkit's plain words."
        )
        for action in case.plan:
            if action.need in entry.items and action.who == entry.reader:
                notes.append(f"The plan action for {action.need} is in {readers[entry.reader].name}'s copy, as it is theirs to carry out.")
    index = next(i for i, a in enumerate(case.assessments) if a.id == assessment.id)
    for risk in disclosure.shared_home_risks(case):
        if risk.assessment_index == index:
            notes.append(
                f"{case.person(risk.shared_with).name}'s copy holds the {risk.item} notes withheld from {case.person(risk.withheld_from).name}, "
                f"who lives in the same home: think about how the copy reaches {case.person(risk.shared_with).name} safely."
            )
    return notes
