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

from conftest import spoil_three_ways
from generator.documents import registry

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_JSON = ROOT / "inputs" / "case-example.json"
REFERENCE_XLSX = ROOT / "inputs" / "case-example.xlsx"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
STRONG_TOKEN = "Xk3pQ9vLm2Rt7Wz4Nb8Yc1"  # 22 random letters and digits: over 128 bits
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


def _serve(folder: Path, *options: str):
    """`casepack serve` on a free port of 127.0.0.1, in its own process; yields its address and its log."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = folder / "server.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", str(port), "--keep-minutes", "10", *options],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(folder)},
    )
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(address + "/login", timeout=2)
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
def server(tmp_path_factory):
    yield from _serve(tmp_path_factory.mktemp("server"))


@pytest.fixture(scope="module")
def token_server(tmp_path_factory):
    """A server that asks for an access token, as on a network."""
    yield from _serve(tmp_path_factory.mktemp("token-server"), "--token", STRONG_TOKEN)


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


def group(page, legend: str):
    """A fieldset of the choosing form, by its legend."""
    return page.get_by_role("group", name=legend, exact=True)


def test_reference_workbook_becomes_a_case_pack_with_every_document_in_the_zip(page, reference_workbook, server):
    upload(page, reference_workbook)
    assert page.get_by_role("heading", level=1).inner_text() == "Ready to build"
    assert "Case FSN-2026-0142" in page.locator("main").inner_text()
    boxes = page.get_by_role("checkbox")
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))  # everything, to begin with
    assert group(page, "Types of document").get_by_role("checkbox").count() == len(registry())
    assert group(page, "Formats").get_by_role("checkbox").count() == 2

    page.get_by_role("button", name="Show what will be made").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check what will be made"
    page.get_by_role("button", name=re.compile(r"^Build these \d+ documents$")).click()
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

    # Downloading deletes nothing; deleting is a step of its own.
    assert page.get_by_role("heading", level=1).inner_text() == "Your case pack"
    page.get_by_role("button", name="Delete this upload now").click()
    assert page.get_by_role("heading", level=1).inner_text() == "These files have been deleted"
    assert "deleted from this computer, as you asked" in page.locator("main").inner_text()


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
    assert page.get_by_role("button", name="Show what will be made").count() == 0
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
    assert page.get_by_role("button", name="Show what will be made").count() == 0


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
    assert page.get_by_role("button", name="Show what will be made").count() == 1  # for the good file only
    assert page.locator("#group-meetings-1").count() == 1 and page.locator("#group-meetings-2").count() == 0


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
        # Select none, without the script, asks the server: the group comes back unticked, the rest as it was.
        group(page, "Types of document").get_by_role("button", name="Select none").click()
        page.get_by_label("Outcome letter").check()
        group(page, "Formats").get_by_role("button", name="Select none").click()
        assert group(page, "Types of document").get_by_role("checkbox", checked=True).count() == 1
        page.get_by_label("PDF", exact=True).check()
        page.get_by_role("button", name="Show what will be made").click()
        assert page.get_by_role("heading", name="Outcome letter (7)").is_visible()
        page.get_by_role("button", name="Build these 7 documents").click()
        page.wait_for_load_state()
        page.get_by_role("heading", name="Your case pack").wait_for(timeout=BUILD_TIMEOUT_MS)
        links = page.get_by_role("link", name=re.compile(r"^Download ")).all()
        assert links and all(link.get_attribute("href").endswith("/download") for link in links)
        assert all("PDF" in link.inner_text() for link in links)
    finally:
        context.close()


# --- the administrator's day: a spoiled workbook, corrected, one meeting's documents -------------

M1 = "Team Around the Child in Need meeting, 20 November 2026"
def build_first_meeting(page, formats: tuple[str, ...]) -> None:
    """On the choosing form: meeting m1 only, in the formats given, checked on the list, then built."""
    group(page, "Meetings").get_by_role("button", name="Select none").click()
    page.get_by_label(M1).check()
    formats_group = group(page, "Formats")
    formats_group.get_by_role("button", name="Select none").click()
    for name in formats:
        formats_group.get_by_label(name).check()
    page.get_by_role("button", name="Show what will be made").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check what will be made"
    listed = page.locator(".will-make-list li").all_inner_texts()
    assert len(listed) == 10 and all(row.endswith(M1) for row in listed), listed
    page.get_by_role("button", name="Build these 10 documents").click()
    page.get_by_role("heading", name="Your case pack").wait_for(timeout=BUILD_TIMEOUT_MS)


def test_spoiled_workbook_is_corrected_then_only_the_first_meeting_is_built_downloaded_and_deleted(page, filled, tmp_path):
    spoiled = tmp_path / "Dawson week 47.xlsx"
    shutil.copyfile(filled, spoiled)
    mistakes = spoil_three_ways(spoiled)
    upload(page, spoiled)

    assert page.get_by_role("heading", level=1).inner_text() == "Fix this file first"
    assert "Dawson week 47.xlsx: 3 errors to fix" in page.get_by_role("alert").inner_text()
    rows = page.locator("table.problems tbody tr")
    assert [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())] == [
        [f"Sheet ‘{m.sheet}’, cell {m.cell}", m.message] for m in mistakes
    ]
    # The form for the corrected file comes before the list of errors, however long it is.
    reupload = page.get_by_label("Corrected case files")
    assert reupload.bounding_box()["y"] < page.locator("table.problems").bounding_box()["y"]

    import openpyxl as xl

    book = xl.load_workbook(spoiled)
    for m in mistakes:
        book[m.sheet][m.cell].value = m.was
    corrected = tmp_path / "Dawson week 47 corrected.xlsx"
    book.save(corrected)
    reupload.set_input_files(str(corrected))
    page.get_by_role("button", name="Upload the corrected file").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Ready to build"

    build_first_meeting(page, ("PDF", "Word (.docx)"))
    tables = page.locator("table.documents")
    labels = [row for i in range(tables.count()) if tables.nth(i).locator("caption").inner_text() != "Print packs"
              for row in tables.nth(i).locator("tbody th").all_inner_texts()]
    assert len(labels) == 10 and all(label.endswith(M1) for label in labels), labels

    # The separate files; the print packs are downloaded and checked page by page in the next test.
    links = [link for link in page.get_by_role("link", name=re.compile(r"^Download ")).all() if "_print-pack" not in link.get_attribute("download")]
    assert len(links) == 20
    for link in links:  # each file as the browser fetches it: its name, and a real PDF or Word file
        name = link.get_attribute("download")
        answer = page.request.get(link.get_attribute("href"))
        assert answer.status == 200 and answer.headers["content-disposition"] == f'attachment; filename="{name}"', name
        assert name.startswith("FSN-2026-0142_") and answer.body()[:4] == (b"%PDF" if name.endswith(".pdf") else b"PK\x03\x04"), name
    for link in links[:2]:  # and clicked, the browser saves each under that name (a .docx and a .pdf)
        with page.expect_download() as caught:
            link.click()
        assert caught.value.suggested_filename == link.get_attribute("download")
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download all (.zip)").click()
    assert caught.value.suggested_filename == "case-pack-FSN-2026-0142.zip"
    with zipfile.ZipFile(caught.value.path()) as pack:
        manifest = json.loads(pack.read("FSN-2026-0142/manifest.json"))
    assert {d["subject"] for d in manifest["documents"] if d["document"] != "print-pack"} == {"m1"}

    # Downloading took nothing away: deleting is its own step.
    assert page.get_by_role("heading", level=1).inner_text() == "Your case pack"
    assert page.get_by_role("link", name=re.compile(r"^View ")).first.is_visible()
    page.get_by_role("button", name="Delete this upload now").click()
    assert page.get_by_role("heading", level=1).inner_text() == "These files have been deleted"


def test_first_meeting_print_packs_download_ready_to_post_with_the_pages_of_its_separate_pdfs(page, filled):
    from pypdf import PdfReader

    upload(page, filled)
    build_first_meeting(page, ("PDF",))
    assert page.get_by_role("heading", name="Ready to post").is_visible()
    # The packs come first: the first table of the case is theirs.
    assert page.locator("table.documents caption").first.inner_text() == "Print packs"
    downloaded: dict[str, bytes] = {}
    for link in page.get_by_role("link", name=re.compile(r"^Download ")).all():  # as the browser fetches each
        answer = page.request.get(link.get_attribute("href"))
        assert answer.status == 200
        downloaded[link.get_attribute("download")] = answer.body()
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download all (.zip)").click()
    with zipfile.ZipFile(caught.value.path()) as pack:
        manifest = json.loads(pack.read("FSN-2026-0142/manifest.json"))
    packs = [d for d in manifest["documents"] if d["document"] == "print-pack"]
    assert packs and any(d["recipient"] is None for d in packs)  # an envelope each, and the whole case

    def texts(data: bytes) -> list[str]:
        return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]

    for entry in packs:
        pages = texts(downloaded[entry["path"]])
        assert len(pages) == entry["pages"]
        separate = [text for name in entry["contains"] for text in texts(downloaded[f"FSN-2026-0142_{name}"])]
        assert separate and len(pages) > len(separate)  # a cover sheet or contents page first
        assert pages[len(pages) - len(separate):] == separate, entry["path"]


# --- every page state: axe-core, a 375 px phone, 200% zoom -----------------------------------------

# Where to keep a screenshot of every page state at each width, to look at (not kept otherwise).
SHOTS = os.environ.get("CASEPACK_SHOTS")
# 200% zoom is a 1280 x 800 window laid out in 640 x 400 CSS pixels: the same layout as this viewport
# (zoom changes only how many screen pixels each CSS pixel takes).
VIEWS = (("desktop", 1280, 800), ("375", 375, 812), ("zoom200", 640, 400))


def faults_of(page, state: str, shots: str | None = SHOTS) -> list[str]:
    """What axe-core finds on the page as it stands, at desktop width and at 375 px, and any sideways
    scrolling at 375 px and at 200% zoom. Saves the screenshots when asked to."""
    from axe_playwright_python.sync_playwright import Axe

    faults = []
    for view, width, height in VIEWS:
        page.set_viewport_size({"width": width, "height": height})
        if view != "desktop":
            sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if sideways > 0:
                faults.append(f"{state}, {view}: the page scrolls {sideways} px sideways")
        if view != "zoom200":
            found = Axe().run(page)
            if found.violations_count:
                faults.append(f"{state}, {view}: {found.generate_report()}")
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(shots) / f"web-{state}-{view}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    return faults


def test_every_page_state_passes_axe_and_fits_a_phone_and_200_percent_zoom(page, browser, token_server, filled, reference_workbook, tmp_path):
    faults = []
    page.goto("/")
    faults += faults_of(page, "start")
    page.evaluate("document.getElementById('files').removeAttribute('required')")  # as a browser that does not check
    page.get_by_role("button", name="Upload and check").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    faults += faults_of(page, "start-error")

    spoiled = tmp_path / "Dawson week 47.xlsx"
    shutil.copyfile(filled, spoiled)
    spoil_three_ways(spoiled)
    upload(page, spoiled)
    assert page.get_by_role("heading", level=1).inner_text() == "Fix this file first"
    faults += faults_of(page, "errors")

    upload(page, reference_workbook, REFERENCE_JSON)
    faults += faults_of(page, "several-files")  # the same case twice: refused, naming both
    other = json.loads(REFERENCE_JSON.read_text(encoding="utf-8"))
    other["case"]["reference"] = "FSN-2026-0150"
    (tmp_path / "another case.json").write_text(json.dumps(other), encoding="utf-8")
    upload(page, reference_workbook, tmp_path / "another case.json")
    assert group(page, "Meetings of case FSN-2026-0150").is_visible()
    faults += faults_of(page, "choices-several-cases")

    upload(page, reference_workbook)
    assert page.get_by_role("heading", level=1).inner_text() == "Ready to build"
    faults += faults_of(page, "choices")
    group(page, "Types of document").get_by_role("button", name="Select none").click()
    page.get_by_role("button", name="Show what will be made").click()
    assert page.title().startswith("Error: ")
    faults += faults_of(page, "choices-error")
    group(page, "Types of document").get_by_role("button", name="Select all").click()
    page.get_by_role("button", name="Show what will be made").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check what will be made"
    faults += faults_of(page, "what-will-be-made")

    # Every document of the case, in both formats, takes the build long past these checks.
    page.get_by_role("button", name=re.compile(r"^Build these \d+ documents$")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Building the case pack"
    faults += faults_of(page, "building")
    page.get_by_role("heading", name="Your case pack").wait_for(timeout=BUILD_TIMEOUT_MS)
    faults += faults_of(page, "results")
    page.get_by_role("link", name="Word").filter(has_text="View").first.click()
    faults += faults_of(page, "word-preview")
    page.go_back()
    page.get_by_role("button", name="Delete this upload now").click()
    assert page.get_by_role("heading", level=1).inner_text() == "These files have been deleted"
    faults += faults_of(page, "deleted")
    page.goto("/no-such-page")
    faults += faults_of(page, "not-found")

    signing_in = browser.new_context(base_url=token_server["url"]).new_page()
    try:
        signing_in.goto("/")
        assert signing_in.get_by_role("heading", level=1).inner_text() == "Sign in"
        faults += faults_of(signing_in, "sign-in")
        signing_in.get_by_label("Access token").fill("not the token")
        signing_in.get_by_role("button", name="Sign in").click()
        assert signing_in.title() == "Error: Sign in – casepack"
        faults += faults_of(signing_in, "sign-in-error")
    finally:
        signing_in.context.close()
    assert faults == []


def test_the_page_checks_find_an_unlabelled_box_and_a_page_too_wide(page):
    page.goto("/")
    page.evaluate("""() => {
        const box = document.createElement("input");
        box.type = "checkbox";
        const wide = document.createElement("p");
        wide.textContent = "wide";
        wide.style.width = "700px";
        document.querySelector("main").append(box, wide);
    }""")
    faults = faults_of(page, "broken", shots=None)
    assert [f.split(":")[0] for f in faults] == ["broken, desktop", "broken, 375", "broken, 375", "broken, zoom200"]
    assert "label - Ensure every form element has a label" in faults[0]
    assert re.fullmatch(r"broken, 375: the page scrolls \d+ px sideways", faults[1])
    assert re.fullmatch(r"broken, zoom200: the page scrolls \d+ px sideways", faults[3])
