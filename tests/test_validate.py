"""Validation: every rule, reported with where and what, all problems at once."""

from __future__ import annotations

import pytest

from generator.agencies import DEFAULT_AGENCIES
from generator.errors import InvalidCase, Location
from generator.validate import pointer, validate


def locate(ptr: str) -> Location:
    return Location("case.json", ptr or "/")


def problems_of(raw, toolkit, severity="error") -> list[str]:
    with pytest.raises(InvalidCase) as caught:
        validate(raw, toolkit, locate)
    return [str(p) for p in caught.value.problems if p.severity == severity]


def test_reference_case_is_valid_with_no_warnings(raw, toolkit):
    checked = validate(raw, toolkit, locate)
    assert checked.case.case.reference == "FSN-2026-0142"
    assert checked.warnings == ()


def test_pointer_escapes_slash_and_tilde():
    assert pointer("ratings", "a/b", "c~d", 0) == "/ratings/a~1b/c~0d/0"


def test_level_of_five_is_rejected_with_json_pointer(raw, toolkit):
    raw["assessments"][1]["ratings"]["2.3"]["levels"]["amara"] = 5
    assert problems_of(raw, toolkit) == [
        "case.json > /assessments/1/ratings/2.3/levels/amara: '5' is not a level (1, 2, 3, 4 or n/a)"
    ]


def test_level_as_word_is_rejected(raw, toolkit):
    raw["assessments"][0]["ratings"]["1.1"]["levels"]["ruby"] = "high"
    assert problems_of(raw, toolkit) == [
        "case.json > /assessments/0/ratings/1.1/levels/ruby: 'high' is not a level (1, 2, 3, 4 or n/a)"
    ]


def test_duplicate_id_across_groups_is_rejected(raw, toolkit):
    raw["professionals"][0]["id"] = "priya"
    assert problems_of(raw, toolkit)[0] == (
        "case.json > /professionals/0/id: id 'priya' (Dr Samira Haddad) is already used at /staff/0/id (Priya Shah); ids must be unique across the case"
    )


def test_unknown_person_reference_is_rejected(raw, toolkit):
    raw["meetings"][0]["invitees"][2]["person"] = "lyam"
    assert problems_of(raw, toolkit) == ["case.json > /meetings/0/invitees/2/person: 'lyam' is not the id of any person in this case"]


def test_rating_for_unknown_child_is_rejected(raw, toolkit):
    raw["assessments"][0]["ratings"]["1.1"]["levels"]["rubie"] = 2
    assert problems_of(raw, toolkit) == [
        "case.json > /assessments/0/ratings/1.1/levels/rubie: 'rubie' is not the id of any child in this case"
    ]


def test_key_worker_must_be_staff(raw, toolkit):
    raw["case"]["key_worker"] = "kayleigh"
    assert problems_of(raw, toolkit) == ["case.json > /case/key_worker: 'kayleigh' is the id of Kayleigh O'Neill, not of any member of staff in this case"]


def test_unknown_item_code_is_rejected(raw, toolkit):
    raw["assessments"][0]["ratings"]["7.1"] = {"levels": {"ruby": 2}}
    assert problems_of(raw, toolkit) == [
        "case.json > /assessments/0/ratings/7.1: '7.1' is not an item of Family Strengths and Needs Toolkit"
    ]


def test_impossible_date_is_rejected(raw, toolkit):
    raw["children"][0]["date_of_birth"] = "2012-02-30"
    assert problems_of(raw, toolkit) == ["case.json > /children/0/date_of_birth: '2012-02-30' is not a real date: there is no 30 February 2012"]


def test_date_in_wrong_form_is_rejected_with_the_form_to_use(raw, toolkit):
    raw["meetings"][0]["date"] = "20/11/2026"
    assert problems_of(raw, toolkit) == ["case.json > /meetings/0/date: '20/11/2026' is not a date (write it as YYYY-MM-DD)"]


def test_review_dated_before_baseline_is_rejected(raw, toolkit):
    raw["assessments"][1]["date"] = "2026-07-01"
    assert problems_of(raw, toolkit) == ["case.json > /assessments/1/date: a review must be dated after the baseline (2026-08-03)"]


def test_missing_required_field_is_reported(raw, toolkit):
    del raw["children"][1]["date_of_birth"]
    assert problems_of(raw, toolkit) == ["case.json > /children/1/date_of_birth: required field is missing"]


def test_misspelt_field_is_reported(raw, toolkit):
    raw["family"][0]["phnoe"] = raw["family"][0].pop("phone")
    assert problems_of(raw, toolkit) == ["case.json > /family/0/phnoe: is not a field this file knows; check its spelling"]


def test_unknown_kind_is_reported_with_allowed_values(raw, toolkit):
    raw["information_requests"][0]["basis"] = "asked nicely"
    assert problems_of(raw, toolkit) == [
        "case.json > /information_requests/0/basis: 'asked nicely' is not allowed here (use 'consent' or 'statutory')"
    ]


def test_consent_request_must_name_who_consented(raw, toolkit):
    del raw["information_requests"][1]["consent_from"]
    assert problems_of(raw, toolkit) == [
        "case.json > /information_requests/1/consent_from: a request made with consent must say who consented (a family member's id)"
    ]


