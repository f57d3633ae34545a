"""The Welsh data files beside the English ones: same shape, every text field in Welsh, nothing else.

A Welsh case reads its toolkit, plain words, meeting kinds and agency names from these files; a field
the English file has and the Welsh one lacks would leave English (or nothing) in a Welsh document.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.documents.common import lower_first
from generator.plain import _pattern

DATA = Path(__file__).resolve().parent.parent / "generator" / "data"
TEXT_FIELDS_OF_ITEMS = ("name", "family_name", "description")


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def items(toolkit: dict) -> dict[str, dict]:
    return {item["code"]: item for area in toolkit["areas"] for item in area["items"]}


def welsh_jargon():
    return _pattern(tuple(load("plain-words.cy.json")["terms"]))


@pytest.fixture(scope="module")
def toolkits():
    return load("toolkit-fsn.json"), load("toolkit-fsn.cy.json")


def test_welsh_toolkit_has_every_area_item_and_level_of_the_english_one_in_the_same_order(toolkits):
    en, cy = toolkits
    assert [a["code"] for a in cy["areas"]] == [a["code"] for a in en["areas"]]
    assert list(items(cy)) == list(items(en))
    assert [lv["value"] for lv in cy["levels"]] == [lv["value"] for lv in en["levels"]]
    assert cy["not_applicable"]["value"] == en["not_applicable"]["value"]
    assert set(cy["prompts"]) == set(en["prompts"])


def test_welsh_toolkit_gives_every_text_field_of_the_english_one_in_other_words(toolkits):
    en, cy = toolkits
    pairs = [(en["name"], cy["name"]), (en["short_name"], cy["short_name"])]
    pairs += [(e[f], c[f]) for e, c in zip(en["levels"], cy["levels"]) for f in ("name", "family_words")]
    pairs += [(en["not_applicable"][f], cy["not_applicable"][f]) for f in ("name", "family_words")]
    pairs += [(en["prompts"][k]["text"], cy["prompts"][k]["text"]) for k in en["prompts"]]
    pairs += [(e["name"], c["name"]) for e, c in zip(en["areas"], cy["areas"])]
    en_items, cy_items = items(en), items(cy)
    for code, item in en_items.items():
        for field in TEXT_FIELDS_OF_ITEMS:
            if field in item:
                pairs.append((item[field], cy_items[code][field]))
    untranslated = [e for e, c in pairs if not c.strip() or (c == e and not e[:1].isdigit())]
    assert untranslated == []


def test_welsh_toolkit_leaves_colours_ages_and_rules_to_the_english_file(toolkits):
    _, cy = toolkits
    assert all(set(lv) == {"value", "name", "family_words"} for lv in cy["levels"])
    assert all(set(p) == {"text"} for p in cy["prompts"].values())
    assert all(set(item) == {"code", *TEXT_FIELDS_OF_ITEMS} for item in items(cy).values())


def test_welsh_item_descriptions_start_as_a_question_so_they_read_after_the_family_copy_lead_in(toolkits):
    # "Rydym yn holi a ydy'r plentyn ...": each description is a question, as the English "Whether ...", whose first word lower_first can lower-case.
    _, cy = toolkits
    assert [code for code, item in items(cy).items() if not item["description"].startswith(("Ydy", "Oes"))] == []


def test_welsh_item_family_names_and_descriptions_lower_case_where_a_family_copy_runs_them_into_a_sentence(toolkits):
    # "Mae pethau'n mynd yn dda: bwyd a phrydau bwyd; cyflwr y cartref": a first word of one letter ("Y cartref",
    # "A yw") is taken for an abbreviation and keeps its capital, so none starts that way.
    _, cy = toolkits
    texts = [text for item in items(cy).values() for text in (item["family_name"], item["description"])]
    assert [text for text in texts if not lower_first(text)[:1].islower()] == []


def test_welsh_family_words_of_the_toolkit_use_no_welsh_jargon(toolkits):
    _, cy = toolkits
    pattern = welsh_jargon()
    family_text = [lv["family_words"] for lv in cy["levels"]] + [cy["not_applicable"]["family_words"]]
    family_text += [f"{item['family_name']} {item['description']}" for item in items(cy).values()]
    assert [text for text in family_text if pattern.search(text)] == []


def test_welsh_plain_words_keep_every_english_abbreviation_and_role():
    en, cy = load("plain-words.json"), load("plain-words.cy.json")
    abbreviations = [t for t in en["terms"] if t == t.upper()]
    assert [t for t in abbreviations if t not in cy["terms"]] == []
    assert [role for role in en["roles"] if role not in cy["roles"]] == []
    assert len(cy["terms"]) == len(set(cy["terms"]))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Mae'r plant ar gynllun plentyn mewn angen.", ["gynllun plentyn mewn angen"]),
        ("Byddwn yn trafod eich cynllun amddiffyn plant.", ["cynllun amddiffyn plant"]),
        ("Mae'r gwaith diogelu yn parhau, ac mae'n bwysig ddiogelu'r plant.", ["diogelu", "ddiogelu"]),
        ("Bydd y grŵp craidd yn cwrdd.", ["grŵp craidd"]),
        ("Mae'r TAC yn cwrdd ddydd Llun.", ["TAC"]),
        ("Mae'r plant yn ddiogel gartref.", []),
    ],
)
def test_welsh_jargon_is_found_in_welsh_text_also_after_a_mutation(text, found):
    assert welsh_jargon().findall(text) == found


def test_welsh_meeting_kinds_match_what_the_english_ones_match_and_welsh_kinds_too():
    en, cy = load("meeting-kinds.json"), load("meeting-kinds.cy.json")
    assert len(cy["kinds"]) == len(en["kinds"])
    for en_kind, cy_kind in zip(en["kinds"], cy["kinds"]):
        assert set(en_kind["match"]) <= set(cy_kind["match"])
        assert all(word == word.casefold() for word in cy_kind["match"])
    welsh_kinds = {"Cyfarfod Teulu": "Cyfarfod teulu", "Cynhadledd Amddiffyn Plant": "Cynhadledd amddiffyn plant", "Cyfarfod y Grŵp Craidd": "Cyfarfod i adolygu'r cynllun", "Cyfarfod Adolygu": "Cyfarfod cymorth i'r teulu"}
    for typed, name in welsh_kinds.items():
        entry = next((k for k in cy["kinds"] if any(word in typed.casefold() for word in k["match"])), cy["default"])
        assert entry["name"] == name


def test_welsh_meeting_names_and_purposes_use_no_welsh_jargon():
    cy = load("meeting-kinds.cy.json")
    pattern = welsh_jargon()
    texts = [f"{k['name']} {k['purpose']}" for k in cy["kinds"] + [cy["default"]]]
    assert [text for text in texts if pattern.search(text)] == []


def test_welsh_agency_names_follow_the_english_list_group_by_group():
    en, cy = load("agencies.json"), load("agencies.cy.json")
    assert len(cy["groups"]) == len(en["groups"])
    for en_group, cy_group in zip(en["groups"], cy["groups"]):
        assert len(cy_group["agencies"]) == len(en_group["agencies"]), en_group["name"]
        for en_agency, cy_agency in zip(en_group["agencies"], cy_group["agencies"]):
            assert len(cy_agency.get("sub_agencies", [])) == len(en_agency.get("sub_agencies", [])), en_agency["name"]
            assert cy_agency["name"].strip()
