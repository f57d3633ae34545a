"""The co-working agreement and the family-meeting agreement, opened as their signers would read them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REFERENCE
from documents_helpers import (
    assert_in_both,
    assert_in_neither,
    build_documents,
    tables,
    texts,
)
from docx import Document
from docx.shared import Mm
from readers import docx_text, pdf_text

CO_WORKING = "co-working-agreement"
FAMILY_MEETING = "family-meeting-agreement"
CHILDREN = "Ruby, Amara and Jayden"
STATEMENT_OPENINGS = (
    f"We will keep the welfare and safety of {CHILDREN} first",
    f"this meeting is to agree a plan that meets the needs of {CHILDREN} and keeps them safe",
    f"For the sake of {CHILDREN}, we will give everyone a fair hearing",
    f"so that we can keep thinking clearly about {CHILDREN}.",
    f"Family and friends will keep what is said about {CHILDREN} at this meeting",
    f"only when it is needed to keep {CHILDREN} safe and to meet their needs.",
)


@pytest.fixture(scope="module")
def agreements(tmp_path_factory, settings) -> Path:
    return build_documents(REFERENCE, tmp_path_factory.mktemp("agreements"), settings, (CO_WORKING, FAMILY_MEETING))


@pytest.fixture
def build_variant(raw, write_case, tmp_path, settings):
    def variant() -> Path:
        return build_documents(write_case(raw), tmp_path / "out", settings, (CO_WORKING, FAMILY_MEETING))

    return variant


# The co-working agreement


def test_manifest_lists_one_co_working_agreement_and_one_family_meeting_agreement_per_meeting(agreements):
    manifest = json.loads((agreements / "manifest.json").read_text(encoding="utf-8"))
    listed = sorted((d["document"], d["format"], d["recipient"], d["subject"], d["path"]) for d in manifest["documents"] if d["document"] != "print-pack")
    assert listed == [
        (CO_WORKING, "docx", None, None, "co-working-agreement.docx"),
        (CO_WORKING, "pdf", None, None, "co-working-agreement.pdf"),
        (FAMILY_MEETING, "docx", None, "m2", "family-meeting-agreement_m2.docx"),
        (FAMILY_MEETING, "pdf", None, "m2", "family-meeting-agreement_m2.pdf"),
    ]


def test_co_working_agreement_shows_dates_children_and_plan_status(agreements, settings):
    details = {fmt: found[0] for fmt, found in tables(agreements / CO_WORKING, settings.organisation.name).items()}
    expected = [
        ["Our reference", "FSN-2026-0142"],
        ["Team", "Northbridge Family Support Team"],
        ["Date agreed", "10 August 2026"],
        ["Review date", "10 November 2026"],
        ["Children", "Ruby Dawson (born 9 March 2012) Amara O'Neill-Hale (born 22 January 2019) Jayden O'Neill-Hale (born 30 June 2025)"],
        ["Plan status", "Child in Need"],
    ]
    assert details == {"docx": expected, "pdf": expected}


def test_tasks_are_grouped_under_their_sections_with_who_and_reports_to_resolved(agreements, settings):
    found = tables(agreements / CO_WORKING, settings.organisation.name)
    header = ["Task or duty", "Who is responsible", "How often / by when", "Reports to"]
    case_management = [
        header,
        ["Direct supervision of key worker", "Robert Kingsley Team Manager", "Monthly", "Head of Service"],
        ["Monitoring the child's plan", "Angela Moss Consultant Social Worker", "At each review", "Robert Kingsley Team Manager"],
    ]
    key_work = [
        header,
        ["Statutory visits to the children at home (seen alone)", "Priya Shah Social Worker", "Every 4 weeks", "Robert Kingsley Team Manager"],
        ["Home routines and parenting support", "Jamie Wren Family Support Worker", "Weekly", "Priya Shah Social Worker"],
        ["Writing reports for meetings", "Priya Shah Social Worker", "5 working days before each meeting", "Angela Moss Consultant Social Worker"],
    ]
    for fmt in ("docx", "pdf"):
        assert found[fmt][1:3] == [case_management, key_work], fmt
    for fmt, text in texts(agreements / CO_WORKING).items():
        # each table follows its own numbered section heading
        order = [text.index(s) for s in ("1. Case management", "Direct supervision", "2. Key worker and co-working tasks", "Statutory visits")]
        assert order == sorted(order), fmt


def test_every_party_has_a_role_a_printed_name_and_room_to_sign(agreements, settings):
    found = tables(agreements / CO_WORKING, settings.organisation.name)
    expected = [
        ["Role", "Name", "Signature", "Date"],
        ["Team Manager", "Robert Kingsley", "", ""],
        ["Consultant Social Worker", "Angela Moss", "", ""],
        ["Social Worker", "Priya Shah", "", ""],
        ["Family Support Worker", "Jamie Wren", "", ""],
    ]
    assert found["docx"][-1] == expected and found["pdf"][-1] == expected
    rows = Document(str((agreements / CO_WORKING).with_suffix(".docx"))).tables[-1].rows
    assert all(row.height >= Mm(10) for row in rows[1:])
    assert_in_both(agreements / CO_WORKING, "goes back to Robert Kingsley, Team Manager.", "By signing, each of us agrees")


def test_co_working_agreement_without_review_date_plan_status_or_tasks_leaves_them_out(build_variant, raw):
    del raw["co_working_agreement"]["review_date"]
    del raw["case"]["plan_status"]
    raw["co_working_agreement"]["tasks"] = []
    folder = build_variant()
    assert_in_both(folder / CO_WORKING, "Date agreed 10 August 2026", "No tasks have been agreed yet.")
    assert_in_neither(folder / CO_WORKING, "Review date", "Plan status", "None", "Task or duty")


def test_reports_to_left_empty_shows_an_empty_cell(build_variant, raw, settings):
    del raw["co_working_agreement"]["tasks"][0]["reports_to"]
    folder = build_variant()
    for fmt, found in tables(folder / CO_WORKING, settings.organisation.name).items():
        assert found[1][1] == ["Direct supervision of key worker", "Robert Kingsley Team Manager", "Monthly", ""], fmt


# The family-meeting agreement


def test_every_statement_names_the_children(agreements):
    stem = agreements / f"{FAMILY_MEETING}_m2"
    assert_in_both(stem, *STATEMENT_OPENINGS)
    for fmt, text in texts(stem).items():
        assert text.count(CHILDREN) == len(STATEMENT_OPENINGS), fmt


def test_family_meeting_agreement_gives_the_meeting_and_a_row_to_sign_for_each_signatory(agreements, settings):
    stem = agreements / f"{FAMILY_MEETING}_m2"
    found = tables(stem, settings.organisation.name)
    details = [
        ["Children", "Ruby Dawson Amara O'Neill-Hale Jayden O'Neill-Hale"],
        ["Meeting", "Family Meeting"],
        ["Date and time", "4 December 2026 at 5:30pm"],
        ["Place", "Eastfield Children's Centre, Family Room"],
        ["Chair", "Angela Moss"],
    ]
    signatures = [["Name", "Signature", "Date"]] + [[name, "", ""] for name in ("Kayleigh O'Neill", "Marcus Hale", "Denise O'Neill", "Ruby Dawson")]
    spare = [["", "", ""]] * 2
    assert found["docx"] == found["pdf"] == [details, signatures + spare]
    rows = Document(str(stem.with_suffix(".docx"))).tables[-1].rows
    assert all(row.height >= Mm(10) for row in rows[1:])
    assert_in_both(stem, "the points in this agreement for the Family Meeting on 4 December 2026")


def _without(value, ids: set[str]):
    """The case data with every mention of the given children taken out."""
    if isinstance(value, dict):
        return {k: _without(v, ids) for k, v in value.items() if k not in ids}
    if isinstance(value, list):
        kept = [v for v in value if not (v in ids if isinstance(v, str) else isinstance(v, dict) and ids & {v.get("id"), v.get("child")})]
        return [_without(v, ids) for v in kept]
    return value


def test_one_child_is_named_alone(build_variant, raw):
    raw.update(_without(raw, {"amara", "jayden"}))
    folder = build_variant()
    assert_in_both(folder / f"{FAMILY_MEETING}_m2", "We will keep the welfare and safety of Ruby first", "keep Ruby safe")
    assert_in_neither(folder / f"{FAMILY_MEETING}_m2", "Amara", "Jayden", " and Ruby")


# Both documents


def test_no_template_tags_or_empty_values_anywhere(agreements):
    for path in sorted(agreements.glob("*.*")):
        if path.suffix in (".docx", ".pdf"):
            text = docx_text(path) if path.suffix == ".docx" else pdf_text(path)
            for leftover in ("{{", "{%", "None", "[]"):
                assert leftover not in text, f"{path.name} shows {leftover!r}"


@pytest.mark.parametrize("name", ["{{ 7*7 }}", "O'Neill & <b>Sons</b>", "Zoë Ní Bhriain-D'Arcy {% if x %}"])
def test_names_and_free_text_come_out_exactly_as_typed(build_variant, raw, settings, name):
    raw["staff"][0]["name"] = name  # Priya, a party and the worker on two tasks
    raw["family"][0]["name"] = name  # Kayleigh, the first signatory
    raw["co_working_agreement"]["tasks"][0]["reports_to"] = name  # free text, not an id
    folder = build_variant()
    co_working = tables(folder / CO_WORKING, settings.organisation.name)
    family_meeting = tables(folder / f"{FAMILY_MEETING}_m2", settings.organisation.name)
    # A narrow PDF cell may wrap a long name after a hyphen or slash, so cells are compared without spaces.
    bare = "".join(name.split())
    for fmt in ("docx", "pdf"):
        assert _squeezed(co_working[fmt][1])[1][3] == bare, fmt
        assert ["SocialWorker", bare, "", ""] in _squeezed(co_working[fmt][-1]), fmt
        assert _squeezed(family_meeting[fmt][-1])[1][0] == bare, fmt


def _squeezed(rows: list[list[str]]) -> list[list[str]]:
    return [["".join(cell.split()) for cell in row] for row in rows]
