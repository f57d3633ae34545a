"""build(request) -> result: load, validate, plan, render every document, then write each case whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.documents import registry
from generator.documents.common import DocumentPlan, Inputs
from generator.errors import CasepackError, InvalidCase, Problem, UsageError
from generator.load import load
from generator.render.docx import render_docx
from generator.render.html import render_html
from generator.render.pdf import render_pdf, stylesheet_text
from generator.settings import Settings
from generator.validate import Validated, validate
from generator.write import OutputFile, safe_name, write_case

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class BuildRequest:
    inputs: tuple[Path, ...]
    out_dir: Path
    settings: Settings
    formats: tuple[str, ...] = FORMATS
    documents: tuple[str, ...] | None = None  # None: every type
    today: dt.date | None = None  # the date printed on letters that have no date of their own


@dataclass
class CaseResult:
    source: str
    folder: Path | None = None
    files: list[OutputFile] = field(default_factory=list)
    warnings: tuple[Problem, ...] = ()
    error: CasepackError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class BuildResult:
    cases: list[CaseResult]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.cases)


def check_case(path: Path, settings: Settings) -> Validated:
    raw = load(path)
    return validate(raw.data, settings.toolkit, raw.locate)


def chosen_types(documents: Iterable[str] | None):
    types = registry()
    if documents is None:
        return list(types.values())
    unknown = [name for name in documents if name not in types]
    if unknown:
        raise UsageError(f"unknown document type {', '.join(unknown)}; choose from {', '.join(types)}")
    return [types[name] for name in documents]


def plan_documents(inputs: Inputs, documents: Iterable[str] | None = None) -> list[DocumentPlan]:
    return [plan for doc_type in chosen_types(documents) for plan in doc_type.plan(inputs)]


def render_plan(plan: DocumentPlan, settings: Settings, fmt: str) -> OutputFile:
    templates = settings.templates_dir
    if fmt == "docx":
        data = render_docx(templates / "docx" / f"{plan.template}.docx", plan.context)
    else:
        style = stylesheet_text(templates / "html", {"style": _style(settings)})
        html = render_html(templates / "html", f"{plan.template}.html", plan.context)
        data = render_pdf(templates / "html", html, style)
    return OutputFile(plan.document, fmt, f"{safe_name(plan.filename, plan.document)}.{fmt}", data, plan.recipient, plan.subject)


def _style(settings: Settings) -> dict[str, str]:
    return {
        "primary": settings.primary_colour,
        "accent": settings.accent_colour,
        "font": settings.font_family,
    }


def build_case(path: Path, request: BuildRequest) -> CaseResult:
    """Everything for one case is rendered in memory first; only a case that rendered whole is written."""
    result = CaseResult(source=str(path))
    try:
        checked = check_case(path, request.settings)
        result.warnings = checked.warnings
        inputs = Inputs(checked.case, request.settings, request.settings.toolkit, request.today or dt.date.today())
        plans = plan_documents(inputs, request.documents)
        result.files = [render_plan(plan, request.settings, fmt) for plan in plans for fmt in request.formats]
        result.folder = write_case(request.out_dir, checked.case.case.reference, result.files)
    except (InvalidCase, CasepackError) as exc:
        result.error = exc
    return result


def build(request: BuildRequest, progress: Callable[[CaseResult], None] | None = None) -> BuildResult:
    chosen_types(request.documents)  # a wrong document name is a usage mistake: stop before any work
    results = []
    for path in request.inputs:
        result = build_case(path, request)
        if progress:
            progress(result)
        results.append(result)
    return BuildResult(results)
