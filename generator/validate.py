"""Raw case data -> the model. Collects every problem (errors and warnings), then raises once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from generator.errors import InvalidCase, Location, Problem
from generator.limits import check as check_limits
from generator.model import NOT_APPLICABLE, Case, shown
from generator.toolkit import Toolkit

Locate = Callable[[str], Location]
ITEM_CODE = re.compile(r"\d+\.\d+")
PEOPLE_GROUPS = ("staff", "children", "family", "professionals")
OTHER_ID_GROUPS = ("assessments", "plan", "meetings")

# Pydantic's own wording for the few structural checks we do not phrase ourselves.
STRUCTURAL_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "is not a field this file knows; check its spelling",
    "string_type": "should be text",
    "bool_type": "should be true or false",
    "int_type": "should be a whole number",
    "list_type": "should be a list",
    "tuple_type": "should be a list",
    "dict_type": "should be an object",
    "model_type": "should be an object",
    "model_attributes_type": "should be an object",
    "too_short": "needs at least one entry",
}


def pointer(*parts: Any) -> str:
    """A JSON pointer (RFC 6901) to the given path."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass(frozen=True)
class Validated:
    case: Case
    warnings: tuple[Problem, ...]


def validate(raw: Any, toolkit: Toolkit, locate: Locate) -> Validated:
    """Checks everything, and returns the case with its warnings or raises InvalidCase listing all problems."""
    if not isinstance(raw, dict):
        raise InvalidCase([Problem(locate(""), "the file should hold one case, as a JSON object")])
    problems = check_limits(raw, locate)
    problems += _structural(raw, locate)
    problems += _Checks(raw, toolkit, locate).run()
    if any(p.severity == "error" for p in problems):
        raise InvalidCase(problems)
    return Validated(Case.model_validate(raw), tuple(problems))


def _structural(raw: dict, locate: Locate) -> Iterator[Problem]:
    try:
        Case.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            loc = error["loc"]
            message = error["msg"] if error["type"] not in STRUCTURAL_MESSAGES else STRUCTURAL_MESSAGES[error["type"]]
            if error["type"] == "literal_error":
                allowed = error.get("ctx", {}).get("expected", "")
                message = f"'{shown(error['input'])}' is not allowed here (use {allowed})"
            yield Problem(locate(pointer(*loc)), message)


def _records(raw: dict, key: str) -> Iterator[tuple[str, dict]]:
    """The dict entries of a list at raw[key], with their pointers; anything else is skipped
    (the structural pass has already reported it)."""
    value = raw.get(key)
    if isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                yield pointer(key, index), entry


