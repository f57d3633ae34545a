"""Agreements for assessment, letters to professionals, meeting invitation lists and letters, read back from both formats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn

import documents_helpers
from conftest import REFERENCE
from documents_helpers import build_documents, english
from generator.documents.common import clock_time, day_and_date, long_date
from readers import docx_package_text, normalise

MINE = ("assessment-agreement", "professional-letter", "invitation-list", "invitation-letter")
LONG_DATE = re.compile(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b")
PHONE = re.compile(r"\b0\d{4} \d{3} \d{3}\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def read(folder: Path, stem: str) -> tuple[str, str]:
    """What a reader sees in the Word file and in the PDF of one document, spaced alike."""
    return tuple(documents_helpers.texts(folder / stem).values())


def assert_in_both(folder: Path, stem: str, *phrases: str) -> None:
    documents_helpers.assert_in_both(folder / stem, *phrases)


def assert_in_neither(folder: Path, stem: str, *phrases: str) -> None:
    documents_helpers.assert_in_neither(folder / stem, *phrases)


def stems(manifest: dict, document: str) -> list[str]:
    return [Path(d["path"]).stem for d in manifest["documents"] if d["document"] == document and d["format"] == "pdf"]


def pdf_tables(path: Path) -> list[list[list[str]]]:
    """Every table's cells; a table carried onto the next page under its repeated heading counts as one."""
    tables: list[list[list[str]]] = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for index, found in enumerate(page.extract_tables()):
                # A line that ends in a hyphen runs on into the next: "non-" / "resident" reads "non-resident".
                rows = [[normalise((cell or "").replace("-\n", "-")) for cell in row] for row in found]
                if index == 0 and tables and tables[-1][0] == rows[0]:
                    tables[-1] += rows[1:]
                else:
                    tables.append(rows)
    return tables


def docx_tables(path: Path) -> list[list[list[str]]]:
    return [[[normalise(cell.text) for cell in row.cells] for row in table.rows] for table in Document(str(path)).tables]


def attendance(tables: list[list[list[str]]]) -> dict[str, str]:
    """Name -> Attending, from every table whose last heading is 'Attending'."""
    return {row[0]: row[-1] for table in tables if table[0][-1] == "Attending" for row in table[1:]}


@pytest.fixture(scope="module")
def built(tmp_path_factory, settings) -> Path:
    """The reference case with only these four types built: their tests do not wait on other documents."""
    return build_documents(REFERENCE, tmp_path_factory.mktemp("letters"), settings, MINE)


