"""Benchmark: casepack's Word and PDF rendering against LibreOffice converting the same .docx files.

Builds N copies of the reference case with varied names and prints, in one run:
  - median milliseconds per document, by document type, for .docx and for PDF (one worker);
  - LibreOffice headless converting the same .docx files (one invocation per type) and the ratio;
  - documents per second and milliseconds per document for whole builds, 1 worker vs all workers;
  - peak memory per worker, and memory growth over 1,000 documents with and without worker recycling;
  - the whole reference case (every document, both formats) as a user runs it, start-up included:
    cold (empty render cache), rebuilt unchanged, and rebuilt after one plan action's wording changed,
    back to back with LibreOffice converting the same case's .docx files in one call.
It prints figures; it asserts nothing. Run it with `make bench`.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from multiprocessing import forkserver, resource_tracker
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.documents.common import Inputs  # noqa: E402
from generator.pipeline import BuildRequest, build, check_case, plan_documents, render_plan  # noqa: E402
from generator.settings import load_settings  # noqa: E402

REFERENCE = ROOT / "inputs" / "case-example.json"
TODAY = dt.date(2026, 11, 22)
SURNAMES = ["O'Brien", "Nguyễn", "Smith-Jones", "Kowalski", "Ó Súilleabháin", "Ahmed & Co", "Brown", "Müller", "Da Silva", "Okafor"]
FIRST = ["Ruby", "Zoë", "Amir", "Chloé", "Kai", "Aoife", "Leo", "Maja", "Noah", "Isla"]


def varied_cases(folder: Path, count: int) -> list[Path]:
    base = json.loads(REFERENCE.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        case = copy.deepcopy(base)
        case["case"]["reference"] = f"BENCH-{n:04d}"
        for i, child in enumerate(case["children"]):
            child["first_name"] = FIRST[(n + i) % len(FIRST)]
            child["last_name"] = SURNAMES[(n + i) % len(SURNAMES)]
        for i, member in enumerate(case["family"]):
            member["name"] = f"{FIRST[(n + i + 3) % len(FIRST)]} {SURNAMES[(n + i + 5) % len(SURNAMES)]}"
        path = folder / f"case-{n:04d}.json"
        path.write_text(json.dumps(case), encoding="utf-8")
        paths.append(path)
    return paths


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader  # installed with the test extras, which `make bench` installs

    return len(PdfReader(io.BytesIO(pdf)).pages)


def per_document(settings, path: Path, repeats: int) -> tuple[dict[str, dict[str, list[float]]], dict[str, list[int]]]:
    case = check_case(path, settings).case
    plans = plan_documents(Inputs(case, settings, settings.toolkit, TODAY))
    times: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    pages: dict[str, list[int]] = defaultdict(list)
    for fmt in ("docx", "pdf"):
        for plan in plans:
            out = render_plan(plan, settings, fmt)  # warm: templates compiled, stylesheet parsed, fonts loaded
            if fmt == "pdf":
                pages[plan.document].append(page_count(out.data))
        for _ in range(repeats):
            for plan in plans:
                start = time.perf_counter()
                render_plan(plan, settings, fmt)
                times[plan.document][fmt].append(time.perf_counter() - start)
    return times, pages


def rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class WorkerMemory:
    """Samples the RSS of this process's children while a build runs."""

    def __init__(self) -> None:
        self.samples: dict[int, list[float]] = defaultdict(list)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def children(self) -> list[int]:
        """Every descendant: workers may be children of a fork server rather than of this process."""
        found, queue = [], [os.getpid()]
        while queue:
            pid = queue.pop()
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    kids = [int(p) for p in (task / "children").read_text(encoding="ascii").split()]
                except OSError:
                    continue
                found += kids
                queue += kids
        return found

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in self.children():
                value = rss_mb(pid)
                if value:
                    self.samples[pid].append(value)
            time.sleep(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def timed_build(settings, inputs, out: Path, jobs: int, formats=("docx", "pdf"), documents=None):
    shutil.rmtree(out, ignore_errors=True)
    with WorkerMemory() as memory:
        start = time.perf_counter()
        result = build(BuildRequest(tuple(inputs), out, settings, formats, documents, TODAY, jobs))
        elapsed = time.perf_counter() - start
    assert result.ok, [str(c.error) for c in result.cases if not c.ok]
    return result.documents, elapsed, memory.samples


def growth_without_recycling(settings, path: Path, documents: int) -> tuple[float, float]:
    """RSS after 100 documents and after `documents`, in one process that is never recycled."""
    case = check_case(path, settings).case
    plans = [p for p in plan_documents(Inputs(case, settings, settings.toolkit, TODAY)) if p.document != "summary-sheet"]
    early = late = 0.0
    for n in range(documents):
        render_plan(plans[n % len(plans)], settings, "pdf")
        if n == 99:
            early = rss_mb(os.getpid())
    late = rss_mb(os.getpid())
    return early, late


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def timed_run(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def convert_with_libreoffice(files: list[Path], out: Path, work: Path) -> tuple[float, float]:
    profile = work / "lo-profile"
    wall, cpu = timed_run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out), *map(str, files)])
    converted = len(list(out.glob("*.pdf")))
    if converted != len(files):
        raise SystemExit(f"LibreOffice converted {converted} of {len(files)} files into {out}")
    return wall, cpu


