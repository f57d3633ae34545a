"""The blank and filled workbooks as LibreOffice Calc opens them: the Ratings headings, levels, drop-downs and input messages."""

from __future__ import annotations

import csv
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from generator.load.workbook import write_blank


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
