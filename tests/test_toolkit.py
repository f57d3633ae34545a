"""The toolkit is data: six areas, their items and ages, four levels."""

from __future__ import annotations

import json
from pathlib import Path

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


# --- toolkits with more or fewer levels than the FSN's four -------------------------------------

FIFTH = {"value": 5, "name": "Critical / immediate needs", "family_words": "We are extremely worried", "colour": "#6a1b9a", "tint": "#e1bee7", "priority": True}


def toolkit_with_levels(tmp_path, levels) -> Path:
    """The default toolkit's areas and items with other levels; a settings file naming it."""
    from generator.toolkit import DEFAULT_TOOLKIT

    data = json.loads(DEFAULT_TOOLKIT.read_text(encoding="utf-8"))
    data["levels"] = levels(data["levels"])
    (tmp_path / "toolkit.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "settings.toml").write_text('[toolkit]\nfile = "toolkit.json"\n', encoding="utf-8")
    return tmp_path / "settings.toml"


@pytest.fixture
def five_levels(tmp_path):
    from generator.settings import load_settings

    return load_settings(toolkit_with_levels(tmp_path, lambda levels: [*levels, FIFTH]))


def test_the_fsn_toolkit_treats_levels_3_and_4_as_priorities(toolkit):
    assert toolkit.priority_levels == (3, 4)
    assert toolkit.levels_text == "1, 2, 3, 4 or n/a"


def test_a_toolkit_that_marks_no_priority_levels_takes_the_upper_half(tmp_path):
    from generator.settings import load_settings

    plain = lambda extra: lambda levels: [{k: v for k, v in lv.items() if k != "priority"} for lv in [*levels, *extra]]  # noqa: E731
    assert load_settings(toolkit_with_levels(tmp_path, plain([FIFTH]))).toolkit.priority_levels == (3, 4, 5)
    assert load_settings(toolkit_with_levels(tmp_path / "..", lambda levels: plain([])(levels[:3]))).toolkit.priority_levels == (2, 3)


def test_a_level_the_toolkit_does_not_have_is_reported_with_the_toolkits_levels(five_levels, raw, write_case):
    from generator.errors import InvalidCase
    from generator.pipeline import check_case

    raw["assessments"][0]["ratings"]["1.1"]["levels"]["ruby"] = 6
    raw["assessments"][0]["ratings"]["1.2"]["levels"]["ruby"] = "high"
    raw["assessments"][1]["ratings"]["1.1"]["levels"]["ruby"] = 5
    path = write_case(raw)
    with pytest.raises(InvalidCase) as caught:
        check_case(path, five_levels)
    assert [str(p) for p in caught.value.errors] == [
        f"{path} > /assessments/0/ratings/1.2/levels/ruby: 'high' is not a level (1, 2, 3, 4, 5 or n/a)",
        f"{path} > /assessments/0/ratings/1.1/levels/ruby: '6' is not a level (1, 2, 3, 4, 5 or n/a)",
    ]


def test_with_five_levels_both_formats_show_all_five(five_levels, raw, write_case, tmp_path):
    from readers import docx_text, normalise, pdf_text

    from generator.pipeline import BuildRequest, build

    for assessment in raw["assessments"]:
        assessment["ratings"]["1.1"]["levels"]["ruby"] = 5
        assessment["ratings"]["1.1"]["impact_on_child"] = "Ruby often goes without breakfast."
    result = build(BuildRequest((write_case(raw),), tmp_path / "out", five_levels, documents=("summary-sheet", "family-copy")))
    assert result.ok, [str(c.error) for c in result.cases]
    folder = result.cases[0].folder
    key = "1 Universal needs; 2 Additional needs; 3 Complex / intensive needs; 4 Acute / specialist needs; 5 Critical / immediate needs; n/a"
    for text in (normalise(docx_text(folder / "summary-sheet_review-1.docx")), normalise(pdf_text(folder / "summary-sheet_review-1.pdf"))):
        assert key in text
        assert "1.1 Food 5 was 5 2 was 2 2 was 2" in text  # the grid: Ruby's 5, then Amara's and Jayden's 2
        assert "1 Physical care 1 at level 5; 4 at level 2;" in text  # levels by area
        assert "Level: Ruby 5" in text  # among the priorities
        assert "5.6 Friendships is rated 3, 4 or 5 for Ruby, but no impact on the child is recorded." in text
    for text in (normalise(docx_text(folder / "family-copy_kayleigh.docx")), normalise(pdf_text(folder / "family-copy_kayleigh.pdf"))):
        assert "We are extremely worried about Ruby." in text


def test_with_five_levels_the_workbook_offers_all_five(five_levels, tmp_path):
    import openpyxl

    from generator.load.workbook import write_blank

    write_blank(tmp_path / "blank.xlsx", five_levels.toolkit)
    book = openpyxl.load_workbook(tmp_path / "blank.xlsx")
    formulas = {dv.formula1 for dv in book["Ratings"].data_validations.dataValidation}
    assert '"1,2,3,4,5,n/a"' in formulas


def test_with_five_levels_the_chart_keys_and_draws_all_five(five_levels):
    from generator.render import chart

    keys = tuple(chart.LevelKey(lv.value, lv.name, lv.tint, lv.colour) for lv in five_levels.toolkit.levels)
    data = chart.ChartData(("Ruby",), ("Baseline",), ("Physical care",), (("1.1", "1.2"),), {(0, 0, 0): (5, 1)}, keys)
    drawn = chart.layout(data)
    assert [label.text for label in drawn.labels[:6]] == [lv.name for lv in five_levels.toolkit.levels] + ["not rated or n/a"]
    assert [b.label for b in drawn.boxes[-2:]] == ["5", "1"]
    assert drawn.boxes[-2].fill == "#e1bee7"
    svg = chart.svg(drawn, "t", "d", "Liberation Sans")
    assert ">5<" not in svg  # drawn as strokes, like every other level's digit


def test_with_three_levels_both_formats_build_and_show_the_three(tmp_path, raw, write_case):
    from readers import docx_text, normalise, pdf_text

    from generator.pipeline import BuildRequest, build
    from generator.settings import load_settings

    three = load_settings(toolkit_with_levels(tmp_path, lambda levels: levels[:3]))
    assert three.toolkit.priority_levels == (3,)
    result = build(BuildRequest((write_case(raw),), tmp_path / "out", three, documents=("summary-sheet", "family-copy")))
    assert result.ok, [str(c.error) for c in result.cases]
    folder = result.cases[0].folder
    key = "The number is the level: 1 Universal needs; 2 Additional needs; 3 Complex / intensive needs; n/a: does not apply"
    for text in (normalise(docx_text(folder / "summary-sheet_review-1.docx")), normalise(pdf_text(folder / "summary-sheet_review-1.pdf"))):
        assert key in text
        assert "Acute" not in text
