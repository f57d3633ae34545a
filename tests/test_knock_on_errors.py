"""One error per cause: a missing or renamed id is reported once, at its source, with how many places use
it; the problems it does not cause are still found in the same pass; dates in the workbook's own terms."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest
from conftest import REFERENCE, ROOT

from generator.errors import InvalidCase, Location
from generator.validate import validate


def locate(ptr: str) -> Location:
    return Location("case.json", ptr or "/")


def errors_of(raw, toolkit) -> list[str]:
    with pytest.raises(InvalidCase) as caught:
        validate(raw, toolkit, locate)
    return [str(p) for p in caught.value.errors]


def uses_of(raw, person_id: str) -> int:
    """How many places in the raw case name this id (as a whole value or a list entry or a ratings key)."""

    def count(node) -> int:
        if isinstance(node, dict):
            return sum((key == person_id and isinstance(value, (int, str))) + count(value) for key, value in node.items())
        if isinstance(node, list):
            return sum(count(v) for v in node)
        return int(node == person_id)

    return count({k: v for k, v in raw.items() if k != "children"})


def test_a_deleted_child_id_is_one_error_at_the_child_and_a_level_of_5_is_still_found(raw, toolkit):
    used = uses_of(raw, "jayden")
    assert used > 60  # every rating of two assessments, and the family, professionals and letters
    del raw["children"][2]["id"]
    raw["assessments"][1]["ratings"]["2.3"]["levels"]["amara"] = 5
    assert errors_of(raw, toolkit) == [
        f"case.json > /children/2/id: the id is missing; 'jayden' is used in {used} places (/family/0/children/2, "
        "/family/1/children/1, /professionals/1/children/0, ...) but no child has it: if it is Jayden O'Neill-Hale's, type jayden here",
        "case.json > /assessments/1/ratings/2.3/levels/amara: '5' is not a level (1, 2, 3, 4 or n/a)",
    ]


def test_a_level_of_5_for_a_child_whose_id_is_gone_is_still_found(raw, toolkit):
    del raw["children"][2]["id"]
    raw["assessments"][0]["ratings"]["1.1"]["levels"]["jayden"] = 5
    found = errors_of(raw, toolkit)
    assert len(found) == 2
    assert found[0].startswith("case.json > /children/2/id: the id is missing; 'jayden' is used in ")
    assert found[1] == "case.json > /assessments/0/ratings/1.1/levels/jayden: '5' is not a level (1, 2, 3, 4 or n/a)"


def test_a_renamed_id_is_one_error_at_its_first_use_with_the_count(raw, toolkit):
    used = uses_of(raw, "jayden")
    raw["children"][2]["id"] = "jay"
    assert errors_of(raw, toolkit) == [
        f"case.json > /family/0/children/2: 'jayden' is used in {used} places (/family/0/children/2, /family/1/children/1, "
        "/professionals/1/children/0, ...) but is not the id of any person in this case (the ids in use are amara, jay, ruby); "
        "correct the id here and at every use, "
        "or add the person it names",
    ]


def test_two_records_without_ids_leave_the_unknown_id_at_its_first_use(raw, toolkit):
    # Which of the two is 'jayden' is not plain, so neither missing id claims it.
    del raw["children"][2]["id"]
    del raw["children"][1]["id"]
    found = errors_of(raw, toolkit)
    assert "case.json > /children/1/id: required field is missing" in found
    assert "case.json > /children/2/id: required field is missing" in found
    assert sum("'jayden' is used in" in p for p in found) == 1
    assert sum("'amara' is used in" in p for p in found) == 1
    assert len(found) == 4


def test_an_id_of_the_wrong_kind_names_the_person(raw, toolkit):
    raw["case"]["team_manager"] = "gp"
    raw["assessments"][0]["parent_views"][0]["person"] = "ruby"
    assert errors_of(raw, toolkit) == [
        "case.json > /case/team_manager: 'gp' is the id of Dr Samira Haddad, not of any member of staff in this case",
        "case.json > /assessments/0/parent_views/0/person: 'ruby' is the id of Ruby Dawson, not of any family member in this case",
    ]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The reference case as the project's own export writes it: `casepack workbook case.json X.xlsx`."""
    path = tmp_path_factory.mktemp("export") / "X.xlsx"
    done = subprocess.run([sys.executable, "-m", "generator", "workbook", str(REFERENCE), str(path)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return path


def test_a_workbook_spoiled_three_ways_gives_exactly_three_errors_with_their_cells(exported, tmp_path):
    book = openpyxl.load_workbook(exported)
    assert book["Children"]["A4"].value == "jayden"
    book["Children"]["A4"] = None  # the child's id deleted
    assert book["Ratings"]["B3"].value == "1.2" and book["Ratings"]["D1"].value == "baseline: ruby"
    book["Ratings"]["D3"] = 5
    assert book["Plan"]["F1"].value == "By when"
    book["Plan"]["F2"] = "31/02/2026"
    spoiled = tmp_path / "spoiled.xlsx"
    book.save(spoiled)

    done = subprocess.run([sys.executable, "-m", "generator", "validate", str(spoiled)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3, errors
    assert f"error: {spoiled} > Plan!F2: '31/02/2026' is not a real date: there is no 31 February 2026; type the date as day/month/year, for example 04/12/2026" in errors
    assert f"error: {spoiled} > Ratings!D3: '5' is not a level (1, 2, 3, 4 or n/a)" in errors
    [missing] = [e for e in errors if "Children!A4" in e]
    assert missing.startswith(f"error: {spoiled} > Children!A4: the id is missing; 'jayden' is used in ")
    assert "places (Family!H2, Family!H3, Professionals!E3, ...) but no child has it: if it is Jayden O'Neill-Hale's, type jayden here" in missing
    lines = done.stderr.splitlines()
    assert lines[:3] == errors  # errors first, then the warnings
    assert all(line.startswith("warning: ") for line in lines[3:-1])
    assert lines[-1].startswith(f"{spoiled}: 3 error(s)")


def test_a_date_in_no_form_asks_for_day_month_year(exported, tmp_path):
    book = openpyxl.load_workbook(exported)
    book["Plan"]["F2"] = "next week"
    book["Plan"]["F3"] = "12/13/2026"
    spoiled = tmp_path / "spoiled.xlsx"
    book.save(spoiled)
    done = subprocess.run([sys.executable, "-m", "generator", "validate", str(spoiled)], capture_output=True, text=True, cwd=ROOT)
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {spoiled} > Plan!F2: 'next week' is not a date: type the date as day/month/year, for example 04/12/2026",
        f"error: {spoiled} > Plan!F3: '12/13/2026' is not a real date: there is no month 13; type the date as day/month/year, for example 04/12/2026",
    ]
