"""Feedback sheets: one for every family member, ready to fill in by hand, the same in Word and PDF."""

from __future__ import annotations

import json
from pathlib import Path

import documents_helpers
import pytest
from conftest import REFERENCE
from documents_helpers import build_documents
from docx import Document
from readers import docx_text, pdf_text

from documents_helpers import english, table_texts

NAME = "feedback-sheet"
WORDS = english(NAME)
YES_NO_QUESTIONS = table_texts(WORDS, "yes_no")
RATING_QUESTIONS = table_texts(WORDS, "rating")
HELPFULNESS = table_texts(WORDS, "helpfulness")
COMMENT_PROMPTS = table_texts(WORDS, "comments")
BOX = "☐"


@pytest.fixture(scope="module")
def sheets(tmp_path_factory, settings) -> Path:
    return build_documents(REFERENCE, tmp_path_factory.mktemp("feedback"), settings, (NAME,))


@pytest.fixture
def build_variant(raw, write_case, tmp_path, settings):
    def variant() -> Path:
        return build_documents(write_case(raw), tmp_path / "out", settings, (NAME,))

    return variant


def texts(folder: Path, member: str) -> dict[str, str]:
    return documents_helpers.texts(folder / f"{NAME}_{member}")


def tables(folder: Path, member: str, organisation: str) -> dict[str, list[list[list[str]]]]:
    """Each format's tables as rows of cell texts; the Word letterhead and the empty comment boxes are layout, not content."""
    return documents_helpers.tables(folder / f"{NAME}_{member}", organisation, skip_empty=True)


def test_every_family_member_gets_a_sheet_not_only_those_with_parental_responsibility(sheets, reference_data):
    manifest = json.loads((sheets / "manifest.json").read_text(encoding="utf-8"))
    listed = {(d["recipient"], d["format"], d["path"]) for d in manifest["documents"] if d["document"] == NAME}
    members = [m["id"] for m in reference_data["family"]]
    assert "denise" in members  # the grandmother, without parental responsibility
    assert listed == {(m, fmt, f"{NAME}_{m}.{fmt}") for m in members for fmt in ("docx", "pdf")}


def test_sheet_names_its_reader_the_worker_and_the_date_sent(sheets, settings):
    found = tables(sheets, "kayleigh", settings.organisation.name)
    details = [
        ["Your name", "Kayleigh O'Neill"],
        ["Your worker", "Priya Shah, Social Worker"],
        ["Date sent", "1 March 2027"],  # the closure date: the sheet goes out when the work ends
        ["Date you filled it in", ""],
    ]
    assert found["docx"][0] == found["pdf"][0] == details


def test_questions_come_with_tick_boxes_and_the_scale_explained(sheets, settings):
    found = tables(sheets, "kayleigh", settings.organisation.name)
    yes_no = [["Question", "Yes", "No"]] + [[question, f"{BOX} Yes", f"{BOX} No"] for question in YES_NO_QUESTIONS]
    scale = [["How would you rate…", "1 Poor", "2", "3", "4", "5 Excellent"]] + [[question] + [BOX] * 5 for question in RATING_QUESTIONS]
    overall = [[f"{BOX} {option}" for option in HELPFULNESS]]
    assert found["docx"][1:] == found["pdf"][1:] == [yes_no, scale, overall]
    for fmt, text in texts(sheets, "kayleigh").items():
        assert "Tick one box on each line: 1 means poor and 5 means excellent." in text, fmt
        assert "How helpful has our service been to your family? Tick one box." in text, fmt
        assert text.count(BOX) == 2 * len(YES_NO_QUESTIONS) + 5 * len(RATING_QUESTIONS) + len(HELPFULNESS), fmt


def test_there_is_space_to_write_comments(sheets):
    for fmt, text in texts(sheets, "kayleigh").items():
        for prompt in COMMENT_PROMPTS:
            assert prompt in text, fmt
    document = Document(str(sheets / f"{NAME}_kayleigh.docx"))
    boxes = [t for t in document.tables if len(t.columns) == 1]
    assert len(boxes) == len(COMMENT_PROMPTS)
    assert all(box.rows[0].height is not None and box.rows[0].height.mm >= 30 for box in boxes)


def test_sheet_says_how_to_send_it_back(sheets):
    for fmt, text in texts(sheets, "kayleigh").items():
        assert (
            "When you have filled it in, please post it to Quality and Feedback Team, Children's Services, Civic Centre, "
            "Market Square, Northbridge, NB1 1XX, or e-mail a photo or scan of it to feedback@northbridge.example.gov.uk. "
            "It goes to our Quality and Feedback Team, not to your worker." in text
        ), fmt
        assert "You do not have to give your name" in text, fmt


def test_each_reader_sees_only_their_own_children(sheets):
    for fmt, text in texts(sheets, "marcus").items():
        assert "during our work with you and Amara and Jayden." in text, fmt
        assert "Ruby" not in text, fmt
    for fmt, text in texts(sheets, "denise").items():  # linked to no child in particular: the whole family
        assert "during our work with you and Ruby, Amara and Jayden." in text, fmt


def test_no_template_tags_or_empty_values_anywhere(sheets):
    for path in sorted(sheets.glob(f"{NAME}_*")):
        text = docx_text(path) if path.suffix == ".docx" else pdf_text(path)
        for leftover in ("{{", "{%", "None", "[]"):
            assert leftover not in text, f"{path.name} shows {leftover!r}"


def test_without_a_closure_the_sheet_is_dated_today_and_never_goes_back_to_the_worker(build_variant, raw, settings):
    del raw["closure"]
    folder = build_variant()
    for fmt, found in tables(folder, "liam", settings.organisation.name).items():
        assert found[0][2] == ["Date sent", "22 November 2026"], fmt
    for fmt, text in texts(folder, "liam").items():
        assert "or e-mail a photo or scan of it to feedback@northbridge.example.gov.uk." in text, fmt
        assert "priya.shah@" not in text, fmt  # the worker being rated has an e-mail address, and it is not used


@pytest.mark.parametrize("name", ["{{ 7*7 }}", "O'Neill & <b>Sons</b>", "Zoë Ní Bhriain-D'Arcy"])
def test_names_come_out_exactly_as_typed(build_variant, raw, settings, name):
    raw["family"][1]["name"] = name  # Marcus
    folder = build_variant()
    for fmt, found in tables(folder, "marcus", settings.organisation.name).items():
        assert found[0][0] == ["Your name", name], fmt
