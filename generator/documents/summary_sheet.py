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
    plan_for,
)
from generator.model import Assessment, Case
from generator.render import ImageRef
from generator.render import chart as chart_render
from generator.toolkit import NOT_APPLICABLE, Toolkit
from generator.wording import Words, fill

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


def assessment_label(case: Case, assessment: Assessment, words: Words) -> str:
    """The assessment's name in headings: the baseline, or "Review 2" counting reviews in date order."""
    if assessment.kind == "baseline":
        return words["baseline_assessment"]
    reviews = sorted((a for a in case.assessments if a.kind == "review"), key=lambda a: a.date)
    return fill(words["review_number"], number=[a.id for a in reviews].index(assessment.id) + 1)


def _fill(colour: str) -> str:
    return colour.lstrip("#").upper()


def context(inputs: Inputs, assessment: Assessment) -> dict[str, Any]:
    case, toolkit = inputs.case, inputs.toolkit
    children = case.children
    child_ids = [c.id for c in children]
    names = {c.id: c.first_name for c in children}

    earlier = compute.history(case, assessment.id)
    ctx = base_context(inputs, NAME, assessment.date)
    words = ctx["w"]

    def named(ids) -> str:
        return join_names([names[i] for i in ids], words)

    # A working sheet's letterhead is slim: a smaller logo, and page 1 kept for the picture.
    logo = inputs.settings.organisation.logo
    ctx["organisation"]["logo"] = ImageRef(logo, SLIM_LOGO_MM, fill(words["logo_alt"], organisation=inputs.settings.organisation.name)) if logo else None
    ctx.update(
        assessment={
            "label": assessment_label(case, assessment, words),
            "date": inputs.date(assessment.date),
            "completed_by": _person_name_role(case, assessment.completed_by),
            "completed_with": join_names([_person_name_role(case, p) for p in assessment.completed_with], words),
        },
        is_review=assessment.kind == "review",
        levels=[{"value": str(lv.value), "name": lv.name, "fill": _fill(lv.tint)} for lv in toolkit.levels],
        not_applicable_fill=NOT_APPLICABLE_FILL,
        picture=_picture(inputs, assessment, earlier[-2] if len(earlier) > 1 else None, children, words),
        area_rows=_area_picture(toolkit, assessment, children, words),
        strengths=[
            {"text": s.text, "item": f"{s.item} {toolkit.items[s.item].name}" if s.item in toolkit.items else ""}
            for s in assessment.strengths
        ],
        priorities=[
            {
                "item": f"{p.item.code} {p.item.name}",
                "children": fill(words["level_for"], levels=", ".join(f"{names[c]} {lv}" for c, lv in p.levels.items())),
                "evidence": p.evidence or words["not_recorded"],
                "impact": p.impact or words["not_recorded"],
                **_unseen(case, p.rating, words),
            }
            for p in compute.priorities(assessment, toolkit, child_ids)
        ],
        parent_views=[{"name": case.person(v.person).name, "relationship": case.person(v.person).relationship, "text": v.text} for v in assessment.parent_views],
        child_views=[{"name": case.child(v.child).first_name, "text": v.text} for v in assessment.child_views],
        analysis=assessment.analysis or "",
        actions=[_action(inputs, a, words) for a in case.plan],
        any_overdue=any(_overdue(a, inputs.today) for a in case.plan),
        today=inputs.date(inputs.today),
        next_review=inputs.date(assessment.next_review) if assessment.next_review else words["to_be_agreed"],
        supervision=_staff_name_role(case, case.case.team_manager),
    )
    ctx.update(_changes_context(inputs, earlier, children, names, words))
    warnings = [_warning_text(w, named, case, assessment, words) for w in compute.quality_warnings(assessment, toolkit, children)]
    prompts = [
        fill(words["prompt_for"], prompt=hit.prompt.text, names=named(hit.child_ids), items=", ".join(hit.item_codes))
        for hit in compute.prompts(assessment, toolkit, child_ids)
    ]
    family = _family_copy_notes(case, assessment, words) if assessment.id == compute.latest(case).id else []
    ctx.update(warnings=warnings, prompts=prompts, family_notes=family, has_notices=bool(warnings or prompts))
    return ctx


