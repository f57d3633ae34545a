"""The typed, frozen domain model of one case. No I/O: loaders hand it plain data."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

NOT_APPLICABLE = "n/a"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CLOCK_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def shown(value: Any) -> str:
    """A value quoted in an error message: short values as typed, long text never (it may be case notes)."""
    text = str(value).strip()
    return text if len(text) <= 12 else f"text of {len(text)} characters"


def _text(value: Any) -> Any:
    # Stray spaces are never meaningful in a name or a note.
    return value.strip() if isinstance(value, str) else value


def _required_text(value: Any) -> str:
    value = _text(value)
    if not isinstance(value, str):
        raise PydanticCustomError("text", "should be text")
    if not value:
        raise PydanticCustomError("empty", "must not be empty")
    return value


def _optional_text(value: Any) -> str | None:
    value = _text(value)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise PydanticCustomError("text", "should be text")
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        raise PydanticCustomError("date", "'{value}' is not a real date: {reason}", {"value": shown(value), "reason": no_such_day(*(int(p) for p in value.strip().split("-")))})
    raise PydanticCustomError("date", "'{value}' is not a date (write it as YYYY-MM-DD)", {"value": shown(value)})


def no_such_day(year: int, month: int, day: int) -> str:
    """Why year-month-day is not a day of the calendar, in words: 'there is no 31 February 2026'."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    return f"there is no {day} {dt.date(2000, month, 1):%B} {year}"


def _time(value: Any) -> str:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, str) and CLOCK_TIME.fullmatch(value.strip()):
        return value.strip()
    raise PydanticCustomError("time", "'{value}' is not a time of day (write it as HH:MM, 24-hour)", {"value": shown(value)})


def _level(value: Any) -> int | str:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value == NOT_APPLICABLE:
        return value
    # The levels there are come from the toolkit, which validation adds to this message.
    raise PydanticCustomError("level", "'{value}' is not a level", {"value": shown(value)})


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise PydanticCustomError("flag", "should be true or false")


Text = Annotated[str, BeforeValidator(_required_text)]
OptionalText = Annotated[str | None, BeforeValidator(_optional_text)]
Id = Annotated[str, BeforeValidator(_required_text)]
Day = Annotated[dt.date, BeforeValidator(_date)]
OptionalDay = Annotated[dt.date | None, BeforeValidator(lambda v: None if v in (None, "") else _date(v))]
ClockTime = Annotated[str, BeforeValidator(_time)]
LevelValue = Annotated[int | str, BeforeValidator(_level)]
Flag = Annotated[bool, BeforeValidator(_flag)]


