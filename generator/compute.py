"""Derived facts of toolkit assessments: levels, counts, priorities, change over time, warnings, prompts.

Pure functions over the model and the toolkit; nothing here formats text for a reader. The toolkit is
not a scoring exercise, so nothing here adds levels up: results are levels, counts of items at each
level, and lists, never one total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model import Assessment, Case, Child, Rating
from generator.toolkit import NOT_APPLICABLE, Area, Item, Prompt, Toolkit

# A child's level on one item: one of the toolkit's levels, "n/a" (does not apply), or None (nobody rated it).
# The levels the guidance treats as priorities ("high") are the toolkit's: Toolkit.priority_levels.
LevelValue = int | str | None

BETTER, WORSE, SAME, NEWLY_RATED, NO_LONGER_RATED = "better", "worse", "same", "newly rated", "no longer rated"
DIRECTIONS = (BETTER, WORSE, SAME, NEWLY_RATED, NO_LONGER_RATED)

NOT_RATED, HIGH_WITHOUT_IMPACT, OUTSIDE_AGE = "not rated", "high without impact", "outside age"

def is_level(value: LevelValue) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def level_of(assessment: Assessment, item_code: str, child_id: str) -> LevelValue:
    rating = assessment.ratings.get(item_code)
    if rating is None:
        return None
    return rating.levels.get(child_id)


def history(case: Case, assessment_id: str) -> tuple[Assessment, ...]:
    """The assessments up to and including this one, oldest first (the baseline leads)."""
    current = case.assessment(assessment_id)
    earlier = [a for a in case.assessments if a.date <= current.date]
    return tuple(sorted(earlier, key=lambda a: (a.kind != "baseline", a.date)))


def latest(case: Case) -> Assessment | None:
    return max(case.assessments, key=lambda a: (a.date, a.kind != "baseline"), default=None)


# -- one assessment ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaCounts:
    """How many of an area's items sit at each level for one child."""

    area: Area
    child_id: str
    at_level: dict[int, int]  # level -> number of items, every level present
    not_applicable: int
    not_rated: int

    @property
    def rated(self) -> int:
        return sum(self.at_level.values())


def area_counts(assessment: Assessment, toolkit: Toolkit, child_ids: Iterable[str]) -> tuple[AreaCounts, ...]:
    """Per area, then per child: the picture of good and worrying care."""
    out = []
    for area in toolkit.areas:
        for child_id in child_ids:
            levels = [level_of(assessment, item.code, child_id) for item in area.items]
            out.append(
                AreaCounts(
                    area=area,
                    child_id=child_id,
                    at_level={v: sum(1 for lv in levels if lv == v) for v in toolkit.level_values},
                    not_applicable=sum(1 for lv in levels if lv == NOT_APPLICABLE),
                    not_rated=sum(1 for lv in levels if lv is None),
                )
            )
    return tuple(out)


@dataclass(frozen=True)
class Priority:
    """An item rated at a priority level (3 or 4 of the FSN toolkit) for at least one child, with the notes that explain it."""

    item: Item
    levels: dict[str, int]  # child id -> a priority level, only the children rated high
    rating: Rating

    @property
    def evidence(self) -> str | None:
        return self.rating.evidence

    @property
    def impact(self) -> str | None:
        return self.rating.impact_on_child


def priorities(assessment: Assessment, toolkit: Toolkit, child_ids: Iterable[str]) -> tuple[Priority, ...]:
    child_ids = tuple(child_ids)
    out = []
    for item in toolkit.items.values():
        rating = assessment.ratings.get(item.code)
        if rating is None:
            continue
        high = {c: rating.levels[c] for c in child_ids if rating.levels.get(c) in toolkit.priority_levels}
        if high:
            out.append(Priority(item, high, rating))
    return tuple(out)


# -- change over time -------------------------------------------------------------------------


def direction(before: LevelValue, after: LevelValue) -> str | None:
    """How one child's level on one item moved; None when it was never a level on either side."""
    if is_level(before) and is_level(after):
        return BETTER if after < before else WORSE if after > before else SAME
    if is_level(after):
        return NEWLY_RATED
    if is_level(before):
        return NO_LONGER_RATED
    return None


@dataclass(frozen=True)
class ItemChange:
    item: Item
    child_id: str
    before: LevelValue
    after: LevelValue
    direction: str


@dataclass(frozen=True)
class AreaChange:
    area: Area
    child_id: str
    counts: dict[str, int]  # direction -> number of items, every direction present


@dataclass(frozen=True)
class Comparison:
    """What changed between two assessments of the same children."""

    before: Assessment
    after: Assessment
    items: tuple[ItemChange, ...]
    areas: tuple[AreaChange, ...]

    def item(self, code: str, child_id: str) -> ItemChange | None:
        return next((c for c in self.items if c.item.code == code and c.child_id == child_id), None)

    def total(self, which: str) -> int:
        return sum(1 for c in self.items if c.direction == which)


def compare(before: Assessment, after: Assessment, toolkit: Toolkit, child_ids: Iterable[str]) -> Comparison:
    child_ids = tuple(child_ids)
    items = []
    for item in toolkit.items.values():
        for child_id in child_ids:
            was, now = level_of(before, item.code, child_id), level_of(after, item.code, child_id)
            moved = direction(was, now)
            if moved is not None:
                items.append(ItemChange(item, child_id, was, now, moved))
    areas = tuple(
        AreaChange(
            area,
            child_id,
            {d: sum(1 for c in items if c.item.area_code == area.code and c.child_id == child_id and c.direction == d) for d in DIRECTIONS},
        )
        for area in toolkit.areas
        for child_id in child_ids
    )
    return Comparison(before, after, tuple(items), areas)


