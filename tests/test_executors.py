"""Rendering on a Dask cluster: a two-worker LocalCluster on loopback, started here, against the local pool."""

from __future__ import annotations

import copy
import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from distributed import Client, LocalCluster
from distributed.security import Security
from fastapi.testclient import TestClient

import generator.executors as executors
from conftest import BUILD_DATE, REFERENCE, ROOT, interrupt_after_the_first_case
from generator.cli import main
from generator.executors import DOCUMENTS_PER_TASK, ClusterError, DaskExecutor, check_address, fingerprint
from generator.pipeline import BuildRequest, LocalPool, build
from generator.settings import ExecutorSettings
from generator.web.app import WebConfig, create_app
from test_pipeline import cases_in
from test_web_http import build as build_on_page
from test_web_http import job_of, upload, wait_for_build

# A few quick types in both formats: two agreements and the invitation list (a table and its letterhead).
DOCUMENTS = ("co-working-agreement", "family-meeting-agreement", "invitation-list")
CASES = 3


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as running:
        with Client(running) as client:
            yield running, client


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, reference_data) -> tuple[Path, ...]:
    return tuple(cases_in(tmp_path_factory.mktemp("cases"), copy.deepcopy(reference_data), CASES))


@pytest.fixture(scope="module")
def local_build(tmp_path_factory, inputs, settings) -> Path:
    """The same cases through the local process pool: what the cluster must match byte for byte."""
    out = tmp_path_factory.mktemp("local")
    result = build(BuildRequest(inputs, out, settings, documents=DOCUMENTS, today=BUILD_DATE, packs=False, executor=LocalPool(2)))
    assert result.ok, [str(c.error) for c in result.cases]
    return out


def files_of(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def computed_on(client: Client) -> int:
    """Tasks the scheduler has seen done so far (casepack's task keys all start 'casepack-')."""
    return client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.task_prefixes["casepack"].state_counts["memory"] if "casepack" in dask_scheduler.task_prefixes else 0)