def libreoffice(docx_by_type: dict[str, list[Path]], work: Path) -> dict[str, float]:
    if not soffice():
        return {}
    per_doc = {}
    # One conversion first, so that the profile is created outside the timings.
    first = next(iter(docx_by_type.values()))[0]
    convert_with_libreoffice([first], work / "lo-warm", work)
    for document, files in docx_by_type.items():
        elapsed, _ = convert_with_libreoffice(files, work / f"lo-{document}", work)
        per_doc[document] = elapsed / len(files)
    return per_doc


def whole_reference_case(work: Path, runs: int = 3) -> dict[str, list[tuple[float, float]]]:
    """The reference case as a user builds it, back to back with LibreOffice converting its .docx files.

    Each run: LibreOffice converts the case's .docx files in one call; casepack builds the case with an
    empty render cache (cold); builds it again into the same folder (unchanged rebuild); and builds it
    once more after one plan action's wording has changed.
    """
    casepack = str(Path(sys.executable).parent / "casepack")
    edited = work / "edited" / "case-example.json"
    edited.parent.mkdir(parents=True, exist_ok=True)
    raw = json.loads(REFERENCE.read_text(encoding="utf-8"))
    raw["plan"][0]["action"] += " Checked weekly."
    edited.write_text(json.dumps(raw), encoding="utf-8")
    figures: dict[str, list[tuple[float, float]]] = defaultdict(list)
    docx = work / "ref-docx"
    build(BuildRequest((REFERENCE,), docx, load_settings(), ("docx",), None, TODAY))
    docx_files = sorted((docx / raw["case"]["reference"]).glob("*.docx"))
    for n in range(runs):
        env = {**os.environ, "XDG_CACHE_HOME": str(work / f"xdg-{n}")}  # an empty cache of its own
        out = work / f"ref-{n}"
        command = [casepack, "build", str(REFERENCE), "-o", str(out), "--date", TODAY.isoformat()]
        if soffice():
            figures["libreoffice"].append(convert_with_libreoffice(docx_files, work / f"ref-lo-{n}", work))
        figures["cold"].append(timed_run(command, env))
        figures["rebuild"].append(timed_run(command, env))
        figures["one action changed"].append(timed_run([casepack, "build", str(edited), "-o", str(out), "--date", TODAY.isoformat()], env))
    figures["docx files"] = [(len(docx_files), 0)]
    return figures


def rebuild_counts(work: Path) -> str:
    """What the last rebuild after the changed action said it rendered and reused."""
    settings = load_settings()
    from generator.cache import RenderCache

    cache = RenderCache(work / "counts-cache")
    build(BuildRequest((REFERENCE,), work / "counts", settings, today=TODAY, cache=cache))
    result = build(BuildRequest((work / "edited" / "case-example.json",), work / "counts", settings, today=TODAY, cache=cache))
    return f"{result.rendered} rendered, {result.reused} reused"


