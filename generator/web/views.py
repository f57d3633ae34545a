"""Everything the pages show, worked out in Python so that the templates only present it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.disclosure import left_out
from generator.documents import registry
from generator.documents.common import long_date
from generator.errors import Problem
from generator.model import Case, Child, FamilyMember, Professional, Staff
from generator.web.jobs import BUILDING, BUILT, FAILED, INVALID, QUEUED, READY, REFUSED, CaseFile, Job

FORMAT_NAMES = {"pdf": "PDF", "docx": "Word"}
STATUS_WORDS = {
    REFUSED: "Not read",
    INVALID: "Errors to fix",
    READY: "Ready to build",
    QUEUED: "Waiting",
    BUILDING: "Building",
    BUILT: "Built",
    FAILED: "Not built",
}


def place(where: str) -> str:
    """Where a problem is, in the words of whoever made the file: a sheet and cell, or a JSON field."""
    if not where:
        return "The whole file"
    if "!" in where:
        sheet, cell = where.rsplit("!", 1)
        if sheet.startswith("'") and sheet.endswith("'"):  # Excel quotes names with spaces: 'Rating notes'!C5
            sheet = sheet[1:-1].replace("''", "'")
        sheet = f"‘{sheet}’"
        if re.fullmatch(r"[A-Z]+\d+", cell):
            return f"Sheet {sheet}, cell {cell}"
        if re.fullmatch(r"[A-Z]+", cell):
            return f"Sheet {sheet}, column {cell}"
        if re.fullmatch(r"\d+", cell):
            return f"Sheet {sheet}, row {cell}"
        return f"Sheet {sheet}, {cell}"
    if where.startswith("/"):
        return f"Field {where}"
    return where[:1].upper() + where[1:]


def problem_rows(problems: list[Problem]) -> list[dict[str, str]]:
    return [{"place": place(p.location.where), "message": p.message} for p in problems]


PACK = "print-pack"  # the packs ready to post: one PDF per postal recipient, and the whole case in one
FORMATS = (("docx", "Word (.docx)"), ("pdf", "PDF"))


def _person_label(case: Case, person_id: str) -> str:
    person = case.people.get(person_id)
    if person is None:
        return person_id
    if isinstance(person, Child):
        return person.name
    if isinstance(person, FamilyMember):
        return f"{person.name} ({person.relationship})"
    if isinstance(person, Professional):
        return f"{person.name}, {person.role}, {person.agency}"
    if isinstance(person, Staff):
        return f"{person.name}, {person.role}"
    return person_id


def _subject_label(case: Case, subject_id: str) -> str:
    for assessment in case.assessments:
        if assessment.id == subject_id:
            kind = "Baseline assessment" if assessment.kind == "baseline" else "Review"
            return f"{kind}, {long_date(assessment.date)}"
    for meeting in case.meetings:
        if meeting.id == subject_id:
            return f"{meeting.kind[:1].upper()}{meeting.kind[1:]}, {long_date(meeting.date)}"
    return subject_id


def download_name(reference: str, path: str) -> str:
    """A built file's name as downloaded: the case reference first, so that it is clear whose it is."""
    name = Path(path).name
    return name if name.startswith(reference) else f"{reference}_{name}"


def zip_name(references: list[str]) -> str:
    if len(references) == 1:
        return f"case-pack-{references[0]}.zip"
    named = "-".join(references[:3]) + (f"-and-{len(references) - 3}-more" if len(references) > 3 else "")
    return f"case-packs-{named}.zip"


def _type_titles() -> dict[str, str]:
    return {t.name: t.title for t in registry().values()}


def _row_label(case: Case, recipient: str | None, subject: str | None) -> str:
    parts = []
    if recipient:
        parts.append(f"To {_person_label(case, recipient)}")
    if subject:
        parts.append(_subject_label(case, subject))
    return "; ".join(parts) or "For the case"


