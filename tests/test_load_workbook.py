"""Writing case workbooks (blank and filled), the round trip back to the same case, builds from a workbook, and the workbooks as LibreOffice Calc opens them."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.cli import main
from generator.errors import UsageError
from generator.load import load
from generator.load.sheets import DATE, SHEETS, Form
from generator.load.workbook import write_blank, write_filled
from generator.toolkit import Level
from generator.validate import validate

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_JSON = ROOT / "inputs" / "case-example.json"
REFERENCE_XLSX = ROOT / "inputs" / "case-example.xlsx"
SHEET_NAMES = ["Instructions", *(s.name for s in SHEETS), "Lists"]


def case_of(path: Path, toolkit):
    raw = load(path)
    return validate(raw.data, toolkit, raw.locate, read=raw).case


@pytest.fixture(scope="module")
def blank(tmp_path_factory, toolkit) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("blank") / "blank.xlsx"
    write_blank(path, toolkit)
    return openpyxl.load_workbook(path)


def validation_of(sheet, cell: str):
    """The data validation rule covering a cell (a drop-down, a kind of value, or a message only), or None."""
    return next((dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref), None)


def column_of(sheet, heading: str) -> str:
    return next(cell.column_letter for cell in sheet[1] if cell.value == heading)


def test_json_to_workbook_to_case_gives_the_same_case_as_json_to_case(tmp_path, toolkit):
    expected = case_of(REFERENCE_JSON, toolkit)
    path = tmp_path / "case.xlsx"
    write_filled(path, expected, toolkit)
    assert case_of(path, toolkit) == expected


def test_round_trip_keeps_awkward_text_optional_blanks_and_unrated_notes(tmp_path, toolkit, raw, write_case):
    raw["family"][0]["name"] = "Zoë D'Arcy-Hale & Son"
    raw["family"][0]["address"] = {"lines": ["1 Élan Court"], "postcode": "NB1 2AB"}
    raw["assessments"][0]["analysis"] = "=HYPERLINK(\"http://example.com\")\nSecond line"
    raw["assessments"][0]["strengths"][0]["item"] = None
    raw["meetings"][0]["invitees"][0].pop("attending")
    raw["meetings"][1]["time"] = "09:05"
    raw["assessments"][1]["ratings"]["5.1"] = {"levels": {}, "share_with_family": False}
    raw["co_working_agreement"].pop("review_date")
    expected = case_of(write_case(raw), toolkit)
    path = tmp_path / "case.xlsx"
    write_filled(path, expected, toolkit)
    assert case_of(path, toolkit) == expected
    analysis = openpyxl.load_workbook(path)["Assessments"]["F2"]
    assert analysis.data_type == "s" and analysis.value.startswith("=HYPERLINK")


def test_filled_workbook_holds_real_dates_and_times_shown_the_uk_way(tmp_path, toolkit):
    path = tmp_path / "case.xlsx"
    write_filled(path, case_of(REFERENCE_JSON, toolkit), toolkit)
    book = openpyxl.load_workbook(path)
    birthday = book["Children"]["D2"]
    assert (birthday.value, birthday.number_format) == (dt.datetime(2012, 3, 9), "DD/MM/YYYY")
    time = book["Meetings"]["D3"]
    assert (time.value, time.number_format) == (dt.time(17, 30), "HH:MM")
    assert [c.value for c in book["Ratings"][1]][:4] == ["Assessment", "Child", "1.1 Food", "1.2 Quality of housing"]
    assert [c.value for c in book["Ratings"][4]][:10] == ["baseline", "jayden", 2, 3, 2, 2, 1, 3, 3, "n/a"]


def test_committed_reference_workbook_is_what_the_cli_writes_from_the_json(tmp_path, toolkit):
    out = tmp_path / "case.xlsx"
    assert main(["workbook", str(REFERENCE_JSON), str(out)]) == 0
    ours, committed = openpyxl.load_workbook(out), openpyxl.load_workbook(REFERENCE_XLSX)
    assert ours.sheetnames == committed.sheetnames
    for name in ours.sheetnames:
        assert [[c.value for c in row] for row in ours[name].iter_rows()] == [[c.value for c in row] for row in committed[name].iter_rows()], name


def test_blank_workbook_has_every_sheet_in_order_with_lists_hidden(blank):
    assert blank.sheetnames == SHEET_NAMES
    assert blank["Lists"].sheet_state == "hidden"
    assert blank["Instructions"]["A1"].value == "Case workbook"


def test_blank_workbook_freezes_the_headings(blank):
    assert blank["Staff"].freeze_panes == "B2"
    assert blank["Ratings"].freeze_panes == "C2"
    assert blank["Rating notes"].freeze_panes == "C2"
    assert blank["Case"].freeze_panes == "B2"


def test_blank_workbook_offers_levels_yes_no_and_choices_as_drop_downs(blank):
    assert validation_of(blank["Ratings"], "C2").formula1 == '"1,2,3,4,n/a"'
    assert validation_of(blank["Ratings"], "AI300").formula1 == '"1,2,3,4,n/a"'
    assert validation_of(blank["Family"], "D2").formula1 == '"Yes,No"'
    assert validation_of(blank["Invitees"], "C40").formula1 == '"Yes,No"'
    assert validation_of(blank["Assessments"], "B2").formula1 == '"baseline,review"'
    assert validation_of(blank["Closure"], "B4").formula1 == '"support plan,no further action"'


def test_blank_workbook_offers_person_ids_from_the_people_sheets(blank):
    assert validation_of(blank["Case"], "B4").formula1 == "ids_staff"
    assert validation_of(blank["Invitees"], "B2").formula1 == "ids_people"
    assert validation_of(blank["Meetings"], "G2").formula1 == "ids_staff_or_professionals"
    assert validation_of(blank["Rating notes"], "A2").formula1 == "ids_assessments"
    assert blank.defined_names["ids_staff"].attr_text == "OFFSET(Staff!$A$2,0,0,MAX(1,COUNTA(Staff!$A$2:$A$301)),1)"
    people = blank.defined_names["ids_people"].attr_text
    assert people.startswith("OFFSET(Lists!$B$2,0,0,MAX(1,COUNTA(Staff!$A$2:$A$301)+COUNTA(Children!$A$2:$A$301)+")
    assert blank["Lists"]["B3"].value == (
        '=IF(2<=COUNTA(Staff!$A$2:$A$301),INDEX(Staff!$A$2:$A$301,2-(0)),'
        'IF(2<=COUNTA(Staff!$A$2:$A$301)+COUNTA(Children!$A$2:$A$301),INDEX(Children!$A$2:$A$301,2-(COUNTA(Staff!$A$2:$A$301))),'
        'IF(2<=COUNTA(Staff!$A$2:$A$301)+COUNTA(Children!$A$2:$A$301)+COUNTA(Family!$A$2:$A$301),INDEX(Family!$A$2:$A$301,2-(COUNTA(Staff!$A$2:$A$301)+COUNTA(Children!$A$2:$A$301))),'
        'IF(2<=COUNTA(Staff!$A$2:$A$301)+COUNTA(Children!$A$2:$A$301)+COUNTA(Family!$A$2:$A$301)+COUNTA(Professionals!$A$2:$A$301),'
        'INDEX(Professionals!$A$2:$A$301,2-(COUNTA(Staff!$A$2:$A$301)+COUNTA(Children!$A$2:$A$301)+COUNTA(Family!$A$2:$A$301))),""))))'
    )


def test_blank_workbook_formats_date_columns_day_month_year_and_ids_as_text(blank):
    assert blank["Children"].column_dimensions["D"].number_format == "DD/MM/YYYY"
    assert blank["Plan"].column_dimensions["F"].number_format == "DD/MM/YYYY"
    assert blank["Meetings"].column_dimensions["D"].number_format == "HH:MM"
    assert blank["Family"].column_dimensions["F"].number_format == "@"  # a phone number keeps its leading 0
    assert blank["Closure"]["B2"].number_format == "DD/MM/YYYY"


def test_blank_workbook_heads_the_ratings_sheet_with_every_toolkit_item_and_drop_downs_for_assessment_and_child(blank, toolkit):
    sheet = blank["Ratings"]
    assert [c.value for c in sheet[1]] == ["Assessment", "Child", *(f"{item.code} {item.name}" for item in toolkit.items.values())]
    assert sheet["U1"].value == "4.3 Adult arguments and violence"
    assert sheet["U1"].comment.text.startswith("4 Love and care\n\n4.3 Adult arguments and violence: ")
    assert (validation_of(sheet, "A2").formula1, validation_of(sheet, "B300").formula1) == ("ids_assessments", "ids_children")
    assert sheet.max_row == 1  # nothing to type in a heading, no formula waiting for a result


def test_blank_workbook_reads_back_as_an_empty_case_with_located_problems(tmp_path, toolkit, capsys):
    path = tmp_path / "blank.xlsx"
    assert main(["workbook", "--blank", str(path)]) == 0
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {path} > Case!B2: required field is missing",
        f"error: {path} > Case!B3: required field is missing",
        f"error: {path} > Case!B4: required field is missing",
        f"error: {path} > Case!B5: required field is missing",
        f"error: {path} > Children!A2: needs at least one entry",
        f"{path}: 5 error(s), 0 warning(s)",
    ]


def test_workbook_must_be_named_xlsx(tmp_path, toolkit):
    with pytest.raises(UsageError, match="a workbook's name must end in .xlsx"):
        write_blank(tmp_path / "case.xls", toolkit)
    assert list(tmp_path.iterdir()) == []


def manifest_entries(folder: Path) -> list[tuple]:
    documents = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["documents"]
    return sorted((d["document"], d["format"], d["recipient"] or "", d["subject"] or "", d["path"]) for d in documents)


def test_build_from_the_reference_workbook_writes_the_same_documents_as_from_json(tmp_path, built):
    assert main(["build", str(REFERENCE_XLSX), "-o", str(tmp_path), "--date", "2026-11-22"]) == 0
    assert manifest_entries(tmp_path / "FSN-2026-0142") == manifest_entries(built)


def test_build_from_a_workbook_with_a_bad_rating_fails_and_writes_nothing(tmp_path, capsys):
    book = openpyxl.load_workbook(REFERENCE_XLSX)
    assert (book["Ratings"]["X1"].value, book["Ratings"]["B3"].value) == ("4.6 Adult behaviour", "amara")
    book["Ratings"]["X3"] = 7  # item 4.6, baseline, amara
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    out = tmp_path / "out"
    assert main(["build", str(bad), "-o", str(out)]) == 1
    assert f"error: {bad} > Ratings!X3: '7' is not a level (1, 2, 3, 4 or n/a)" in capsys.readouterr().err
    assert not out.exists() or list(out.iterdir()) == []


def test_round_trip_keeps_agency_checks_and_replies(tmp_path, toolkit, raw, write_case):
    raw["agency_checks"] = [
        {"agency": "Police", "date": "2026-08-05", "by": "jamie", "outcome": "nothing_known"},
        {"agency": "Housing services", "date": "2026-08-06", "by": "priya"},
    ]
    raw["information_requests"][0]["replied_on"] = "2026-08-12"
    expected = case_of(write_case(raw), toolkit)
    path = tmp_path / "case.xlsx"
    write_filled(path, expected, toolkit)
    assert case_of(path, toolkit) == expected
    book = openpyxl.load_workbook(path)
    assert [[c.value for c in row] for row in book["Agency checks"].iter_rows(max_row=3)] == [
        ["Agency", "Date", "By", "Outcome"],
        ["Police", dt.datetime(2026, 8, 5), "jamie", "nothing known"],
        ["Housing services", dt.datetime(2026, 8, 6), "priya", None],
    ]
    requests = book["Information requests"]
    assert [c.value for c in requests[1]][-2:] == ["Date", "Replied on"]
    assert (requests["H2"].value, requests["I2"].value) == (dt.datetime(2026, 8, 4), dt.datetime(2026, 8, 12))


def test_blank_workbook_offers_the_agency_list_and_outcomes_as_drop_downs(blank, settings):
    sheet = blank["Agency checks"]
    assert validation_of(sheet, "A2").formula1 == "agency_names"
    assert validation_of(sheet, "C2").formula1 == "ids_staff"
    assert validation_of(sheet, "D2").formula1 == '"information shared,nothing known,awaiting a reply"'
    names = settings.agencies.short_names
    column = blank.defined_names["agency_names"].attr_text.split("!")[1].split(":")[0].strip("$")[0]
    lists = blank["Lists"]
    assert [lists[f"{column}{r}"].value for r in range(1, len(names) + 2)] == ["Agencies", *names]
    assert lists[f"{column}{len(names) + 2}"].value is None


def test_agency_typed_into_the_workbook_is_checked_against_the_list_by_cell(tmp_path, capsys):
    book = openpyxl.load_workbook(REFERENCE_XLSX)
    book["Agency checks"].append(["Polise", "05/08/2026", "priya", "nothing known"])
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    assert main(["validate", str(bad)]) == 1
    assert f"error: {bad} > 'Agency checks'!A2: 'Polise' is not an agency on the agency list; did you mean 'Police' or 'Ofsted'?" in capsys.readouterr().err


DAY_MONTH_YEAR_PROMPT = "Type the date as day/month/year, for example 04/12/2026."


def test_every_date_column_asks_for_day_month_year_when_chosen_and_warns_on_what_is_not_a_date(blank):
    dated = [(layout, column) for layout in SHEETS for column in getattr(layout, "columns", getattr(layout, "fields", ())) if column.kind == DATE]
    assert len(dated) >= 10
    for layout, column in dated:
        sheet = blank[layout.name]
        cell = f"B{[c.header for c in layout.fields].index(column.header) + 2}" if isinstance(layout, Form) else f"{column_of(sheet, column.header)}2"
        rule = validation_of(sheet, cell)
        assert (rule.type, rule.operator, rule.showInputMessage, rule.showErrorMessage, rule.errorStyle) == ("date", "between", True, True, "warning"), (layout.name, cell)
        assert rule.promptTitle == column.header
        assert rule.prompt == DAY_MONTH_YEAR_PROMPT + (f" {column.help}" if column.help else "")
        assert rule.error == "This is not a date. " + DAY_MONTH_YEAR_PROMPT
    assert validation_of(blank["Plan"], "F2").prompt == DAY_MONTH_YEAR_PROMPT
    assert validation_of(blank["Children"], "D300").prompt == DAY_MONTH_YEAR_PROMPT + " The child's date of birth."


def test_every_level_cell_shows_the_item_and_the_toolkits_levels_when_chosen(blank, toolkit):
    sheet = blank["Ratings"]
    rule = validation_of(sheet, "U2")
    assert rule.sqref == openpyxl.worksheet.cell_range.MultiCellRange("U2:U300")
    assert rule.promptTitle == "4.3 Adult arguments and violence"
    assert rule.prompt == (
        "Whether adults manage disagreements calmly and away from the child, without threats or violence. "
        "1 Universal needs; 2 Additional needs; 3 Complex / intensive needs; 4 Acute / specialist needs; n/a where it does not apply to this child."
    )
    assert all(r.prompt.startswith(toolkit.items[r.promptTitle.split()[0]].description) for r in sheet.data_validations.dataValidation if r.promptTitle[0].isdigit())
    assert rule.error == "This is not a level. Type 1, 2, 3, 4 or n/a."
    assert all(len(r.prompt) <= 255 and len(r.promptTitle) <= 32 for r in sheet.data_validations.dataValidation)


def test_a_toolkit_of_five_levels_gets_five_levels_in_the_drop_downs(tmp_path, toolkit):
    five = dataclasses.replace(toolkit, levels=(*toolkit.levels, Level(5, "Crisis", "We are very, very worried", "#000000", "#cccccc")))
    path = tmp_path / "five.xlsx"
    write_blank(path, five)
    rule = validation_of(openpyxl.load_workbook(path)["Ratings"], "C2")
    assert rule.formula1 == '"1,2,3,4,5,n/a"'
    assert rule.error == "This is not a level. Type 1, 2, 3, 4, 5 or n/a."
    assert rule.prompt.endswith("4 Acute / specialist needs; 5 Crisis; n/a where it does not apply to this child.")


def test_yes_no_choices_and_id_cells_say_what_to_choose_when_chosen(blank):
    share = validation_of(blank["Rating notes"], "E2")
    assert (share.formula1, share.promptTitle, share.showInputMessage) == ('"Yes,No"', "Share with family", True)
    assert share.prompt == "Choose Yes or No. No keeps these notes out of every family copy. Empty means Yes."
    assert share.error == "This is not on the list. Choose Yes or No."
    chair = validation_of(blank["Meetings"], "G2")
    assert chair.prompt == "Choose an id from the list, or type one. The id of the member of staff or professional who chairs it."
    about = validation_of(blank["Information requests"], "B2")  # several ids: a message, no drop-down
    assert (about.type, about.showInputMessage, about.showErrorMessage) == (None, True, False)
    assert about.prompt == "The ids of the children and family members the request is about, separated by commas."
    time = validation_of(blank["Meetings"], "D2")
    assert (time.type, time.prompt) == ("time", "Type the time on the 24-hour clock, for example 17:30. When the meeting starts.")


def test_instructions_speak_of_the_web_page_and_excel_not_the_command_line(blank):
    text = " ".join(str(c.value) for row in blank["Instructions"].iter_rows() for c in row if c.value)
    assert "in Excel or LibreOffice Calc" in text
    assert ("Open the casepack web page your team uses and upload this workbook. The page lists every problem it finds, each with its sheet "
            "and cell, for example Ratings!D14") in text
    assert "choose the documents you need, make them, and download them" in text
    assert "choose the assessment and the child from the lists" in text
    for command_line in ("casepack validate", "casepack build", "command", "run "):
        assert command_line not in text


def test_a_workbook_in_the_older_ratings_layout_is_rewritten_in_the_current_one(tmp_path):
    out = tmp_path / "current.xlsx"
    assert main(["workbook", str(ROOT / "tests" / "data" / "case-example-by-item.xlsx"), str(out)]) == 0
    ours, reference = openpyxl.load_workbook(out), openpyxl.load_workbook(REFERENCE_XLSX)
    assert ours["Ratings"]["A1"].value == "Assessment"
    for name in ours.sheetnames:
        assert [[c.value for c in row] for row in ours[name].iter_rows()] == [[c.value for c in row] for row in reference[name].iter_rows()], name


# --- as LibreOffice Calc opens them: the Ratings headings, levels, drop-downs and input messages -----------


def calc(path: Path, out: Path, target: str) -> None:
    """Opens the workbook in LibreOffice Calc (headless) and saves it as `target` into `out`."""
    profile = out / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target, "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)


@pytest.fixture(scope="module")
def blank_ods(tmp_path_factory, toolkit) -> str:
    """The blank workbook's content as Calc saves it (OpenDocument XML)."""
    out = tmp_path_factory.mktemp("calc")
    write_blank(out / "blank.xlsx", toolkit)
    calc(out / "blank.xlsx", out, "ods")
    with zipfile.ZipFile(out / "blank.ods") as archive:
        return archive.read("content.xml").decode("utf-8")


