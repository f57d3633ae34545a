"""One error per cause: a missing or renamed id is reported once, at its source, with how many places use
it; the problems it does not cause are still found in the same pass; dates in the workbook's own terms."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest
from conftest import REFERENCE, ROOT, spoil_three_ways

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


def validate_lines(path) -> list[str]:
    """What `casepack validate` prints on standard error, less the file name before each place."""
    done = subprocess.run([sys.executable, "-m", "generator", "validate", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    return [line.replace(f"{path} > ", "") for line in done.stderr.splitlines()]


def test_a_workbook_spoiled_three_ways_gives_exactly_three_errors_with_their_cells(exported, tmp_path):
    spoiled = tmp_path / "spoiled.xlsx"
    spoiled.write_bytes(exported.read_bytes())
    expected = spoil_three_ways(spoiled)
    assert [line.line for line in expected] == [
        "Children!A4: the id is missing; 'jayden' is used in 6 places (Family!H2, Family!H3, Professionals!E3, ...) "
        "but no child has it: if it is Jayden O'Neill-Hale's, type jayden here",
        "Ratings!D3: '5' is not a level (1, 2, 3, 4 or n/a)",
        "Meetings!C3: '31/02/2026' is not a real date: there is no 31 February 2026; type the date as day/month/year, for example 04/12/2026",
    ]
    assert validate_lines(spoiled) == [f"error: {line.line}" for line in expected] + [f"{spoiled}: 3 error(s), 0 warning(s)"]
    # Put right, cell by cell, the workbook is the reference case again.
    book = openpyxl.load_workbook(spoiled)
    for mistake in expected:
        book[mistake.sheet][mistake.cell] = mistake.was
    book.save(spoiled)
    done = subprocess.run([sys.executable, "-m", "generator", "validate", str(spoiled)], capture_output=True, text=True, cwd=ROOT)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr


def test_a_workbook_spoiled_many_ways_reports_every_cause_in_one_pass_in_the_order_of_its_sheets(exported, tmp_path):
    spoiled = tmp_path / "spoiled.xlsx"
    spoiled.write_bytes(exported.read_bytes())
    three = spoil_three_ways(spoiled)
    book = openpyxl.load_workbook(spoiled)
    book["Staff"]["D2"] = 1632960412  # a phone number stored as a number
    book["Staff"]["D2"].number_format = "General"
    book["Family"]["C2"] = '=UPPER("mother")'  # a formula with no saved result
    book["Family"]["D2"] = "maybe"  # neither Yes nor No
    book["Family"]["B3"] = "#N/A"  # an Excel error value
    book["Invitees"]["A3"] = "m9"  # a row for a meeting that is not on the Meetings sheet
    book["Ratings"]["E2"] = None  # not rated: a warning
    book.save(spoiled)
    assert validate_lines(spoiled) == [
        "error: Staff!D2: this phone number is stored as a number, which loses its leading 0; format the cell as Text and type the number again, starting with 0",
        f"error: {three[0].line}",
        "error: Family!C2: this cell holds a formula whose result was never saved (as scripts and exporters write them), so its value is unknown; "
        "open the workbook in Excel and save it, or type the value instead of the formula",
        "error: Family!D2: should say Yes or No",
        "error: Family!B3: this cell shows the Excel error #N/A, not a value; correct the formula, or type the value",
        f"error: {three[1].line}",
        f"error: {three[2].line}",
        "error: Invitees!A3: 'm9' is not the id of any meeting on the Meetings sheet",
        "warning: Ratings!E2: 1.3 Stability of housing is not rated for ruby (Ruby Dawson)",
        f"{spoiled}: 8 error(s), 1 warning(s)",
    ]


def spoiled(exported, tmp_path, change):
    book = openpyxl.load_workbook(exported)
    change(book)
    path = tmp_path / "spoiled.xlsx"
    book.save(path)
    return path


def cells_saying(book, value: str, *sheets: str) -> list[str]:
    """The cells in column A of these sheets (below the headings) that hold the value."""
    return [f"{cell.parent.title}!{cell.coordinate}" for name in sheets for cell in book[name]["A"][1:] if cell.value == value]


def test_a_deleted_assessment_id_is_one_error_at_the_assessment_and_its_rows_are_still_checked(exported, tmp_path):
    book = openpyxl.load_workbook(exported)
    uses = cells_saying(book, "baseline", "Ratings", "Rating notes", "Strengths", "Parent views", "Child views")
    assert len(uses) == 18 and uses[:3] == ["Ratings!A2", "Ratings!A3", "Ratings!A4"]

    def change(book):
        assert book["Assessments"]["A2"].value == "baseline"
        book["Assessments"]["A2"] = None
        book["Ratings"]["D3"] = 5  # in a row of the assessment whose id is gone

    errors = [line for line in validate_lines(spoiled(exported, tmp_path, change)) if line.startswith("error: ")]
    assert errors == [
        "error: Assessments!A2: the id is missing; 'baseline' is used in 18 places (Ratings!A2, Ratings!A3, Ratings!A4, ...) "
        "but no assessment has it: if it is this one's, type baseline here",
        "error: Ratings!D3: '5' is not a level (1, 2, 3, 4 or n/a)",
    ]


def test_a_renamed_meeting_id_is_one_error_at_its_first_use_counting_the_family_meeting_agreement(exported, tmp_path):
    def change(book):
        assert book["Meetings"]["A3"].value == "m2" and book["Family meeting"]["B2"].value == "m2"
        book["Meetings"]["A3"] = "m02"

    assert validate_lines(spoiled(exported, tmp_path, change))[:-1] == [
        "error: Invitees!A11: 'm2' is used in 6 places (Invitees!A11, Invitees!A12, Invitees!A13, ...) but is not the id of any meeting "
        "on the Meetings sheet (the ids in use are m02, m1); correct the id here and at every use, or add the meeting it names",
    ]


def test_an_excel_error_in_a_meeting_id_is_one_error_and_its_invitees_are_still_checked(exported, tmp_path):
    def change(book):
        book["Meetings"]["A3"] = "#REF!"
        assert book["Invitees"]["A11"].value == "m2"
        book["Invitees"]["C11"] = "perhaps"

    assert validate_lines(spoiled(exported, tmp_path, change))[:-1] == [
        "error: Meetings!A3: this cell shows the Excel error #REF!, not a value; correct the formula, or type the value",
        "error: Invitees!C11: should say Yes or No (or be left empty)",
    ]


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


def test_a_renamed_child_in_a_workbook_counts_each_cell_that_names_them_once_and_warns_of_nothing_unrated(exported, tmp_path):
    def change(book):
        book["Children"]["A4"] = "jay"

    book = openpyxl.load_workbook(exported)
    named = [f"{cell.parent.title}!{cell.coordinate}" for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and "jayden" in [part.strip() for part in cell.value.split(",")]]
    assert named[0] == "Children!A4" and len(named) == 7  # the child's own id, and six places that use it
    assert validate_lines(spoiled(exported, tmp_path, change))[:-1] == [
        "error: Family!H2: 'jayden' is used in 6 places (Family!H2, Family!H3, Professionals!E3, ...) but is not the id of any person in this case "
        "(the ids in use are amara, jay, ruby); correct the id here and at every use, or add the person it names",
    ]


def test_a_mistyped_child_on_the_ratings_sheet_is_one_error_at_that_cell_not_one_per_level(exported, tmp_path):
    def change(book):
        assert book["Ratings"]["B3"].value == "amara"
        book["Ratings"]["B3"] = "amra"

    assert validate_lines(spoiled(exported, tmp_path, change))[:-1] == ["error: Ratings!B3: 'amra' is not the id of any child in this case"]
