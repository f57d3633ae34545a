"""The prompt sheet's agency list is data: groups, agencies, sub-agencies and the words that match a professional to one."""

from __future__ import annotations

import json

import pytest

from generator.agencies import load_agencies
from generator.errors import SettingsError
from generator.settings import load_settings

SEED_GROUPS = [
    "Police", "Probation", "Youth offending", "Health visitor", "GP", "Other health services", "CAMHS", "Other social care",
    "Domestic abuse service", "Youth worker", "Housing", "Drug and alcohol services", "Education", "Early years", "Ofsted",
    "Children's centres", "Family support", "Hospital services",
]  # fmt: skip


@pytest.fixture(scope="module")
def agencies(settings):
    return settings.agencies


def test_default_list_has_the_groups_of_the_guidance_prompt_sheet_in_its_order(agencies):
    assert [g.name for g in agencies.groups] == SEED_GROUPS


def test_sub_agencies_follow_the_agency_they_belong_to(agencies):
    health = next(g for g in agencies.groups if g.name == "Other health services")
    assert [(a.name, a.parent) for a in health.agencies][:3] == [
        ("Other health professional", None),
        ("Paediatrician or other specialist", "Other health professional"),
        ("Speech and language therapy", "Other health professional"),
    ]


@pytest.mark.parametrize(
    ("role", "organisation", "agency"),
    [
        ("GP", "Riverside Medical Practice", "GP"),
        ("Health Visitor", "0-19 Public Health Nursing", "Health visitor"),
        ("Designated Safeguarding Lead", "St Anne's C of E Primary", "School: designated teacher or safeguarding lead"),
        ("Designated Safeguarding Lead", "Northfield Academy", "School: designated teacher or safeguarding lead"),
        ("Housing Officer", "Northbridge Homes", "Housing services"),
        ("School Nurse", "Northfield Academy", "Other health professional"),  # the role decides before the organisation
        ("Community Mental Health Nurse", "Northbridge NHS Trust", "Adult mental health service"),  # a sub-agency before its agency
        ("Caseworker", "Women’s Aid Northbridge", "Local domestic abuse service"),  # a typographic apostrophe
        ("PCSO", "Neighbourhood Team", None),  # whole words only: PCSO is not PC
    ],
)
def test_a_professional_is_matched_by_role_then_by_organisation(agencies, role, organisation, agency):
    found = agencies.match(role, organisation)
    assert (found.name if found else None) == agency


def test_an_agency_is_found_by_its_short_or_full_name_however_it_is_typed(agencies):
    assert agencies.find("  police ").name == "Police (domestic abuse unit, family protection unit)"
    assert agencies.find("Police (Domestic abuse unit, family protection unit)").short_name == "Police"
    assert agencies.find("Polic") is None


def test_nearest_names_are_offered_for_a_misspelt_agency(agencies):
    assert agencies.nearest("Polise") == ["Police", "Ofsted"]
    assert agencies.nearest("helth visiter") == ["Health visitor"]
    assert agencies.nearest("zzzz") == []


def write(tmp_path, data) -> object:
    path = tmp_path / "ours.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_team_can_use_its_own_list_through_settings(tmp_path):
    own = write(tmp_path, {"name": "Ours", "groups": [{"name": "Police", "agencies": [{"name": "Northbridge Police", "match": {"agency": ["constabulary"]}}]}]})
    (tmp_path / "ours.toml").write_text('[agencies]\nfile = "ours.json"\n', encoding="utf-8")
    settings = load_settings(tmp_path / "ours.toml")
    assert settings.agencies_file == own
    assert settings.agencies.short_names == ("Northbridge Police",)
    assert settings.agencies.match("Sergeant", "Northshire Constabulary").name == "Northbridge Police"


def test_a_name_two_agencies_share_is_refused(tmp_path):
    path = write(tmp_path, {"name": "Twice", "groups": [{"name": "G", "agencies": [{"name": "School"}, {"name": "Schools", "short_name": "school"}]}]})
    with pytest.raises(SettingsError) as caught:
        load_agencies(path)
    assert str(caught.value) == f"{path}: the name 'school' is used by two agencies; each name must pick out one agency"


def test_a_broken_or_incomplete_list_is_a_settings_error_naming_the_file(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{\n  \"name\": ", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"broken.json > line 2, column 11: Expecting value"):
        load_agencies(broken)
    with pytest.raises(SettingsError, match=r"not a usable agency list \(KeyError\('groups'\) is missing or wrong\)"):
        load_agencies(write(tmp_path, {"name": "No groups"}))
    with pytest.raises(SettingsError, match="agency list file not found"):
        load_agencies(tmp_path / "missing.json")
