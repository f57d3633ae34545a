"""Everything the pages show, worked out in Python so that the templates only present it."""

from __future__ import annotations

import re
from typing import Any

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


def document_choices() -> list[dict[str, str]]:
    return [{"name": t.name, "title": t.title} for t in registry().values()]


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


def document_groups(job: Job, entry: CaseFile) -> list[dict[str, Any]]:
    """The built documents by type (in the registry's reading order), one row per recipient or subject."""
    titles = {t.name: t.title for t in registry().values()}
    order = list(titles)
    groups: dict[str, dict[str, Any]] = {}
    for number, doc in enumerate(entry.documents):
        group = groups.setdefault(doc["document"], {"title": titles.get(doc["document"], doc["document"]), "rows": {}})
        key = (doc.get("recipient"), doc.get("subject"))
        if key not in group["rows"]:
            parts = []
            if doc.get("recipient"):
                parts.append(f"To {_person_label(entry.case, doc['recipient'])}")
            if doc.get("subject"):
                parts.append(_subject_label(entry.case, doc["subject"]))
            group["rows"][key] = {"label": "; ".join(parts) or "For the case", "files": []}
        base = f"/uploads/{job.id}/files/{entry.index}/{number}"
        group["rows"][key]["files"].append(
            {
                "format": FORMAT_NAMES.get(doc["format"], doc["format"]),
                "filename": doc["path"],
                "view": f"{base}/view",
                "download": f"{base}/download",
            }
        )
    ordered = sorted(groups.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    return [{"title": g["title"], "rows": list(g["rows"].values())} for _, g in ordered]


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
        "groups": document_groups(job, entry) if entry.status == BUILT else [],
        "document_count": len(entry.documents),
    }


def job_view(job: Job) -> dict[str, Any]:
    files = [file_view(job, entry) for entry in job.files]
    if job.state == "built":  # what was made first, then what was not
        files.sort(key=lambda f: f["status"] != BUILT)
    problems = [f for f in files if f["status"] in (INVALID, REFUSED, FAILED)]
    total = len(job.to_build)
    return {
        "id": job.id,
        "state": job.state,
        "files": files,
        "problem_files": problems,
        "ready_count": len(job.ready),
        "built_count": len(job.built),
        "document_total": sum(len(f.documents) for f in job.built),
        "build_total": total,
        "build_done": job.done,
        "build_value": progress_value(job),
        "progress_words": progress_words(job),
        "expires_at": f"{job.expires_at():%H:%M}",
        "documents": document_choices(),
        "formats": [{"name": k, "title": v} for k, v in (("docx", "Word (.docx)"), ("pdf", "PDF"))],
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
