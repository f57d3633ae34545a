"""Raw case data -> the model. Collects every problem (errors and warnings), then raises once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from generator import disclosure
from generator.agencies import AgencyList, load_agencies
from generator.errors import InvalidCase, Location, Problem, id_missing, id_unknown
from generator.limits import check as check_limits
from generator.load import RawCase
from generator.model import NOT_APPLICABLE, Case, shown
from generator.plain import LONGEST_SENTENCE, plain_words
from generator.plain import long_sentences as plain_long
from generator.toolkit import Toolkit
from generator.wording import LANGUAGE_CHOICES, language_of

Locate = Callable[[str], Location]
ITEM_CODE = re.compile(r"\d+\.\d+")
PEOPLE_GROUPS = ("staff", "children", "family", "professionals")
OTHER_ID_GROUPS = ("assessments", "plan", "meetings")
GROUP_WORDS = {"staff": "member of staff", "children": "child", "family": "family member", "professionals": "professional"}

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


def validate(
    raw: Any, toolkit: Toolkit, locate: Locate, today: dt.date | None = None, agencies: AgencyList | None = None,
    reworded: Mapping[str, str] | None = None, read: RawCase | None = None,
) -> Validated:
    """Checks everything, and returns the case with its warnings or raises InvalidCase listing all problems.

    `today` is the date letters without a date of their own will carry (the run date). Agency checks are
    checked against `agencies`, or the default agency list when none is given. `reworded` holds a
    reader's own words for a date it could not read, by place (such as Plan!F2). `read` is what a reader
    made of the file: the problems it found itself are reported here, in the same list as these checks'.
    """
    if read is not None:
        reworded = reworded or read.reworded
    if not isinstance(raw, dict):
        raise InvalidCase([Problem(locate(""), "the file should hold one case, as a JSON object")])
    checks = _Checks(raw, toolkit, locate, today or dt.date.today(), agencies or load_agencies(), read.key_places if read else {})
    found = checks.run()
    problems = check_limits(raw, locate)
    # A record without an id that a missing id evidently belongs to is reported once, by the checks.
    problems += [p for where, p in _structural(raw, locate, reworded or {}, toolkit) if where not in checks.absorbed]
    problems += found
    if read is not None and read.problems:
        # A cell the reader could not read, or already reported with all its uses, is one problem: the
        # reader's. What follows from it (a required field now missing) is not reported again.
        covered = {p.location.where for p in read.problems if p.location.where} | set(read.covered)
        problems = list(read.problems) + [p for p in problems if p.location.where not in covered]
    # Errors first, then warnings: what stops the build is what to read first; a workbook's each in the
    # order of its sheets and cells.
    order = read.order if read is not None and read.order is not None else (lambda location: 0)
    if any(p.severity == "error" for p in problems):
        raise InvalidCase(sorted(problems, key=lambda p: (p.severity != "error", order(p.location))))
    case = Case.model_validate(raw)
    problems += _disclosure_warnings(case, locate)
    return Validated(case, tuple(sorted(problems, key=lambda p: order(p.location))))


def _plain_words_warnings(case: Case, locate: Locate) -> list[Problem]:
    """Practitioner text bound for a family copy: jargon it uses, and sentences too long to follow."""
    # A Welsh case's notes may be typed in Welsh or in English: its family copies are checked against both lists.
    lists = [plain_words(language) for language in dict.fromkeys(("en", language_of(case.case.language) or "en"))]
    out = []
    for parts, text in disclosure.family_bound_text(case):
        found = list(dict.fromkeys(term for words in lists for term in words.jargon_in(text)))
        if found:
            out.append(Problem(locate(pointer(*parts)), f"goes into family copies and uses {', '.join(repr(t) for t in found)}: say it in everyday words", "warning"))
        for count in plain_long(text):
            out.append(Problem(locate(pointer(*parts)), f"goes into family copies and has a sentence of {count} words: keep sentences to {LONGEST_SENTENCE} words or fewer", "warning"))
    return out


def _disclosure_warnings(case: Case, locate: Locate) -> list[Problem]:
    out = _plain_words_warnings(case, locate)
    for risk in disclosure.shared_home_risks(case):
        where = pointer("assessments", risk.assessment_index, "ratings", risk.item, "share_with", risk.share_with_index)
        out.append(
            Problem(
                locate(where),
                f"'{risk.shared_with}' lives with '{risk.withheld_from}', from whom these notes are withheld: "
                f"a copy sent to '{risk.shared_with}' may be read by '{risk.withheld_from}'",
                "warning",
            )
        )
    return out


def _structural(raw: dict, locate: Locate, reworded: Mapping[str, str], toolkit: Toolkit) -> Iterator[tuple[str, Problem]]:
    try:
        Case.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            where = pointer(*error["loc"])
            location = locate(where)
            message = error["msg"] if error["type"] not in STRUCTURAL_MESSAGES else STRUCTURAL_MESSAGES[error["type"]]
            if error["type"] == "literal_error":
                allowed = error.get("ctx", {}).get("expected", "")
                message = f"'{shown(error['input'])}' is not allowed here (use {allowed})"
            if error["type"] == "level":
                message = f"{message} ({toolkit.levels_text})"
            if error["type"] == "date" and location.where in reworded:
                message = reworded[location.where]
            yield where, Problem(location, message)


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


def _name(entry: dict) -> str:
    """A person's name from their raw record, or '' if it has none."""
    parts = [entry.get(k) for k in (("name",) if "name" in entry else ("first_name", "last_name"))]
    return " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())


