"""Where documents are rendered: this machine's worker processes, or the workers of a Dask cluster.

An executor is given render tasks (a document plan and a format: small, picklable) and gives back
each document's bytes as it is rendered, in any order. Validation, planning and writing stay with
the caller, so a case is still written whole or not at all whichever executor rendered it.

The local process pool (pipeline.LocalPool) is the default. DaskExecutor sends each task, with the
settings and their fingerprint, to a Dask scheduler (`pip install 'casepack[dask]'`). A worker whose
casepack, templates, fonts or settings files differ from the submitter's refuses the work, so no
case is ever made of documents from two different letterheads or template versions.
"""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import json
import subprocess
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.cache import template_files
from generator.documents.common import DocumentPlan
from generator.errors import CasepackError, UsageError
from generator.settings import ExecutorSettings, Settings

PACKAGE = Path(__file__).resolve().parent
# Libraries whose version changes the bytes of a document.
RENDERERS = ("weasyprint", "pydyf", "fonttools", "docxtpl", "python-docx", "Jinja2")
RECHECK_SECONDS = 5
# Documents per Dask task: each task costs the submitting process a few milliseconds of Dask's own
# work, so a few documents share one (as the local pool's batches do); a worker lost mid-task costs
# only these few documents' rendering again.
DOCUMENTS_PER_TASK = 4
INSTALL_HINT = "the Dask executor needs Dask's distributed package: pip install 'casepack[dask]'"


@dataclass(frozen=True)
class RenderTask:
    """One document to render in one format."""

    plan: DocumentPlan
    fmt: str

    def __repr__(self) -> str:
        # Dask prints a failed task's arguments in its logs: name the document, never its content.
        return f"RenderTask({self.plan.document}.{self.fmt})"


Rendered = tuple[int, bytes | None, str | None]  # task number; the document's bytes, or why it has none


class Executor(ABC):
    @abstractmethod
    def render(self, tasks: Sequence[RenderTask], settings: Settings) -> Iterator[Rendered]:
        """Renders every task, yielding each task's number with its bytes (or a message naming the
        document) as soon as it is done. Closing the iterator early (an error, Ctrl-C) stops the
        work not yet done."""


class ClusterError(CasepackError):
    """The cluster cannot be used: unreachable, no workers, or workers set up differently from here."""


class FingerprintMismatch(Exception):
    """Raised on a worker given work made with other files than its own."""


# --- the fingerprint: everything besides the task itself that decides a document's bytes -------

