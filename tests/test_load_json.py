"""Reading a case from JSON: broken files are reported by line and column."""

from __future__ import annotations

import pytest

from generator.errors import InvalidCase
from generator.load import load

from conftest import REFERENCE


def load_error(path) -> str:
    with pytest.raises(InvalidCase) as caught:
        load(path)
    return str(caught.value)


def test_reference_case_loads_as_a_dict(reference_data):
    assert load(REFERENCE).data == reference_data


def test_broken_json_reports_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "case": {\n    "reference": "X",\n  }\n}\n', encoding="utf-8")
    assert load_error(path) == f"{path} > line 4, column 3: not valid JSON: Expecting property name enclosed in double quotes"


def test_file_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "Zoë"}'.encode("latin-1"))
    assert load_error(path) == f"{path}: not UTF-8 text (byte 12); save the file as UTF-8"


def test_unknown_suffix_is_refused(tmp_path):
    path = tmp_path / "case.txt"
    path.write_text("{}", encoding="utf-8")
    assert load_error(path) == f"{path}: cannot read '.txt': use a .json case file or an .xlsx workbook"


def test_missing_file_is_reported(tmp_path):
    assert load_error(tmp_path / "nowhere.json") == f"{tmp_path / 'nowhere.json'}: no such file"