def _person_name_role(case: Case, person_id: str) -> str:
    person = case.person(person_id)
    role = getattr(person, "role", None) or getattr(person, "relationship", None)
    return f"{person.name} ({role})" if role else person.name


def _staff_name_role(case: Case, staff_id: str) -> dict[str, str]:
    person = case.person(staff_id)
    return {"name": person.name, "role": getattr(person, "role", "")}


# The word a grid cell gives a change: the wording key, and the CSS class the PDF marks it with.
MARKS = {compute.BETTER: ("mark_better", "better"), compute.WORSE: ("mark_worse", "worse"), compute.NEWLY_RATED: ("mark_new", "new")}


def _level_cell(value: compute.LevelValue, toolkit: Toolkit, words: Words) -> dict[str, str]:
    if compute.is_level(value):
        return {"text": str(value), "cls": f"lv-{value}", "fill": _fill(toolkit.level(value).tint)}
    if value == NOT_APPLICABLE:
        return {"text": words["not_applicable_mark"], "cls": "lv-na", "fill": NOT_APPLICABLE_FILL}
    return {"text": "–", "cls": "", "fill": PLAIN_FILL}


def _picture(inputs: Inputs, assessment: Assessment, previous: Assessment | None, children, words: Words) -> dict[str, Any]:
    """Page 1: every item (rows, by area) against every child (columns); for a review, the level before and a word for the change."""
    toolkit = inputs.toolkit
    areas = []
    for area in toolkit.areas:
        rows = []
        for item in area.items:
            cells = []
            for child in children:
                now = compute.level_of(assessment, item.code, child.id)
                cell = _level_cell(now, toolkit, words)
                was = compute.level_of(previous, item.code, child.id) if previous else None
                cell["was"] = fill(words["was"], level=was) if previous is not None and compute.is_level(was) else ""
                key, cls = MARKS.get(compute.direction(was, now), ("", "")) if previous is not None else ("", "")
                cell["mark"] = words[key] if key else ""
                cell["mark_cls"] = cls
                cells.append(cell)
            rows.append({"code": item.code, "name": item.name, "cells": cells})
        areas.append({"name": f"{area.code} {area.name}", "rows": rows})
    ages = {c.id: c.age_on(assessment.date) for c in children}
    return {
        "children": [{"name": c.first_name, "age": words["unborn"] if ages[c.id] is None else fill(words["child_age"], age=ages[c.id])} for c in children],
        "areas": areas,
        "span": str(len(children) + 1),
        "before": fill(words["before"], assessment=_before_label(previous, words), date=inputs.date(previous.date)) if previous else "",
    }


def _before_label(assessment: Assessment, words: Words) -> str:
    return words["before_baseline"] if assessment.kind == "baseline" else words["before_review"]


def _area_picture(toolkit: Toolkit, assessment: Assessment, children, words: Words) -> list[dict[str, Any]]:
    """Per area, for each child, how many items sit at each level, worst first: where care is good and where it worries."""
    counts = {(c.area.code, c.child_id): c for c in compute.area_counts(assessment, toolkit, [c.id for c in children])}
    rows = []
    for area in toolkit.areas:
        cells = []
        for child in children:
            entry = counts[(area.code, child.id)]
            present = [lv for lv in sorted(entry.at_level, reverse=True) if entry.at_level[lv]]
            parts = [fill(words["at_level"], count=entry.at_level[lv], level=lv) for lv in present]
            if entry.not_applicable:
                parts.append(fill(words["count_not_applicable"], count=entry.not_applicable))
            worst = present[0] if present else None
            cells.append({
                "text": "; ".join(parts) if parts else words["none_rated"],
                "cls": f"lv-{worst}" if worst else "",
                "fill": _fill(toolkit.level(worst).tint) if worst else PLAIN_FILL,
            })
        rows.append({"area": f"{area.code} {area.name}", "cells": cells})
    return rows


