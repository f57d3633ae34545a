"""The command line: exit codes, messages a person can act on, nothing written for a bad case."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REFERENCE, ROOT

from generator.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=ROOT)


def test_validate_reference_case_exits_0(capsys):
    assert main(["validate", str(REFERENCE)]) == 0
    assert capsys.readouterr().out.startswith(f"{REFERENCE}: valid (0 warning(s))\n")


def test_validate_bad_case_exits_1_and_lists_every_error(raw, write_case, capsys):
    raw["assessments"][1]["ratings"]["2.3"]["levels"]["amara"] = 5
    raw["case"]["team_manager"] = "bob"
    path = write_case(raw)
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"error: {path} > /case/team_manager: 'bob' is not the id of any member of staff in this case",
        f"error: {path} > /assessments/1/ratings/2.3/levels/amara: '5' is not a level (1, 2, 3, 4 or n/a)",
        f"{path}: 2 error(s), 0 warning(s)",
    ]


def test_build_of_invalid_case_writes_nothing_and_exits_1(raw, write_case, tmp_path, capsys):
    raw["children"][0]["date_of_birth"] = "2012-02-30"
    path = write_case(raw)
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out)]) == 1
    assert not out.exists() or list(out.iterdir()) == []
    assert f"error: {path} > /children/0/date_of_birth: '2012-02-30' is not a real date" in capsys.readouterr().err


def test_one_bad_case_does_not_stop_the_good_ones(raw, write_case, tmp_path, capsys):
    good = write_case(raw, "good.json")
    raw["case"]["reference"] = "OTHER-1"
    raw["meetings"][0]["time"] = "25:00"
    bad = write_case(raw, "bad.json")
    out = tmp_path / "out"
    assert main(["build", str(bad), str(good), "-o", str(out), "--documents", "closure-letter", "--format", "docx"]) == 1
    assert [p.name for p in out.iterdir()] == ["FSN-2026-0142"]
    err = capsys.readouterr().err
    assert f"error: {bad} > /meetings/0/time: '25:00' is not a time of day (write it as HH:MM, 24-hour)" in err
    assert f"1 of 2 case(s) failed: {bad}" in err


def test_unknown_document_type_is_a_usage_error(tmp_path, capsys):
    assert main(["build", str(REFERENCE), "-o", str(tmp_path), "--documents", "closure-leter"]) == 2
    assert capsys.readouterr().err.startswith("casepack: unknown document type closure-leter; choose from ")
    assert list(tmp_path.iterdir()) == []


def test_wrong_usage_exits_2_without_a_traceback():
    result = run_cli("build")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "the following arguments are required: INPUT" in result.stderr


def test_build_only_docx_of_one_type(tmp_path):
    assert main(["build", str(REFERENCE), "-o", str(tmp_path), "--format", "docx", "--documents", "closure-letter"]) == 0
    manifest = json.loads((tmp_path / "FSN-2026-0142" / "manifest.json").read_text(encoding="utf-8"))
    assert {d["format"] for d in manifest["documents"]} == {"docx"}
    assert {d["document"] for d in manifest["documents"]} == {"closure-letter"}
    assert [d["recipient"] for d in manifest["documents"]] == ["kayleigh", "marcus", "liam", "gp", "hv", "stannes", "northfield"]


def test_build_only_the_prompt_sheets_as_pdf(tmp_path, capsys):
    assert main(["build", str(REFERENCE), "-o", str(tmp_path), "--format", "pdf", "--documents", "prompt-sheet"]) == 0
    manifest = json.loads((tmp_path / "FSN-2026-0142" / "manifest.json").read_text(encoding="utf-8"))
    assert [(d["document"], d["format"], d["subject"]) for d in manifest["documents"]] == [
        ("prompt-sheet", "pdf", "baseline"), ("prompt-sheet", "pdf", "review-1"), ("print-pack", "pdf", None),
    ]  # fmt: skip
    assert main(["build", str(REFERENCE), "-o", str(tmp_path), "--documents", "prompt-sheets"]) == 2
    assert "choose from summary-sheet, family-copy, assessment-agreement, professional-letter, prompt-sheet, co-working-agreement," in capsys.readouterr().err


def test_bad_settings_file_is_reported_as_usage(tmp_path, capsys):
    settings = tmp_path / "s.toml"
    settings.write_text('[letters]\nsigned_by = "nobody"\n', encoding="utf-8")
    assert main(["--settings", str(settings), "validate", str(REFERENCE)]) == 2
    assert capsys.readouterr().err == f"casepack: settings: {settings} > letters.signed_by: 'nobody' is not one of key_worker, team_manager, named\n"


def test_python_dash_m_runs_the_same_command():
    result = run_cli("validate", str(REFERENCE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{REFERENCE}: valid (0 warning(s))\n")


def test_the_same_case_as_json_and_as_workbook_is_refused_naming_both_files(tmp_path):
    workbook = tmp_path / "case.xlsx"
    assert run_cli("workbook", str(REFERENCE), str(workbook)).returncode == 0
    out = tmp_path / "out"
    result = run_cli("build", str(REFERENCE), str(workbook), "-o", str(out), "--documents", "closure-letter", "--format", "pdf")
    assert result.returncode == 1, result.stderr
    both = f"'FSN-2026-0142' is the reference of both {REFERENCE} and {workbook}: the same case is in this run 2 times"
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"error: {REFERENCE} > /case/reference: {both}") for line in lines), lines
    assert any(line.startswith(f"error: {workbook} > Case!B2: {both}") for line in lines), lines
    assert not out.exists() or list(out.iterdir()) == []