class Record(BaseModel):
    """Frozen, and strict about unknown fields so that a misspelt heading is caught, not ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Address(Record):
    lines: tuple[Text, ...]
    town: OptionalText = None
    postcode: OptionalText = None

    @property
    def all_lines(self) -> tuple[str, ...]:
        return tuple(part for part in (*self.lines, self.town, self.postcode) if part)


class CaseInfo(Record):
    reference: Text
    team: Text
    key_worker: Id
    team_manager: Id
    plan_status: OptionalText = None
    language: Text = "en-GB"


class Staff(Record):
    id: Id
    name: Text
    role: Text
    phone: OptionalText = None
    email: OptionalText = None


class Child(Record):
    id: Id
    first_name: Text
    last_name: Text
    date_of_birth: Day
    gender: OptionalText = None
    school: OptionalText = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int | None:
        """Whole years on `day`; None before the child is born."""
        if day < self.date_of_birth:
            return None
        before_birthday = (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - before_birthday


class FamilyMember(Record):
    id: Id
    name: Text
    relationship: Text
    parental_responsibility: Flag = False
    lives_with_children: Flag = False
    phone: OptionalText = None
    email: OptionalText = None
    address: Address | None = None
    children: tuple[Id, ...] = ()


class Professional(Record):
    id: Id
    name: Text
    role: Text
    agency: Text
    address: Address | None = None
    phone: OptionalText = None
    email: OptionalText = None
    children: tuple[Id, ...] = ()  # the children this professional works with; empty: see generator.disclosure


class Rating(Record):
    levels: dict[Id, LevelValue]
    evidence: OptionalText = None
    impact_on_child: OptionalText = None
    share_with_family: Flag = True
    # A note with either list is restricted: it reaches only the family readers in share_with.
    withhold_from: tuple[Id, ...] = ()
    share_with: tuple[Id, ...] = ()

    @property
    def restricted(self) -> bool:
        return bool(self.withhold_from or self.share_with)


class Strength(Record):
    text: Text
    item: OptionalText = None


class ParentView(Record):
    person: Id
    text: Text


class ChildView(Record):
    child: Id
    text: Text


class Assessment(Record):
    id: Id
    kind: Literal["baseline", "review"]
    date: Day
    completed_by: Id
    completed_with: tuple[Id, ...] = ()
    ratings: dict[str, Rating]
    strengths: tuple[Strength, ...] = ()
    parent_views: tuple[ParentView, ...] = ()
    child_views: tuple[ChildView, ...] = ()
    analysis: OptionalText = None
    next_review: OptionalDay = None


class PlanAction(Record):
    id: Id
    need: Text
    action: Text
    who: Id
    support: OptionalText = None
    by_when: Day
    success_looks_like: Text
    status: Literal["not started", "in progress", "done"] | None = None


class Invitee(Record):
    person: Id
    attending: Flag | None = None
    notes: OptionalText = None


class Meeting(Record):
    id: Id
    kind: Text
    date: Day
    time: ClockTime
    venue: Text
    room: OptionalText = None
    chair: Id
    purpose: Text
    purpose_family: OptionalText = None  # the purpose in plain words, for family members and children
    invited_on: OptionalDay = None  # the date the invitations go out
    invitees: tuple[Invitee, ...] = ()


class InformationRequest(Record):
    to: Id
    about: tuple[Id, ...]
    basis: Literal["consent", "statutory"]
    consent_from: OptionalText = None
    specific_request: OptionalText = None
    date: OptionalDay = None  # the letter's date
    reply_by: Day
    replied_on: OptionalDay = None  # the day the reply came
    contact: Id


CheckOutcome = Literal["information_shared", "nothing_known", "awaiting_reply"]
# What each outcome is called in the workbook and on the prompt sheet.
CHECK_OUTCOME_WORDS: dict[str, str] = dict(zip(get_args(CheckOutcome), ("information shared", "nothing known", "awaiting a reply")))


class AgencyCheck(Record):
    """A check made with an agency without a letter, such as a phone call to the police.

    The outcome is one of a few words, never free text: the prompt sheet records who was asked and
    when, and what an agency said belongs in the assessment, not on a checklist."""

    agency: Text  # a name from the agency list
    date: Day
    by: Id  # the member of staff who made the check
    outcome: CheckOutcome | None = None


class CoWorkingTask(Record):
    section: Text
    task: Text
    who: Id
    frequency: Text
    reports_to: OptionalText = None  # a person id, or free text such as "Head of Service"


class CoWorkingAgreement(Record):
    date: Day
    review_date: OptionalDay = None
    parties: tuple[Id, ...]
    tasks: tuple[CoWorkingTask, ...] = ()


class FamilyMeetingAgreement(Record):
    meeting: Id
    signatories: tuple[Id, ...]


class Closure(Record):
    date: Day
    concluded: Literal["assessment", "involvement"]
    outcome: Literal["support_plan", "no_further_action"]
    assessment_type: OptionalText = None
    support_plan: OptionalText = None
    recipients: tuple[Id, ...]


Person = Staff | Child | FamilyMember | Professional


class Case(Record):
    schema_version: Literal[1] = 1
    case: CaseInfo
    staff: tuple[Staff, ...] = ()
    children: tuple[Child, ...] = Field(min_length=1)
    address: Address | None = None
    family: tuple[FamilyMember, ...] = ()
    professionals: tuple[Professional, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    plan: tuple[PlanAction, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    information_requests: tuple[InformationRequest, ...] = ()
    agency_checks: tuple[AgencyCheck, ...] = ()
    co_working_agreement: CoWorkingAgreement | None = None
    family_meeting_agreement: FamilyMeetingAgreement | None = None
    closure: Closure | None = None

    @property
    def people(self) -> dict[str, Person]:
        return {p.id: p for group in (self.staff, self.children, self.family, self.professionals) for p in group}

    def person(self, person_id: str) -> Person:
        return self.people[person_id]

    def child(self, child_id: str) -> Child:
        return next(c for c in self.children if c.id == child_id)

    def assessment(self, assessment_id: str) -> Assessment:
        return next(a for a in self.assessments if a.id == assessment_id)

    def meeting(self, meeting_id: str) -> Meeting:
        return next(m for m in self.meetings if m.id == meeting_id)

    @property
    def baseline(self) -> Assessment | None:
        return next((a for a in self.assessments if a.kind == "baseline"), None)
