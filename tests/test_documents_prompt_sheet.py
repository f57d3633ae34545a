"""Prompt sheets: one per assessment, every agency of the list, ticked where contacted, the same in Word and PDF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import documents_helpers
import pytest
from conftest import REFERENCE
from documents_helpers import build_documents, english

NAME = "prompt-sheet"
INTRODUCTION = english(NAME)["introduction"]
HEADINGS = ["Contacted", "Agency", "By whom", "Date", "Reply received on", "Notes"]
TICKED, EMPTY = "☑", "☐"
GROUPS_WITH_HEADINGS = ["Other health services", "Other social care", "Education", "Other agencies"]
GP_ROW = ["GP", "Priya Shah", "4 August 2026"]
ST_ANNES_ROW = ["– School: designated teacher or safeguarding lead", "Priya Shah", "4 August 2026"]


@pytest.fixture(scope="module")
def sheets(tmp_path_factory, settings) -> Path:
    return build_documents(REFERENCE, tmp_path_factory.mktemp("prompt"), settings, (NAME,))


@pytest.fixture
def build_variant(raw, write_case, tmp_path, settings):
    def variant() -> Path:
        return build_documents(write_case(raw), tmp_path / "out", settings, (NAME,))

    return variant


def agency_rows(folder: Path, assessment: str, organisation: str) -> dict[str, list[list[str]]]:
    """The agency table of each format as rows of cell texts: the PDF's pieces on each page joined under
    one heading row, a group's heading (one cell across the row) as that one cell."""
    found = {}
    for fmt, tables in documents_helpers.tables(folder / f"{NAME}_{assessment}", organisation).items():
        # A line of a narrow PDF cell that ends in a hyphen runs on into the next: "co-" / "ordinator".
        rows = [[re.sub(r"(?<=\w-) (?=\w)", "", cell) for cell in row] for table in tables if table[0] == HEADINGS for row in table[1:]]
        found[fmt] = [[row[0]] if len(set(row)) == 1 or not any(row[1:]) and row[0] not in (TICKED, EMPTY) else row for row in rows]
    return found


def row_of(rows: list[list[str]], agency: str) -> list[str]:
    return next(row for row in rows if len(row) > 1 and row[1] == agency)


def agency_names(agencies) -> list[str]:
    return [f"– {a.name}" if a.parent else a.name for a in agencies.agencies]


def test_one_sheet_for_each_assessment_in_both_formats(sheets):
    manifest = json.loads((sheets / "manifest.json").read_text(encoding="utf-8"))
    listed = {(d["subject"], d["format"], d["path"]) for d in manifest["documents"] if d["document"] == NAME}
    assert listed == {(a, fmt, f"{NAME}_{a}.{fmt}") for a in ("baseline", "review-1") for fmt in ("docx", "pdf")}


@pytest.mark.parametrize("assessment", ["baseline", "review-1"])
def test_the_gp_and_both_schools_are_ticked_with_the_date_of_their_letters(sheets, settings, assessment):
    for fmt, rows in agency_rows(sheets, assessment, settings.organisation.name).items():
        ticked = [row for row in rows if row[0] == TICKED]
        assert ticked == [
            [TICKED, *GP_ROW, "", "Letter to Dr Samira Haddad, Riverside Medical Practice; reply asked for by 17 August 2026"],
            [TICKED, *ST_ANNES_ROW, "", "Letter to Tom Whitaker, St Anne's C of E Primary; reply asked for by 17 August 2026"],
            [TICKED, *ST_ANNES_ROW, "", "Letter to Helen Park, Northfield Academy; reply asked for by 10 August 2026"],
        ], fmt


@pytest.mark.parametrize("assessment", ["baseline", "review-1"])
def test_every_other_agency_is_listed_in_order_and_left_blank_not_marked_no(sheets, settings, assessment):
    names = agency_names(settings.agencies)
    for fmt, rows in agency_rows(sheets, assessment, settings.organisation.name).items():
        assert [row[0] for row in rows if len(row) == 1] == GROUPS_WITH_HEADINGS, fmt
        listed = [row[1] for row in rows if len(row) > 1 and row[1]]
        school = names.index(ST_ANNES_ROW[0])
        assert listed == names[: school + 1] + names[school:], fmt  # the school row twice: two schools were asked
        blank = [row for row in rows if len(row) > 1 and row[0] != TICKED]
        assert blank and all(row[0] == EMPTY and row[2:] == ["", "", "", ""] for row in blank), fmt
        assert len(blank) == len(names) - 2 + 2, fmt  # every agency but the GP and the school, and two rows to write in


