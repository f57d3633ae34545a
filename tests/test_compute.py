"""Derived facts of the reference case's assessments: levels, counts, changes, warnings, prompts, withholding."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import compute
from generator.model import Case

CHILDREN = ("ruby", "amara", "jayden")


@pytest.fixture(scope="module")
def case(reference_data) -> Case:
    return Case.model_validate(reference_data)


def make_case(raw: dict) -> Case:
    return Case.model_validate(raw)


def test_levels_are_read_per_child_and_item_with_not_applicable_and_unrated_kept_apart(case):
    baseline = case.assessment("baseline")
    assert compute.level_of(baseline, "1.6", "ruby") == 3
    assert compute.level_of(baseline, "2.1", "ruby") == "n/a"
    assert compute.level_of(baseline, "9.9", "ruby") is None


def test_history_runs_from_the_baseline_to_the_assessment_asked_for(case):
    assert [a.id for a in compute.history(case, "review-1")] == ["baseline", "review-1"]
    assert [a.id for a in compute.history(case, "baseline")] == ["baseline"]
    assert compute.latest(case).id == "review-1"


def test_area_counts_say_how_many_items_sit_at_each_level_for_each_child(case, toolkit):
    counts = {(c.area.code, c.child_id): c for c in compute.area_counts(case.assessment("baseline"), toolkit, CHILDREN)}
    physical_ruby = counts[("1", "ruby")]
    assert physical_ruby.at_level == {1: 1, 2: 3, 3: 2, 4: 0}
    assert (physical_ruby.not_applicable, physical_ruby.not_rated) == (0, 0)
    stimulation_jayden = counts[("5", "jayden")]
    assert stimulation_jayden.at_level == {1: 0, 2: 3, 3: 0, 4: 0}
    assert stimulation_jayden.not_applicable == 4


def test_priorities_are_the_items_rated_3_or_4_with_their_evidence_and_impact(case, toolkit):
    found = {p.item.code: p for p in compute.priorities(case.assessment("baseline"), toolkit, CHILDREN)}
    assert set(found) == {"1.2", "1.6", "2.1", "2.3", "3.2", "4.1", "4.3", "4.4", "5.6", "6.3"}
    assert found["3.2"].levels == {"amara": 3, "jayden": 3}  # Ruby is a 2 on this item, so not listed
    assert found["1.6"].evidence.startswith("Amara and Ruby often arrive at school")
    assert found["4.1"].impact is None


def test_hygiene_went_from_3_to_2_for_each_child_since_the_baseline(case, toolkit):
    changes = compute.changes(compute.history(case, "review-1"), toolkit, CHILDREN)
    for child in CHILDREN:
        change = changes.since_baseline.item("1.6", child)
        assert (change.before, change.after, change.direction) == (3, 2, compute.BETTER)


def test_every_changed_item_of_the_review_is_found_child_by_child(case, toolkit):
    comparison = compute.changes(compute.history(case, "review-1"), toolkit, CHILDREN).since_baseline
    moved = {(c.item.code, c.child_id): (c.before, c.after, c.direction) for c in comparison.items if c.direction != compute.SAME}
    better = {code: children for code, children in {
        "1.2": CHILDREN, "1.6": CHILDREN, "2.1": ("jayden",), "2.3": CHILDREN, "3.2": ("amara", "jayden"),
        "4.1": ("ruby",), "4.4": ("ruby", "amara"), "6.1": CHILDREN,
    }.items()}
    expected = {(code, child): compute.BETTER for code, children in better.items() for child in children}
    expected.update({("4.7", child): compute.WORSE for child in CHILDREN})
    assert {key: value[2] for key, value in moved.items()} == expected
    assert moved[("4.7", "ruby")] == (2, 3, compute.WORSE)
    assert moved[("6.1", "amara")] == (2, 1, compute.BETTER)


def test_changes_are_counted_per_area_and_over_all_items(case, toolkit):
    comparison = compute.changes(compute.history(case, "review-1"), toolkit, CHILDREN).since_baseline
    areas = {(a.area.code, a.child_id): a.counts for a in comparison.areas}
    assert areas[("1", "ruby")] == {"better": 2, "worse": 0, "same": 4, "newly rated": 0, "no longer rated": 0}
    assert areas[("4", "amara")] == {"better": 1, "worse": 1, "same": 5, "newly rated": 0, "no longer rated": 0}
    assert [comparison.total(d) for d in compute.DIRECTIONS] == [18, 3, 60, 0, 0]


def test_items_that_never_had_a_level_are_not_counted_as_changes(case, toolkit):
    comparison = compute.changes(compute.history(case, "review-1"), toolkit, CHILDREN).since_baseline
    assert comparison.item("5.1", "ruby") is None  # does not apply, at both assessments


def test_a_single_review_compares_with_the_baseline_which_is_also_the_previous_assessment(case, toolkit):
    changes = compute.changes(compute.history(case, "review-1"), toolkit, CHILDREN)
    assert changes.previous_is_baseline
    assert compute.changes(compute.history(case, "baseline"), toolkit, CHILDREN) == compute.Changes(None, None)


def test_a_second_review_is_compared_with_the_first_and_with_the_baseline(raw, toolkit):
    second = {**raw["assessments"][1], "id": "review-2", "date": "2027-02-01"}
    second["ratings"] = {**second["ratings"], "1.6": {"levels": {"ruby": 1, "amara": "n/a", "jayden": 2}}}
    raw["assessments"].append(second)
    case = make_case(raw)
    changes = compute.changes(compute.history(case, "review-2"), toolkit, CHILDREN)
    assert not changes.previous_is_baseline
    assert changes.since_previous.item("1.6", "ruby").direction == compute.BETTER  # 2 -> 1
    assert changes.since_baseline.item("1.6", "jayden").direction == compute.BETTER  # 3 -> 2
    assert changes.since_previous.item("1.6", "jayden").direction == compute.SAME
    assert changes.since_previous.item("1.6", "amara").direction == compute.NO_LONGER_RATED


def test_an_item_that_gets_a_level_for_the_first_time_is_newly_rated(raw, toolkit):
    raw["assessments"][0]["ratings"]["5.6"]["levels"]["amara"] = "n/a"
    case = make_case(raw)
    change = compute.changes(compute.history(case, "review-1"), toolkit, CHILDREN).since_baseline.item("5.6", "amara")
    assert (change.before, change.after, change.direction) == ("n/a", 2, compute.NEWLY_RATED)


def test_distance_travelled_gives_each_childs_area_at_every_assessment(case, toolkit):
    series = compute.distance_travelled(compute.history(case, "review-1"), toolkit, CHILDREN)
    assert len(series) == 3 * 6
    physical_ruby = next(s for s in series if s.child_id == "ruby" and s.area.code == "1")
    assert [p.assessment.id for p in physical_ruby.points] == ["baseline", "review-1"]
    assert [p.counts.at_level for p in physical_ruby.points] == [{1: 1, 2: 3, 3: 2, 4: 0}, {1: 1, 2: 5, 3: 0, 4: 0}]


def test_a_3_or_4_with_no_impact_recorded_is_a_warning(case, toolkit):
    baseline = compute.quality_warnings(case.assessment("baseline"), toolkit, case.children)
    assert [(w.kind, w.item.code, w.child_ids) for w in baseline] == [
        (compute.HIGH_WITHOUT_IMPACT, "4.1", ("ruby",)),
        (compute.HIGH_WITHOUT_IMPACT, "5.6", ("ruby",)),
    ]
    review = compute.quality_warnings(case.assessment("review-1"), toolkit, case.children)
    assert [(w.kind, w.item.code, w.child_ids) for w in review] == [(compute.HIGH_WITHOUT_IMPACT, "5.6", ("ruby",))]


def test_items_left_unrated_are_warnings_naming_the_children(raw, toolkit):
    ratings = raw["assessments"][1]["ratings"]
    del ratings["1.1"]
    del ratings["3.4"]["levels"]["amara"]
    case = make_case(raw)
    warnings = [(w.item.code, w.child_ids) for w in compute.quality_warnings(case.assessment("review-1"), toolkit, case.children) if w.kind == compute.NOT_RATED]
    assert warnings == [("1.1", CHILDREN), ("3.4", ("amara",))]


def test_an_item_rated_for_a_child_it_does_not_apply_to_by_age_is_a_warning(raw, toolkit):
    raw["assessments"][1]["ratings"]["2.1"]["levels"]["ruby"] = 2  # safe sleep for babies; Ruby is 14
    raw["assessments"][1]["ratings"]["5.6"]["levels"]["jayden"] = 2  # friendships, from age 3; Jayden is 1
    case = make_case(raw)
    warnings = [(w.item.code, w.child_ids) for w in compute.quality_warnings(case.assessment("review-1"), toolkit, case.children) if w.kind == compute.OUTSIDE_AGE]
    assert warnings == [("2.1", ("ruby",)), ("5.6", ("jayden",))]


def test_a_3_on_adult_arguments_and_violence_prompts_thinking_about_domestic_abuse(case, toolkit):
    hits = compute.prompts(case.assessment("review-1"), toolkit, CHILDREN)
    assert [h.prompt.key for h in hits] == ["domestic_abuse"]
    assert hits[0].child_ids == CHILDREN and hits[0].item_codes == ("4.3",)
    assert hits[0].prompt.text.startswith("Adult arguments and violence is rated 3 or 4.")


def test_mainly_3s_and_4s_with_impact_recorded_prompts_a_talk_with_the_safeguarding_lead(raw, toolkit):
    for code, rating in raw["assessments"][1]["ratings"].items():
        if rating["levels"].get("jayden") not in ("n/a", None):
            rating["levels"]["jayden"] = 3 if code < "4" else 2  # areas 1-3 high, the rest not: still mainly high
    case = make_case(raw)
    hits = {h.prompt.key: h for h in compute.prompts(case.assessment("review-1"), toolkit, CHILDREN)}
    lead = hits["safeguarding_lead"]
    assert lead.child_ids == ("jayden",)
    assert "1.6" in lead.item_codes and "6.1" not in lead.item_codes


def test_mainly_3s_and_4s_without_any_impact_recorded_does_not_prompt(raw, toolkit):
    for rating in raw["assessments"][1]["ratings"].values():
        rating.pop("impact_on_child", None)
        if rating["levels"].get("jayden") not in ("n/a", None):
            rating["levels"]["jayden"] = 4
    case = make_case(raw)
    assert "safeguarding_lead" not in [h.prompt.key for h in compute.prompts(case.assessment("review-1"), toolkit, CHILDREN)]
