"""Outcome / closure letters as their readers see them, in Word and PDF, for every variant."""

from __future__ import annotations

import json
from pathlib import Path

import documents_helpers
import pytest
from conftest import REFERENCE
from documents_helpers import build_documents
from docx import Document
from readers import docx_text, normalise, pdf_text

NAME = "closure-letter"
KEY_WORKER_CONTACT = "please contact Priya Shah within 5 working days on 01632 960 412 or at priya.shah@northbridge.example.gov.uk."


@pytest.fixture(scope="module")
def letters(tmp_path_factory, settings) -> Path:
    """The reference case's closure letters (support continues after the end of involvement)."""
    return build_documents(REFERENCE, tmp_path_factory.mktemp("closure"), settings, (NAME,))


@pytest.fixture
def build_variant(raw, write_case, tmp_path, settings):
    """Builds the letters for a changed copy of the reference case, to two recipients to keep it quick."""

    def variant(recipients=("kayleigh", "gp"), **closure) -> Path:
        raw["closure"].update(closure, recipients=list(recipients))
        return build_documents(write_case(raw), tmp_path / "out", settings, (NAME,))

    return variant


def letter(folder: Path, recipient: str) -> Path:
    return folder / f"{NAME}_{recipient}"


def both(folder: Path, recipient: str) -> tuple[str, str]:
    return tuple(documents_helpers.texts(letter(folder, recipient)).values())


def assert_in_both(folder: Path, recipient: str, *expected: str) -> None:
    documents_helpers.assert_in_both(letter(folder, recipient), *expected)


def assert_in_neither(folder: Path, recipient: str, *unexpected: str) -> None:
    documents_helpers.assert_in_neither(letter(folder, recipient), *unexpected)


def test_one_letter_per_recipient_is_listed_in_the_manifest(letters, reference_data):
    manifest = json.loads((letters / "manifest.json").read_text(encoding="utf-8"))
    listed = {(d["recipient"], d["format"]) for d in manifest["documents"] if d["document"] == NAME}
    expected = {(r, fmt) for r in reference_data["closure"]["recipients"] for fmt in ("docx", "pdf")}
    assert listed == expected
    assert all((letters / d["path"]).is_file() for d in manifest["documents"])


def test_family_letter_says_the_involvement_ended_and_what_support_continues(letters):
    assert_in_both(
        letters,
        "kayleigh",
        # the address block sits beside the date column, so its lines are checked one by one
        "Kayleigh O'Neill",
        "14 Larch Close",
        "Eastfield",
        "NB4 7QT",
        "1 March 2027",
        "FSN-2026-0142",
        "Dear Kayleigh O'Neill,",
        "About: Ruby Dawson (born 9 March 2012), Amara O'Neill-Hale (born 22 January 2019), Jayden O'Neill-Hale (born 30 June 2025)",
        "Northbridge Family Support Team has now finished its involvement with you and Ruby, Amara and Jayden.",
        "Thank you for working with us during this time.",
        "Support will continue through the Early Help plan led by Eastfield Children's Centre.",
        "I enclose the notes of the Family Meeting held on 4 December 2026, setting out the help that is still available "
        "to you and Ruby, Amara and Jayden and who will provide it.",
        KEY_WORKER_CONTACT,
        "Yours sincerely,",
        "Priya Shah",
    )
    assert_in_neither(letters, "kayleigh", "no further action", "Thank you for the help and information")


def test_a_parent_hears_only_about_their_own_children(letters):
    assert_in_both(letters, "liam", "Flat 3, 22 Mill Street", "Southport", "PR9 0AB", "finished its involvement with you and Ruby.", "About: Ruby Dawson (born 9 March 2012)")
    assert_in_neither(letters, "liam", "Amara", "Jayden")


def test_agency_letter_thanks_the_agency_and_speaks_of_the_family(letters):
    assert_in_both(
        letters,
        "gp",
        "Dr Samira Haddad",
        "GP, Riverside Medical Practice",
        "1 Quay Street",
        "Dear Dr Haddad,",
        "finished its involvement with Ruby, Amara and Jayden and their family.",
        "Thank you for the help and information you gave us while we were involved.",
        "Support will continue through the Early Help plan led by Eastfield Children's Centre.",
    )
    # The GP was not at the family meeting, so is not sent its notes.
    assert_in_neither(letters, "gp", "Thank you for working with us", "with you and", "I enclose")