def _overdue(action, today) -> bool:
    return action.status != "done" and action.by_when < today


def _action(inputs: Inputs, action, words: Words) -> dict[str, Any]:
    case, toolkit, today = inputs.case, inputs.toolkit, inputs.today
    item = toolkit.items.get(action.need)
    support = action.support or ""
    if support in case.people:
        support = _person_name_role(case, support)
    return {
        "need": f"{item.code} {item.name}" if item else action.need,
        "action": action.action,
        "who": _person_name_role(case, action.who),
        "support": support,
        "by_when": inputs.date(action.by_when),
        "status": words["status"][action.status.replace(" ", "_")] if action.status else words["status_not_recorded"],
        "overdue": _overdue(action, today),
        "success": action.success_looks_like,
    }


def _unseen(case: Case, rating, words: Words) -> dict[str, str]:
    """Who will not see this item's notes in their family copy, and why: marked on the note's own row."""
    readers = disclosure.unseen_by(case, rating)
    if not readers or not (rating.evidence or rating.impact_on_child):
        return {"unseen": "", "unseen_why": ""}
    if not rating.share_with_family:
        why = words["not_for_family"]
    else:
        withheld = join_names([case.person(p).name for p in rating.withhold_from], words)
        shared = join_names([case.person(p).name for p in rating.share_with], words)
        parts = [
            fill(words["withheld_from"], names=withheld) if withheld else words["restricted"],
            fill(words["shared_only_with"], names=shared) if shared else words["shared_with_nobody"],
        ]
        why = "; ".join(parts)
    return {"unseen": join_names([r.name for r in readers], words), "unseen_why": why}


def _changes_context(inputs: Inputs, earlier: tuple[Assessment, ...], children, names: dict[str, str], words: Words) -> dict[str, Any]:
    case, toolkit = inputs.case, inputs.toolkit
    child_ids = [c.id for c in children]
    found = compute.changes(earlier, toolkit, child_ids)
    blocks = []
    if found.since_baseline is not None:
        wanted = [(words["since_baseline"], found.since_baseline)]
        if not found.previous_is_baseline:
            wanted.append((words["since_previous"], found.since_previous))
        for heading, comparison in wanted:
            before = comparison.before
            title = fill(words["what_changed"], since=heading, assessment=assessment_label(case, before, words).lower(), date=inputs.date(before.date))
            rows = []
            for item in toolkit.items.values():
                moves = {c.child_id: c for c in comparison.items if c.item.code == item.code}
                if all(m.direction == compute.SAME for m in moves.values()):
                    continue
                rows.append({
                    "item": f"{item.code} {item.name}",
                    "cells": [_change_text(moves.get(c), words) for c in child_ids],
                })
            totals = [
                fill(words["child_totals"], name=names[c], counts=", ".join(
                    fill(words["direction_count"], count=n, direction=_direction(d, words)) for d in compute.DIRECTIONS
                    if (n := sum(1 for m in comparison.items if m.child_id == c and m.direction == d))
                ))
                for c in child_ids
            ]
            blocks.append({"title": title, "rows": rows, "totals": "; ".join(totals)})
    chart = _chart(inputs, earlier, children, words) if blocks else None
    return {
        "change_blocks": blocks,
        "chart": chart or {"svg_src": "", "image": None, "rows": [], "title": "", "summary": ""},
        "has_chart": chart is not None,
    }


def _direction(direction: str, words: Words) -> str:
    """'better', 'newly rated': a direction of change (compute's constant) in the document's words."""
    return words["directions"][direction.replace(" ", "_")]


