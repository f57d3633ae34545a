"""The web page in a real browser: `casepack serve` driven by Playwright through Debian's headless Chromium."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.documents import registry

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_JSON = ROOT / "inputs" / "case-example.json"
REFERENCE_XLSX = ROOT / "inputs" / "case-example.xlsx"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
BUILD_TIMEOUT_MS = 180_000  # the whole reference case, in both formats, on a busy two-core machine


def _chromium() -> Path:
    """Debian's Chromium, installed by scripts/system-deps.sh if it is missing. In CI a missing browser
    fails the run; elsewhere the tests are skipped, with the reason in the summary."""
    if not CHROMIUM.exists() and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["bash", str(ROOT / "scripts" / "system-deps.sh")], check=False)
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"{CHROMIUM} is missing and could not be installed (scripts/system-deps.sh installs Debian's chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`casepack serve` on a free port of 127.0.0.1, in its own process; yields its address and its log."""
    folder = tmp_path_factory.mktemp("server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = folder / "server.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", str(port), "--keep-minutes", "10"],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(folder)},
    )
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(address + "/", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"casepack serve did not start:\n{log_path.read_text()}") from None
            time.sleep(0.1)
    yield {"url": address, "log": log_path, "temp": folder}
    process.terminate()
    process.wait(timeout=30)
    log.close()
    # Stopping the server deletes its temporary folder with every upload still in it.
    assert not list(folder.glob("casepack-web-*"))


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True, base_url=server["url"])
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield opened
    context.close()
    # A blocked script or style (Content-Security-Policy) shows up here; a 4xx page we asked for does too.
    assert [e for e in errors if "Content Security Policy" in e] == []


