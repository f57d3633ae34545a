"""Uploads as jobs: each in its own temporary folder, checked, built in the background, deleted on time.

Only ids and counts are logged here: file names, references and anything else from a case stay out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
import traceback
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.documents.common import Inputs
from generator.errors import CasepackError, InvalidCase, Location, Problem
from generator.load import load
from generator.model import Case
from generator.pipeline import BuildRequest, CaseResult, build, check_case, plan_documents, repeated_case_message
from generator.settings import Settings
from generator.write import safe_name

log = logging.getLogger("casepack.web")

# The states a file moves through, in order.
REFUSED, INVALID, READY, QUEUED, BUILDING, BUILT, FAILED = "refused", "invalid", "ready", "queued", "building", "built", "failed"


@dataclass
class CaseFile:
    """One uploaded file: what it was called, what the checks found, and what was built from it."""

    index: int
    name: str  # the name it was uploaded under, for display only: never used as a path
    path: Path | None = None
    status: str = READY
    refusal: str = ""
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    case: Case | None = None
    plans: list[dict] = field(default_factory=list)  # every document the case can give, without its contents
    chosen: frozenset[str] | None = None  # the names of the documents chosen to build (DocumentPlan.filename)
    folder: Path | None = None  # the built case folder
    documents: list[dict] = field(default_factory=list)  # the manifest's entries
    failure: str = ""
    rendered: tuple[int, int] = (0, 0)  # documents rendered so far, of how many, while building


@dataclass
class Job:
    id: str
    folder: Path
    created: float
    expires: float
    files: list[CaseFile] = field(default_factory=list)
    state: str = "checked"  # checked -> building -> built; or deleted
    deleted_because: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def log_ref(self) -> str:
        """How the log names this upload: a digest of its id, which cannot be turned back into an address."""
        return hashlib.sha256(self.id.encode()).hexdigest()[:10]

    @property
    def ready(self) -> list[CaseFile]:
        return [f for f in self.files if f.status == READY]

    @property
    def built(self) -> list[CaseFile]:
        return [f for f in self.files if f.status == BUILT]

    @property
    def to_build(self) -> list[CaseFile]:
        return [f for f in self.files if f.status in (QUEUED, BUILDING, BUILT, FAILED)]

    @property
    def done(self) -> int:
        return sum(f.status in (BUILT, FAILED) for f in self.files)

    def expires_at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.expires).astimezone()


ROOT_PREFIX = "casepack-web-"


def _remove_abandoned(parent: Path) -> None:
    """A server that was killed could not delete its uploads: the next one to start does."""
    for folder in parent.glob(f"{ROOT_PREFIX}*"):
        try:
            pid = int((folder / "pid").read_text(encoding="ascii"))
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            log.info("deleted the uploads a stopped server left behind")
        except (OSError, ValueError):
            continue  # not ours to judge: another user's server, or one still starting


class Store:
    """Every job lives in a folder of its own under one temporary root, which goes when the server stops."""

    def __init__(self, settings: Settings, keep_seconds: float, root: Path | None = None) -> None:
        self.settings = settings
        self.keep_seconds = keep_seconds
        self.max_input_bytes: int | None = None  # a case file bigger than this is refused unread (None: the default)
        _remove_abandoned(Path(root or tempfile.gettempdir()))
        self.root = Path(tempfile.mkdtemp(prefix=ROOT_PREFIX, dir=root))
        (self.root / "pid").write_text(str(os.getpid()), encoding="ascii")
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        # One build at a time: the machine's cores are the pipeline's to use, and builds queue fairly.
        self._builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casepack-build")
        self._stop = threading.Event()
        self._sweeper: threading.Thread | None = None

    # --- life of the store -------------------------------------------------------------------
    def start_sweeping(self, every: float = 30.0) -> None:
        def loop() -> None:
            while not self._stop.wait(min(every, max(1.0, self.keep_seconds / 4))):
                self.sweep()

        self._sweeper = threading.Thread(target=loop, name="casepack-sweeper", daemon=True)
        self._sweeper.start()

    def close(self) -> None:
        self._stop.set()
        self._builder.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.root, ignore_errors=True)
        log.info("stopped; all uploads deleted")

    # --- jobs --------------------------------------------------------------------------------
    def new_job(self) -> Job:
        job_id = secrets.token_urlsafe(12)
        folder = self.root / job_id
        (folder / "in").mkdir(parents=True)
        now = time.time()
        job = Job(job_id, folder, now, now + self.keep_seconds)
        with self._lock:
            self.jobs[job_id] = job
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def add_file(self, job: Job, name: str, kind: str | None, data: bytes, refusal: str = "") -> CaseFile:
        """Keeps an uploaded file under the job's folder by number (never by its own name) and checks it."""
        entry = CaseFile(index=len(job.files) + 1, name=name)
        job.files.append(entry)
        if kind is None:
            entry.status, entry.refusal = REFUSED, refusal
            return entry
        entry.path = job.folder / "in" / f"{entry.index}.{kind}"
        entry.path.write_bytes(data)
        try:
            checked = check_case(entry.path, self.settings, max_bytes=self.max_input_bytes)
            # What the case can give, listed for choosing: type, reader, subject and name, no contents.
            inputs = Inputs(checked.case, self.settings, self.settings.toolkit, dt.date.today())
            plans = [{"document": p.document, "recipient": p.recipient, "subject": p.subject, "name": p.filename}
                     for p in plan_documents(inputs)]
        except InvalidCase as exc:
            entry.status, entry.errors, entry.warnings = INVALID, exc.errors, exc.warnings
        except Exception as exc:  # noqa: BLE001 - a hostile or broken file must not take the page down
            entry.status, entry.refusal = REFUSED, f"{name} could not be read as a case file."
            log.warning("upload %s: file %d could not be read: %s", job.log_ref, entry.index, type(exc).__name__)
        else:
            entry.status, entry.case, entry.warnings, entry.plans = READY, checked.case, list(checked.warnings), plans
        return entry

    def refuse_repeated(self, job: Job) -> None:
        """The same case twice in one upload is built from neither file, as in one run of `casepack build`:
        which copy is right is the user's to say. Each is refused naming both files, at its reference."""
        by_reference: dict[str, list[CaseFile]] = {}
        for entry in job.ready:
            by_reference.setdefault(safe_name(entry.case.case.reference), []).append(entry)
        for same in by_reference.values():
            if len(same) < 2:
                continue
            message = repeated_case_message(same[0].case.case.reference, [entry.name for entry in same], "upload")
            for entry in same:
                where = load(entry.path, self.max_input_bytes).locate("/case/reference").where
                entry.status, entry.case, entry.plans = INVALID, None, []
                entry.errors = [Problem(Location(entry.name, where), message)]

    def log_checked(self, job: Job) -> None:
        counts = {s: sum(f.status == s for f in job.files) for s in (READY, INVALID, REFUSED)}
        errors = sum(len(f.errors) for f in job.files)
        log.info("upload %s: %d file(s): %d ready, %d with %d error(s), %d refused",
                 job.log_ref, len(job.files), counts[READY], counts[INVALID], errors, counts[REFUSED])

    def start_build(self, job: Job, chosen: dict[int, frozenset[str]], formats: tuple[str, ...]) -> bool:
        """Builds each ready file's chosen documents (by file number: the names of its documents)."""
        with job.lock:
            if job.state != "checked" or not job.ready:
                return False
            job.state = "building"
            for entry in job.ready:
                entry.status, entry.chosen = QUEUED, chosen.get(entry.index)
        self._builder.submit(self._build, job, formats)
        return True

    def _build(self, job: Job, formats: tuple[str, ...]) -> None:
        started = time.monotonic()
        for entry in job.to_build:
            if job.state == "deleted":
                break
            entry.status = BUILDING
            out = job.folder / "out" / str(entry.index)
            try:
                # No render cache: an upload is built once and deleted with its job, so a cache would never
                # be used again, and would keep the case's data after the job is gone.
                request = BuildRequest((entry.path,), out, self.settings, formats, names=entry.chosen,
                                       max_input_bytes=self.max_input_bytes)
                result = build(request, **self._document_progress(entry)).cases[0]
            except CasepackError as exc:  # the build could not run at all (a cluster that cannot be used, say)
                result = CaseResult(source=str(entry.path), error=exc)
            except Exception as exc:  # a bug, not a case problem: keep the server up, log no case data
                result = CaseResult(source=str(entry.path), error=CasepackError("unexpected failure"))
                log.error("upload %s: file %d: %s\n%s", job.log_ref, entry.index, type(exc).__name__,
                          "".join(traceback.format_tb(exc.__traceback__)))
            if result.ok:
                entry.folder = result.folder
                entry.documents = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))["documents"]
                entry.status = BUILT
                log.info("upload %s: file %d built: %d document(s)", job.log_ref, entry.index, len(result.files))
            else:
                entry.status = FAILED
                if isinstance(result.error, InvalidCase):
                    entry.errors = result.error.errors
                else:  # shown on the page only; the temporary folder means nothing to the reader
                    entry.failure = str(result.error).replace(str(job.folder) + "/", "")
                log.info("upload %s: file %d not built", job.log_ref, entry.index)
        if job.state == "deleted":  # deleted while building: take away what the build wrote since
            shutil.rmtree(job.folder, ignore_errors=True)
            return
        with job.lock:
            if job.state == "building":
                job.state = "built"
                # A build can take a while; give people the whole keeping time to download the result.
                job.expires = max(job.expires, time.time() + self.keep_seconds)
        log.info("upload %s: %d of %d built in %.1f s", job.log_ref, len(job.built), len(job.to_build), time.monotonic() - started)

    @staticmethod
    def _document_progress(entry: CaseFile) -> dict:
        """Document-by-document progress, where the pipeline offers it (it reports whole cases in any case)."""
        if "on_document" not in inspect.signature(build).parameters:
            return {}

        def rendered(done: int, total: int) -> None:
            entry.rendered = (done, total)

        return {"on_document": rendered}

    def zip_all(self, job: Job) -> Path:
        """One zip of every case folder built, each with its manifest, written inside the job's folder."""
        target = job.folder / "case-packs.zip"
        used: set[str] = set()
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for entry in job.built:
                folder = entry.folder
                name, copy = folder.name, 1
                while name in used:  # the same case uploaded twice
                    copy += 1
                    name = f"{folder.name} ({copy})"
                used.add(name)
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        archive.write(path, f"{name}/{path.relative_to(folder).as_posix()}")
        return target

    def delete(self, job: Job, because: str) -> None:
        with job.lock:
            if job.state == "deleted":
                return
            job.state = "deleted"
            job.deleted_because = because
            for entry in job.files:  # drop the case data held in memory as well as on disk
                entry.case, entry.folder, entry.documents, entry.plans = None, None, [], []
                entry.errors, entry.warnings = [], []
        shutil.rmtree(job.folder, ignore_errors=True)
        log.info("upload %s: deleted (%s)", job.log_ref, because)

    def sweep(self, now: float | None = None) -> int:
        """Deletes every job past its time (a job still building waits for its build to end)."""
        now = time.time() if now is None else now
        with self._lock:
            jobs = list(self.jobs.values())
        expired = [j for j in jobs if j.state in ("checked", "built") and j.expires <= now]
        for job in expired:
            self.delete(job, "time")
        with self._lock:  # forget deleted jobs after a day; until then their page says what happened
            for job in jobs:
                if job.state == "deleted" and job.expires + 86400 <= now:
                    self.jobs.pop(job.id, None)
        return len(expired)
