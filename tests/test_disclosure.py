"""Who sees what: the rules in generator.disclosure, and what each reader's documents hold in both formats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import BUILD_DATE
from documents_helpers import assert_in_both, assert_in_neither, build_documents, texts
from readers import docx_package_text, normalise, pdf_text

from generator import disclosure
from generator.cli import main
from generator.errors import InvalidCase, Location
from generator.model import Case, Rating
from generator.validate import validate

FAMILY_READERS = ("kayleigh", "marcus", "liam")


def locate(ptr: str) -> Location:
    return Location("case.json", ptr or "/")


def notes_of(raw: dict, code: str) -> list[str]:
    """Every evidence and impact note of one item, at every assessment: none may leak."""
    out = []
    for assessment in raw["assessments"]:
        rating = assessment["ratings"][code]
        out += [rating[k] for k in ("evidence", "impact_on_child") if rating.get(k)]
    return out


def everything_in(stem: Path) -> dict[str, str]:
    """All a determined reader could dig out of each format: every XML part of the .docx, all the PDF's text."""
    return {
        "docx": normalise(docx_package_text(stem.parent / f"{stem.name}.docx")),
        "pdf": normalise(pdf_text(stem.parent / f"{stem.name}.pdf")),
    }


def assert_never_in(stem: Path, notes: list[str]) -> None:
    for fmt, text in everything_in(stem).items():
        for note in notes:
            # The first words of a note are enough to find it, however a format breaks its lines.
            assert normalise(note)[:40] not in text, f"{stem.name}.{fmt} holds a note it must not"


def assert_holds(stem: Path, notes: list[str]) -> None:
    for fmt, text in everything_in(stem).items():
        for note in notes:
            assert normalise(note)[:40] in text, f"{stem.name}.{fmt} lacks a note it should hold"


# -- the rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, readers",
    [
        ({}, {"kayleigh", "marcus", "liam"}),
        ({"share_with_family": False}, set()),
        ({"withhold_from": ["marcus"]}, set()),
        ({"withhold_from": ["marcus"], "share_with": ["liam"]}, {"liam"}),
        ({"share_with": ["kayleigh"]}, {"kayleigh"}),
        ({"withhold_from": ["marcus"], "share_with": ["marcus"]}, set()),
        ({"share_with_family": False, "share_with": ["liam"]}, set()),
    ],
)
def test_a_restricted_note_reaches_only_the_family_readers_it_is_shared_with(fields, readers):
    rating = Rating(levels={"ruby": 3}, evidence="x", **fields)
    assert {r for r in FAMILY_READERS if disclosure.note_reaches_family(rating, r)} == readers


def test_a_professionals_letters_name_their_own_children_a_schools_its_pupils_and_otherwise_every_child(reference_data):
    case = Case.model_validate(reference_data)
    named = {p: [c.id for c in disclosure.letter_children(case, p)] for p in ("hv", "stannes", "northfield", "gp", "housing")}
    assert named == {
        "hv": ["jayden"],
        "stannes": ["amara"],
        "northfield": ["ruby"],
        "gp": ["ruby", "amara", "jayden"],
        "housing": ["ruby", "amara", "jayden"],
    }


def test_what_each_reader_does_not_see_is_listed_by_id_and_item_code(reference_data):
    case = Case.model_validate(reference_data)
    listed = {(e.reader, e.assessment): e.items for e in disclosure.left_out(case)}
    assert listed == {(r, a): ("4.3", "4.7") for r in FAMILY_READERS for a in ("baseline", "review-1")}


def test_validate_lists_per_reader_the_notes_left_out_with_ids_and_codes_only(capsys, reference_data):
    assert main(["validate", str(Path(__file__).parent.parent / "inputs" / "case-example.json")]) == 0
    out = capsys.readouterr().out
    assert "    marcus, review-1: 4.3, 4.7" in out
    assert "    liam, baseline: 4.3, 4.7" in out
    for note in notes_of(reference_data, "4.3") + notes_of(reference_data, "4.7"):
        assert note[:30] not in out


