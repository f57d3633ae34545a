"""Hostile and messy case files (issue 15): every fault found by validation at its pointer, never a
default that shares, never a traceback, nothing half-written."""

from __future__ import annotations

import copy
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REFERENCE, ROOT

from generator.cli import main
from generator.errors import InvalidCase
from generator.limits import MAX_CHILDREN, MAX_TEXT
from generator.load import load
from generator.pipeline import check_case
from generator.validate import validate

FAST = ["--documents", "closure-letter", "--format", "docx"]


def errors_of(path: Path, settings) -> list[str]:
    """Every error `casepack validate` would print for the file, without the file name."""
    try:
        check_case(path, settings)
    except InvalidCase as exc:
        return [str(p).removeprefix(f"{path} > ").removeprefix(f"{path}: ") for p in exc.errors]
    return []


def run_cli(*args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=ROOT, **options)


def tree(folder: Path) -> list[str]:
    """Everything under a folder, hidden files included."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


# --- 1. duplicate keys ------------------------------------------------------------------------


def test_a_repeated_withhold_from_is_an_error_at_its_pointer_not_a_silent_share(raw, tmp_path, settings):
    text = json.dumps(raw)
    assert text.count('"withhold_from": ["marcus"]') == 2
    spoiled = text.replace('"withhold_from": ["marcus"]', '"withhold_from": ["marcus"], "withhold_from": []', 1)
    path = tmp_path / "case.json"
    path.write_text(spoiled, encoding="utf-8")
    assert errors_of(path, settings) == ["/assessments/0/ratings/4.3/withhold_from: 'withhold_from' is given more than once in this object; keep one, with the value you mean"]


def test_a_repeated_share_with_family_is_an_error_wherever_it_is(raw, tmp_path, settings):
    text = json.dumps(raw).replace('"share_with_family": false', '"share_with_family": false, "share_with_family": true')
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    assert errors_of(path, settings) == [
        f"/assessments/{n}/ratings/4.7/share_with_family: 'share_with_family' is given more than once in this object; keep one, with the value you mean"
        for n in (0, 1)
    ]
    assert main(["build", str(path), "-o", str(tmp_path / "out"), *FAST]) == 1
    assert tree(tmp_path / "out") == []


# --- 3, 9. characters a document cannot hold ---------------------------------------------------


def test_a_lone_surrogate_is_named_at_its_field_and_nothing_is_built(raw, write_case, tmp_path, settings, capsys):
    raw["children"][0]["first_name"] = "Ruby \ud83d"  # an emoji cut in half
    path = write_case(raw)
    assert errors_of(path, settings) == [
        "/children/0/first_name: contains half of a character cut in two, such as an emoji (U+D83D), at character 6, "
        "which a document cannot hold; delete it (it is often left by copying from another program) and type what was meant"
    ]
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out), "--format", "docx", "--documents", "family-copy"]) == 1
    assert tree(out) == []
    assert "/children/0/first_name" in capsys.readouterr().err


@pytest.mark.parametrize("char, name", [("\x00", "U+0000"), ("\x0b", "U+000B"), ("\x1f", "U+001F"), ("\ufffe", "U+FFFE")])
def test_control_characters_in_the_case_reference_are_found_by_validation(raw, write_case, settings, char, name):
    raw["case"]["reference"] = f"FSN{char}-2026-0142"
    errors = errors_of(write_case(raw), settings)
    assert len(errors) == 1 and errors[0].startswith("/case/reference: contains ")
    assert name in errors[0] and "at character 4" in errors[0]
    assert "FSN" not in errors[0]  # the text itself is never quoted


def test_an_unusable_character_in_a_key_is_found_at_the_key(raw, write_case, settings):
    levels = raw["assessments"][0]["ratings"]["1.1"]["levels"]
    levels["ruby\x07"] = levels.pop("ruby")
    errors = errors_of(write_case(raw), settings)
    assert any(e.startswith("/assessments/0/ratings/1.1/levels/ruby\x07: the name of this entry contains a control character (U+0007)") for e in errors)


def test_tabs_and_new_lines_are_still_allowed(raw, write_case, settings):
    raw["assessments"][0]["analysis"] = "First line.\nSecond line,\tafter a tab.\r\nThird."
    assert errors_of(write_case(raw), settings) == []


# --- 5, 9. ids that collide as file names -------------------------------------------------------


def test_ids_equal_but_for_case_are_an_error_naming_both(raw, write_case, settings):
    raw["family"][1]["id"] = "Kayleigh"  # was marcus; kayleigh is family 0
    for group in ("plan", "meetings"):
        raw.pop(group)
    raw.pop("family_meeting_agreement")
    path = write_case(raw)
    errors = errors_of(path, settings)
    assert "/family/1/id: id 'Kayleigh' and id 'kayleigh' (/family/0/id) differ only in capitals or punctuation, so their documents would get the same file name; make them differ by a letter or number" in errors


def test_ids_that_give_the_same_file_name_are_an_error_at_the_ids(raw, write_case, settings):
    raw["meetings"][1]["id"] = "m/1"
    raw["meetings"][0]["id"] = "m:1"
    raw["family_meeting_agreement"]["meeting"] = "m/1"
    errors = errors_of(write_case(raw), settings)
    assert errors == ["/meetings/1/id: id 'm/1' and id 'm:1' (/meetings/0/id) differ only in capitals or punctuation, so their documents would get the same file name; make them differ by a letter or number"]


# --- 7, 8. sizes and limits ---------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path, capsys):
    path = tmp_path / "huge.json"
    path.write_bytes(b"{" + b" " * (6 * 1024 * 1024) + b"broken")  # over 5 MB, and not even JSON
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"error: {path}: the file is 6 MB, more than the limit of 5 MB" in err
    assert "not valid JSON" not in err  # refused on its size alone


def test_max_input_mb_changes_the_limit_for_validate_and_build(tmp_path, capsys):
    assert main(["validate", "--max-input-mb", "0.01", str(REFERENCE)]) == 1
    assert "more than the limit of 10 KB" in capsys.readouterr().err
    assert main(["build", "--max-input-mb", "0.01", str(REFERENCE), "-o", str(tmp_path / "out"), *FAST]) == 1
    assert tree(tmp_path / "out") == []
    assert main(["validate", "--max-input-mb", "6", str(REFERENCE)]) == 0


def test_a_5000_digit_number_and_deep_nesting_are_messages(tmp_path):
    number = tmp_path / "number.json"
    number.write_text('{"schema_version": ' + "9" * 5000 + "}", encoding="utf-8")
    deep = tmp_path / "deep.json"
    deep.write_text('{"case": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    for path, said in ((number, "a number in the file has 5000 digits"), (deep, "nested more than 32 levels deep")):
        result = run_cli("validate", str(path))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.splitlines()[0] == f"error: {path}: " + result.stderr.splitlines()[0].split(": ", 2)[2]
        assert said in result.stderr


def test_moderate_nesting_the_parser_accepts_is_still_refused_at_its_place(raw, write_case, settings):
    value: object = "x"
    for _ in range(40):
        value = [value]
    raw["case"]["plan_status"] = value
    errors = errors_of(write_case(raw), settings)
    assert errors[0].startswith("/case/plan_status/0/0/") and "nested more than 32 levels deep" in errors[0]


def test_text_over_the_limit_is_refused_at_its_field(raw, write_case, settings):
    raw["assessments"][0]["analysis"] = "x" * (MAX_TEXT + 1)
    assert errors_of(write_case(raw), settings) == [
        f"/assessments/0/analysis: is {MAX_TEXT + 1} characters long; a field holds at most {MAX_TEXT}: shorten it, or attach the rest to the case record"
    ]


def _with_children(raw: dict, count: int) -> dict:
    """The reference case with more children (siblings of Ruby, rated like her) up to `count`."""
    first = raw["children"][0]
    extra = [f"sibling{n}" for n in range(count - len(raw["children"]))]
    raw["children"] += [{**first, "id": child, "first_name": f"Sibling{n}"} for n, child in enumerate(extra)]
    for assessment in raw["assessments"]:
        for rating in assessment["ratings"].values():
            rating["levels"].update({child: rating["levels"].get("ruby", "n/a") for child in extra})
    return raw


def test_more_children_than_the_limit_is_refused_at_the_list(raw, write_case, settings):
    path = write_case(_with_children(raw, MAX_CHILDREN + 1))
    assert errors_of(path, settings) == [f"/children: has {MAX_CHILDREN + 1} children; a case has at most {MAX_CHILDREN}: split it into more than one case"]


def test_a_case_with_as_many_children_as_the_limit_builds_its_summary_sheet(raw, write_case, tmp_path, capsys):
    path = write_case(_with_children(raw, MAX_CHILDREN))
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out), "--documents", "summary-sheet", "--jobs", "1"]) == 0, capsys.readouterr().err
    assert len(list((out / "FSN-2026-0142").glob("summary-sheet_*"))) == 4  # two assessments, two formats


# --- 7. output faults: one line, the README's exit codes, nothing left behind ----------------------


def test_output_naming_a_file_is_one_line_and_exit_3(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("not a folder", encoding="utf-8")
    result = run_cli("build", str(REFERENCE), "-o", str(target), *FAST)
    assert result.returncode == 3
    assert result.stderr == f"casepack: {target}: is a file, not a folder; give -o a folder to write the cases into\n"
    assert target.read_text(encoding="utf-8") == "not a folder"


@pytest.fixture
def small_mount(tmp_path):
    """A tmpfs of the given size and options (root only; skipped where mounting is not allowed)."""
    mounted = []

    def mount(options: str) -> Path:
        folder = tmp_path / f"mount{len(mounted)}"
        folder.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
        if result.returncode != 0:
            pytest.skip("cannot mount a tmpfs here")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_read_only_output_folder_is_one_line_and_exit_3(small_mount):
    folder = small_mount("ro,size=1m")
    result = run_cli("build", str(REFERENCE), "-o", str(folder / "out"), *FAST)
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert result.stderr == f"casepack: {folder / 'out'}: the output folder could not be made (Read-only file system)\n"


def test_a_full_disk_fails_the_case_with_one_line_and_leaves_nothing(small_mount):
    folder = small_mount("size=64k")
    result = run_cli("build", str(REFERENCE), "-o", str(folder), "--format", "docx")
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert f"error: {folder / 'FSN-2026-0142'}: could not be written (No space left on device); nothing of this case was left behind" in result.stderr
    assert tree(folder) == []


def test_sigterm_stops_the_build_without_tracebacks_or_half_cases(tmp_path):
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", str(REFERENCE), "-o", str(out), "--jobs", "2", "--no-cache"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    # Stopped as soon as the workers report their first documents: the case is then far from done, however
    # fast this machine renders (a fixed wait was once long enough, and is not since the documents got shorter).
    first = process.stderr.readline()  # progress goes to standard error
    assert first.startswith("rendered "), first
    os.killpg(process.pid, signal.SIGTERM)  # the whole group, as a service manager or `timeout` does
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == "casepack: stopped (SIGTERM); no partial case folder was left behind"
    assert tree(out) == []


# --- the batch: the other cases complete ---------------------------------------------------------


def test_a_folder_with_one_bad_and_two_good_cases_writes_the_two_and_names_the_bad(raw, tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    for name, reference in (("a-good.json", "GOOD-1"), ("c-good.json", "GOOD-2")):
        good = copy.deepcopy(raw)
        good["case"]["reference"] = reference
        (cases / name).write_text(json.dumps(good), encoding="utf-8")
    (cases / "b-bad.json").write_text(json.dumps(raw).replace('"withhold_from": ["marcus"]', '"withhold_from": ["marcus"], "withhold_from": []'), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", str(cases), "-o", str(out), *FAST)
    assert result.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["GOOD-1", "GOOD-2"]
    assert result.stderr.splitlines()[-1] == f"1 of 3 case(s) failed: {cases / 'b-bad.json'}"
    assert "Traceback" not in result.stderr


# --- 12. private output --------------------------------------------------------------------------


def test_output_is_private_unless_settings_say_otherwise(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(REFERENCE), "-o", str(out), *FAST]) == 0
    folder = out / "FSN-2026-0142"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}
    assert stat.S_IMODE(out.stat().st_mode) == 0o700  # made by the run, so private too

    ours = tmp_path / "ours.toml"
    ours.write_text('[output]\nfile_mode = "0640"\nfolder_mode = "0750"\n', encoding="utf-8")
    assert main(["--settings", str(ours), "build", str(REFERENCE), "-o", str(out), *FAST]) == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o640}


def test_a_setting_that_would_lock_the_owner_out_is_refused(tmp_path, capsys):
    ours = tmp_path / "ours.toml"
    ours.write_text('[output]\nfile_mode = "0044"\n', encoding="utf-8")
    assert main(["--settings", str(ours), "validate", str(REFERENCE)]) == 2
    assert "output.file_mode: '0044' is not a permission such as \"0600\"" in capsys.readouterr().err


def test_the_reference_case_still_validates_with_no_problems(reference_data, toolkit):
    raw = load(REFERENCE)
    assert validate(raw.data, toolkit, raw.locate).warnings == ()