@dataclass(frozen=True)
class Changes:
    """A review's changes: since the baseline and since the review before it (the same when there is one review)."""

    since_baseline: Comparison | None
    since_previous: Comparison | None

    @property
    def previous_is_baseline(self) -> bool:
        return self.since_previous is not None and self.since_baseline is not None and self.since_previous.before.id == self.since_baseline.before.id


def changes(assessments: tuple[Assessment, ...], toolkit: Toolkit, child_ids: Iterable[str]) -> Changes:
    """`assessments` oldest first, ending with the one being summarised (see history())."""
    child_ids = tuple(child_ids)
    if len(assessments) < 2:
        return Changes(None, None)
    current = assessments[-1]
    return Changes(compare(assessments[0], current, toolkit, child_ids), compare(assessments[-2], current, toolkit, child_ids))


@dataclass(frozen=True)
class SeriesPoint:
    """One bar of the distance-travelled chart: a child's area at one assessment."""

    assessment: Assessment
    counts: AreaCounts


@dataclass(frozen=True)
class AreaSeries:
    child_id: str
    area: Area
    points: tuple[SeriesPoint, ...]  # oldest first


def distance_travelled(assessments: tuple[Assessment, ...], toolkit: Toolkit, child_ids: Iterable[str]) -> tuple[AreaSeries, ...]:
    """Levels per area over the baseline and each review, per child: what the chart draws."""
    child_ids = tuple(child_ids)
    per_assessment = [(a, {(c.area.code, c.child_id): c for c in area_counts(a, toolkit, child_ids)}) for a in assessments]
    return tuple(
        AreaSeries(child_id, area, tuple(SeriesPoint(a, counts[(area.code, child_id)]) for a, counts in per_assessment))
        for child_id in child_ids
        for area in toolkit.areas
    )


# -- warnings and the guidance's prompts ------------------------------------------------------


@dataclass(frozen=True)
class QualityWarning:
    """Something missing or odd in the ratings, for the practitioner to put right."""

    kind: str  # NOT_RATED, HIGH_WITHOUT_IMPACT or OUTSIDE_AGE
    item: Item
    child_ids: tuple[str, ...]


def quality_warnings(assessment: Assessment, toolkit: Toolkit, children: Iterable[Child]) -> tuple[QualityWarning, ...]:
    children = tuple(children)
    out = []
    for item in toolkit.items.values():
        levels = {c.id: level_of(assessment, item.code, c.id) for c in children}
        unrated = tuple(c for c, lv in levels.items() if lv is None)
        if unrated:
            out.append(QualityWarning(NOT_RATED, item, unrated))
        high = tuple(c for c, lv in levels.items() if lv in toolkit.priority_levels)
        rating = assessment.ratings.get(item.code)
        if high and (rating is None or not rating.impact_on_child):
            out.append(QualityWarning(HIGH_WITHOUT_IMPACT, item, high))
        too_young_or_old = tuple(c.id for c in children if is_level(levels[c.id]) and not item.applies_at(c.age_on(assessment.date)))
        if too_young_or_old:
            out.append(QualityWarning(OUTSIDE_AGE, item, too_young_or_old))
    return tuple(out)


@dataclass(frozen=True)
class PromptHit:
    """A prompt the guidance gives, and the children and items that raised it."""

    prompt: Prompt
    child_ids: tuple[str, ...]
    item_codes: tuple[str, ...]


def _mainly_high_with_impact(assessment: Assessment, toolkit: Toolkit, child_id: str) -> tuple[str, ...]:
    """The high items behind the prompt, or () when it does not apply to this child.

    "Mainly" is read as more than half of the items rated for the child (those that do not apply are
    left out), and "with impact" as at least one of those high items having its impact recorded.
    """
    levels = {code: level_of(assessment, code, child_id) for code in toolkit.items}
    rated = [code for code, lv in levels.items() if is_level(lv)]
    high = [code for code in rated if levels[code] in toolkit.priority_levels]
    with_impact = [code for code in high if assessment.ratings[code].impact_on_child]
    if rated and len(high) * 2 > len(rated) and with_impact:
        return tuple(high)
    return ()


def prompts(assessment: Assessment, toolkit: Toolkit, child_ids: Iterable[str]) -> tuple[PromptHit, ...]:
    child_ids = tuple(child_ids)
    out = []
    for prompt in toolkit.prompts:
        if prompt.when == "mainly_high_with_impact":
            behind = {c: _mainly_high_with_impact(assessment, toolkit, c) for c in child_ids}
            hit_children = tuple(c for c in child_ids if behind[c])
            codes = tuple(code for code in toolkit.items if any(code in behind[c] for c in hit_children))
        elif prompt.when == "high_on_item":
            high = toolkit.priority_levels
            codes = tuple(code for code in prompt.items if any(level_of(assessment, code, c) in high for c in child_ids))
            hit_children = tuple(c for c in child_ids if any(level_of(assessment, code, c) in high for code in codes))
        else:
            continue  # a toolkit file from a newer version may know prompts this one does not
        if hit_children:
            out.append(PromptHit(prompt, hit_children, codes))
    return tuple(out)