def test_cases_built_on_the_cluster_are_byte_identical_to_the_local_pool(tmp_path, cluster, inputs, local_build, settings):
    running, client = cluster
    before = computed_on(client)
    seen = []
    result = build(
        BuildRequest(inputs, tmp_path, settings, documents=DOCUMENTS, today=BUILD_DATE, packs=False, executor=DaskExecutor(running.scheduler_address)),
        on_document=lambda done, total: seen.append((done, total)),
    )
    assert result.ok, [str(c.error) for c in result.cases]
    expected = files_of(local_build)
    assert len(expected) == CASES * 9  # 8 documents (4 docx, 4 pdf) and a manifest per case
    assert files_of(tmp_path) == expected
    # Every document was rendered by the cluster, and progress was told of each one, in order.
    total = CASES * 8
    assert computed_on(client) - before == -(-total // DOCUMENTS_PER_TASK)
    assert seen == [(n, total) for n in range(1, total + 1)]


def test_the_web_page_builds_on_the_cluster_its_settings_name_with_the_same_progress(tmp_path, cluster, settings):
    running, client = cluster
    before = computed_on(client)
    on_cluster = dataclasses.replace(settings, executor=ExecutorSettings(running.scheduler_address))
    config = WebConfig(on_cluster, allowed_hosts=("testserver",), temp_root=tmp_path)
    with TestClient(create_app(config)) as page:
        job = job_of(upload(page, ("case.json", REFERENCE.read_bytes())))
        build_on_page(page, job, documents=["closure-letter"], formats=["pdf"])
        assert wait_for_build(page, job) == {"state": "built", "done": 1, "total": 1, "value": 1, "words": "Finished: 1 of 1 case pack built."}
        entry = page.app.state.store.get(job).files[0]
        assert entry.rendered == (7, 7)  # the page's document count reached every letter
        assert len([d for d in entry.documents if d["document"] == "closure-letter"]) == 7  # and the print packs beside them
    assert computed_on(client) - before == -(-7 // DOCUMENTS_PER_TASK)


def test_a_worker_killed_mid_batch_still_yields_every_case_whole(tmp_path, cluster, inputs, local_build, settings):
    running, client = cluster
    pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    killed_at = []

    def kill_once(done: int, total: int) -> None:
        if done == 5 and not killed_at:
            os.kill(victim, signal.SIGKILL)
            killed_at.append((done, total))

    # Three tasks (of a few documents each) sent ahead at a time, so that the executor also keeps sending
    # while a worker is gone.
    result = build(
        BuildRequest(inputs, tmp_path, settings, documents=DOCUMENTS, today=BUILD_DATE, packs=False, executor=DaskExecutor(running.scheduler_address, in_flight=3)),
        on_document=kill_once,
    )
    assert killed_at and killed_at[0][0] < killed_at[0][1]  # killed with most of the batch still to render
    assert result.ok, [str(c.error) for c in result.cases]
    assert files_of(tmp_path) == files_of(local_build)
    # The worker really died: its nanny started a new process in its place.
    client.wait_for_workers(2, timeout=60)
    assert victim not in client.run(os.getpid).values()


def test_work_whose_fingerprint_does_not_match_is_refused(tmp_path, cluster, inputs, settings, monkeypatch):
    running, _ = cluster
    # This machine's templates differ from the workers' by one line of the stylesheet.
    changed = tmp_path / "templates"
    shutil.copytree(settings.templates_dir, changed)
    with (changed / "html" / "casepack.css").open("a", encoding="utf-8") as css:
        css.write("\nh1 { letter-spacing: 0.1pt; }\n")
    theirs = fingerprint(settings)
    ours = fingerprint(dataclasses.replace(settings, templates_dir=changed))
    assert ours != theirs
    monkeypatch.setattr(executors, "fingerprint", lambda s: ours)  # this process only; the workers keep their own
    request = BuildRequest(inputs, tmp_path / "out", settings, documents=DOCUMENTS, today=BUILD_DATE, packs=False, executor=DaskExecutor(running.scheduler_address))

    # Found when the workers are asked before any case data is sent,
    with pytest.raises(ClusterError) as caught:
        build(request)
    message = str(caught.value)
    assert message.startswith("refused by the cluster's worker(s) tcp://127.0.0.1:")
    assert f"fingerprint {ours[:12]} here, {theirs[:12]} there" in message
    assert not (tmp_path / "out").exists()

    # and by a worker given the work without that check (one that joined later, say).
    monkeypatch.setattr(DaskExecutor, "_check_workers", lambda *args: None)
    with pytest.raises(ClusterError) as caught:
        build(request)
    assert str(caught.value).startswith("refused by the cluster's worker(s) tcp://127.0.0.1:")
    assert f"fingerprint {ours[:12]} here, {theirs[:12]} there" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_the_fingerprint_follows_templates_and_settings_not_where_they_are(tmp_path, settings):
    copy = tmp_path / "templates"
    shutil.copytree(settings.templates_dir, copy)
    moved = dataclasses.replace(settings, templates_dir=copy)
    assert fingerprint(moved) == fingerprint(settings)
    (copy / "docx" / "closure-letter.docx").write_bytes(b"not the same template")
    assert fingerprint(moved) != fingerprint(settings)
    assert fingerprint(dataclasses.replace(settings, reply_days=settings.reply_days + 1)) != fingerprint(settings)


def test_a_scheduler_on_another_machine_without_tls_is_refused(tmp_path, capsys):
    code = main(["build", str(REFERENCE), "-o", str(tmp_path / "out"), "--scheduler", "tcp://10.20.30.40:8786"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("casepack: scheduler address 'tcp://10.20.30.40:8786' is on another machine and the connection is not encrypted")
    assert "--insecure-cluster" in err and "tls://HOST:PORT" in err
    assert not (tmp_path / "out").exists()

    # The same from settings, as the web page would use them.
    ours = tmp_path / "ours.toml"
    ours.write_text('[executor]\nscheduler = "tcp://cluster.example.org:8786"\n', encoding="utf-8")
    assert main(["--settings", str(ours), "build", str(REFERENCE), "-o", str(tmp_path / "out")]) == 2
    assert "scheduler address 'tcp://cluster.example.org:8786' is on another machine" in capsys.readouterr().err

    # Loopback needs no TLS, --insecure-cluster is an explicit choice, and tls:// needs its files.
    for address in ("tcp://127.0.0.1:8786", "tcp://localhost:8786", "tcp://[::1]:8786"):
        check_address(address, tls=False, insecure=False)
    check_address("tcp://10.20.30.40:8786", tls=False, insecure=True)
    assert main(["build", str(REFERENCE), "--scheduler", "tls://10.20.30.40:8786"]) == 2
    assert "give the TLS files" in capsys.readouterr().err
    assert main(["build", str(REFERENCE), "--scheduler", "tls://10.20.30.40:8786", "--tls-ca-file", str(tmp_path / "ca.pem")]) == 2
    assert capsys.readouterr().err == "casepack: TLS needs all three files: --tls-cert and --tls-key are missing\n"


# Both clusters' schedulers ask for the same HTTP port (health and metrics pages); the second is moved to another.
@pytest.mark.filterwarnings("ignore:Port 8787 is already in use")
def test_a_tls_cluster_is_used_with_the_three_files_given_on_the_command_line(tmp_path, inputs, local_build):
    security = Security.temporary()  # a self-signed certificate and key, as PEM text
    files = {}
    for option, pem in (("--tls-ca-file", security.tls_ca_file), ("--tls-cert", security.tls_client_cert), ("--tls-key", security.tls_client_key)):
        files[option] = tmp_path / f"{option.strip('-')}.pem"
        files[option].write_text(pem, encoding="ascii")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", protocol="tls://", security=security, dashboard_address=None) as tls:
        assert tls.scheduler_address.startswith("tls://127.0.0.1:")
        options = [part for option, path in files.items() for part in (option, str(path))]
        code = main(["build", str(inputs[0]), "-o", str(tmp_path / "out"), "--documents", ",".join(DOCUMENTS),
                     "--date", BUILD_DATE.isoformat(), "--no-packs", "--scheduler", tls.scheduler_address, *options])
        assert code == 0
        # Without the files the encrypted scheduler cannot be used at all.
        assert main(["build", str(inputs[0]), "-o", str(tmp_path / "plain"), "--scheduler", tls.scheduler_address]) == 2
    assert files_of(tmp_path / "out" / "FSN-TEST-000") == files_of(local_build / "FSN-TEST-000")
    assert not (tmp_path / "plain").exists()


def test_ctrl_c_cancels_the_clusters_pending_work_and_leaves_only_whole_cases(tmp_path, cluster, raw):
    running, client = cluster
    before = computed_on(client)
    cases_in(tmp_path / "in", raw, 6)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(tmp_path / "in"), "-o", str(out), "--documents", "closure-letter",
         "--format", "pdf", "--no-packs", "--scheduler", running.scheduler_address, "--no-cache"],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    err = interrupt_after_the_first_case(process, out)
    assert process.returncode == 130, err
    assert "interrupted; no partial case folder was left behind" in err
    names = sorted(p.name for p in out.iterdir())
    assert names and len(names) < 6 and all(name.startswith("FSN-TEST-") for name in names)
    for name in names:
        assert len(list((out / name).iterdir())) == 8  # seven letters and the manifest
    # The scheduler forgets the build's tasks: none is left waiting for a worker.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)):
        time.sleep(0.2)
    assert client.run_on_scheduler(lambda dask_scheduler: [str(key) for key in dask_scheduler.tasks]) == []
    assert computed_on(client) - before < -(-6 * 7 // DOCUMENTS_PER_TASK)  # the cases not written were not all rendered