def document_groups(job: Job, entry: CaseFile) -> list[dict[str, Any]]:
    """The built documents by type (print packs first, then the registry's reading order), one row per
    recipient or subject."""
    titles = _type_titles()
    order = [PACK, *titles]
    reference = entry.case.case.reference
    groups: dict[str, dict[str, Any]] = {}
    for number, doc in enumerate(entry.documents):
        title = "Print packs" if doc["document"] == PACK else titles.get(doc["document"], doc["document"])
        group = groups.setdefault(doc["document"], {"title": title, "pack": doc["document"] == PACK, "rows": {}})
        key = (doc.get("recipient"), doc.get("subject"))
        if key not in group["rows"]:
            label = "The whole case: every document made, in one PDF" if group["pack"] and not any(key) else _row_label(entry.case, *key)
            group["rows"][key] = {"label": label, "files": []}
        base = f"/uploads/{job.id}/files/{entry.index}/{number}"
        group["rows"][key]["files"].append(
            {
                "format": FORMAT_NAMES.get(doc["format"], doc["format"]),
                "filename": download_name(reference, doc["path"]),
                "view": f"{base}/view",
                "download": f"{base}/download",
            }
        )
    ordered = sorted(groups.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    return [{"title": g["title"], "pack": g["pack"], "rows": list(g["rows"].values())} for _, g in ordered]


# --- choosing what to make -----------------------------------------------------------------
# The form's values: "documents" are type names, "formats" docx/pdf; "meetings" and "people" are
# "<file number>:<id>", or the file number alone for the documents about no meeting (for no one).


@dataclass(frozen=True)
class Choice:
    documents: frozenset[str]
    formats: frozenset[str]
    meetings: frozenset[str]
    people: frozenset[str]


def _meetings_of(entry: CaseFile) -> list[tuple[str, str]]:
    """(form value, label, id) for each meeting of the case, in date order, then the documents about none."""
    meetings = sorted(entry.case.meetings, key=lambda m: (m.date, m.id))
    options = [(f"{entry.index}:{m.id}", f"{m.kind[:1].upper()}{m.kind[1:]}, {long_date(m.date)}", m.id) for m in meetings]
    return options + [(str(entry.index), "Documents about no meeting (assessments, agreements, closure)", "")]


def _people_of(entry: CaseFile) -> list[tuple[str, str, str]]:
    """(form value, label, id) for everyone a document is addressed to, family first, then no one."""
    case = entry.case
    order = [p.id for group in (case.family, case.children, case.professionals, case.staff) for p in group]
    recipients = sorted({p["recipient"] for p in entry.plans if p["recipient"]}, key=lambda r: (order.index(r) if r in order else len(order), r))
    options = [(f"{entry.index}:{r}", _person_label(entry.case, r), r) for r in recipients]
    if any(p["recipient"] is None for p in entry.plans):
        options.append((str(entry.index), "Documents addressed to no one (lists, summaries, agreements)", ""))
    return options


def everything(job: Job) -> Choice:
    return Choice(
        frozenset(_type_titles()),
        frozenset(name for name, _ in FORMATS),
        frozenset(v for entry in job.ready for v, _, _ in _meetings_of(entry)),
        frozenset(v for entry in job.ready for v, _, _ in _people_of(entry)),
    )


def choice_from_form(form) -> Choice:
    return Choice(*(frozenset(str(v) for v in form.getlist(name)) for name in ("documents", "formats", "meetings", "people")))


def _group_values(job: Job, group: str) -> tuple[str, frozenset[str]]:
    """A select-all button's group ("documents", "formats", "meetings-2") as the Choice field and its values."""
    field, _, number = group.partition("-")
    full = everything(job)
    if field in ("documents", "formats"):
        return field, getattr(full, field)
    if field in ("meetings", "people") and number.isdigit():
        return field, frozenset(v for v in getattr(full, field) if v.split(":", 1)[0] == number)
    return "", frozenset()


def apply_select(job: Job, choice: Choice, select: str) -> Choice:
    """A select all/none button pressed without the page's script: that group all ticked, or none."""
    group, _, how = select.rpartition(":")
    field, values = _group_values(job, group)
    if not field or how not in ("all", "none"):
        return choice
    current = getattr(choice, field)
    return replace(choice, **{field: current | values if how == "all" else current - values})


def _chosen_plans(entry: CaseFile, choice: Choice) -> list[dict]:
    meetings = {m.id for m in entry.case.meetings}
    number = str(entry.index)

    def about(plan: dict) -> str:
        return f"{number}:{plan['subject']}" if plan["subject"] in meetings else number

    def to(plan: dict) -> str:
        return f"{number}:{plan['recipient']}" if plan["recipient"] else number

    return [p for p in entry.plans if p["document"] in choice.documents and about(p) in choice.meetings and to(p) in choice.people]


def chosen_names(job: Job, choice: Choice) -> dict[int, frozenset[str]]:
    """For each ready file, the names of the documents chosen."""
    return {entry.index: frozenset(p["name"] for p in _chosen_plans(entry, choice)) for entry in job.ready}


def choice_problems(job: Job, choice: Choice) -> list[dict[str, str]]:
    """What stops the choice being built: each with the group to go to, empty when it can be built."""
    problems = []
    if not choice.documents & set(_type_titles()):
        problems.append({"anchor": "group-documents", "message": "Types of document: choose at least one."})
    if not choice.formats & {name for name, _ in FORMATS}:
        problems.append({"anchor": "group-formats", "message": "Formats: choose Word, PDF or both."})
    if not problems:
        for entry in job.ready:
            if not _chosen_plans(entry, choice):
                problems.append({"anchor": f"group-meetings-{entry.index}", "message":
                                 f"{entry.name}: nothing chosen is made for this case. Choose more of its meetings "
                                 "or people, or other types of document."})
    return problems


def _options(group: str, options: Iterable[tuple[str, str, str]], chosen: frozenset[str]) -> list[dict[str, Any]]:
    return [{"id": f"{group}-{n}", "value": value, "label": label, "hint": hint, "checked": value in chosen}
            for n, (value, label, hint) in enumerate(options, 1)]


def _left_out_rows(entry: CaseFile, readers: Iterable[str] | None = None) -> list[dict[str, str]]:
    """Per family reader, the item codes whose notes their family copy leaves out (ids and codes only)."""
    copies = {(p["recipient"], p["subject"]) for p in entry.plans if p["document"] == "family-copy"}
    wanted = None if readers is None else set(readers)
    return [
        {"reader": _person_label(entry.case, item.reader), "assessment": _subject_label(entry.case, item.assessment),
         "codes": ", ".join(item.items)}
        for item in left_out(entry.case)
        if (item.reader, item.assessment) in copies and (wanted is None or item.reader in wanted)
    ]


def choice_view(job: Job, choice: Choice) -> dict[str, Any]:
    """The choosing form, ticked as the user left it."""
    titles = _type_titles()
    cases = []
    for entry in job.ready:
        reference = entry.case.case.reference
        cases.append({
            "reference": reference,
            "name": entry.name,
            "meetings": {"id": f"group-meetings-{entry.index}", "select": f"meetings-{entry.index}",
                         "options": _options(f"meeting-{entry.index}", _meetings_of(entry), choice.meetings)},
            "people": {"id": f"group-people-{entry.index}", "select": f"people-{entry.index}",
                       "options": _options(f"person-{entry.index}", _people_of(entry), choice.people)},
            "left_out": _left_out_rows(entry),
        })  # fmt: skip
    return {
        "documents": {"id": "group-documents", "select": "documents",
                      "options": _options("doc", ((name, title, "") for name, title in titles.items()), choice.documents)},
        "formats": {"id": "group-formats", "select": "formats",
                    "options": _options("format", ((name, title, "") for name, title in FORMATS), choice.formats)},
        "cases": cases,
        "several": len(cases) > 1,
    }  # fmt: skip


def hidden_fields(choice: Choice) -> list[tuple[str, str]]:
    """The choice as the confirming form carries it on to the build."""
    return [(name, value) for name in ("documents", "formats", "meetings", "people") for value in sorted(getattr(choice, name))]


def preview_view(job: Job, choice: Choice) -> dict[str, Any]:
    """What will be made: every chosen document of every ready file, by type, before anything is built."""
    titles = _type_titles()
    formats = [title for name, title in FORMATS if name in choice.formats]
    cases, total = [], 0
    for entry in job.ready:
        plans = _chosen_plans(entry, choice)
        groups: dict[str, dict[str, Any]] = {}
        for plan in plans:
            group = groups.setdefault(plan["document"], {"title": titles.get(plan["document"], plan["document"]), "rows": []})
            group["rows"].append(_row_label(entry.case, plan["recipient"], plan["subject"]))
        readers = [p["recipient"] for p in plans if p["document"] == "family-copy"]
        cases.append({"reference": entry.case.case.reference, "name": entry.name, "count": len(plans),
                      "groups": list(groups.values()), "left_out": _left_out_rows(entry, readers),
                      "family_copies": bool(readers)})
        total += len(plans) * len(formats)
    return {"cases": cases, "formats": " and ".join(formats), "files_total": total,
            "documents_total": sum(c["count"] for c in cases), "hidden": hidden_fields(choice)}


def file_view(job: Job, entry: CaseFile) -> dict[str, Any]:
    reference = entry.case.case.reference if entry.case is not None else ""
    return {
        "index": entry.index,
        "anchor": f"file-{entry.index}",
        "name": entry.name,
        "status": entry.status,
        "status_words": STATUS_WORDS[entry.status],
        "reference": reference,
        "refusal": entry.refusal,
        "failure": entry.failure,
        "errors": problem_rows(entry.errors),
        "warnings": problem_rows(entry.warnings),
        "groups": document_groups(job, entry) if entry.status == BUILT and entry.case is not None else [],
        "document_count": len(entry.documents),
    }


def job_view(job: Job) -> dict[str, Any]:
    files = [file_view(job, entry) for entry in job.files]
    if job.state == "built":  # what was made first, then what was not
        files.sort(key=lambda f: f["status"] != BUILT)
    problems = [f for f in files if f["status"] in (INVALID, REFUSED, FAILED)]
    total = len(job.to_build)
    built = [f for f in files if f["status"] == BUILT]
    return {
        "id": job.id,
        "state": job.state,
        "files": files,
        "problem_files": problems,
        "ready_count": len(job.ready),
        "built_count": len(job.built),
        "document_total": sum(len(f.documents) for f in job.built),
        "has_packs": any(g["pack"] for f in built for g in f["groups"]),
        "build_total": total,
        "build_done": job.done,
        "build_value": progress_value(job),
        "progress_words": progress_words(job),
        "expires_at": f"{job.expires_at():%H:%M}",
        "deleted_because": job.deleted_because,
    }


def progress_words(job: Job) -> str:
    total = len(job.to_build)
    building = next((f for f in job.files if f.status == BUILDING), None)
    if job.state == "built":
        return f"Finished: {len(job.built)} of {total} case {'pack' if total == 1 else 'packs'} built."
    if building is not None:
        done, of = building.rendered
        documents = f": {done} of {of} documents" if of else ""
        return f"Building case {job.done + 1} of {total}{documents}…"
    return f"Waiting to start ({job.done} of {total} done)…"


def status(job: Job) -> dict[str, Any]:
    """What the page's script polls for while a build runs."""
    return {"state": job.state, "done": job.done, "total": len(job.to_build), "value": progress_value(job),
            "words": progress_words(job)}


def progress_value(job: Job) -> float:
    """Cases finished, plus the part of the current case already rendered."""
    building = next((f for f in job.files if f.status == BUILDING), None)
    part = building.rendered[0] / building.rendered[1] if building is not None and building.rendered[1] else 0
    return round(job.done + part, 3)