def test_two_baselines_are_rejected(raw, toolkit):
    raw["assessments"][1]["kind"] = "baseline"
    assert problems_of(raw, toolkit) == ["case.json > /assessments: there should be exactly one baseline assessment; found 2"]


def test_every_problem_is_reported_at_once(raw, toolkit):
    raw["assessments"][1]["ratings"]["2.3"]["levels"]["amara"] = 5
    raw["children"][0]["date_of_birth"] = "2012-02-30"
    raw["meetings"][0]["chair"] = "nobody"
    raw["case"]["team_manager"] = "bob"
    found = problems_of(raw, toolkit)
    assert len(found) == 4
    assert "case.json > /meetings/0/chair: 'nobody' is not the id of any member of staff or professional in this case" in found
    assert "case.json > /case/team_manager: 'bob' is not the id of any member of staff in this case" in found


def test_item_rated_for_a_child_too_young_is_a_warning_not_an_error(raw, toolkit):
    raw["assessments"][0]["ratings"]["3.5"]["levels"]["jayden"] = 2
    checked = validate(raw, toolkit, locate)
    assert [str(w) for w in checked.warnings] == [
        "case.json > /assessments/0/ratings/3.5/levels/jayden: 3.5 Responding to adolescents is rated for a child aged 1; the item is for ages 11 and over"
    ]


def test_unrated_item_is_a_warning(raw, toolkit):
    del raw["assessments"][1]["ratings"]["5.5"]
    del raw["assessments"][1]["ratings"]["1.1"]["levels"]["jayden"]
    checked = validate(raw, toolkit, locate)
    assert [str(w) for w in checked.warnings] == [
        "case.json > /assessments/1/ratings/1.1/levels/jayden: 1.1 Food is not rated for jayden (Jayden O'Neill-Hale)",
        "case.json > /assessments/1/ratings/5.5: 5.5 Physical activity and leisure is not rated for any child",
    ]


def test_warnings_travel_with_errors_when_the_case_is_invalid(raw, toolkit):
    del raw["assessments"][1]["ratings"]["5.5"]
    raw["case"]["team_manager"] = "bob"
    assert problems_of(raw, toolkit, "warning") == ["case.json > /assessments/1/ratings/5.5: 5.5 Physical activity and leisure is not rated for any child"]


def test_a_case_that_is_not_an_object_is_rejected(toolkit):
    with pytest.raises(InvalidCase) as caught:
        validate([1, 2], toolkit, locate)
    assert str(caught.value) == "case.json > /: the file should hold one case, as a JSON object"


def test_error_messages_never_quote_evidence_text(raw, toolkit):
    raw["assessments"][0]["ratings"]["1.2"]["evidence"] = 12345
    raw["assessments"][0]["ratings"]["1.2"]["levels"]["ruby"] = "Kitchen was dirty"
    found = problems_of(raw, toolkit)
    assert found[0] == "case.json > /assessments/0/ratings/1.2/levels/ruby: 'text of 17 characters' is not a level (1, 2, 3, 4 or n/a)"
    assert found[1] == "case.json > /assessments/0/ratings/1.2/evidence: should be text"


def test_agency_check_naming_an_agency_not_on_the_list_offers_the_nearest_names(raw, toolkit):
    raw["agency_checks"] = [
        {"agency": "Police", "date": "2026-08-05", "by": "priya", "outcome": "nothing_known"},
        {"agency": "Polise", "date": "2026-08-05", "by": "priya"},
        {"agency": "Riverside Allotments", "date": "2026-08-05", "by": "priya"},
    ]
    assert problems_of(raw, toolkit) == [
        "case.json > /agency_checks/1/agency: 'Polise' is not an agency on the agency list; did you mean 'Police' or 'Ofsted'?",
        f"case.json > /agency_checks/2/agency: 'Riverside Allotments' is not an agency on the agency list; use a name from {DEFAULT_AGENCIES}",
    ]


def test_agency_check_is_made_by_a_member_of_staff_with_a_known_outcome(raw, toolkit):
    raw["agency_checks"] = [{"agency": "GP", "date": "2026-08-05", "by": "gp", "outcome": "told us a lot"}]
    assert problems_of(raw, toolkit) == [
        # What an agency said may be case notes, so the message does not repeat it.
        "case.json > /agency_checks/0/outcome: 'text of 13 characters' is not allowed here (use 'information_shared', 'nothing_known' or 'awaiting_reply')",
        "case.json > /agency_checks/0/by: 'gp' is the id of Dr Samira Haddad, not of any member of staff in this case",
    ]


def test_reply_received_before_the_request_was_sent_is_rejected(raw, toolkit):
    raw["information_requests"][0]["replied_on"] = "2026-08-03"  # the letter is dated 4 August
    raw["information_requests"][1]["replied_on"] = "2026-08-04"  # the same day is possible
    assert problems_of(raw, toolkit) == [
        "case.json > /information_requests/0/replied_on: the reply cannot come before the request was sent (2026-08-04)"
    ]