@pytest.fixture(scope="module")
def reference_workbook(tmp_path_factory) -> Path:
    """inputs/case-example.xlsx, or one written from the reference JSON where the checkout lacks it."""
    if REFERENCE_XLSX.is_file():
        return REFERENCE_XLSX
    target = tmp_path_factory.mktemp("workbook") / "case-example.xlsx"
    done = subprocess.run([sys.executable, "-m", "generator", "workbook", str(REFERENCE_JSON), str(target)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return target


def upload(page, *paths: Path) -> None:
    page.goto("/")
    page.get_by_label("Case files").set_input_files([str(p) for p in paths])
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()


def test_reference_workbook_becomes_a_case_pack_with_every_document_in_the_zip(page, reference_workbook, server):
    upload(page, reference_workbook)
    assert page.get_by_role("heading", level=1).inner_text() == "Ready to build"
    assert "Case FSN-2026-0142" in page.locator("main").inner_text()
    boxes = page.get_by_role("checkbox")
    assert boxes.count() == len(registry()) + 2 and all(boxes.nth(i).is_checked() for i in range(boxes.count()))

    page.get_by_role("button", name="Build the case pack").click()
    page.get_by_role("heading", name="Your case pack").wait_for(timeout=BUILD_TIMEOUT_MS)
    main = page.locator("main").inner_text()
    for doc_type in registry().values():
        assert page.locator("caption", has_text=doc_type.title).count() >= 1, doc_type.title
    views = page.get_by_role("link", name=re.compile(r"^View ")).count()
    assert "To Kayleigh O'Neill (Mother)" in main

    # A PDF opens in the browser's own viewer (which gives a test nothing to read, so fetch it); a Word file as its text.
    response = page.request.get(page.get_by_role("link", name="PDF").filter(has_text="View").first.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    page.get_by_role("link", name="Word").filter(has_text="View").first.click()
    assert page.locator("h1").inner_text().endswith(".docx")
    assert "FSN-2026-0142" in page.locator(".preview").inner_text()
    page.go_back()

    with page.expect_download() as caught:
        page.get_by_role("button", name="Download all (.zip)").click()
    download = caught.value
    assert download.suggested_filename == "case-pack-FSN-2026-0142.zip"
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as pack:
        manifest = json.loads(pack.read("FSN-2026-0142/manifest.json"))
        documents = manifest["documents"]
        assert set(pack.namelist()) == {"FSN-2026-0142/manifest.json", *(f"FSN-2026-0142/{d['path']}" for d in documents)}
        for entry in documents:
            data = pack.read(f"FSN-2026-0142/{entry['path']}")
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
            assert data[:4] == (b"%PDF" if entry["format"] == "pdf" else b"PK\x03\x04"), entry["path"]
    assert {d["document"] for d in documents} == set(registry()) | {"print-pack"}
    separate = [d for d in documents if d["document"] != "print-pack"]  # the print packs are PDF only
    pairs = {(d["document"], d["recipient"], d["subject"]) for d in separate}
    assert sorted(d["format"] for d in separate) == sorted(["docx", "pdf"] * len(pairs))
    assert views == len(documents)

    # Once the zip is downloaded, the upload is deleted, and the page says so.
    page.get_by_role("heading", name="These files have been deleted").wait_for(timeout=30_000)
    assert "deleted from this computer once the zip was downloaded" in page.locator("main").inner_text()


def test_rating_of_five_is_shown_at_its_sheet_and_cell_and_nothing_is_built(page, reference_workbook, tmp_path):
    workbook = openpyxl.load_workbook(reference_workbook)
    ratings = workbook["Ratings"]
    assert (ratings["D1"].value, ratings["A2"].value, ratings["B2"].value) == ("1.2 Quality of housing", "baseline", "ruby")
    cell = ratings["D2"]
    cell.value = 5
    wrong = tmp_path / "Dawson week 47.xlsx"
    workbook.save(wrong)

    upload(page, wrong)
    assert page.title().startswith("Error: ")
    summary = page.get_by_role("alert")
    assert "There is a problem with the file" in summary.inner_text()
    assert "Dawson week 47.xlsx: 1 error to fix" in summary.inner_text()
    assert "Nothing is built until the errors are fixed." in summary.inner_text()
    # The error summary takes the focus, so a screen reader reads it first.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    errors = page.locator("table.problems tbody tr")
    assert errors.count() == 1
    assert errors.first.locator("td").all_inner_texts() == [
        f"Sheet ‘Ratings’, cell {cell.coordinate}",
        "'5' is not a level (1, 2, 3, 4 or n/a)",
    ]
    assert page.get_by_role("button", name="Build the case pack").count() == 0
    assert page.get_by_role("link", name="Upload the corrected file").is_visible()


def test_text_file_renamed_xlsx_is_refused_plainly(page, tmp_path):
    fake = tmp_path / "case.xlsx"
    fake.write_text("Minutes of the meeting, not a workbook.", encoding="utf-8")
    upload(page, fake)
    summary = page.get_by_role("alert")
    assert "case.xlsx: not read" in summary.inner_text()
    assert page.locator("#file-1 .error-message").inner_text() == (
        "case.xlsx is not an Excel workbook (.xlsx) or a JSON case file, so it was not read. "
        "Upload the case workbook saved from Excel as 'Excel Workbook (.xlsx)'."
    )
    assert page.get_by_role("button", name="Build the case pack").count() == 0


def test_several_files_at_once_are_reported_file_by_file(page, tmp_path):
    data = json.loads(REFERENCE_JSON.read_text(encoding="utf-8"))
    data["assessments"][0]["date"] = "the third of August"
    broken = tmp_path / "second.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    upload(page, REFERENCE_JSON, broken)
    assert page.get_by_role("heading", level=1).inner_text() == "Fix these files first"
    assert page.locator("#file-1 .tag").inner_text().lower() == "ready to build"
    assert page.locator("#file-2 .tag").inner_text().lower() == "errors to fix"
    assert "Field /assessments/0/date" in page.locator("#file-2 table.problems").inner_text()
    assert page.get_by_role("button", name="Build the case pack").count() == 1  # only the good file


def test_start_page_works_from_the_keyboard_with_labelled_controls(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('input:not([type=hidden]), button')]
             .filter(el => !(el.labels && el.labels.length) && !el.textContent.trim()).length"""
    )
    assert unlabelled == 0
    assert page.get_by_role("heading", level=1).inner_text() == "Make a case pack"
    assert page.get_by_role("link", name="Blank case workbook (.xlsx)").is_visible()
    with page.expect_download() as caught:
        page.get_by_role("link", name="Example case workbook (.xlsx)").click()
    assert caught.value.suggested_filename == "case-workbook-example.xlsx"
    example = openpyxl.load_workbook(io.BytesIO(Path(caught.value.path()).read_bytes()), read_only=True)
    assert "Ratings" in example.sheetnames


def test_server_log_holds_ids_and_counts_but_no_case_data(page, server, tmp_path):
    data = json.loads(REFERENCE_JSON.read_text(encoding="utf-8"))
    data["assessments"][0]["ratings"]["1.2"]["levels"]["ruby"] = 5
    named = tmp_path / "Ruby Dawson.json"
    named.write_text(json.dumps(data), encoding="utf-8")
    upload(page, named)
    job = page.url.rstrip("/").rsplit("/", 1)[1]
    time.sleep(0.5)
    logged = server["log"].read_text(encoding="utf-8")
    ref = hashlib.sha256(job.encode()).hexdigest()[:10]  # the log names an upload by a digest of its id
    assert f"upload {ref}: 1 file(s): 0 ready, 1 with 1 error(s), 0 refused" in logged
    assert job not in logged
    case_data = [data["case"]["reference"], "Ruby", "Dawson", "week 47", "Kayleigh", "Minutes of the meeting"]
    case_data += [c["first_name"] for c in data["children"]] + [p["name"] for p in data["family"] + data["professionals"]]
    for text in case_data:
        assert text.lower() not in logged.lower(), text


def test_files_dropped_on_the_page_are_uploaded(page):
    page.goto("/")
    text = REFERENCE_JSON.read_text(encoding="utf-8")
    dropped = page.evaluate_handle(
        """text => { const data = new DataTransfer();
                     data.items.add(new File([text], 'dropped case.json', {type: 'application/json'}));
                     return data; }""",
        text,
    )
    page.dispatch_event("[data-drop-zone]", "drop", {"dataTransfer": dropped})
    assert page.locator("[data-chosen]").inner_text() == "1 file chosen: dropped case.json"
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Ready to build"
    assert "dropped case.json" in page.locator("#file-1").inner_text()


def test_without_javascript_the_build_page_refreshes_itself_until_done(browser, server):
    context = browser.new_context(java_script_enabled=False, base_url=server["url"])
    page = context.new_page()
    try:
        upload(page, REFERENCE_JSON)
        for box in page.get_by_role("checkbox").all():
            if box.get_attribute("value") not in ("closure-letter", "pdf"):
                box.uncheck()
        page.get_by_role("button", name="Build the case pack").click()
        page.wait_for_load_state()
        page.get_by_role("heading", name="Your case pack").wait_for(timeout=BUILD_TIMEOUT_MS)
        links = page.get_by_role("link", name=re.compile(r"^Download ")).all()
        assert links and all(link.get_attribute("href").endswith("/download") for link in links)
        assert all("PDF" in link.inner_text() for link in links)
    finally:
        context.close()
