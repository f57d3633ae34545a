"""build(request) -> result: load, validate, plan, render every document, then write each case whole.

Rendering is spread over worker processes document by document, so one large case and many small
ones both use every core. Only the main process writes, and only a case whose every document
rendered: a failed or interrupted case leaves no folder behind.
"""

from __future__ import annotations

import datetime as dt
import gc
import glob
import importlib
import itertools
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import CacheSession, RenderCache, document_key
from generator.choose import check_choices, chosen_plans
from generator.documents import DocumentType, registry
from generator.documents.common import DocumentPlan, Inputs
from generator.errors import CasepackError, InvalidCase, Location, Problem, UsageError
from generator.executors import DaskExecutor, Executor, Rendered, RenderTask
from generator.load import LOADERS, RawCase, load
from generator.model import Case
from generator.render import WordStyle, template_file
from generator.settings import Settings
from generator.validate import Validated, validate
from generator.write import OutputFile, safe_name, write_case

FORMATS = ("docx", "pdf")
# A worker is replaced after this many batches of documents, so native memory held by the
# renderers (WeasyPrint's grows a little with every document) cannot pile up over a long run.
BATCHES_PER_WORKER = 15
BATCH_SIZE = 4
# Imported on first use (see render_plan), and by a parallel build before it starts its workers.
RENDERERS = ("generator.render.docx", "generator.render.pdf")


@dataclass(frozen=True)
class BuildRequest:
    inputs: tuple[Path, ...]
    out_dir: Path
    settings: Settings
    formats: tuple[str, ...] = FORMATS
    documents: tuple[str, ...] | None = None  # None: every type
    today: dt.date | None = None  # the date printed on letters that have no date of their own
    jobs: int | None = None  # worker processes; None: one per core
    cache: RenderCache | None = None  # where rendered documents are kept for rebuilds; None: render everything
    executor: Executor | None = None  # None: the settings' [executor] cluster if any, else LocalPool(jobs)
    max_input_bytes: int | None = None  # larger case files are refused unread; None: the README's limit
    recipients: tuple[str, ...] | None = None  # only the documents addressed to these people (ids); None: everyone's
    meetings: tuple[str, ...] | None = None  # only the documents about these meetings (ids); None: all
    packs: bool = True  # print packs (generator/packs.py) beside the separate PDFs; they need PDFs
    names: frozenset[str] | None = None  # only the documents of these names (DocumentPlan.filename), as the web page chose; None: all


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
    rendered: int = 0  # documents rendered in this build
    reused: int = 0  # documents taken from the render cache

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.cases)

    @property
    def documents(self) -> int:
        """Documents written, each format counted; the print packs joined from them are not documents of their own."""
        return sum(f.document != "print-pack" for c in self.cases for f in c.files)


class RenderError(CasepackError):
    """A document could not be rendered; the message names the document, never its content."""


def check_case(path: Path, settings: Settings, today: dt.date | None = None, max_bytes: int | None = None) -> Validated:
    """Loads and validates one case; `today` is the date its undated letters will carry."""
    return _checked(path, settings, today, max_bytes)[1]


def _checked(path: Path, settings: Settings, today: dt.date | None, max_bytes: int | None) -> tuple[RawCase, Validated]:
    raw = load(path, max_bytes)
    return raw, validate(raw.data, settings.toolkit, raw.locate, today, settings.agencies, read=raw)


def chosen_types(documents: Iterable[str] | None) -> list[DocumentType]:
    types = registry()
    if documents is None:
        return list(types.values())
    unknown = [name for name in documents if name not in types]
    if unknown:
        raise UsageError(f"unknown document type {', '.join(unknown)}; choose from {', '.join(types)}")
    return [types[name] for name in documents]


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders as the case files in them, and patterns the shell did not expand."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in LOADERS and not p.name.startswith((".", "~$")))
        elif not path.exists() and glob.has_magic(str(path)):
            matches = sorted(Path(p) for p in glob.glob(str(path)) if Path(p).suffix.lower() in LOADERS)
            if not matches:
                raise UsageError(f"{path}: no case files match")
            found += matches
        else:
            found.append(path)
    if not found:
        raise UsageError("no case files to build")
    return list(dict.fromkeys(found))