def _change_text(change: compute.ItemChange | None, words: Words) -> str:
    """'3 → 2, better'; 'same'; 'n/a' where the item was not a level either time."""
    if change is None:
        return words["not_applicable_mark"]  # not a level at either assessment: does not apply, or not rated
    if change.direction == compute.SAME:
        return words["same"]
    before = str(change.before) if compute.is_level(change.before) else "–"
    after = str(change.after) if compute.is_level(change.after) else "–"
    return fill(words["change"], before=before, after=after, direction=_direction(change.direction, words))


def _chart(inputs: Inputs, earlier: tuple[Assessment, ...], children, words: Words) -> dict[str, Any]:
    """The distance-travelled chart in both forms, and its figures item by item, from one set of levels."""
    case, toolkit = inputs.case, inputs.toolkit
    labels = tuple(words["chart_baseline"] if a.kind == "baseline" else assessment_label(case, a, words) for a in earlier)
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
        empty_name=words["chart_not_rated"],
    )
    drawn = chart_render.layout(data)
    title = words["chart_title"]
    summary = fill(words["chart_summary"], assessments=", ".join(labels))

    def sequence(item, child) -> str:
        return " → ".join(
            str(v) if compute.is_level(v) else (words["not_applicable_mark"] if v == NOT_APPLICABLE else "–")
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


def _warning_text(warning: compute.QualityWarning, named, case: Case, assessment: Assessment, words: Words) -> str:
    item = f"{warning.item.code} {warning.item.name}"
    if warning.kind == compute.NOT_RATED:
        return fill(words["not_rated_for"], item=item, names=named(warning.child_ids))
    if warning.kind == compute.HIGH_WITHOUT_IMPACT:
        return fill(words["high_without_impact"], item=item, names=named(warning.child_ids))
    ages = join_names([_name_and_age(case.child(c), assessment, words) for c in warning.child_ids], words)
    return fill(words["wrong_age"], item=item, names=ages, ages=_ages(warning.item, words))


def _ages(item, words: Words) -> str:
    """The ages an item is for, in the document's words (Item.ages_text says the same in error messages)."""
    if item.unborn_only:
        return words["ages_before_birth"]
    if item.min_age is None and item.max_age is None:
        return words["ages_all"]
    if item.min_age is None:
        return fill(words["ages_under"], age=item.max_age + 1)
    if item.max_age is None:
        return fill(words["ages_and_over"], age=item.min_age)
    return fill(words["ages_range"], low=item.min_age, high=item.max_age)


def _name_and_age(child, assessment: Assessment, words: Words) -> str:
    age = child.age_on(assessment.date)
    return fill(words["name_not_born"], name=child.first_name) if age is None else fill(words["name_aged"], name=child.first_name, age=age)


def _family_copy_notes(case: Case, assessment: Assessment, words: Words) -> list[str]:
    """What the family copies of this assessment leave out, so the worker knows what each parent was not sent."""
    notes = []
    readers = {r.id: r for r in disclosure.family_readers(case)}
    # Readers whose copies leave out the same notes are named together: one line per set of items.
    by_items: dict[tuple[str, ...], list[str]] = {}
    for entry in disclosure.left_out(case):
        if entry.assessment == assessment.id:
            by_items.setdefault(entry.items, []).append(entry.reader)
    for items, reader_ids in by_items.items():
        key = ("left_out_one" if len(reader_ids) == 1 else "left_out_several") + ("_items" if len(items) > 1 else "")
        notes.append(fill(words[key], names=join_names([readers[r].name for r in reader_ids], words), items=join_names(list(items), words)))
        for action in case.plan:
            if action.need in items and action.who in reader_ids:
                notes.append(fill(words["action_kept"], item=action.need, name=readers[action.who].name))
    index = next(i for i, a in enumerate(case.assessments) if a.id == assessment.id)
    for risk in disclosure.shared_home_risks(case):
        if risk.assessment_index == index:
            notes.append(fill(words["shared_home"], shared=case.person(risk.shared_with).name, item=risk.item, withheld=case.person(risk.withheld_from).name))
    return notes