def sheet_rows(content: str, sheet: str) -> list[str]:
    return re.findall(r"<table:table-row[^>]*>(.*?)</table:table-row>", re.search(rf'<table:table table:name="{sheet}"(.*?)</table:table>', content, re.S)[1], re.S)


def test_calc_shows_the_reference_workbooks_ratings_under_the_toolkits_headings(tmp_path):
    # Every sheet as CSV; Calc names each file after its sheet.
    calc(Path(__file__).parent.parent / "inputs" / "case-example.xlsx", tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
    rows = list(csv.reader((tmp_path / "case-example-Ratings.csv").open(encoding="utf-8")))
    assert rows[0][:4] == ["Assessment", "Child", "1.1 Food", "1.2 Quality of housing"]
    assert rows[0][20] == "4.3 Adult arguments and violence"
    assert [row[:2] for row in rows[1:7]] == [["baseline", "ruby"], ["baseline", "amara"], ["baseline", "jayden"],
                                              ["review-1", "ruby"], ["review-1", "amara"], ["review-1", "jayden"]]
    assert rows[3][2:11] == ["2", "3", "2", "2", "1", "3", "3", "n/a", "3"]
    # The id drop-downs are gathered by formulas on the hidden Lists sheet: Calc works them out on opening.
    lists = list(csv.reader((tmp_path / "case-example-Lists.csv").open(encoding="utf-8")))
    assert [row[1] for row in lists[:3]] == ["people", "priya", "robert"]


def test_calc_keeps_the_level_drop_down_and_its_input_message_on_every_item_column(blank_ods, toolkit):
    rules = {name: body for name, body in re.findall(r'<table:content-validation table:name="(\w+)"(.*?)</table:content-validation>', blank_ods, re.S)}
    second_row = sheet_rows(blank_ods, "Ratings")[1]
    used = re.findall(r'table:content-validation-name="(\w+)"', second_row)
    titles = [re.search(r'<table:help-message table:title="([^"]*)" table:display="true">', rules[name])[1] for name in used]
    assert titles[:2] == ["Assessment", "Child"]
    assert len(titles) == 2 + len(toolkit.items)
    rule_43 = rules[used[2 + list(toolkit.items).index("4.3")]]
    assert 'cell-content-is-in-list(&quot;1&quot;;&quot;2&quot;;&quot;3&quot;;&quot;4&quot;;&quot;n/a&quot;)' in rule_43
    assert "1 Universal needs; 2 Additional needs; 3 Complex / intensive needs; 4 Acute / specialist needs; n/a where it does not apply to this child." in rule_43


def test_calc_keeps_the_day_month_year_message_on_date_cells(blank_ods):
    rules = {name: body for name, body in re.findall(r'<table:content-validation table:name="(\w+)"(.*?)</table:content-validation>', blank_ods, re.S)}
    used = re.findall(r'table:content-validation-name="(\w+)"', sheet_rows(blank_ods, "Plan")[1])
    by_when = next(rules[name] for name in used if 'table:title="By when"' in rules[name])
    assert "cell-content-is-date()" in by_when
    assert "<text:p>Type the date as day/month/year, for example 04/12/2026.</text:p>" in by_when
    assert 'table:message-type="warning"' in by_when