def _spoken(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class _Checks:
    """The rules that span more than one field: references, uniqueness, the toolkit, dates."""

    def __init__(self, raw: dict, toolkit: Toolkit, locate: Locate, today: dt.date, agencies: AgencyList, key_places: Mapping[str, str]):
        self.raw, self.toolkit, self.locate, self.today, self.agencies = raw, toolkit, locate, today, agencies
        self.key_places = key_places  # pointer of an entry -> the place its key was typed, where that is not the entry's own
        self.problems: list[Problem] = []
        self.groups = {g: {e["id"].strip() for _, e in _records(raw, g) if isinstance(e.get("id"), str)} for g in PEOPLE_GROUPS}
        self.people = set().union(*self.groups.values())
        self.names = {e["id"].strip(): _name(e) for g in PEOPLE_GROUPS for _, e in _records(raw, g) if isinstance(e.get("id"), str) and _name(e)}
        # Records of each group without an id: where an unknown id is most likely meant to be.
        self.idless = {g: [w for w, e in _records(raw, g) if not (isinstance(e.get("id"), str) and e["id"].strip())] for g in PEOPLE_GROUPS}
        self.unknown: dict[str, list[tuple[str, tuple[str, ...], str]]] = {}  # id -> [(pointer, allowed groups, what)]
        self.first_use: dict[str, int] = {}  # id -> how many problems were found before its first use
        self.absorbed: set[str] = set()  # pointers of missing ids reported here, with the uses of the id

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.locate(where), message))

    def warn(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.locate(where), message, "warning"))

    def run(self) -> list[Problem]:
        self.unique_ids()
        self.references()
        self.assessments()
        self.dates()
        self.contacts()
        self.details()
        self.unknown_ids()
        return self.problems

    def allowed(self, value: str) -> set[str]:
        """The groups every use of an unknown id would accept it from."""
        return set.intersection(*(set(groups) for _, groups, _ in self.unknown[value]))

    def unknown_ids(self) -> None:
        """One error for each id used but never given: at the record that lacks its id when that is
        plain, otherwise at its first use; with how many places use it."""
        found, self.problems = self.problems, []
        placed: list[tuple[int, Problem]] = []
        for value, uses in self.unknown.items():
            before = len(self.problems)
            self.report_unknown(value, uses)
            placed += [(self.first_use[value], p) for p in self.problems[before:]]
        for position, problem in reversed(placed):
            found.insert(position, problem)
        self.problems = found

    def report_unknown(self, value: str, uses: list[tuple[str, tuple[str, ...], str]]) -> None:
        """One error for an id used but never given (see unknown_ids)."""
        whats = {what for _, _, what in uses}
        what = whats.pop() if len(whats) == 1 else "person"
        # Where the id was typed, each place once: a child's id typed once beside thirty levels is one place.
        places = list(dict.fromkeys(self.key_places.get(where) or self.locate(where).where or where for where, _, _ in uses))
        idless = [(g, w) for g in self.allowed(value) for w in self.idless[g]]
        # Plain only when one record lacks an id and this is the only unknown id it could have.
        claimants = [v for v in self.unknown if idless and idless[0][0] in self.allowed(v)]
        if len(idless) == 1 and claimants == [value]:
            group, record = idless[0]
            where = f"{record}/id"
            self.absorbed.add(where)
            name = _name(self.raw[group][int(record.rsplit("/", 1)[1])])
            possessive = f"{name}'s" if name else "this one's"
            self.error(where, id_missing(value, places, GROUP_WORDS[group], possessive))
        elif len(places) == 1:
            self.error_at_key(uses[0][0], f"'{value}' is not the id of any {what} in this case")
        else:
            known = sorted(set().union(*(self.groups[g] for g in self.allowed(value))))
            self.error_at_key(uses[0][0], id_unknown(value, places, what, "in this case", known))

    def error_at_key(self, where: str, message: str) -> None:
        """An error about the key of the entry at `where`: at the place the key was typed."""
        if where in self.key_places:
            self.problems.append(Problem(Location(self.locate(where).source, self.key_places[where]), message))
        else:
            self.error(where, message)

    def unique_ids(self) -> None:
        seen: dict[str, tuple[str, str]] = {}  # id -> (its first pointer, that record's name)
        for group in PEOPLE_GROUPS + OTHER_ID_GROUPS:
            for where, entry in _records(self.raw, group):
                value = entry.get("id")
                if not isinstance(value, str):
                    continue
                if value.strip() in seen:
                    first, first_name = seen[value.strip()]
                    mine = f" ({_name(entry)})" if _name(entry) else ""
                    theirs = f" ({first_name})" if first_name else ""
                    self.error(f"{where}/id", f"id '{value.strip()}'{mine} is already used at {self.locate(first).where or first}{theirs}; ids must be unique across the case")
                else:
                    seen[value.strip()] = f"{where}/id", _name(entry)

    def ref(self, where: str, value: Any, allowed: tuple[str, ...], what: str) -> None:
        if not isinstance(value, str) or not value.strip():
            return
        known = set().union(*(self.groups[g] for g in allowed))
        if value.strip() in self.people and value.strip() not in known and value.strip() in self.names:
            self.error(where, f"'{value.strip()}' is the id of {self.names[value.strip()]}, not of any {what} in this case")
        elif value.strip() not in known:
            # Reported once for all its uses, by unknown_ids(), in the place of the first use.
            if value.strip() not in self.unknown:
                self.first_use[value.strip()] = len(self.problems)
            self.unknown.setdefault(value.strip(), []).append((where, allowed, what))

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
        for where, professional in _records(self.raw, "professionals"):
            self.refs(f"{where}/children", professional.get("children"), ("children",), "child")
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
        allowed = self.toolkit.levels_text
        for code, rating in ratings.items():
            r_where = f"{where}/ratings/{pointer(code)[1:]}"
            item = self.toolkit.items.get(code)
            if item is None:
                self.error(r_where, f"'{code}' is not an item of {self.toolkit.name}")
            if not isinstance(rating, dict):
                continue
            self.refs(f"{r_where}/withhold_from", rating.get("withhold_from"), PEOPLE_GROUPS, "person")
            # Only a family member can be given a family copy, so only one can be shared with.
            self.refs(f"{r_where}/share_with", rating.get("share_with"), ("family",), "family member")
            levels = rating.get("levels") if isinstance(rating.get("levels"), dict) else {}
            for child_id, level in levels.items():
                l_where = f"{r_where}/levels{pointer(child_id)}"
                if isinstance(level, int) and not isinstance(level, bool) and level not in self.toolkit.level_values:
                    self.error(l_where, f"'{level}' is not a level ({allowed})")
                if child_id not in children:
                    self.ref(l_where, child_id, ("children",), "child")
                    continue
                dob = _day(children[child_id].get("date_of_birth"))
                if item and day and dob and level != NOT_APPLICABLE and isinstance(level, int):
                    age = None if day < dob else day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
                    if not item.applies_at(age):
                        age_text = "not yet born" if age is None else f"{age}"
                        self.warn(l_where, f"{item.code} {item.name} is rated for a child aged {age_text}; the item is for ages {item.ages_text}")
        # A child with no level at all while an id no child has got levels is most likely that id's child
        # (renamed, or mistyped on the Ratings sheet): the error about the id says it; no warning per item too.
        keyed = {child_id for rating in ratings.values() if isinstance(rating, dict) and isinstance(rating.get("levels"), dict) for child_id in rating["levels"]}
        unrated = set(children) - keyed if keyed - set(children) else set()
        for item in self.toolkit.items.values():
            code_where = f"{where}/ratings/{pointer(item.code)[1:]}"
            if item.code not in ratings:
                self.warn(code_where, f"{item.code} {item.name} is not rated for any child")
                continue
            rating = ratings[item.code]
            levels = rating.get("levels") if isinstance(rating, dict) and isinstance(rating.get("levels"), dict) else {}
            for child_id in children:
                if child_id not in levels and child_id not in unrated:
                    self.warn(f"{code_where}/levels{pointer(child_id)}", f"{item.code} {item.name} is not rated for {child_id}" + (f" ({self.names[child_id]})" if child_id in self.names else ""))

    def dates(self) -> None:
        """Nothing goes out asking for the past: a reply or a meeting must come after the letter's own date."""
        for where, request in _records(self.raw, "information_requests"):
            reply_by, own = _day(request.get("reply_by")), _day(request.get("date"))
            if reply_by is None:
                continue
            if own is not None and reply_by <= own:
                self.error(f"{where}/reply_by", f"the reply-by date {_spoken(reply_by)} is not after the letter's date, {_spoken(own)}: give a later reply-by date, or correct the letter's date")
            elif own is None and reply_by <= self.today:
                self.error(f"{where}/reply_by", f"the reply-by date {_spoken(reply_by)} is not after {_spoken(self.today)}, the date the letter would carry: give a later reply-by date, or the letter's own date under 'date'")
        for where, meeting in _records(self.raw, "meetings"):
            held, invited_on = _day(meeting.get("date")), _day(meeting.get("invited_on"))
            if held is None:
                continue
            if invited_on is not None and held <= invited_on:
                self.error(f"{where}/invited_on", f"the invitations go out on {_spoken(invited_on)}, but the meeting is on {_spoken(held)}: invitations must go out before the meeting")
            elif invited_on is None and held <= self.today and meeting.get("invitees"):
                self.error(f"{where}/date", f"the meeting on {_spoken(held)} is not after {_spoken(self.today)}, the date its invitations would carry: give the date they went out under 'invited_on', or a later meeting date")
    def contacts(self) -> None:
        """Replies after their requests, and agency checks with agencies on the list."""
        for where, request in _records(self.raw, "information_requests"):
            sent, replied = _day(request.get("date")), _day(request.get("replied_on"))
            if sent and replied and replied < sent:
                self.error(f"{where}/replied_on", f"the reply cannot come before the request was sent ({sent.isoformat()})")
        for where, check in _records(self.raw, "agency_checks"):
            self.ref(f"{where}/by", check.get("by"), ("staff",), "member of staff")
            agency = check.get("agency")
            if isinstance(agency, str) and agency.strip() and self.agencies.find(agency) is None:
                near = self.agencies.nearest(agency)
                hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else f"; use a name from {self.agencies.source}"
                # An agency's name is not case notes, so one of a usual length is quoted as typed.
                typed = agency.strip() if len(agency.strip()) <= 60 else shown(agency)
                self.error(f"{where}/agency", f"'{typed}' is not an agency on the agency list{hint}")

    def details(self) -> None:
        language = (self.raw.get("case") or {}).get("language") if isinstance(self.raw.get("case"), dict) else None
        if isinstance(language, str) and language_of(language) is None:
            self.error("/case/language", f"'{shown(language)}' is not a language the documents are written in; type {LANGUAGE_CHOICES}")
        reference = (self.raw.get("case") or {}).get("reference") if isinstance(self.raw.get("case"), dict) else None
        if isinstance(reference, str) and len(reference.strip()) > 80:
            self.error("/case/reference", "the case reference is longer than 80 characters")