def through_a_cluster(settings, inputs: list[Path], work: Path, total_documents: int = 160_000) -> None:
    """Documents per second through a two-worker Dask LocalCluster on this machine, beside the local pool
    with two workers, and what a regeneration of `total_documents` would take on machines like this one."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("\nOn a Dask cluster: not measured; install it with pip install -e '.[dask]'")
        return
    from generator.executors import DaskExecutor
    from generator.pipeline import LocalPool

    print("\nOn a Dask cluster: a LocalCluster of 2 workers (1 thread each) on this machine, beside the local pool "
          "(every case, both formats; the cluster warmed up first)")
    quiet = logging.ERROR  # not the nannies' notes about slow shutdowns on a busy machine
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None, silence_logs=quiet) as cluster, \
            Client(cluster) as client:
        dask = DaskExecutor(cluster.scheduler_address)
        build(BuildRequest(tuple(inputs[:1]), work / "cluster-warm", settings, today=TODAY, executor=dask))  # imports, fonts
        per_document, submit_cpu = {}, {}
        for name, executor in (("local pool, 2 workers", LocalPool(2)), ("Dask, 2 workers", dask)):
            out = work / f"cluster-{len(per_document)}"
            workers_cpu = sum(client.run(time.process_time).values())
            cpu, start = time.process_time(), time.perf_counter()
            result = build(BuildRequest(tuple(inputs), out, settings, today=TODAY, executor=executor))
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            workers_cpu = sum(client.run(time.process_time).values()) - workers_cpu
            assert result.ok, [str(c.error) for c in result.cases if not c.ok]
            count = result.documents
            per_document[name], submit_cpu[name] = elapsed / count, cpu / count
            print(f"  {name:21}: {count} documents in {elapsed:.2f} s = {count / elapsed:.1f} documents/s, {elapsed / count * 1000:.1f} ms/document; "
                  f"submitting process {cpu / count * 1000:.1f} ms CPU/document (planning, sending, writing)")
    worker_cost = workers_cpu / count  # the Dask workers' own CPU per document, Dask's share included
    ceiling = 1 / submit_cpu["Dask, 2 workers"]  # one submitting process plans, sends and writes every case
    print(f"  Dask workers' CPU: {worker_cost * 1000:.1f} ms/document, so a 2-core worker machine renders about "
          f"{2 / worker_cost:.1f} documents/s; one submitting process keeps up with about {ceiling:.0f} documents/s")
    print(f"  {total_documents:,} documents on N worker machines like this one (2 single-threaded Dask workers each):")
    for machines in (1, 2, 5, 10, 20):
        rate = min(machines * 2 / worker_cost, ceiling)
        print(f"    N = {machines:2}: {total_documents / rate / 3600:5.2f} h" + ("  (limited by the submitting process)" if rate == ceiling else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=8, help="copies of the reference case to build (default 8)")
    parser.add_argument("--repeats", type=int, default=5, help="renders of each document for the per-document medians")
    parser.add_argument("--memory-documents", type=int, default=1000, help="documents for the memory-growth figures")
    parser.add_argument("--per-type", type=int, default=20, help="files of each type given to one LibreOffice invocation")
    args = parser.parse_args()

    settings = load_settings()
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="casepack-bench-"))
    try:
        inputs = varied_cases(work / "cases", args.cases)
        print(f"casepack benchmark: {args.cases} cases, {cores} cores, Python {sys.version.split()[0]}")

        times, pages = per_document(settings, inputs[0], args.repeats)

        docx_out = work / "docx-only"
        build(BuildRequest(tuple(inputs), docx_out, settings, ("docx",), None, TODAY, cores))
        docx_by_type: dict[str, list[Path]] = defaultdict(list)
        for manifest in sorted(docx_out.glob("*/manifest.json")):
            for entry in json.loads(manifest.read_text(encoding="utf-8"))["documents"]:
                files = docx_by_type[entry["document"]]
                if len(files) < args.per_type:
                    # Files of one type share names across cases; LibreOffice needs them apart in one folder.
                    unique = work / "lo-in" / entry["document"] / f"{manifest.parent.name}-{entry['path']}"
                    unique.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(manifest.parent / entry["path"], unique)
                    files.append(unique)
        lo = libreoffice(docx_by_type, work)

        print("\nPer document, one worker (median ms; LibreOffice: one invocation per type, "
              f"up to {args.per_type} files, time / files)")
        print(f"{'document':26} {'docx':>8} {'pdf':>8} {'LibreOffice':>12} {'LO / pdf':>9} {'pages':>7}")
        for document, by_format in times.items():
            docx_ms, pdf_ms = median_ms(by_format["docx"]), median_ms(by_format["pdf"])
            lo_ms = lo.get(document, 0) * 1000
            ratio = f"{lo_ms / pdf_ms:8.1f}x" if lo_ms else "      n/a"
            lo_text = f"{lo_ms:12.0f}" if lo_ms else "         n/a"
            counts = sorted(set(pages[document]))
            page_text = str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"
            print(f"{document:26} {docx_ms:8.1f} {pdf_ms:8.1f} {lo_text} {ratio} {page_text:>7}")

        print("\nWhole builds of every case, both formats")
        figures = {}
        for jobs in sorted({1, 2, cores}):
            count, elapsed, samples = timed_build(settings, inputs, work / f"build-{jobs}", jobs)
            figures[jobs] = count / elapsed
            # One worker renders in this process; more workers are child processes, sampled as they run.
            peak = max((max(s) for s in samples.values()), default=0.0) if jobs > 1 else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  {jobs} worker(s): {count} documents in {elapsed:.2f} s = {count / elapsed:.1f} documents/s, "
                  f"{elapsed / count * 1000:.1f} ms/document; peak memory per worker {peak:.0f} MB")
        print(f"  speed-up with 2 workers: {figures[2] / figures[1]:.2f}x")

        print(f"\nMemory over {args.memory_documents} PDF documents")
        many = varied_cases(work / "many", max(1, args.memory_documents // 40 + 1))
        count, elapsed, samples = timed_build(settings, many, work / "memory", cores, ("pdf",))
        helpers = {forkserver._forkserver._forkserver_pid, resource_tracker._resource_tracker._pid}
        workers = [s for pid, s in samples.items() if pid not in helpers and len(s) > 3]  # not passing forks
        print(f"  with worker recycling ({count} documents, {len(workers)} worker processes over the run): "
              f"a worker starts at about {statistics.median(s[0] for s in workers):.0f} MB and peaks at "
              f"{max(max(s) for s in workers):.0f} MB at most (fonts, templates and stylesheet loaded once)")
        early, late = growth_without_recycling(settings, inputs[0], args.memory_documents)
        print(f"  one process never recycled: {early:.0f} MB after 100 documents, {late:.0f} MB after {args.memory_documents} "
              f"(+{late - early:.1f} MB)")

        print("\nThe reference case as a user runs it (every document, both formats, start-up included; "
              "median of 3 runs, each back to back)")
        whole = whole_reference_case(work)
        lo_wall = statistics.median(w for w, _ in whole["libreoffice"]) if whole["libreoffice"] else None
        cold_wall = statistics.median(w for w, _ in whole["cold"])
        rows = [
            (f"LibreOffice converting its {whole['docx files'][0][0]} .docx files (one call)", "libreoffice"),
            ("casepack build, cold (empty render cache)", "cold"),
            ("casepack build again, unchanged", "rebuild"),
            (f"casepack build after one plan action's wording changed ({rebuild_counts(work)})", "one action changed"),
        ]
        for label, name in rows:
            if not whole[name]:
                print(f"  {label}: n/a (LibreOffice is not installed)")
                continue
            wall, cpu = statistics.median(w for w, _ in whole[name]), statistics.median(c for _, c in whole[name])
            beside = []
            if lo_wall and name != "libreoffice":
                beside.append(f"{wall / lo_wall:.2f}x LibreOffice's wall time")
            if name != "cold" and name != "libreoffice":
                beside.append(f"{wall / cold_wall * 100:.0f}% of cold")
            print(f"  {label}: {wall:.2f} s wall, {cpu:.2f} CPU-s" + (f" ({'; '.join(beside)})" if beside else ""))

        through_a_cluster(settings, inputs, work)  # last: the cluster's threads would make later builds use a fork server
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