def test_sharing_a_note_with_someone_who_lives_with_the_person_it_is_withheld_from_is_a_located_warning(raw, toolkit):
    raw["assessments"][1]["ratings"]["4.3"]["share_with"] = ["kayleigh"]
    checked = validate(raw, toolkit, locate)
    assert [str(w) for w in checked.warnings] == [
        "case.json > /assessments/1/ratings/4.3/share_with/0: 'kayleigh' lives with 'marcus', from whom these notes "
        "are withheld: a copy sent to 'kayleigh' may be read by 'marcus'"
    ]


def test_share_with_must_name_family_members_of_this_case(raw, toolkit):
    raw["assessments"][1]["ratings"]["4.3"]["share_with"] = ["gp", "nobody"]
    with pytest.raises(InvalidCase) as caught:
        validate(raw, toolkit, locate)
    assert [str(p) for p in caught.value.errors] == [
        "case.json > /assessments/1/ratings/4.3/share_with/0: 'gp' is the id of Dr Samira Haddad, not of any family member in this case",
        "case.json > /assessments/1/ratings/4.3/share_with/1: 'nobody' is not the id of any family member in this case",
    ]


# -- the documents, in both formats ------------------------------------------------------------------


def test_no_family_copy_of_the_reference_case_holds_the_restricted_or_unshared_notes(built, reference_data):
    hidden = notes_of(reference_data, "4.3") + notes_of(reference_data, "4.7")
    assert len(hidden) == 8  # evidence and impact, two items, two assessments
    for reader in FAMILY_READERS:
        assert_never_in(built / f"family-copy_{reader}", hidden)


def test_every_family_copy_still_names_arguments_and_alcohol_as_worries_in_plain_words(built):
    for reader in FAMILY_READERS:
        for fmt, text in texts(built / f"family-copy_{reader}").items():
            worries = text.split("What we are worried about", 1)[1].split("What needs to happen", 1)[0]
            for worry in ("Arguments between adults", "Alcohol and drugs"):
                assert worry in worries, f"{reader} {fmt} lacks {worry}"
            assert "This is about whether adults manage disagreements calmly" in worries
            assert "This is about whether any use of alcohol or drugs by adults" in worries


def test_a_restricted_note_shared_with_one_reader_reaches_only_that_reader(raw, write_case, tmp_path, settings):
    raw["assessments"][1]["ratings"]["4.3"]["share_with"] = ["liam"]
    folder = build_documents(write_case(raw), tmp_path / "out", settings, ("family-copy",))
    note = notes_of(raw, "4.3")[-2:]  # the review's notes: the family copy is of the latest assessment
    assert_holds(folder / "family-copy_liam", note)
    assert_never_in(folder / "family-copy_kayleigh", notes_of(raw, "4.3"))
    assert_never_in(folder / "family-copy_marcus", notes_of(raw, "4.3"))


def test_a_note_shared_with_someone_in_the_withheld_persons_home_reaches_them_but_never_the_withheld_person(raw, write_case, tmp_path, settings):
    raw["assessments"][1]["ratings"]["4.3"]["share_with"] = ["kayleigh"]
    folder = build_documents(write_case(raw), tmp_path / "out", settings, ("family-copy", "summary-sheet"))
    assert_holds(folder / "family-copy_kayleigh", notes_of(raw, "4.3")[-2:])
    assert_never_in(folder / "family-copy_marcus", notes_of(raw, "4.3"))
    assert_never_in(folder / "family-copy_liam", notes_of(raw, "4.3"))
    assert_in_both(folder / "summary-sheet_review-1", "Kayleigh O'Neill's copy holds the 4.3 notes withheld from Marcus Hale, who lives in the same home")


