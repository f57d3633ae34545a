"""The toolkit is data: six areas, their items and ages, four levels."""

from __future__ import annotations

import json

import pytest

from generator.errors import SettingsError
from generator.toolkit import load_toolkit


def test_default_toolkit_has_six_areas_and_thirty_three_items(toolkit):
    assert [a.name for a in toolkit.areas] == [
        "Physical care",
        "Health",
        "Safety and supervision",
        "Love and care",
        "Stimulation and learning",
        "Capacity and commitment to change",
    ]
    assert len(toolkit.items) == 33
    assert toolkit.items["4.3"].name == "Adult arguments and violence"


def test_levels_are_the_four_of_the_guidance(toolkit):
    assert [(l.value, l.name) for l in toolkit.levels] == [
        (1, "Universal needs"),
        (2, "Additional needs"),
        (3, "Complex / intensive needs"),
        (4, "Acute / specialist needs"),
    ]


@pytest.mark.parametrize(
    ("code", "age", "applies"),
    [("2.1", 1, True), ("2.1", 2, False), ("3.5", 10, False), ("3.5", 11, True), ("5.1", None, True), ("5.1", 0, False), ("1.1", None, False), ("5.3", 4, True), ("5.3", 5, False)],
)
def test_items_apply_to_the_ages_in_the_definition(toolkit, code, age, applies):
    assert toolkit.items[code].applies_at(age) is applies


def test_every_item_has_a_plain_description(toolkit):
    assert all(item.description and item.family_name for item in toolkit.items.values())


def test_another_toolkit_file_can_be_loaded(tmp_path):
    path = tmp_path / "seven.json"
    path.write_text(json.dumps({
        "name": "Seven-area toolkit",
        "levels": [{"value": v, "name": f"L{v}", "family_words": f"w{v}", "colour": "#000", "tint": "#fff"} for v in (1, 2, 3, 4)],
        "areas": [{"code": "7", "name": "Housing", "items": [{"code": "7.1", "name": "Home", "description": "The home."}]}],
    }), encoding="utf-8")
    toolkit = load_toolkit(path)
    assert list(toolkit.items) == ["7.1"] and toolkit.name == "Seven-area toolkit"


def test_broken_toolkit_file_is_a_settings_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"name": "x"', encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_toolkit(path)
    assert str(caught.value) == f"{path} > line 1, column 13: Expecting ',' delimiter"