def test_every_letter_is_free_of_template_tags_and_empty_values(letters):
    for path in sorted(letters.glob(f"{NAME}_*")):
        text = docx_text(path) if path.suffix == ".docx" else pdf_text(path)
        for leftover in ("{{", "{%", "None", "[]"):
            assert leftover not in text, f"{path.name} shows {leftover!r}"


def test_word_paragraphs_all_appear_in_the_pdf(letters):
    # Body paragraphs run the full width in both formats, so the PDF holds each one word for word.
    for docx_path in sorted(letters.glob(f"{NAME}_*.docx")):
        pdf = normalise(pdf_text(docx_path.with_suffix(".pdf")))
        paragraphs = [normalise(p.text) for p in Document(str(docx_path)).paragraphs]
        for paragraph in (p for p in paragraphs if len(p) > 15):
            assert paragraph in pdf, f"{docx_path.name}: {paragraph!r} is not in the PDF"


def test_no_further_action_after_an_assessment_encloses_its_conclusion_for_the_family_only(build_variant):
    folder = build_variant(outcome="no_further_action", concluded="assessment")
    assert_in_both(
        folder,
        "kayleigh",
        "has now finished its child and family assessment with you and Ruby, Amara and Jayden.",
        "The child and family assessment found that we do not need to take any further action at this time.",
        "I enclose a copy of the analysis and conclusion of the child and family assessment. "
        "If you would like a copy of the full assessment, please ask us within 5 working days.",
        KEY_WORKER_CONTACT,
    )
    assert_in_both(folder, "gp", "finished its child and family assessment with Ruby, Amara and Jayden and their family.", "do not need to take any further action")
    assert_in_neither(folder, "gp", "I enclose", "Support will continue")
    assert_in_neither(folder, "kayleigh", "Support will continue", "notes of the")


def test_no_further_action_after_involvement_says_so_without_naming_an_assessment(build_variant):
    folder = build_variant(outcome="no_further_action", concluded="involvement")
    for recipient in ("kayleigh", "gp"):
        assert_in_both(folder, recipient, "finished its involvement with", "We have concluded that no further action is needed from us at this time.")
        assert_in_neither(folder, recipient, "found that", "Support will continue")


def test_support_continuing_after_an_assessment_names_the_assessment(build_variant):
    folder = build_variant(outcome="support_plan", concluded="assessment", assessment_type="Early Help assessment")
    assert_in_both(folder, "gp", "has now finished its Early Help assessment with Ruby, Amara and Jayden and their family.", "Support will continue through the")


def test_unnamed_plan_and_no_meeting_yet_still_say_what_is_enclosed(build_variant, raw):
    raw["meetings"] = []
    raw.pop("family_meeting_agreement")
    folder = build_variant(support_plan=None, assessment_type=None, concluded="assessment")
    assert_in_both(
        folder,
        "kayleigh",
        "has now finished its assessment with you",
        "Support will continue. I enclose a copy of the support plan, setting out the help that is still available",
    )
    assert_in_neither(folder, "kayleigh", "through the", "None")


def test_missing_address_and_phone_are_left_out_not_shown_empty(build_variant, raw):
    del raw["professionals"][0]["address"]  # the GP: reached by e-mail only
    del raw["staff"][0]["phone"]  # the key worker
    folder = build_variant()
    assert_in_both(folder, "gp", "By email:", "riverside.practice@nhs.example.net", "please contact Priya Shah within 5 working days at priya.shah@northbridge.example.gov.uk.")
    assert_in_neither(folder, "gp", "1 Quay Street", "Telephone: 01632 960 412", "None")
    for recipient in ("gp", "kayleigh"):
        docx, pdf = both(folder, recipient)
        assert "Telephone: 01632 960 000" in docx and "Telephone: 01632 960 000" in pdf  # the council's own line stays
        assert docx.count("Telephone:") == pdf.count("Telephone:") == 1


@pytest.mark.parametrize(
    ("family_name", "agency_name"),
    [
        ("{{ 7*7 }}", "O'Neill & <b>Sons</b>"),
        ("Zoë Ní Bhriain-D'Arcy", "Smith & Jones {% if true %}"),
    ],
)
def test_names_come_out_exactly_as_typed(build_variant, raw, family_name, agency_name):
    raw["family"][0]["name"] = family_name
    raw["professionals"][0]["name"] = agency_name
    folder = build_variant()
    assert_in_both(folder, "kayleigh", f"Dear {family_name},")
    assert_in_both(folder, "gp", f"Dear {agency_name},")
    assert_in_neither(folder, "kayleigh", "Dear 49,")