def test_the_summary_sheet_marks_each_note_some_readers_will_not_see_on_its_own_row_naming_them(built):
    assert_in_both(
        built / "summary-sheet_review-1",
        "Not in the family copies for Kayleigh O'Neill, Marcus Hale and Liam Dawson: withheld from Marcus Hale; shared with no family member.",
        "Not in the family copies for Kayleigh O'Neill, Marcus Hale and Liam Dawson: marked not to be shared with the family.",
    )


@pytest.mark.parametrize(
    "document, reader, children, others",
    [
        ("professional-letter_stannes", "stannes", ["Amara O'Neill-Hale"], ["Ruby Dawson", "Jayden O'Neill-Hale"]),
        ("professional-letter_northfield", "northfield", ["Ruby Dawson"], ["Amara O'Neill-Hale", "Jayden O'Neill-Hale"]),
        ("closure-letter_stannes", "stannes", ["Amara O'Neill-Hale"], ["Ruby Dawson", "Jayden O'Neill-Hale"]),
        ("closure-letter_northfield", "northfield", ["Ruby Dawson"], ["Amara O'Neill-Hale", "Jayden O'Neill-Hale"]),
        ("closure-letter_hv", "hv", ["Jayden O'Neill-Hale"], ["Ruby Dawson", "Amara O'Neill-Hale"]),
        ("invitation-letter_m1_hv", "hv", ["Jayden O'Neill-Hale"], ["Ruby Dawson", "Amara O'Neill-Hale"]),
        ("invitation-letter_m1_stannes", "stannes", ["Amara O'Neill-Hale"], ["Ruby Dawson", "Jayden O'Neill-Hale"]),
    ],
)
def test_schools_and_the_health_visitor_are_told_only_of_their_own_children(built, document, reader, children, others):
    assert_in_both(built / document, *children)
    for fmt, text in everything_in(built / document).items():
        for other in others:
            assert other.split()[0] not in text, f"{document}.{fmt} names {other}"


def test_only_invitees_of_the_last_meeting_are_told_its_notes_are_enclosed(built):
    enclosed = "I enclose the notes of the Family Meeting held on 4 December 2026"
    for recipient in ("kayleigh", "marcus"):
        assert_in_both(built / f"closure-letter_{recipient}", enclosed)
    for recipient in ("liam", "gp", "hv", "stannes", "northfield"):
        assert_in_neither(built / f"closure-letter_{recipient}", "notes of the Family Meeting", "I enclose")


# -- dates as they happened --------------------------------------------------------------------------


def test_letters_carry_the_date_of_their_event_not_the_build_date(built):
    for professional in ("gp", "stannes", "northfield"):
        assert_in_both(built / f"professional-letter_{professional}", "Date: 4 August 2026")
    for invitee in ("kayleigh", "gp", "denise"):
        assert_in_both(built / f"invitation-letter_m1_{invitee}", "Date: 6 November 2026")
    assert_in_both(built / "invitation-letter_m2_kayleigh", "Date: 24 November 2026")
    assert_in_both(built / "closure-letter_gp", "Date: 1 March 2027")


def test_a_letter_without_a_date_of_its_own_carries_the_run_date(raw, write_case, tmp_path, settings):
    del raw["information_requests"][0]["date"]
    raw["information_requests"][0]["reply_by"] = "2026-12-10"
    folder = build_documents(write_case(raw), tmp_path / "out", settings, ("professional-letter",))
    assert_in_both(folder / "professional-letter_gp", f"Date: {BUILD_DATE.day} {BUILD_DATE:%B %Y}")