def plan_documents(inputs: Inputs, documents: Iterable[str] | None = None) -> list[DocumentPlan]:
    return [plan for doc_type in chosen_types(documents) for plan in doc_type.plan(inputs)]


def _style(settings: Settings) -> dict[str, str]:
    return {"primary": settings.primary_colour, "accent": settings.accent_colour, "font": settings.font_family}


def word_style(settings: Settings) -> WordStyle:
    return WordStyle(settings.primary_colour, settings.accent_colour, settings.docx_font)


def html_folders(settings: Settings) -> tuple[Path, ...]:
    """Where HTML templates are found, first match winning: the team's html/ folder, then the built-in one."""
    return tuple(root / "html" for root in settings.template_roots)


def pdf_source(plan: DocumentPlan, settings: Settings) -> tuple[str, str]:
    """The HTML and the stylesheet a PDF is made from."""
    from generator.render.html import render_html, stylesheet_text

    folders = html_folders(settings)
    return render_html(folders, f"{plan.template}.html", plan.context), stylesheet_text(folders, {"style": _style(settings)})


def output_file(plan: DocumentPlan, fmt: str, data: bytes) -> OutputFile:
    return OutputFile(plan.document, fmt, f"{safe_name(plan.filename, plan.document)}.{fmt}", data, plan.recipient, plan.subject)


def render_plan(plan: DocumentPlan, settings: Settings, fmt: str) -> OutputFile:
    # The renderers (WeasyPrint alone takes most of a second to import) load on the first document,
    # so that `casepack --help` and `casepack validate` start at once.
    from generator.render.docx import render_docx
    from generator.render.pdf import render_pdf

    if fmt == "docx":
        data = render_docx(template_file(settings.template_roots, "docx", f"{plan.template}.docx"), plan.context, word_style(settings))
    else:
        html, style = pdf_source(plan, settings)
        data = render_pdf(html_folders(settings)[0], html, style)
    return output_file(plan, fmt, data)


# --- one case, prepared in the main process -------------------------------------------------

@dataclass
class _Case:
    result: CaseResult
    reference: str = ""
    reference_at: Location | None = None  # where the reference is in its file
    case: Case | None = None  # once valid
    jobs: list[tuple[DocumentPlan, str]] = field(default_factory=list)
    done: dict[int, OutputFile] = field(default_factory=dict)


def _prepare(path: Path, request: BuildRequest, today: dt.date) -> _Case:
    prepared = _Case(CaseResult(source=str(path)))
    try:
        raw, checked = _checked(path, request.settings, today, request.max_input_bytes)
        prepared.result.warnings = checked.warnings
        prepared.reference = checked.case.case.reference
        prepared.reference_at = raw.locate("/case/reference")
        inputs = Inputs(checked.case, request.settings, request.settings.toolkit, today)
        prepared.case = checked.case
        plans = chosen_plans(plan_documents(inputs, request.documents), request.recipients, request.meetings, request.names)
        prepared.jobs = [(plan, fmt) for plan in plans for fmt in request.formats]
    except CasepackError as exc:
        prepared.result.error = exc
    return prepared


# --- rendering, in this process or in workers ------------------------------------------------

_worker_settings: Settings | None = None


def _start_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    # A document's layout makes hundreds of thousands of short-lived objects; collecting them less
    # often makes long documents 10-15% faster and takes out 100 ms pauses. A worker is recycled
    # after a few hundred documents anyway, so what collection would have freed cannot pile up.
    gc.set_threshold(50_000, 20, 50)
    # Ctrl-C is the main process's to handle: it stops the workers and cleans up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the command's SIGTERM handler; it is the main process's to clean up,
    # so a worker told to stop just stops, without a traceback.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


