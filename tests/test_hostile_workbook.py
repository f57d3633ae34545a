"""Messy workbooks (issue 15), each built from the project's own export and spoiled with openpyxl:
formulas with no saved value, Excel error values, phone numbers stored as numbers, Yes/No wording."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from generator.errors import InvalidCase
from generator.load import load
from generator.load.workbook import write_blank
from generator.load.xlsx import FORMULA_WITHOUT_VALUE
from generator.validate import validate

BY_ITEM = Path(__file__).parent / "data" / "case-example-by-item.xlsx"  # a workbook in the older Ratings layout



def problems(path: Path, toolkit) -> list[str]:
    try:
        raw = load(path)
        validate(raw.data, toolkit, raw.locate, read=raw)
    except InvalidCase as exc:
        return [str(p).removeprefix(f"{path} > ") for p in exc.errors]
    return []


def cell_of(sheet, heading: str, *match: tuple[str, object]) -> str:
    """The coordinate of the cell under `heading` in the first row whose (heading, value) pairs all match."""
    headings = {cell.value: cell.column_letter for cell in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        if all(sheet[f"{headings[h]}{row}"].value == v for h, v in match):
            return f"{headings[heading]}{row}"
    raise AssertionError(f"no row with {match}")


def test_the_export_reads_without_problems(filled, toolkit):
    assert problems(filled, toolkit) == []


def test_a_formula_with_no_saved_value_in_share_with_family_is_an_error_not_a_yes(edited, toolkit):
    where = {}

    def edit(book):
        sheet = book["Rating notes"]
        where["cell"] = cell_of(sheet, "Share with family", ("Assessment", "baseline"), ("Item", "4.7"))
        sheet[where["cell"]] = '=IF(TRUE,"No","Yes")'  # openpyxl, like most scripts, saves no result

    path = edited(edit)
    assert problems(path, toolkit) == [
        f"'Rating notes'!{where['cell']}: this cell holds a formula whose result was never saved (as scripts and exporters "
        "write them), so its value is unknown; open the workbook in Excel and save it, or type the value instead of the formula"
    ]


def test_a_formula_with_no_saved_value_anywhere_read_is_an_error(edited, toolkit):
    def edit(book):
        book["Family"]["B2"] = '=CONCATENATE("Kay","leigh")'

    # Not "required field is missing": the name is there, as a formula whose result nobody saved.
    assert problems(edited(edit), toolkit) == [f"Family!B2: {FORMULA_WITHOUT_VALUE}"]


@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#REF!", "#VALUE!"])
def test_excel_error_values_are_errors_at_their_cell_not_text(edited, toolkit, error):
    def edit(book):
        book["Family"]["B2"] = error  # openpyxl stores these as error cells, as Excel does
        assert book["Family"]["B2"].data_type == "e"

    assert problems(edited(edit), toolkit) == [f"Family!B2: this cell shows the Excel error {error}, not a value; correct the formula, or type the value"]


def test_an_unreadable_share_with_family_is_an_error_in_yes_no_words(edited, toolkit):
    where = {}

    def edit(book):
        sheet = book["Rating notes"]
        where["cell"] = cell_of(sheet, "Share with family", ("Assessment", "baseline"), ("Item", "4.7"))
        sheet[where["cell"]] = "maybe"

    assert problems(edited(edit), toolkit) == [f"'Rating notes'!{where['cell']}: should say Yes or No"]


def test_a_phone_number_stored_as_a_number_is_an_error_at_its_cell(edited, toolkit):
    def edit(book):
        sheet = book["Staff"]
        cell = cell_of(sheet, "Phone", ("ID", "priya"))
        assert cell == "D2"
        sheet[cell] = 1632960412  # 01632 960412, typed into a cell formatted as a number
        sheet[cell].number_format = "General"

    assert problems(edited(edit), toolkit) == [
        "Staff!D2: this phone number is stored as a number, which loses its leading 0; "
        "format the cell as Text and type the number again, starting with 0"
    ]


def test_the_blank_workbook_formats_phone_columns_as_text(tmp_path, toolkit):
    path = tmp_path / "blank.xlsx"
    write_blank(path, toolkit)
    book = openpyxl.load_workbook(path)
    for name in ("Staff", "Family", "Professionals"):
        sheet = book[name]
        column = next(cell.column_letter for cell in sheet[1] if cell.value == "Phone")
        assert sheet.column_dimensions[column].number_format == "@", name


def test_notes_for_an_item_whose_ratings_column_was_deleted_say_so(edited, toolkit):
    where = {}

    def edit(book):
        ratings = book["Ratings"]
        column = next(cell.column for cell in ratings[1] if str(cell.value).startswith("4.7 "))
        ratings.delete_cols(column)
        notes = book["Rating notes"]
        where["cell"] = cell_of(notes, "Item", ("Assessment", "baseline"), ("Item", "4.7"))

    found = problems(edited(edit), toolkit)
    assert f"'Rating notes'!{where['cell']}: item 4.7 has no column on the Ratings sheet; if it is an item of the toolkit, put its column back there (its levels may be left empty), otherwise correct the item code" in found
    assert not any("required field is missing" in p for p in found)


def test_an_error_value_in_a_column_of_the_users_own_is_left_alone(edited, toolkit):
    """A child's name beside their id on the Ratings sheet, looked up by a formula of the user's own, is never read."""

    def edit(book):
        ratings = book["Ratings"]
        spare = ratings.max_column + 1
        ratings.cell(1, spare, "Child's name")
        ratings.cell(2, spare, "#N/A")
        ratings.cell(3, spare, '=VLOOKUP(B3,Children!A:B,2,FALSE)')

    assert problems(edited(edit), toolkit) == []


def test_an_error_value_in_an_item_name_of_the_older_ratings_layout_is_left_alone(tmp_path, toolkit):
    book = openpyxl.load_workbook(BY_ITEM)
    ratings = book["Ratings"]
    assert ratings["C1"].value == "Item name"
    ratings["C2"] = "#N/A"
    ratings["C3"] = '=VLOOKUP(B3,Lists!A:B,2,FALSE)'
    path = tmp_path / "by-item.xlsx"
    book.save(path)
    assert problems(path, toolkit) == []


def test_an_unreadable_id_is_one_error_at_its_cell_not_one_for_each_place_that_uses_it(edited, toolkit):
    def edit(book):
        assert (book["Staff"]["A2"].value, book["Assessments"]["A3"].value) == ("priya", "review-1")
        book["Staff"]["A2"] = "#N/A"  # the key worker's id, used all over the case
        book["Assessments"]["A3"] = '=LOWER("REVIEW-1")'  # the review's id, which its ratings and notes hang from
        book["Ratings"]["D6"] = 5  # in a row of that review: still found

    assert problems(edited(edit), toolkit) == [
        "Staff!A2: this cell shows the Excel error #N/A, not a value; correct the formula, or type the value",
        f"Assessments!A3: {FORMULA_WITHOUT_VALUE}",
        "Ratings!D6: '5' is not a level (1, 2, 3, 4 or n/a)",
    ]