def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@lru_cache(maxsize=8)
def _font_files(family: str) -> tuple[Path, ...]:
    """The font files fontconfig (and so WeasyPrint) finds for the family."""
    try:
        listed = subprocess.run(["fc-list", f":family={family}", "file"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ()
    return tuple(sorted(Path(line.rstrip().rstrip(":")) for line in listed.splitlines() if line.strip()))


def _sources(settings: Settings) -> tuple[dict[str, Any], list[tuple[str, Path]]]:
    """The settings' values with their file paths taken out, and every file that goes into a document,
    each named by its part (so that the fingerprint does not depend on where casepack is installed)."""
    values = dataclasses.asdict(dataclasses.replace(settings, executor=None))
    files: list[tuple[str, Path]] = [(f"casepack/{p.relative_to(PACKAGE)}", p) for p in _files(PACKAGE)]
    # The templates a worker renders with: the team's folder over its built-in one, as the cache counts them.
    values["templates_dir"] = "<file>"
    files += [(f"templates/{name}", path) for name, path in template_files(settings.template_roots)]

    def take_paths(node: dict[str, Any], prefix: str) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                take_paths(value, f"{prefix}{key}.")
            elif isinstance(value, Path):
                root = value
                files.extend((f"{prefix}{key}/{p.relative_to(root) if p != root else p.name}", p) for p in _files(root))
                node[key] = "<file>"

    take_paths(values, "")
    files += [(f"font/{p.name}", p) for p in _font_files(settings.font_family)]
    return values, files


@lru_cache(maxsize=1)
def _versions() -> dict[str, str]:
    """The renderers' versions, as loaded by this process."""
    return {name: metadata.version(name) for name in RENDERERS}


def _size_and_time(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_size, found.st_mtime_ns


_digests: dict[tuple, str] = {}


def fingerprint(settings: Settings) -> str:
    """A digest of the settings, casepack's own files, the templates, logo, toolkit, fonts and the
    renderers' versions. Files are read again only when their size or time stamp changes."""
    values, files = _sources(settings)
    settings_text = json.dumps([values, _versions()], sort_keys=True, default=str)
    key = (settings_text, tuple((name, *_size_and_time(p)) for name, p in files))
    if key not in _digests:
        digest = hashlib.sha256(settings_text.encode())
        for name, path in sorted(files):
            digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        _digests.clear()  # one settings in use at a time, in practice; keep the cache from growing
        _digests[key] = digest.hexdigest()
    return _digests[key]


# --- the Dask executor --------------------------------------------------------------------------

def _distributed():
    try:
        import distributed
    except ImportError as exc:
        raise UsageError(INSTALL_HINT) from exc
    return distributed


def check_address(address: str, tls: bool, insecure: bool) -> None:
    """Refuses a scheduler on another machine reached without TLS: case data would cross the network in the clear."""
    scheme, sep, rest = address.partition("://")
    if not sep:
        raise UsageError(f"scheduler address '{address}': write it as tcp://HOST:PORT, or tls://HOST:PORT with TLS files")
    if scheme not in ("tcp", "tls"):
        raise UsageError(f"scheduler address '{address}': use tcp://HOST:PORT, or tls://HOST:PORT with TLS files")
    if scheme == "tls" and not tls:
        raise UsageError(f"scheduler address '{address}' is tls://: give the TLS files (--tls-ca-file, --tls-cert and --tls-key, or [executor] in settings)")
    if scheme == "tcp" and tls:
        raise UsageError(f"scheduler address '{address}': TLS files were given, so write the address as tls://{rest}")
    host = urlsplit(address).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if scheme == "tcp" and not loopback and not insecure:
        raise UsageError(
            f"scheduler address '{address}' is on another machine and the connection is not encrypted: case data would "
            "cross the network in the clear. Use tls://HOST:PORT with --tls-ca-file, --tls-cert and --tls-key (or [executor] "
            "in settings); only on a network you trust completely, pass --insecure-cluster"
        )


def security_from_files(ca_file: Path | None, cert: Path | None, key: Path | None):
    """A distributed.security.Security that encrypts and authenticates with the three files, or None if none is given."""
    named = {"--tls-ca-file": ca_file, "--tls-cert": cert, "--tls-key": key}
    if not any(named.values()):
        return None
    missing = [option for option, path in named.items() if path is None]
    if missing:
        raise UsageError(f"TLS needs all three files: {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing")
    for option, path in named.items():
        if not Path(path).is_file():
            raise UsageError(f"{option}: no file at {path}")
    security = _distributed().security.Security
    return security(tls_ca_file=str(ca_file), tls_client_cert=str(cert), tls_client_key=str(key), require_encryption=True)


@dataclass(frozen=True)
class _Work:
    """What travels with each Dask task: the settings, their fingerprint, and a few documents."""

    settings: Settings
    fingerprint: str
    tasks: tuple[RenderTask, ...]


def _worker_fingerprint(settings: Settings) -> str:
    return fingerprint(settings)  # looked up on the worker: its own files, its own function


_checked: dict[Settings, tuple[float, str]] = {}


def _recent_fingerprint(settings: Settings) -> str:
    """The fingerprint, looked at again at most every RECHECK_SECONDS: walking the files for every
    document would cost a worker some 10 ms a document."""
    now = time.monotonic()
    checked_at, found = _checked.get(settings, (None, ""))
    if checked_at is None or now - checked_at >= RECHECK_SECONDS:
        _checked.clear()
        found = fingerprint(settings)
        _checked[settings] = (now, found)
    return found


def _render_on_worker(work: _Work) -> list[tuple[bytes | None, str | None]]:
    here = _recent_fingerprint(work.settings)
    if here != work.fingerprint:
        worker = _distributed().get_worker().address
        raise FingerprintMismatch(_mismatch([worker], work.fingerprint, here))
    from generator.pipeline import _render_one

    rendered = []
    for task in work.tasks:
        _, _, output, error = _render_one(work.settings, (0, 0, task.plan, task.fmt))
        rendered.append(((None if output is None else output.data), error))
    return rendered


def _mismatch(workers: list[str], expected: str, found: str) -> str:
    return (
        f"refused by the cluster's worker(s) {', '.join(workers)}: their casepack, templates, fonts or settings files differ "
        f"from this machine's (fingerprint {expected[:12]} here, {found[:12]} there). Install the same casepack, templates "
        "and fonts, at the same paths, on every worker and start it again; nothing more was rendered"
    )


class DaskExecutor(Executor):
    """Renders on the workers of a Dask scheduler. A worker that dies mid-batch has its documents
    rendered again elsewhere by the scheduler; leaving early cancels what has not been rendered."""

    def __init__(self, scheduler: str, security=None, insecure: bool = False, timeout: float = 30, in_flight: int | None = None) -> None:
        check_address(scheduler, tls=security is not None and bool(getattr(security, "tls_client_cert", None)), insecure=insecure)
        self.scheduler, self.security, self.timeout = scheduler, security, timeout
        self.in_flight = in_flight  # Dask tasks sent ahead at most; None: 4 per worker thread, 32 at least

    @classmethod
    def from_settings(cls, config: ExecutorSettings) -> DaskExecutor:
        _distributed()  # a missing install is said before anything else
        security = security_from_files(config.tls_ca_file, config.tls_cert, config.tls_key)
        return cls(config.scheduler, security, config.insecure_cluster)

    def render(self, tasks: Sequence[RenderTask], settings: Settings) -> Iterator[Rendered]:
        if not tasks:
            return
        distributed = _distributed()
        sent = dataclasses.replace(settings, executor=None)
        expected = fingerprint(sent)
        try:
            client = distributed.Client(self.scheduler, security=self.security, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {self.scheduler} ({type(exc).__name__}); is `dask scheduler` running there, and is the address's tcp:// or tls:// the one it uses?") from exc
        with client:
            self._check_workers(client, sent, expected)
            batch = uuid.uuid4().hex[:12]
            groups = iter(range(0, len(tasks), DOCUMENTS_PER_TASK))
            numbers: dict[Any, range] = {}  # the futures not yet back, and the task numbers each renders

            def send_next():
                for start in groups:
                    group = range(start, min(start + DOCUMENTS_PER_TASK, len(tasks)))
                    work = _Work(sent, expected, tuple(tasks[n] for n in group))
                    future = client.submit(_render_on_worker, work, key=f"casepack-{batch}-{start}", pure=False)
                    numbers[future] = group
                    return future
                return None

            # A few Dask tasks per worker thread in flight, not every task at once: the scheduler then holds
            # a few hundred documents' plans, not a whole regeneration's, and each result is let go as soon
            # as it is back, so workers do not keep every document's bytes either.
            in_flight = self.in_flight or max(32, 4 * sum(client.nthreads().values()))
            first = [future for future in (send_next() for _ in range(in_flight)) if future is not None]
            done = distributed.as_completed(first, loop=client.loop)
            try:
                for future in done:
                    group = numbers.pop(future)
                    following = send_next()
                    if following is not None:
                        done.add(following)
                    try:
                        rendered = future.result()
                    except FingerprintMismatch as exc:
                        raise ClusterError(str(exc)) from None
                    except (distributed.client.FutureCancelledError, OSError) as exc:  # the scheduler went away, or was stopped
                        raise ClusterError(f"lost the Dask scheduler at {self.scheduler} mid-build ({type(exc).__name__}); "
                                           "every case written so far is whole: build again for the rest") from None
                    except distributed.KilledWorker:
                        rendered = [(None, f"{tasks[n].plan.filename}.{tasks[n].fmt}: could not be rendered (every worker that tried it stopped)") for n in group]
                    del future
                    for number, (data, error) in zip(group, rendered):
                        yield number, data, error
            finally:
                client.cancel(list(numbers))

    def _check_workers(self, client, settings: Settings, expected: str) -> None:
        """Before any case data is sent: at least one worker, and every worker set up as this machine is."""
        try:
            client.wait_for_workers(1, timeout=self.timeout)
        except TimeoutError as exc:
            raise ClusterError(f"no Dask workers have joined the scheduler at {self.scheduler} in {self.timeout:.0f} s; start `dask worker {self.scheduler}` on the worker machines") from exc
        found = client.run(_worker_fingerprint, settings, on_error="return")
        wrong = {worker: value for worker, value in found.items() if value != expected}
        if wrong:
            sample = next(iter(wrong.values()))
            there = sample if isinstance(sample, str) else f"none: {type(sample).__name__}"
            raise ClusterError(_mismatch(sorted(wrong), expected, there))