@pytest.fixture(scope="module")
def manifest(built) -> dict:
    return json.loads((built / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def build_changed(tmp_path, settings, write_case):
    """Builds a changed copy of the reference case, only the named document types, and returns the case folder."""

    def run(data: dict, documents: tuple[str, ...] = MINE) -> Path:
        return build_documents(write_case(data), tmp_path / "out", settings, documents, jobs=1)

    return run


# --- the manifest: one document per person, request or meeting ---------------------------------------


def test_manifest_lists_one_agreement_per_family_member_with_parental_responsibility(manifest):
    entries = [d for d in manifest["documents"] if d["document"] == "assessment-agreement"]
    assert sorted((d["recipient"], d["format"]) for d in entries) == sorted(
        (person, fmt) for person in ("kayleigh", "marcus", "liam") for fmt in ("docx", "pdf")
    )


def test_manifest_lists_one_professional_letter_per_information_request(manifest):
    entries = [d for d in manifest["documents"] if d["document"] == "professional-letter" and d["format"] == "docx"]
    assert [d["recipient"] for d in entries] == ["gp", "stannes", "northfield"]


def test_manifest_lists_one_invitation_list_per_meeting(manifest):
    entries = [d for d in manifest["documents"] if d["document"] == "invitation-list" and d["format"] == "pdf"]
    assert [(d["subject"], d["recipient"]) for d in entries] == [("m1", None), ("m2", None)]


def test_manifest_lists_one_invitation_letter_per_invitee_per_meeting(manifest, reference_data):
    entries = [d for d in manifest["documents"] if d["document"] == "invitation-letter" and d["format"] == "pdf"]
    expected = [(m["id"], i["person"]) for m in reference_data["meetings"] for i in m["invitees"]]
    assert [(d["subject"], d["recipient"]) for d in entries] == expected
    assert len({d["path"] for d in entries}) == len(expected)


# --- every document of these four types --------------------------------------------------------------


@pytest.mark.parametrize("document", MINE)
def test_no_template_tags_or_none_reach_the_reader(built, manifest, document):
    for stem in stems(manifest, document):
        word, pdf = read(built, stem)
        package = docx_package_text(built / f"{stem}.docx")
        for text in (word, pdf, package):
            assert "{{" not in text and "{%" not in text, stem
        for text in (word, pdf):
            assert not re.search(r"\bNone\b", text), stem


# The invitation list's narrow table cells wrap in the PDF, so its text is compared table by table below.
LETTERS_AND_FORMS = ("assessment-agreement", "professional-letter", "invitation-letter")


@pytest.mark.parametrize("document", LETTERS_AND_FORMS)
def test_both_formats_carry_the_same_dates_phone_numbers_and_email_addresses(built, manifest, document):
    for stem in stems(manifest, document):
        word, pdf = read(built, stem)
        for pattern in (LONG_DATE, PHONE, EMAIL):
            assert set(pattern.findall(word)) == set(pattern.findall(pdf)), stem


@pytest.mark.parametrize("document", LETTERS_AND_FORMS)
def test_both_formats_name_the_same_people(built, manifest, reference_data, document):
    names = [p["name"] for group in ("staff", "family", "professionals") for p in reference_data[group]]
    names += [f"{c['first_name']} {c['last_name']}" for c in reference_data["children"]]
    for stem in stems(manifest, document):
        word, pdf = read(built, stem)
        assert {n for n in names if n in word} == {n for n in names if n in pdf}, stem


@pytest.mark.parametrize("document", MINE)
def test_every_page_carries_the_reference_and_protective_marking(built, manifest, document):
    for stem in stems(manifest, document):
        assert_in_both(built, stem, "Ref: FSN-2026-0142", "OFFICIAL-SENSITIVE", "Northbridge Council")
        with pdfplumber.open(str(built / f"{stem}.pdf")) as pdf:
            for page in pdf.pages:
                assert "OFFICIAL-SENSITIVE" in page.extract_text(), stem


def test_multi_page_documents_number_their_pages(built):
    with pdfplumber.open(str(built / "invitation-list_m1.pdf")) as pdf:
        assert len(pdf.pages) == 2
        assert "Page 2 of 2" in pdf.pages[1].extract_text()
    footer = docx_package_text(built / "invitation-list_m1.docx")
    assert "NUMPAGES" in footer and " PAGE " in footer


def test_word_table_rows_never_split_across_pages(built):
    for stem in ("invitation-list_m1", "assessment-agreement_kayleigh"):
        for table in Document(str(built / f"{stem}.docx")).tables[1:]:  # the first is the letterhead
            for row in table.rows:
                assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None, stem


def test_letters_carry_their_events_date_and_the_rest_the_day_of_the_build(built, manifest):
    dated = {"professional-letter": "4 August 2026", "assessment-agreement": "22 November 2026"}
    for document, day in dated.items():
        for stem in stems(manifest, document):
            assert_in_both(built, stem, day)
    for meeting, day in (("m1", "6 November 2026"), ("m2", "24 November 2026")):
        for stem in stems(manifest, "invitation-letter") + stems(manifest, "invitation-list"):
            if f"_{meeting}" in stem:
                assert_in_both(built, stem, day)


# --- agreement for assessment -------------------------------------------------------------------------


def test_agreement_names_the_parent_their_children_and_what_they_agree_to(built):
    assert_in_both(
        built,
        "assessment-agreement_kayleigh",
        "Agreement for assessment",
        "Kayleigh O'Neill",
        "Ruby Dawson, born 9 March 2012",
        "Amara O'Neill-Hale, born 22 January 2019",
        "Jayden O'Neill-Hale, born 30 June 2025",
        "Family Strengths and Needs Toolkit",
        "began on 3 August 2026",
        "I agree to take part in an assessment of my children's needs.",
        "see Ruby, Amara and Jayden on their own",
        "Dr Samira Haddad, GP, Riverside Medical Practice",
        "Priya Shah, Social Worker, Northbridge Family Support Team",
    )


def test_agreement_for_a_parent_of_one_child_speaks_of_that_child_only(built):
    assert_in_both(built, "assessment-agreement_liam", "Liam Dawson", "Ruby Dawson, born 9 March 2012", "my child's needs")
    assert_in_neither(built, "assessment-agreement_liam", "Amara", "Jayden", "my children")


def test_agreement_has_signature_and_date_lines_with_room_to_sign(built):
    stem = "assessment-agreement_marcus"
    signatures = [t for t in docx_tables(built / f"{stem}.docx") if t[0][1:] == ["Name", "Signature", "Date"]]
    assert len(signatures) == 1
    assert [row[1:] for row in signatures[0][1:]] == [["Marcus Hale", "", ""], ["Priya Shah", "", ""]]
    table = next(t for t in Document(str(built / f"{stem}.docx")).tables if len(t.columns) == 4)
    for row in table.rows[1:]:
        height = row._tr.trPr.find(qn("w:trHeight"))
        assert int(height.get(qn("w:val"))) >= 12 * 56.7  # twips: at least 12mm to sign in
    pdf = [t for t in pdf_tables(built / f"{stem}.pdf") if t[0][1:] == ["Name", "Signature", "Date"]]
    assert [row[1:] for row in pdf[0][1:]] == [["Marcus Hale", "", ""], ["Priya Shah", "", ""]]


def test_no_agreement_for_a_relative_without_parental_responsibility(built):
    assert not (built / "assessment-agreement_denise.pdf").exists()


# --- letters to professionals --------------------------------------------------------------------------


def test_gp_letter_names_the_children_their_address_and_who_consented(built):
    assert_in_both(
        built,
        "professional-letter_gp",
        "Dr Samira Haddad",
        "1 Quay Street",
        "Dear Dr Haddad,",
        "Ruby Dawson, born 9 March 2012",
        "Amara O'Neill-Hale, born 22 January 2019",
        "Jayden O'Neill-Hale, born 30 June 2025",
        "Address: 14 Larch Close, Eastfield, Northbridge, NB4 7QT",
        "We have the consent of Kayleigh O'Neill (Mother) to contact you",
        "about the children named above and Kayleigh O'Neill (Mother).",
        "Specific request: Attendance at appointments and any concerns about the children's health or growth.",
        "We need this information by 17 August 2026.",
        "email it to priya.shah@northbridge.example.gov.uk",
        "telephone Priya Shah on 01632 960 412",
        "Contact: Priya Shah",
    )
    assert_in_neither(built, "professional-letter_gp", "Children Act 1989")


def test_school_letter_on_a_statutory_basis_uses_the_children_act_wording(built):
    assert_in_both(
        built,
        "professional-letter_northfield",
        "Helen Park",
        "Northfield Road",
        "Ruby Dawson, born 9 March 2012",
        "under our duties in the Children Act 1989",
        "Ruby Dawson has been identified as a child whose welfare may be significantly impaired",
        "statutory responsibility to ask your agency for relevant information",
        "We need this information by 10 August 2026.",
    )
    assert_in_neither(built, "professional-letter_northfield", "consent", "Amara", "Jayden", "Specific request")


def test_letter_without_a_specific_request_leaves_that_line_out(built):
    assert_in_both(built, "professional-letter_stannes", "Amara O'Neill-Hale, born 22 January 2019", "the child named above")
    assert_in_neither(built, "professional-letter_stannes", "Specific request", "Ruby Dawson")


def test_letter_to_a_professional_with_no_address_is_headed_by_email(raw, build_changed):
    del raw["professionals"][0]["address"]
    folder = build_changed(raw, ("professional-letter",))
    assert_in_both(folder, "professional-letter_gp", "GP, Riverside Medical Practice", "By email:", "riverside.practice@nhs.example.net")
    assert_in_neither(folder, "professional-letter_gp", "1 Quay Street", "None")


def test_two_requests_to_one_professional_make_two_letters(raw, build_changed):
    second = dict(raw["information_requests"][2], to="gp", specific_request="Ruby's last three appointments.")
    raw["information_requests"].append(second)
    folder = build_changed(raw, ("professional-letter",))
    assert_in_both(folder, "professional-letter_gp_1", "We have the consent of Kayleigh O'Neill (Mother)")
    assert_in_both(folder, "professional-letter_gp_2", "Children Act 1989", "Ruby's last three appointments.")
    assert not (folder / "professional-letter_gp.pdf").exists()


def test_contact_worker_without_phone_or_email_gets_no_empty_lines(raw, build_changed):
    for member in raw["staff"]:
        if member["id"] == "priya":
            del member["phone"], member["email"]
    folder = build_changed(raw, ("professional-letter",))
    assert_in_both(folder, "professional-letter_gp", "Please send it by post to the address at the top of this letter.", "please contact Priya Shah, Social Worker. Thank you")
    assert_in_neither(folder, "professional-letter_gp", "email it to", "on .", "None")
    for text in read(folder, "professional-letter_gp"):
        assert text.count("Telephone:") == 1  # the council's own number in the letterhead, no empty label for the worker


# --- meeting invitation lists ------------------------------------------------------------------------


def test_invitation_list_gives_the_meeting_details(built):
    assert_in_both(
        built,
        "invitation-list_m1",
        "Meeting invitation list",
        "Team Around the Child in Need meeting",
        "Ruby Dawson, born 9 March 2012",
        "Jayden O'Neill-Hale, born 30 June 2025",
        "Friday 20 November 2026",
        "10:00am",
        "Eastfield Children's Centre",
        "Room 2",
        "Robert Kingsley, Team Manager, Northbridge Family Support Team",
        "Review the child in need plan after the three-month toolkit review.",
        "9 invited: 6 attending, 3 not attending",
    )


def test_invitation_list_marks_who_is_attending_in_both_formats(built):
    expected = {
        "Kayleigh O'Neill": "Yes",
        "Marcus Hale": "Yes",
        "Liam Dawson": "No",
        "Denise O'Neill": "Yes",
        "Dr Samira Haddad": "No",
        "Claire Forbes": "Yes",
        "Tom Whitaker": "Yes",
        "Helen Park": "Yes",
        "Gary Lyons": "No",
    }
    assert attendance(docx_tables(built / "invitation-list_m1.docx")) == expected
    assert attendance(pdf_tables(built / "invitation-list_m1.pdf")) == expected


def test_invitation_list_tables_hold_the_same_cells_in_both_formats(built, manifest):
    for stem in stems(manifest, "invitation-list"):
        # A PDF cell may break an e-mail address mid-word; with spaces taken out the cells must match exactly.
        word = [[[c.replace(" ", "") for c in row] for row in t] for t in docx_tables(built / f"{stem}.docx")[1:]]
        pdf = [[[c.replace(" ", "") for c in row] for row in t] for t in pdf_tables(built / f"{stem}.pdf")]
        assert word == pdf, stem


def test_invitation_list_puts_family_and_professionals_in_separate_tables(built):
    for tables in (docx_tables(built / "invitation-list_m1.docx"), pdf_tables(built / "invitation-list_m1.pdf")):
        family, professionals = [t for t in tables if t[0][-1] == "Attending"]
        assert family[0] == ["Name", "Relationship", "Address", "Phone / email", "Notes", "Attending"]
        assert family[3][:2] == ["Liam Dawson", "Father of Ruby (non-resident)"]
        assert "Southport" in family[3][2] and family[3][3] == "07700 900 789" and family[3][4] == "Views sent by email"
        assert professionals[0][1] == "Role and agency"
        assert professionals[1][:2] == ["Dr Samira Haddad", "GP, Riverside Medical Practice"]
        assert professionals[1][4] == "Report to follow"


def test_children_sit_with_the_family_and_staff_with_the_professionals(built):
    for tables in (docx_tables(built / "invitation-list_m2.docx"), pdf_tables(built / "invitation-list_m2.pdf")):
        family, professionals = [t for t in tables if t[0][-1] == "Attending"]
        assert ["Ruby Dawson", "Child, aged 14"] in [row[:2] for row in family]
        assert [row[:2] for row in professionals[1:]] == [["Priya Shah", "Social Worker, Northbridge Family Support Team"]]


def test_attendance_not_yet_known_is_said_so_and_a_missing_room_and_phone_leave_no_gaps(raw, build_changed):
    meeting = raw["meetings"][0]
    del meeting["invitees"][0]["attending"]
    del meeting["room"]
    del raw["family"][1]["phone"]
    folder = build_changed(raw, ("invitation-list", "invitation-letter"))
    expected = {"Kayleigh O'Neill": "Not known", "Marcus Hale": "Yes"}
    for tables in (docx_tables(folder / "invitation-list_m1.docx"), pdf_tables(folder / "invitation-list_m1.pdf")):
        marks = attendance(tables)
        assert {name: marks[name] for name in expected} == expected
        marcus = next(row for t in tables for row in t if row[0] == "Marcus Hale")
        assert marcus[3] == ""
    assert_in_both(folder, "invitation-list_m1", "9 invited: 5 attending, 3 not attending, 1 not known")
    assert_in_neither(folder, "invitation-list_m1", "Room 2", "Room ", "None")
    assert_in_both(folder, "invitation-letter_m1_marcus", "Where Eastfield Children's Centre Chair")


# --- meeting invitation letters ----------------------------------------------------------------------


def test_child_is_invited_in_simple_warm_words_addressed_to_them(built):
    assert_in_both(
        built,
        "invitation-letter_m2_ruby",
        "Ruby Dawson",
        "14 Larch Close",
        "Dear Ruby,",
        "An invitation for you",
        "a meeting about you and your family",
        "Friday 4 December 2026 at 5:30pm",
        "Eastfield Children's Centre, Family Room",
        "Angela Moss will make sure everyone gets a turn to speak.",
        "What for For your family to make a plan together",
        "What you think really matters to us.",
        "write or draw something",
        "Best wishes,",
    )
    assert_in_neither(built, "invitation-letter_m2_ruby", "Yours sincerely", "Dear Ruby Dawson")


def test_parent_is_invited_to_a_meeting_about_their_own_children(built):
    assert_in_both(
        built,
        "invitation-letter_m1_liam",
        "Flat 3, 22 Mill Street",
        "Dear Liam Dawson,",
        "Invitation: Family support meeting about Ruby",
        "Friday 20 November 2026 at 10:00am",
        "Eastfield Children's Centre, Room 2",
        "Robert Kingsley, Team Manager",
        "Purpose To talk about how things are going for the children and agree what happens next.",
        "You are welcome to bring someone with you for support",
        "Yours sincerely,",
    )
    assert_in_neither(built, "invitation-letter_m1_liam", "Amara", "Jayden")


def test_professional_is_asked_to_bring_reports(built):
    assert_in_both(
        built,
        "invitation-letter_m1_hv",
        "Claire Forbes",
        "Health Visitor, 0-19 Public Health Nursing",
        "Eastfield Health Centre",
        "Jayden O'Neill-Hale, born 30 June 2025",
        "Friday 20 November 2026 at 10:00am",
        "Please bring any reports or information your agency holds about the child's needs and progress.",
        "Please confirm whether you will attend by contacting Priya Shah on 01632 960 412",
    )


def test_key_worker_invited_to_a_meeting_is_not_written_to_by_themselves(built):
    assert_in_both(
        built,
        "invitation-letter_m2_priya",
        "Dear Priya Shah,",
        "By email:",
        "priya.shah@northbridge.example.gov.uk",
        "Contact: Angela Moss",
        "Please bring up-to-date case notes",
        "Yours sincerely, Angela Moss Consultant Social Worker",
    )
    assert_in_neither(built, "invitation-letter_m2_priya", "Yours sincerely, Priya Shah", "Contact: Priya Shah")


def test_chair_invited_to_their_own_meeting_is_told_they_are_chairing(raw, build_changed):
    raw["meetings"][1]["invitees"].append({"person": "angela", "attending": True})
    folder = build_changed(raw, ("invitation-letter",))
    assert_in_both(folder, "invitation-letter_m2_angela", "which you are chairing")
    assert_in_neither(folder, "invitation-letter_m2_priya", "which you are chairing")


@pytest.mark.parametrize(("time", "words"), [("10:00", "10:00am"), ("17:30", "5:30pm"), ("12:00", "12 noon"), ("12:45", "12:45pm"), ("00:15", "12:15am"), ("09:05", "9:05am")])
def test_meeting_times_are_written_as_a_letter_gives_them(time, words):
    assert clock_time(time, english("invitation-letter")) == words


def test_meeting_dates_carry_the_weekday(reference_data):
    import datetime as dt

    assert day_and_date(dt.date(2026, 12, 4)) == "Friday 4 December 2026"


def test_welsh_dates_carry_the_welsh_month_and_weekday():
    import datetime as dt

    assert long_date(dt.date(2027, 3, 1), "cy") == "1 Mawrth 2027"
    assert day_and_date(dt.date(2026, 11, 20), "cy") == "dydd Gwener 20 Tachwedd 2026"


# --- data is never template ----------------------------------------------------------------------------


def test_names_that_look_like_markup_or_template_code_come_out_literally(raw, build_changed):
    raw["family"][0]["name"] = "{{ 7*7 }} O'Neill"
    raw["professionals"][0]["name"] = "O'Neill & <b>Sons</b>"
    raw["children"][1]["first_name"] = "Zoë-Renée"
    raw["children"][1]["last_name"] = "Ní Bhriain"
    folder = build_changed(raw)
    assert_in_both(folder, "assessment-agreement_kayleigh", "{{ 7*7 }} O'Neill", "Zoë-Renée Ní Bhriain, born 22 January 2019")
    assert_in_both(folder, "professional-letter_gp", "Dear O'Neill & <b>Sons</b>,", "We have the consent of {{ 7*7 }} O'Neill (Mother)")
    for tables in (docx_tables(folder / "invitation-list_m1.docx"), pdf_tables(folder / "invitation-list_m1.pdf")):
        assert {"O'Neill & <b>Sons</b>", "{{ 7*7 }} O'Neill"} <= set(attendance(tables))
    assert_in_both(folder, "invitation-letter_m1_kayleigh", "Dear {{ 7*7 }} O'Neill,", "about Ruby, Zoë-Renée and Jayden")
    for stem in ("assessment-agreement_kayleigh", "professional-letter_gp", "invitation-letter_m1_kayleigh"):
        assert_in_neither(folder, stem, "49 O'Neill", "&amp;", "&lt;")


def test_meeting_with_only_family_invited_says_no_professionals_are_invited(raw, build_changed):
    meeting = raw["meetings"][1]
    meeting["invitees"] = [i for i in meeting["invitees"] if i["person"] in ("kayleigh", "marcus")]
    folder = build_changed(raw, ("invitation-list",))
    assert_in_both(folder, "invitation-list_m2", "No professionals are invited.", "2 invited: 2 attending, 0 not attending")
    assert_in_neither(folder, "invitation-list_m2", "Role and agency", "No family members are invited.")