Job = tuple[int, int, DocumentPlan, str]  # case number, document number, plan, format
Outcome = tuple[int, int, OutputFile | None, str | None]


def _render_one(settings: Settings, job: Job) -> Outcome:
    case_no, doc_no, plan, fmt = job
    try:
        return case_no, doc_no, render_plan(plan, settings, fmt), None
    except CasepackError as exc:
        return case_no, doc_no, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a bug in one document must not sink the other cases of a batch
        return case_no, doc_no, None, f"{plan.filename}.{fmt}: could not be rendered ({type(exc).__name__})"


def _render_batch(jobs: list[Job]) -> list[Outcome]:
    return [_render_one(_worker_settings, job) for job in jobs]


def _batches(jobs: list[Job]) -> Iterator[list[Job]]:
    for start in range(0, len(jobs), BATCH_SIZE):
        yield jobs[start : start + BATCH_SIZE]


def _start_method() -> str:
    """fork when it is safe: workers then start in milliseconds with every module already imported.

    Forking a process that runs other threads (the web server's) can copy a lock another thread
    holds and hang the child; there a fork server, started once with our modules loaded, forks instead.
    """
    if threading.current_thread() is threading.main_thread() and threading.active_count() == 1:
        return "fork"
    multiprocessing.set_forkserver_preload(["generator.pipeline", *RENDERERS])
    return "forkserver"


def _outcomes(jobs: list[Job], settings: Settings, workers: int) -> Iterator[Outcome]:
    if workers <= 1 or len(jobs) <= BATCH_SIZE:
        for job in jobs:
            yield _render_one(settings, job)
        return
    for module in RENDERERS:  # imported once here, before forking, rather than by every worker
        importlib.import_module(module)
    context = multiprocessing.get_context(_start_method())
    pool = context.Pool(workers, initializer=_start_worker, initargs=(settings,), maxtasksperchild=BATCHES_PER_WORKER)
    try:
        for outcomes in pool.imap_unordered(_render_batch, _batches(jobs)):
            yield from outcomes
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


class LocalPool(Executor):
    """This machine's cores: forked worker processes, recycled every few batches (the default)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def render(self, tasks: list[RenderTask], settings: Settings) -> Iterator[Rendered]:
        jobs = [(n, 0, task.plan, task.fmt) for n, task in enumerate(tasks)]
        for number, _, output, error in _outcomes(jobs, settings, self.workers):
            yield number, None if output is None else output.data, error


def executor_for(request: BuildRequest) -> Executor:
    """The executor a request renders with; a cluster that may not be used is refused here, before any work."""
    if request.executor is not None:
        return request.executor
    if request.settings.executor is not None:
        return DaskExecutor.from_settings(request.settings.executor)
    return LocalPool(request.jobs or os.cpu_count() or 1)


def build(
    request: BuildRequest,
    progress: Callable[[CaseResult], None] | None = None,
    on_document: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Builds every case; `progress` hears of each case as it is written or fails, `on_document`
    of each document rendered (done, total)."""
    chosen_types(request.documents)  # a wrong document name is a usage mistake: stop before any work
    executor = executor_for(request)  # so is a cluster that may not be used
    today = request.today or dt.date.today()
    cases = [_prepare(path, request, today) for path in expand_inputs(request.inputs)]
    # An id chosen that no case has is a usage mistake, like a misspelt document type.
    check_choices((c.case for c in cases if c.case is not None), request.recipients, request.meetings)

    _refuse_repeated_cases(cases)

    for case in cases:
        if case.result.ok and not case.jobs:
            _finish(case, request, today)  # valid, but none of the chosen documents applies to it
        if (not case.result.ok or not case.jobs) and progress:
            progress(case.result)
    jobs: list[Job] = [(n, d, plan, fmt) for n, case in enumerate(cases) for d, (plan, fmt) in enumerate(case.jobs)]
    remaining = {n: len(case.jobs) for n, case in enumerate(cases) if case.jobs}
    total, done = len(jobs), 0
    # Documents already in the render cache are taken from it here; only the others go to the executor.
    cache = request.cache.open(request.settings) if request.cache else None
    reused, jobs = cache.split(jobs, request.settings, output_file) if cache else ([], jobs)

    def rendered() -> Iterator[Outcome]:
        for number, data, error in executor.render([RenderTask(plan, fmt) for _, _, plan, fmt in jobs], request.settings):
            case_no, doc_no, plan, fmt = jobs[number]
            yield case_no, doc_no, None if data is None else output_file(plan, fmt, data), error

    for case_no, doc_no, output, error in itertools.chain(reused, rendered()):
        case = cases[case_no]
        done += 1
        if on_document:
            on_document(done, total)
        if error and case.result.ok:
            case.result.error = RenderError(error)
        if output is not None:
            case.done[doc_no] = output
            if cache and done > len(reused):
                cache.store(case.jobs[doc_no][0], output.format, request.settings, output.data)
        remaining[case_no] -= 1
        if remaining[case_no] == 0:
            _finish(case, request, today, cache)
            if progress:
                progress(case.result)
    if cache:
        cache.trim()
    return BuildResult([c.result for c in cases], rendered=total - len(reused), reused=len(reused))