def test_sheet_carries_the_case_the_assessment_and_the_children_with_dates_of_birth(sheets, settings):
    found = documents_helpers.tables(sheets / f"{NAME}_baseline", settings.organisation.name)
    for fmt, tables in found.items():
        assert tables[0] == [
            ["Our reference", "FSN-2026-0142"],
            ["Team", "Northbridge Family Support Team"],
            ["Assessment", "Baseline assessment, 3 August 2026"],
            ["Key worker", "Priya Shah, Social Worker"],
            ["Plan status", "Child in Need"],
            ["Children", "Ruby Dawson (born 9 March 2012) Amara O'Neill-Hale (born 22 January 2019) Jayden O'Neill-Hale (born 30 June 2025)"],
        ], fmt
    documents_helpers.assert_in_both(sheets / f"{NAME}_baseline", f"{INTRODUCTION} Contacts made before the next assessment (Review 1, 2 November 2026).")
    documents_helpers.assert_in_both(sheets / f"{NAME}_review-1", "Contacts made up to 22 November 2026.")


def test_practitioner_and_supervisor_each_have_a_line_to_sign(sheets, settings):
    for fmt, tables in documents_helpers.tables(sheets / f"{NAME}_review-1", settings.organisation.name).items():
        assert tables[-1] == [["Role", "Name", "Signature", "Date"], ["Practitioner", "Priya Shah", "", ""], ["Supervisor", "Robert Kingsley", "", ""]], fmt


def test_a_police_check_and_a_reply_from_the_gp_show_in_both_formats(build_variant, raw, settings):
    raw["agency_checks"] = [{"agency": "Police", "date": "2026-08-05", "by": "jamie", "outcome": "nothing_known"}]
    raw["information_requests"][0]["replied_on"] = "2026-08-12"
    folder = build_variant()
    for assessment in ("baseline", "review-1"):
        for fmt, rows in agency_rows(folder, assessment, settings.organisation.name).items():
            assert rows[0] == [TICKED, "Police (domestic abuse unit, family protection unit)", "Jamie Wren", "5 August 2026", "5 August 2026",
                               "Checked without a letter: nothing known"], fmt
            assert row_of(rows, "GP")[:5] == [TICKED, *GP_ROW, "12 August 2026"], fmt


def test_a_contact_after_the_next_assessment_is_only_on_the_later_sheet(build_variant, raw, settings):
    raw["agency_checks"] = [{"agency": "housing services", "date": "2026-11-10", "by": "priya"}]
    folder = build_variant()
    found = {a: agency_rows(folder, a, settings.organisation.name) for a in ("baseline", "review-1")}
    for fmt in ("docx", "pdf"):
        assert row_of(found["review-1"][fmt], "Housing services") == [TICKED, "Housing services", "Priya Shah", "10 November 2026", "", "Checked without a letter"]
        assert row_of(found["baseline"][fmt], "Housing services") == [EMPTY, "Housing services", "", "", "", ""]


def test_a_professional_the_list_does_not_know_is_listed_under_other_agencies(build_variant, raw, settings):
    raw["professionals"][4].update(role="Coordinator", agency="Riverside Allotments Trust")  # housing, made unrecognisable
    raw["information_requests"].append({"to": "housing", "about": ["ruby"], "basis": "statutory", "date": "2026-08-06", "reply_by": "2026-08-20", "contact": "priya"})
    folder = build_variant()
    for fmt, rows in agency_rows(folder, "baseline", settings.organisation.name).items():
        other = rows[[r[0] for r in rows].index("Other agencies") + 1 :]
        assert other == [
            [TICKED, "Riverside Allotments Trust", "Priya Shah", "6 August 2026", "", "Letter to Gary Lyons, Riverside Allotments Trust; reply asked for by 20 August 2026"],
            [EMPTY, "", "", "", "", ""],
            [EMPTY, "", "", "", "", ""],
        ], fmt


def test_a_sheet_names_agencies_and_dates_never_what_was_asked_or_the_evidence(sheets, reference_data):
    request = reference_data["information_requests"][0]["specific_request"]
    evidence = reference_data["assessments"][0]["ratings"]["4.3"]["evidence"]
    for assessment in ("baseline", "review-1"):
        documents_helpers.assert_in_neither(sheets / f"{NAME}_{assessment}", request[:40], evidence[:40], "{{", "{%", "None")


def test_without_assessments_there_is_no_prompt_sheet(raw, write_case, tmp_path, settings):
    raw["assessments"] = []
    raw["plan"] = []
    folder = build_documents(write_case(raw), tmp_path / "out", settings, (NAME,))
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["documents"] == []


@pytest.mark.parametrize("name", ["{{ 7*7 }}", "O'Neill & <b>Sons</b>"])
def test_names_come_out_exactly_as_typed(build_variant, raw, settings, name):
    raw["staff"][0]["name"] = name  # Priya, who sent the letters
    folder = build_variant()
    for fmt, rows in agency_rows(folder, "baseline", settings.organisation.name).items():
        assert row_of(rows, "GP")[2] == name, fmt
