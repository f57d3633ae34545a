"""Batch builds: many inputs, parallel workers, one bad case among good ones, same bytes every time."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import generator.pipeline as pipeline
from conftest import REFERENCE, ROOT, interrupt_after_the_first_case
from generator.errors import TemplateError, UsageError
from generator.pipeline import BuildRequest, build, expand_inputs

LETTERS = ("closure-letter",)


def cases_in(folder: Path, raw: dict, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        raw["case"]["reference"] = f"FSN-TEST-{n:03d}"
        path = folder / f"case-{n:03d}.json"
        path.write_text(json.dumps(raw), encoding="utf-8")
        paths.append(path)
    return paths


def folder_state(out: Path) -> dict[str, list[str]]:
    return {p.name: sorted(f.name for f in p.iterdir()) for p in sorted(out.iterdir())}


def test_folders_and_patterns_expand_to_their_case_files(tmp_path, raw):
    paths = cases_in(tmp_path / "week", raw, 3)
    (tmp_path / "week" / "notes.txt").write_text("not a case", encoding="utf-8")
    (tmp_path / "week" / "~$case-000.xlsx").write_bytes(b"excel lock file")
    assert expand_inputs([tmp_path / "week"]) == paths
    assert expand_inputs([tmp_path / "week" / "case-00[12].json", paths[1]]) == paths[1:]


def test_a_pattern_matching_nothing_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError) as caught:
        expand_inputs([tmp_path / "*.json"])
    assert str(caught.value) == f"{tmp_path / '*.json'}: no case files match"


def test_many_cases_in_parallel_give_the_same_files_as_one_worker(tmp_path, raw, settings):
    inputs = tuple(cases_in(tmp_path / "in", raw, 3))
    one = build(BuildRequest(inputs, tmp_path / "one", settings, documents=LETTERS, jobs=1))
    two = build(BuildRequest(inputs, tmp_path / "two", settings, documents=LETTERS, jobs=2))
    assert one.ok and two.ok
    assert folder_state(tmp_path / "one") == folder_state(tmp_path / "two")
    for case in ("FSN-TEST-000", "FSN-TEST-002"):
        assert (tmp_path / "one" / case / "manifest.json").read_bytes() == (tmp_path / "two" / case / "manifest.json").read_bytes()


def test_the_same_case_twice_in_one_run_is_refused_naming_both_files(tmp_path, raw, write_case, settings):
    first, second = write_case(raw, "a.json"), write_case(raw, "b.json")
    raw["case"]["reference"] = "FSN-OTHER-1"
    third = write_case(raw, "c.json")
    result = build(BuildRequest((first, second, third), tmp_path / "out", settings, documents=LETTERS, jobs=1))
    assert [c.ok for c in result.cases] == [False, False, True]
    message = (f"'FSN-2026-0142' is the reference of both {first} and {second}: the same case is in this run 2 times, so it was not built; "
               "build it from one of the files, or if they are different cases, give each its own reference")
    assert str(result.cases[0].error) == f"{first} > /case/reference: {message}"
    assert str(result.cases[1].error) == f"{second} > /case/reference: {message}"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["FSN-OTHER-1"]  # no 'FSN-2026-0142 (2)', nor a first copy


def test_a_case_that_fails_to_render_is_reported_and_the_others_complete(tmp_path, raw, settings, monkeypatch):
    inputs = tuple(cases_in(tmp_path / "in", raw, 3))
    real = pipeline.render_plan

    def failing(plan, settings, fmt):
        if plan.context["reference"] == "FSN-TEST-001" and fmt == "pdf":
            raise TemplateError("templates/html/closure-letter.html > line 3: unexpected '}'")
        return real(plan, settings, fmt)

    monkeypatch.setattr(pipeline, "render_plan", failing)
    result = build(BuildRequest(inputs, tmp_path / "out", settings, documents=LETTERS, jobs=1))
    assert [c.ok for c in result.cases] == [True, False, True]
    assert str(result.cases[1].error) == "templates/html/closure-letter.html > line 3: unexpected '}'"
    assert sorted(folder_state(tmp_path / "out")) == ["FSN-TEST-000", "FSN-TEST-002"]


def test_interrupting_a_build_leaves_no_partial_case_folder(tmp_path, raw, settings, monkeypatch):
    inputs = tuple(cases_in(tmp_path / "in", raw, 2))
    real, calls = pipeline.render_plan, []

    def interrupted(plan, settings, fmt):
        calls.append(plan.filename)
        if len(calls) == 20:
            raise KeyboardInterrupt
        return real(plan, settings, fmt)

    monkeypatch.setattr(pipeline, "render_plan", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(BuildRequest(inputs, tmp_path / "out", settings, documents=LETTERS, jobs=1, packs=False))  # packs: test_packs
    # The first case (14 documents) was complete and written; the second was cut short and left nothing.
    assert folder_state(tmp_path / "out") == {"FSN-TEST-000": folder_state(tmp_path / "out")["FSN-TEST-000"]}
    assert len(folder_state(tmp_path / "out")["FSN-TEST-000"]) == 15


def test_ctrl_c_on_a_parallel_build_exits_130_and_leaves_only_whole_cases(tmp_path, raw):
    cases_in(tmp_path / "in", raw, 6)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(tmp_path / "in"), "-o", str(out), "--jobs", "2", "--documents", "closure-letter", "--no-cache"],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    err = interrupt_after_the_first_case(process, out)
    assert process.returncode == 130, err
    assert "interrupted; no partial case folder was left behind" in err
    names = [p.name for p in out.iterdir()]
    assert names and all(name.startswith("FSN-TEST-") for name in names)  # no staging folders left
    assert len(names) < 6
    for name in names:
        manifest = json.loads((out / name / "manifest.json").read_text(encoding="utf-8"))
        assert sorted(d["path"] for d in manifest["documents"]) + ["manifest.json"] == sorted(os.listdir(out / name))


def test_rebuilding_from_the_same_input_gives_byte_identical_files(tmp_path):
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / run
        subprocess.run(
            [sys.executable, "-m", "generator", "build", str(REFERENCE), "-o", str(out), "--date", "2026-11-22", "--jobs", "2"],
            cwd=ROOT, check=True, capture_output=True,
        )
        outputs.append((out / "FSN-2026-0142" / "manifest.json").read_bytes())
        time.sleep(1.1)  # zip and PDF time stamps would differ across a second boundary if they leaked in
    first, second = ({d["path"]: d["sha256"] for d in json.loads(m)["documents"]} for m in outputs)
    assert [path for path in first if first[path] != second.get(path)] == []
    assert outputs[0] == outputs[1]
    manifest = json.loads(outputs[0])
    assert {d["format"] for d in manifest["documents"]} == {"docx", "pdf"}


def test_a_team_folder_holding_only_the_templates_it_changed_falls_back_to_the_built_in_ones(tmp_path, settings):
    from docx import Document

    from readers import docx_text, pdf_text

    team = tmp_path / "our-templates"
    (team / "docx").mkdir(parents=True)
    (team / "html").mkdir()
    letter = Document(str(settings.templates_dir / "docx" / "closure-letter.docx"))
    letter.add_paragraph("Northbridge's own closing words.")
    letter.save(str(team / "docx" / "closure-letter.docx"))
    html = (settings.templates_dir / "html" / "closure-letter.html").read_text(encoding="utf-8")
    (team / "html" / "closure-letter.html").write_text(html.replace("{% endblock %}", "<p>Northbridge's own closing words.</p>\n{% endblock %}"), encoding="utf-8")
    ours = dataclasses.replace(settings, templates_dir=team)

    result = build(BuildRequest((REFERENCE,), tmp_path / "out", ours, documents=("closure-letter", "feedback-sheet"), recipients=("kayleigh",)))
    assert result.ok, [str(c.error) for c in result.cases]
    folder = result.cases[0].folder
    assert "Northbridge's own closing words." in docx_text(folder / "closure-letter_kayleigh.docx")
    assert "Northbridge's own closing words." in pdf_text(folder / "closure-letter_kayleigh.pdf")
    # The feedback sheet, which the team left alone, comes from the built-in templates.
    assert "Northbridge's own" not in docx_text(folder / "feedback-sheet_kayleigh.docx")
    assert (folder / "feedback-sheet_kayleigh.pdf").is_file()