def _ids(value: Any) -> list[tuple[int, str]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class _Checks:
    """The rules that span more than one field: references, uniqueness, the toolkit, dates."""

    def __init__(self, raw: dict, toolkit: Toolkit, locate: Locate):
        self.raw, self.toolkit, self.locate = raw, toolkit, locate
        self.problems: list[Problem] = []
        self.groups = {g: {e["id"].strip() for _, e in _records(raw, g) if isinstance(e.get("id"), str)} for g in PEOPLE_GROUPS}
        self.people = set().union(*self.groups.values())

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.locate(where), message))

    def warn(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.locate(where), message, "warning"))

    def run(self) -> list[Problem]:
        self.unique_ids()
        self.references()
        self.assessments()
        self.details()
        return self.problems

    def unique_ids(self) -> None:
        seen: dict[str, str] = {}
        for group in PEOPLE_GROUPS + OTHER_ID_GROUPS:
            for where, entry in _records(self.raw, group):
                value = entry.get("id")
                if not isinstance(value, str):
                    continue
                if value.strip() in seen:
                    self.error(f"{where}/id", f"id '{value.strip()}' is already used at {seen[value.strip()]}; ids must be unique across the case")
                else:
                    seen[value.strip()] = f"{where}/id"

    def ref(self, where: str, value: Any, allowed: tuple[str, ...], what: str) -> None:
        if not isinstance(value, str) or not value.strip():
            return
        known = set().union(*(self.groups[g] for g in allowed))
        if value.strip() not in known:
            self.error(where, f"'{value.strip()}' is not the id of any {what} in this case")

    def refs(self, where: str, values: Any, allowed: tuple[str, ...], what: str) -> None:
        for index, value in _ids(values):
            self.ref(f"{where}/{index}", value, allowed, what)

    def references(self) -> None:
        anyone = PEOPLE_GROUPS
        case = self.raw.get("case") if isinstance(self.raw.get("case"), dict) else {}
        for key in ("key_worker", "team_manager"):
            self.ref(f"/case/{key}", case.get(key), ("staff",), "member of staff")
        for where, member in _records(self.raw, "family"):
            self.refs(f"{where}/children", member.get("children"), ("children",), "child")
        for where, action in _records(self.raw, "plan"):
            self.ref(f"{where}/who", action.get("who"), anyone, "person")
            need = action.get("need")
            if isinstance(need, str) and ITEM_CODE.fullmatch(need.strip()) and need.strip() not in self.toolkit.items:
                self.error(f"{where}/need", f"'{need.strip()}' is not an item of {self.toolkit.name}")
        for where, meeting in _records(self.raw, "meetings"):
            self.ref(f"{where}/chair", meeting.get("chair"), ("staff", "professionals"), "member of staff or professional")
            for i_where, invitee in _records(meeting, "invitees"):
                self.ref(f"{where}{i_where}/person", invitee.get("person"), anyone, "person")
        for where, request in _records(self.raw, "information_requests"):
            self.ref(f"{where}/to", request.get("to"), ("professionals",), "professional")
            self.refs(f"{where}/about", request.get("about"), ("children", "family"), "child or family member")
            self.ref(f"{where}/contact", request.get("contact"), ("staff",), "member of staff")
            if request.get("basis") == "consent":
                if request.get("consent_from") in (None, ""):
                    self.error(f"{where}/consent_from", "a request made with consent must say who consented (a family member's id)")
                else:
                    self.ref(f"{where}/consent_from", request.get("consent_from"), ("family", "children"), "family member or child")
        agreement = self.raw.get("co_working_agreement")
        if isinstance(agreement, dict):
            self.refs("/co_working_agreement/parties", agreement.get("parties"), ("staff",), "member of staff")
            for where, task in _records(agreement, "tasks"):
                self.ref(f"/co_working_agreement{where}/who", task.get("who"), ("staff",), "member of staff")
        family_meeting = self.raw.get("family_meeting_agreement")
        if isinstance(family_meeting, dict):
            meeting_ids = {m.get("id") for _, m in _records(self.raw, "meetings")}
            if isinstance(family_meeting.get("meeting"), str) and family_meeting["meeting"] not in meeting_ids:
                self.error("/family_meeting_agreement/meeting", f"'{family_meeting['meeting']}' is not the id of any meeting in this case")
            self.refs("/family_meeting_agreement/signatories", family_meeting.get("signatories"), anyone, "person")
        closure = self.raw.get("closure")
        if isinstance(closure, dict):
            self.refs("/closure/recipients", closure.get("recipients"), ("family", "professionals"), "family member or professional")
            if closure.get("outcome") == "support_plan" and not closure.get("support_plan"):
                self.warn("/closure/support_plan", "the outcome is a support plan but the plan is not named; letters will say only that support continues")

    def assessments(self) -> None:
        records = list(_records(self.raw, "assessments"))
        baselines = [(w, a) for w, a in records if a.get("kind") == "baseline"]
        if records and len(baselines) != 1:
            self.error("/assessments", f"there should be exactly one baseline assessment; found {len(baselines)}")
        baseline_date = _day(baselines[0][1].get("date")) if len(baselines) == 1 else None
        children = {e["id"].strip(): e for _, e in _records(self.raw, "children") if isinstance(e.get("id"), str)}
        for where, assessment in records:
            day = _day(assessment.get("date"))
            if assessment.get("kind") == "review" and day and baseline_date and day <= baseline_date:
                self.error(f"{where}/date", f"a review must be dated after the baseline ({baseline_date.isoformat()})")
            self.ref(f"{where}/completed_by", assessment.get("completed_by"), ("staff",), "member of staff")
            self.refs(f"{where}/completed_with", assessment.get("completed_with"), PEOPLE_GROUPS, "person")
            for v_where, view in _records(assessment, "parent_views"):
                self.ref(f"{where}{v_where}/person", view.get("person"), ("family",), "family member")
            for v_where, view in _records(assessment, "child_views"):
                self.ref(f"{where}{v_where}/child", view.get("child"), ("children",), "child")
            for s_where, strength in _records(assessment, "strengths"):
                item = strength.get("item")
                if isinstance(item, str) and item.strip() and item.strip() not in self.toolkit.items:
                    self.error(f"{where}{s_where}/item", f"'{item.strip()}' is not an item of {self.toolkit.name}")
            ratings = assessment.get("ratings")
            if isinstance(ratings, dict):
                self.ratings(where, ratings, day, children)

    def ratings(self, where: str, ratings: dict, day: dt.date | None, children: dict[str, dict]) -> None:
        allowed = ", ".join(str(v) for v in self.toolkit.level_values[:-1]) + f", {self.toolkit.level_values[-1]} or {NOT_APPLICABLE}"
        for code, rating in ratings.items():
            r_where = f"{where}/ratings/{pointer(code)[1:]}"
            item = self.toolkit.items.get(code)
            if item is None:
                self.error(r_where, f"'{code}' is not an item of {self.toolkit.name}")
            if not isinstance(rating, dict):
                continue
            self.refs(f"{r_where}/withhold_from", rating.get("withhold_from"), PEOPLE_GROUPS, "person")
            levels = rating.get("levels") if isinstance(rating.get("levels"), dict) else {}
            for child_id, level in levels.items():
                l_where = f"{r_where}/levels{pointer(child_id)}"
                if child_id not in children:
                    self.error(l_where, f"'{child_id}' is not the id of any child in this case")
                    continue
                if isinstance(level, int) and not isinstance(level, bool) and level not in self.toolkit.level_values:
                    self.error(l_where, f"'{level}' is not a level ({allowed})")
                dob = _day(children[child_id].get("date_of_birth"))
                if item and day and dob and level != NOT_APPLICABLE and isinstance(level, int):
                    age = None if day < dob else day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
                    if not item.applies_at(age):
                        age_text = "not yet born" if age is None else f"{age}"
                        self.warn(l_where, f"{item.code} {item.name} is rated for a child aged {age_text}; the item is for ages {item.ages_text}")
        for item in self.toolkit.items.values():
            code_where = f"{where}/ratings/{pointer(item.code)[1:]}"
            if item.code not in ratings:
                self.warn(code_where, f"{item.code} {item.name} is not rated for any child")
                continue
            rating = ratings[item.code]
            levels = rating.get("levels") if isinstance(rating, dict) and isinstance(rating.get("levels"), dict) else {}
            for child_id in children:
                if child_id not in levels:
                    self.warn(f"{code_where}/levels{pointer(child_id)}", f"{item.code} {item.name} is not rated for {child_id}")

    def details(self) -> None:
        reference = (self.raw.get("case") or {}).get("reference") if isinstance(self.raw.get("case"), dict) else None
        if isinstance(reference, str) and len(reference.strip()) > 80:
            self.error("/case/reference", "the case reference is longer than 80 characters")
