"""Reading a case workbook: forgiving what people type, and naming the sheet and cell of what is wrong."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import to_excel

from generator.errors import InvalidCase
from generator.load import load
from generator.load.xlsx import load_xlsx
from generator.validate import validate

ROOT = Path(__file__).resolve().parent.parent
BY_ITEM = ROOT / "tests" / "data" / "case-example-by-item.xlsx"  # the reference case in the older Ratings layout


def by_item_edited(tmp_path: Path, change) -> Path:
    """The older-layout workbook (a row per item, a column headed 'baseline: ruby' per assessment and child), changed."""
    book = openpyxl.load_workbook(BY_ITEM)
    change(book)
    path = tmp_path / "by-item.xlsx"
    book.save(path)
    return path


def set_values(values: dict[tuple[str, str], object]):
    """A change that sets cells given as {(sheet, A1): value}."""

    def change(book):
        for (sheet, coordinate), value in values.items():
            book[sheet][coordinate] = value

    return change


def set_cells(**cells):
    """The same, with cells given as Sheet__A1=value (for sheet names without spaces)."""
    return set_values({tuple(key.split("__")): value for key, value in cells.items()})


def problems(path: Path, toolkit) -> list[str]:
    """Every problem with the workbook, as the CLI prints them; [] if it is valid."""
    try:
        raw = load(path)
        validate(raw.data, toolkit, raw.locate, read=raw)
    except InvalidCase as exc:
        return [str(p) for p in exc.problems]
    return []


def test_reference_workbook_in_inputs_holds_the_same_case_as_the_json(toolkit):
    from_json = load(ROOT / "inputs" / "case-example.json")
    from_xlsx = load(ROOT / "inputs" / "case-example.xlsx")
    expected = validate(from_json.data, toolkit, from_json.locate)
    checked = validate(from_xlsx.data, toolkit, from_xlsx.locate)
    assert checked.case == expected.case
    assert checked.warnings == ()


def test_reference_workbook_reads_in_the_json_shape(filled, reference_data):
    data = load_xlsx(filled).data
    # Every list the workbook has a sheet for, even one the case file leaves out (no agency checks).
    assert set(data) == set(reference_data) | {"agency_checks"}
    assert data["agency_checks"] == []
    assert data["assessments"][0]["ratings"]["2.1"]["levels"] == {"ruby": "n/a", "amara": "n/a", "jayden": 3}
    assert data["family"][2]["address"] == {"lines": ["Flat 3, 22 Mill Street"], "town": "Southport", "postcode": "PR9 0AB"}
    assert data["meetings"][0]["invitees"][2] == {"person": "liam", "attending": False, "notes": "Views sent by email"}
    assert data["assessments"][0]["ratings"]["4.3"]["withhold_from"] == ["marcus"]
    assert data["assessments"][0]["ratings"]["4.7"]["share_with_family"] is False
    assert data["children"][0]["date_of_birth"] == dt.date(2012, 3, 9)


def test_dates_typed_as_text_or_entered_as_excel_dates_read_as_the_day(edited):
    typed = {
        ("Plan", "F2"): "04/12/2026",
        ("Plan", "F3"): " 4/12/2026 ",
        ("Plan", "F4"): "4-12-2026",
        ("Plan", "F5"): "4.12.26",
        ("Information requests", "F2"): "2026-12-04",
        ("Information requests", "F3"): "4 December 2026",
        ("Information requests", "F4"): "4th Dec 2026",
        ("Meetings", "C2"): dt.datetime(2026, 12, 4),
        ("Meetings", "C3"): to_excel(dt.datetime(2026, 12, 4)),  # a date whose cell lost its date format
    }
    data = load_xlsx(edited(set_values(typed))).data
    read = [a["by_when"] for a in data["plan"]] + [r["reply_by"] for r in data["information_requests"]] + [m["date"] for m in data["meetings"]]
    assert read == [dt.date(2026, 12, 4)] * len(typed)


def test_levels_typed_loosely_read_as_levels(edited):
    # Column K is item 2.3; rows 2 to 7 are baseline and review-1 for ruby, amara and jayden.
    typed = dict(zip((("Ratings", f"K{r}") for r in range(2, 8)), ("2 ", " 3", 4.0, "N/A", "na", " n/a ")))
    typed |= {("Ratings", "L2"): "N.A.", ("Ratings", "L3"): "not applicable"}
    data = load_xlsx(edited(set_values(typed))).data
    baseline, review = (a["ratings"] for a in data["assessments"])
    assert baseline["2.3"]["levels"] == {"ruby": 2, "amara": 3, "jayden": 4}
    assert review["2.3"]["levels"] == {"ruby": "n/a", "amara": "n/a", "jayden": "n/a"}
    assert baseline["2.4"]["levels"] == {"ruby": "n/a", "amara": "n/a", "jayden": 2}


def test_yes_and_no_typed_in_any_form_read_as_flags(edited):
    # Family D and E: parental responsibility and lives with the children, for four people.
    typed = dict(zip((("Family", f"{c}{r}") for c in "DE" for r in range(2, 6)), ("Yes", "Y", "TRUE", " yes ", "No", "n", "FALSE", False)))
    typed[("Rating notes", "E2")] = True
    data = load_xlsx(edited(set_values(typed))).data
    assert [m["parental_responsibility"] for m in data["family"]] == [True, True, True, True]
    assert [m["lives_with_children"] for m in data["family"]] == [False, False, False, False]
    assert data["assessments"][0]["ratings"]["1.2"]["share_with_family"] is True


@pytest.mark.parametrize(
    "typed, expected",
    [(("17:30", "5:30 pm"), ["17:30", "17:30"]), (("17.30", dt.time(17, 30)), ["17:30", "17:30"]), (("9:05", "9am"), ["09:05", "09:00"])],
)
def test_times_typed_as_text_or_entered_as_excel_times_read_as_clock_times(edited, typed, expected):
    path = edited(set_values({("Meetings", "D2"): typed[0], ("Meetings", "D3"): typed[1]}))
    assert [m["time"] for m in load_xlsx(path).data["meetings"]] == expected


def test_stray_spaces_around_ids_and_in_id_lists_are_ignored(edited, toolkit):
    path = edited(set_cells(Assessments__D3=" priya ", Assessments__E3="kayleigh ,marcus, ", Invitees__B2="kayleigh  "))
    raw = load_xlsx(path)
    assert raw.data["assessments"][1]["completed_with"] == ["kayleigh", "marcus"]
    assert problems(path, toolkit) == []


def test_level_of_five_is_rejected_with_its_sheet_and_cell(edited, toolkit):
    def change(book):
        ratings = book["Ratings"]
        assert (ratings["K1"].value, ratings["A2"].value, ratings["B2"].value) == ("2.3 Seeking advice and intervention", "baseline", "ruby")
        ratings["K2"] = 5

    path = edited(change)
    assert problems(path, toolkit) == [f"{path} > Ratings!K2: '5' is not a level (1, 2, 3, 4 or n/a)"]


def test_level_of_five_in_the_older_ratings_layout_is_rejected_with_its_cell(tmp_path, toolkit):
    def change(book):
        assert book["Ratings"]["B10"].value == "2.3" and book["Ratings"]["D1"].value == "baseline: ruby"
        book["Ratings"]["D10"] = 5

    path = by_item_edited(tmp_path, change)
    assert problems(path, toolkit) == [f"{path} > Ratings!D10: '5' is not a level (1, 2, 3, 4 or n/a)"]


def test_the_older_ratings_layout_reads_as_the_same_case(toolkit):
    from_json, from_xlsx = load(ROOT / "inputs" / "case-example.json"), load(BY_ITEM)
    checked = validate(from_xlsx.data, toolkit, from_xlsx.locate, read=from_xlsx)
    assert checked.case == validate(from_json.data, toolkit, from_json.locate).case
    assert checked.warnings == ()


def test_level_typed_as_text_that_is_not_a_level_is_rejected_with_its_cell(edited, toolkit):
    path = edited(set_cells(Ratings__K6="5 ", Ratings__K7="high"))
    assert problems(path, toolkit) == [
        f"{path} > Ratings!K6: '5' is not a level (1, 2, 3, 4 or n/a)",
        f"{path} > Ratings!K7: 'high' is not a level (1, 2, 3, 4 or n/a)",
    ]


def test_impossible_date_typed_as_text_is_rejected_with_its_cell(edited, toolkit):
    path = edited(set_cells(Children__D3="31/02/2026"))
    assert problems(path, toolkit) == [f"{path} > Children!D3: '31/02/2026' is not a real date: there is no 31 February 2026; type the date as day/month/year, for example 04/12/2026"]


def test_unknown_id_is_reported_at_the_cell_in_a_list_of_ids(edited, toolkit):
    path = edited(set_cells(Closure__B7="kayleigh, marcuss, liam"))
    assert problems(path, toolkit) == [f"{path} > Closure!B7: 'marcuss' is not the id of any family member or professional in this case"]


def test_problems_on_sheets_with_spaces_in_their_names_quote_the_sheet_as_excel_does(edited, toolkit):
    def change(book):
        book["Rating notes"]["F7"] = "marcus, nobody"
        book["Co-working"]["B2"] = "soon"

    path = edited(change)
    assert problems(path, toolkit) == [  # in the order of the sheets
        f"{path} > 'Rating notes'!F7: 'nobody' is not the id of any person in this case",
        f"{path} > 'Co-working'!B2: 'soon' is not a date: type the date as day/month/year, for example 04/12/2026",
    ]


def test_empty_rating_cell_is_warned_about_at_that_cell(edited, toolkit):
    path = edited(set_cells(Ratings__K2=None))
    raw = load_xlsx(path)
    warnings = validate(raw.data, toolkit, raw.locate, read=raw).warnings
    assert [str(w) for w in warnings] == [f"{path} > Ratings!K2: 2.3 Seeking advice and intervention is not rated for ruby (Ruby Dawson)"]


def test_every_pointer_of_the_reference_case_maps_to_its_cell(filled):
    locate = load_xlsx(filled).locate
    cells = {
        "/case/key_worker": "Case!B4",
        "/address/postcode": "Case!B12",
        "/children": "Children!A2",
        "/family/2/address/lines/0": "Family!I4",
        "/family/1/children/1": "Family!H3",
        "/assessments/1/ratings/2.3/levels/amara": "Ratings!K6",
        "/assessments/0/ratings/4.3/withhold_from/0": "'Rating notes'!F7",
        "/assessments/1/strengths/1/item": "Strengths!C6",
        "/assessments/1/child_views/0/child": "'Child views'!B4",
        "/meetings/0/invitees/2/person": "Invitees!B4",
        "/information_requests/1/consent_from": "'Information requests'!D3",
        "/co_working_agreement/review_date": "'Co-working'!B3",
        "/co_working_agreement/tasks/4/reports_to": "'Co-working tasks'!E6",
        "/family_meeting_agreement/signatories/3": "'Family meeting'!B3",
        "/closure/date": "Closure!B2",
    }
    assert {pointer: locate(pointer).where for pointer in cells} == cells


def test_pointers_to_missing_fields_map_to_where_they_should_be(filled):
    locate = load_xlsx(filled).locate
    assert locate("/staff/0/phone/0").where == "Staff!D2"  # below a value: the value's cell
    assert locate("/family/3/email").where == "Family!G5"  # empty cell of a record
    assert locate("/family/0/address").where == "Family!I2"  # a whole address: its first line
    assert locate("/assessments/0/ratings/9.9").where == "Ratings!A2"  # an item with no column: the assessment's first row
    assert locate("/meetings/0/invitees").where == "Invitees!A2"
    assert locate("/no_such_part").where == ""


def test_renamed_heading_is_one_error_at_its_cell_and_the_rest_is_still_checked(edited, toolkit):
    path = edited(set_cells(Staff__C1="Job title", Ratings__K2=5))
    assert problems(path, toolkit) == [
        f"{path} > Staff!C1: the heading should be 'Role', not 'Job title'",
        f"{path} > Ratings!K2: '5' is not a level (1, 2, 3, 4 or n/a)",
    ]


def test_a_missing_id_heading_stops_the_checks_at_the_sheets(edited, toolkit):
    # Without the Staff ids every staff id elsewhere would look unknown: the heading is the one thing to put right.
    path = edited(set_cells(Staff__A1="Who", Ratings__K2=5))
    assert problems(path, toolkit) == [f"{path} > Staff!A1: the heading should be 'ID', not 'Who'"]


def test_headings_in_another_order_or_case_are_still_read(edited, toolkit):
    def change(book):
        sheet = book["Staff"]
        sheet["B1"], sheet["C1"] = "ROLE ", "name"
        for row in range(2, 6):
            sheet.cell(row, 2).value, sheet.cell(row, 3).value = sheet.cell(row, 3).value, sheet.cell(row, 2).value

    path = edited(change)
    assert load_xlsx(path).data["staff"][0]["role"] == "Social Worker"
    assert problems(path, toolkit) == []


def test_missing_form_label_is_one_error_at_its_row_and_the_rest_is_still_checked(edited, toolkit):
    path = edited(set_cells(Case__A4="Worker", Plan__F2="31/02/2026"))
    assert problems(path, toolkit) == [
        f"{path} > Case!A4: there is no row labelled 'Key worker' in column A; put the label back",
        f"{path} > Plan!F2: '31/02/2026' is not a real date: there is no 31 February 2026; type the date as day/month/year, for example 04/12/2026",
    ]


def test_missing_sheet_is_one_error_by_name_and_the_rest_is_still_checked(edited, toolkit):
    def change(book):
        book.remove(book["Closure"])
        book["Ratings"]["D3"] = 5

    path = edited(change)
    assert problems(path, toolkit) == [
        f"{path}: the workbook has no sheet called 'Closure'; every sheet of the blank workbook must be kept, even if empty",
        f"{path} > Ratings!D3: '5' is not a level (1, 2, 3, 4 or n/a)",
    ]


def test_a_missing_sheet_whose_ids_others_use_stops_the_checks_at_the_sheets(edited, toolkit):
    def change(book):
        book.remove(book["Children"])
        book["Ratings"]["D3"] = 5

    path = edited(change)
    assert problems(path, toolkit) == [
        f"{path}: the workbook has no sheet called 'Children'; every sheet of the blank workbook must be kept, even if empty",
    ]


def test_rating_column_for_an_unknown_assessment_in_the_older_layout_is_refused_at_its_heading(tmp_path, toolkit):
    path = by_item_edited(tmp_path, set_cells(Ratings__J1="review-2: ruby", Ratings__J2=2))
    assert problems(path, toolkit) == [f"{path} > Ratings!J1: 'review-2' is not the id of any assessment on the Assessments sheet"]


def test_rating_row_for_an_unknown_assessment_is_refused_at_its_cell(edited, toolkit):
    path = edited(set_cells(Ratings__A8="review-2", Ratings__B8="ruby", Ratings__C8=2))
    assert problems(path, toolkit) == [f"{path} > Ratings!A8: 'review-2' is not the id of any assessment on the Assessments sheet"]


def test_levels_under_an_empty_heading_are_refused(edited, toolkit):
    path = edited(set_cells(Ratings__AK5=2))
    assert problems(path, toolkit) == [
        f"{path} > Ratings!AK1: levels are filled in below an empty heading; put back the heading of the item they are for, such as '4.3 Adult arguments and violence'"
    ]


def test_levels_under_an_empty_heading_in_the_older_layout_are_refused(tmp_path, toolkit):
    path = by_item_edited(tmp_path, set_cells(Ratings__K5=2))
    assert problems(path, toolkit) == [
        f"{path} > Ratings!K1: levels are filled in below an empty heading; head the column with the assessment and the child, like 'baseline: ruby'"
    ]


def test_row_for_an_unknown_meeting_is_refused_at_its_cell(edited, toolkit):
    path = edited(set_cells(Invitees__A3="m9", Invitees__A4="M1"))  # M1 is m1 in other capitals
    assert problems(path, toolkit) == [f"{path} > Invitees!A3: 'm9' is not the id of any meeting on the Meetings sheet"]


def test_rows_that_belong_nowhere_are_all_reported_together(edited, toolkit):
    def change(book):
        notes = book["Rating notes"]
        notes["A3"] = None  # no assessment
        notes["A4"], notes["B4"] = "baseline", "1.2"  # a second row for baseline 1.2
        book["Strengths"]["A2"] = "review-9"
        book["Ratings"]["B3"] = "ruby"  # a second row for baseline ruby

    path = edited(change)
    raw = load_xlsx(path)
    with pytest.raises(InvalidCase) as caught:
        validate(raw.data, toolkit, raw.locate, read=raw)
    assert [str(p) for p in caught.value.errors] == [
        f"{path} > Ratings!B3: ruby already has a row for baseline (2); keep one row for each child in each assessment",
        f"{path} > 'Rating notes'!A3: say which assessment this row belongs to",
        f"{path} > 'Rating notes'!B4: item 1.2 of this assessment already has a row (2); keep one row per item",
        f"{path} > Strengths!A2: 'review-9' is not the id of any assessment on the Assessments sheet",
    ]


def test_new_review_added_by_hand_is_read(edited, toolkit):
    def change(book):
        assessments = book["Assessments"]
        for c, value in enumerate(("review-2", "Review", "02/02/2027", "priya", "kayleigh"), start=1):
            assessments.cell(4, c, value)
        ratings = book["Ratings"]
        ratings["A8"], ratings["B8"] = "Review-2", "Ruby"  # ids match whatever their capitals
        for column in range(3, ratings.max_column + 1):
            ratings.cell(8, column, ratings.cell(5, column).value)

    path = edited(change)
    raw = load_xlsx(path)
    review = raw.data["assessments"][2]
    assert (review["kind"], review["date"]) == ("review", dt.date(2027, 2, 2))
    assert review["ratings"]["4.7"] == {"levels": {"ruby": 3}}
    warnings = [str(w) for w in validate(raw.data, toolkit, raw.locate).warnings]
    assert f"{path} > Ratings!C8: 1.1 Food is not rated for amara (Amara O'Neill-Hale)" in warnings


def test_a_text_file_renamed_xlsx_is_refused(tmp_path):
    path = tmp_path / "case.xlsx"
    path.write_text("reference,team\nFSN-1,North\n", encoding="utf-8")
    with pytest.raises(InvalidCase) as caught:
        load_xlsx(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: not an Excel workbook (.xlsx); an old .xls file, or a workbook with a password, must first be saved in Excel as an ordinary .xlsx workbook"
    ]


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "case.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    with pytest.raises(InvalidCase) as caught:
        load_xlsx(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: could not be read as an Excel workbook; it may be damaged, or another kind of file renamed to .xlsx"
    ]


def test_a_workbook_that_unpacks_to_more_than_50_mb_is_refused_unopened(tmp_path):
    path = tmp_path / "case.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (51 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(InvalidCase) as caught:
        load_xlsx(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}: the workbook unpacks to more than 50 MB, far more than a case needs; it was not opened"]


def test_a_sheet_with_thousands_of_rows_is_refused(edited):
    path = edited(set_cells(Staff__A6000="x"))
    with pytest.raises(InvalidCase) as caught:
        load_xlsx(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path} > Staff: this sheet has more than 5000 rows or 400 columns in use, far more than a case needs; delete the rows and columns below and to the right of the case"
    ]


def test_a_damaged_sheet_is_refused_by_name(filled, tmp_path):
    path = tmp_path / "case.xlsx"
    with zipfile.ZipFile(filled) as source, zipfile.ZipFile(path, "w") as damaged:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet3.xml":  # the third sheet: Staff
                data = data[: len(data) // 2]
            damaged.writestr(part, data)
    with pytest.raises(InvalidCase) as caught:
        load_xlsx(path)
    assert [str(p) for p in caught.value.problems] == [f"{path} > Staff: this sheet could not be read; the file may be damaged"]


def test_the_new_fields_are_read_from_their_columns_and_their_errors_name_the_cell(edited, toolkit):
    book = openpyxl.load_workbook(edited(lambda book: None))
    headings = {sheet: [c.value for c in book[sheet][1]] for sheet in ("Meetings", "Information requests", "Plan", "Rating notes")}
    assert {"Invited on", "Purpose for the family"} <= set(headings["Meetings"])
    assert "Date" in headings["Information requests"] and "Status" in headings["Plan"] and "Share with" in headings["Rating notes"]
    column = {sheet: {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(row)} for sheet, row in headings.items()}
    path = edited(set_values({
        ("Meetings", f"{column['Meetings']['Invited on']}2"): dt.datetime(2026, 11, 21),
        ("Information requests", f"{column['Information requests']['Reply by']}2"): dt.datetime(2026, 8, 4),
        ("Plan", f"{column['Plan']['Status']}2"): "nearly",
    }))
    found = problems(path, toolkit)
    assert f"{path} > Meetings!{column['Meetings']['Invited on']}2: the invitations go out on 21 November 2026, but the meeting is on 20 November 2026: invitations must go out before the meeting" in found
    assert f"{path} > 'Information requests'!{column['Information requests']['Reply by']}2: the reply-by date 4 August 2026 is not after the letter's date, 4 August 2026: give a later reply-by date, or correct the letter's date" in found
    assert any(p.startswith(f"{path} > Plan!{column['Plan']['Status']}2: ") for p in found), found
    assert len(found) == 3