@pytest.mark.parametrize(
    "change, where, message",
    [
        (
            lambda raw: raw["information_requests"][0].update(date="2026-08-17"),
            "/information_requests/0/reply_by",
            "the reply-by date 17 August 2026 is not after the letter's date, 17 August 2026: give a later reply-by date, or correct the letter's date",
        ),
        (
            lambda raw: raw["information_requests"][2].update(date="2026-08-20"),
            "/information_requests/2/reply_by",
            "the reply-by date 10 August 2026 is not after the letter's date, 20 August 2026: give a later reply-by date, or correct the letter's date",
        ),
        (
            lambda raw: raw["information_requests"][1].pop("date"),
            "/information_requests/1/reply_by",
            "the reply-by date 17 August 2026 is not after 22 November 2026, the date the letter would carry: give a later reply-by date, or the letter's own date under 'date'",
        ),
        (
            lambda raw: raw["meetings"][0].update(invited_on="2026-11-21"),
            "/meetings/0/invited_on",
            "the invitations go out on 21 November 2026, but the meeting is on 20 November 2026: invitations must go out before the meeting",
        ),
        (
            lambda raw: raw["meetings"][0].pop("invited_on"),
            "/meetings/0/date",
            "the meeting on 20 November 2026 is not after 22 November 2026, the date its invitations would carry: give the date they went out under 'invited_on', or a later meeting date",
        ),
        (
            lambda raw: raw["plan"][0].update(status="nearly"),
            "/plan/0/status",
            "'nearly' is not allowed here (use 'not started', 'in progress' or 'done')",
        ),
    ],
)
def test_a_letter_asking_for_something_by_a_date_not_after_its_own_is_a_located_error(raw, toolkit, change, where, message):
    change(raw)
    with pytest.raises(InvalidCase) as caught:
        validate(raw, toolkit, locate, dt.date(2026, 11, 22))
    assert [str(p) for p in caught.value.errors] == [f"case.json > {where}: {message}"]


def test_every_new_field_error_is_reported_in_one_pass(raw, toolkit):
    raw["assessments"][1]["ratings"]["4.3"]["share_with"] = ["gp"]
    raw["plan"][1]["status"] = "finished"
    raw["meetings"][1]["invited_on"] = "2026-12-05"
    raw["information_requests"][0]["date"] = "2026-09-01"
    with pytest.raises(InvalidCase) as caught:
        validate(raw, toolkit, locate, dt.date(2026, 11, 22))
    assert sorted(p.location.where for p in caught.value.errors) == sorted(
        ["/assessments/1/ratings/4.3/share_with/0", "/plan/1/status", "/meetings/1/invited_on", "/information_requests/0/reply_by"]
    )


def test_an_older_case_file_without_the_new_fields_still_builds_with_the_fallbacks(raw, write_case, tmp_path, settings):
    for assessment in raw["assessments"]:
        assessment.pop("next_review")
    for action in raw["plan"]:
        action.pop("status")
    for meeting in raw["meetings"]:
        meeting.pop("purpose_family", None)
        meeting.pop("invited_on")
        meeting["date"] = "2026-12-04" if meeting["id"] == "m1" else "2026-12-08"
    for request in raw["information_requests"]:
        request.pop("date")
        request["reply_by"] = "2026-12-10"
    for professional in raw["professionals"]:
        professional.pop("children", None)
    folder = build_documents(write_case(raw), tmp_path / "out", settings, ("family-copy", "summary-sheet", "invitation-letter"))
    assert_in_both(folder / "family-copy_kayleigh", "We will look at all of this again with you, on a date we will agree with you.")
    assert_in_both(folder / "summary-sheet_review-1", "Next review due To be agreed")
    assert_in_both(folder / "invitation-letter_m1_kayleigh", "Family support meeting", "To talk about how things are going for the children and agree what happens next.")
    assert_in_neither(folder / "invitation-letter_m1_kayleigh", "Team Around the Child", "Review the child in need plan")


def test_the_next_review_comes_from_the_data_and_is_never_estimated(built):
    assert_in_both(built / "family-copy_kayleigh", "We plan to look at all of this again with you on 1 February 2027.")
    assert_in_both(built / "summary-sheet_review-1", "Next review due 1 February 2027")
    assert_in_both(built / "summary-sheet_baseline", "Next review due 2 November 2026")