def repeated_case_message(reference: str, files: list[str], batch: str = "run") -> str:
    """What is said of each of the files that hold the same case (the web page says "upload" for "run")."""
    named = ", ".join(files[:-1]) + f" and {files[-1]}"
    return (f"'{reference}' is the reference of both {named}: the same case is in this {batch} {len(files)} times, so it was not built; "
            "build it from one of the files, or if they are different cases, give each its own reference")


def _refuse_repeated_cases(cases: list[_Case]) -> None:
    """The same case twice in one run is built from neither file: which copy is the right one is the
    user's to say. Each is refused naming every file that holds it."""
    by_reference: dict[str, list[_Case]] = {}
    for case in cases:
        if case.result.ok:
            by_reference.setdefault(safe_name(case.reference), []).append(case)
    for same in by_reference.values():
        if len(same) < 2:
            continue
        message = repeated_case_message(same[0].reference, [case.result.source for case in same])
        for case in same:
            case.result.error = InvalidCase([Problem(case.reference_at or Location(case.result.source), message)])
            case.jobs = []


def _finish(case: _Case, request: BuildRequest, today: dt.date, cache: CacheSession | None = None) -> None:
    if not case.result.ok:
        return
    case.result.files = [case.done[i] for i in sorted(case.done)]
    try:
        # The print packs are joined here, in the one process that writes, from the PDFs just rendered
        # or reused: they go into the case folder with its documents, or not at all.
        case.result.files += _print_packs(case, request, today, cache)
        case.result.folder = write_case(request.out_dir, case.reference, case.result.files, request.settings.file_mode, request.settings.folder_mode)
    except CasepackError as exc:
        case.result.error = exc
        case.result.files = []


def _print_packs(case: _Case, request: BuildRequest, today: dt.date, cache: CacheSession | None) -> list[OutputFile]:
    if not request.packs or "pdf" not in request.formats or case.case is None or not case.done:
        return []
    from generator.packs import print_packs  # pikepdf loads only for a build that makes PDFs

    settings = request.settings

    def render(plan: DocumentPlan) -> bytes:
        # A cover sheet or contents page is kept in the render cache like any document, under the same
        # kind of key (its HTML and stylesheet), so an unchanged rebuild renders nothing at all.
        key = document_key(cache.fingerprint, plan, "pdf", settings) if cache else None
        data = cache.get(key) if key else None
        if data is None:
            data = render_plan(plan, settings, "pdf").data
            if key:
                cache.put(key, data)
        return data

    documents = [(case.jobs[i][0], case.done[i]) for i in sorted(case.done)]
    return print_packs(case.case, documents, settings, today, render)