def test_plan_actions_show_their_status_and_overdue_ones_are_marked_on_the_summary_sheet(raw, write_case, tmp_path, settings):
    folder = build_documents(write_case(raw), tmp_path / "out", settings, ("summary-sheet", "family-copy"), today=dt.date(2026, 12, 2))
    sheet = texts(folder / "summary-sheet_review-1")
    for fmt, text in sheet.items():
        plan = text.split("What success looks like", 1)[1]
        assert plan.count("OVERDUE") == 2, fmt  # a1, in progress and due 1 December: one mark, and the key
        assert "OVERDUE: past its date and not done, on 2 December 2026." in plan
        assert plan.count("Done") >= 2 and "In progress" in plan
    # The family copy never gives a past date as still to come.
    assert_in_both(folder / "family-copy_kayleigh", "It was due by 1 December 2026: we will talk with you about how it is going.")
    assert_in_neither(folder / "family-copy_kayleigh", "By when: 1 December 2026")


# -- words fit for the reader ------------------------------------------------------------------------


def test_family_and_child_invitations_never_use_the_practitioners_purpose(built, reference_data):
    professional_purposes = [m["purpose"] for m in reference_data["meetings"]]
    for stem in ("invitation-letter_m1_kayleigh", "invitation-letter_m1_liam", "invitation-letter_m2_marcus", "invitation-letter_m2_ruby"):
        assert_in_neither(built / stem, *[p[:40] for p in professional_purposes], "Team Around the Child in Need")
    assert_in_both(built / "invitation-letter_m1_kayleigh", "To talk about how things are going for Ruby, Amara and Jayden, and agree what happens next.")
    assert_in_both(built / "invitation-letter_m2_ruby", "Family meeting", "For your family to make a plan together")
    assert_in_both(built / "invitation-letter_m1_gp", professional_purposes[0])


def test_letters_open_as_a_council_writes_and_times_are_written_one_way(built):
    assert_in_both(built / "professional-letter_gp", "Dear Dr Haddad,")
    assert_in_both(built / "invitation-letter_m2_ruby", "Dear Ruby,")
    assert_in_both(built / "invitation-list_m2", "5:30pm")
    assert_in_both(built / "invitation-letter_m1_kayleigh", "10:00am")


def test_the_feedback_sheet_goes_back_to_someone_other_than_the_worker_it_rates(built):
    assert_in_both(built / "feedback-sheet_kayleigh", "Quality and Feedback Team", "feedback@northbridge.example.gov.uk", "not to your worker")
    assert_in_neither(built / "feedback-sheet_kayleigh", "post it to Northbridge Family Support Team", "scan of it to priya.shah")


def test_a_family_copy_leaves_out_free_text_naming_a_child_or_adult_outside_its_readers_home(built):
    # Liam is Ruby's father and lives elsewhere: nothing about Amara, Jayden or Kayleigh's household.
    for fmt, text in everything_in(built / "family-copy_liam").items():
        for name in ("Amara", "Jayden", "Kayleigh", "Marcus"):
            assert name not in text, (fmt, name)
    # Marcus is not Ruby's father: the hygiene action naming her is not in his copy.
    assert_in_neither(built / "family-copy_marcus", "Amara and Ruby arrive at school clean")
    assert_in_both(built / "family-copy_kayleigh", "Amara and Ruby arrive at school clean")
    # Even a reader's own words stay out when they name another adult, who may read the copy at home.
    assert_in_neither(built / "family-copy_kayleigh", "I'm worried about Marcus's drinking")


def test_an_agreement_for_assessment_names_only_the_professionals_of_the_readers_children(built):
    assert_in_both(built / "assessment-agreement_liam", "Helen Park", "Dr Samira Haddad")
    assert_in_neither(built / "assessment-agreement_liam", "Tom Whitaker", "Claire Forbes", "St Anne's")
    assert_in_neither(built / "assessment-agreement_marcus", "Northfield Academy", "Helen Park")
    assert_in_both(built / "assessment-agreement_kayleigh", "Tom Whitaker", "Claire Forbes", "Helen Park")
