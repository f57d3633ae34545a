"""The case workbook's layout, defined once: sheets, headings, field paths and kinds of value, for the reader and the writer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model import CHECK_OUTCOME_WORDS

# Kinds of value a column holds. The reader turns what people type into the JSON value of that
# kind; the writer turns the JSON value back into what a person would type.
TEXT = "text"
ID = "id"  # one person's (or meeting's, or assessment's) id
IDS = "ids"  # several ids in one cell, separated by commas
DATE = "date"
TIME = "time"
LEVEL = "level"
FLAG = "flag"  # Yes / No
CHOICE = "choice"  # one of a few fixed words
ITEM = "item"  # a toolkit item code such as 4.3
AGENCY = "agency"  # a name from the agency list
PHONE = "phone"  # a phone number: text, so that its leading 0 stays

# A column whose value names the record the row belongs to (the meeting of an invitee, say).
PARENT = "^"
# A column whose value is the key of the record in its parent's dict (the item of a rating's notes).
KEY = "#"
# A path segment meaning "the next entry of this list": three "address.lines.*" columns make a list of up to three.
APPEND = "*"

# Excel number formats: dates as the UK writes them; "@" keeps a typed id or phone number as text
# (so 07700900123 keeps its leading 0).
NUMBER_FORMATS = {DATE: "DD/MM/YYYY", TIME: "HH:MM", TEXT: "@", ID: "@", IDS: "@", ITEM: "@", CHOICE: "@", AGENCY: "@", PHONE: "@"}

# How a date is asked for, in the workbook and in its errors.
DAY_MONTH_YEAR = "type the date as day/month/year, for example 04/12/2026"

MAX_ROWS = 5000  # a case never comes near this; a sheet that does is not a case workbook
MAX_COLUMNS = 400
ENTRY_ROWS = 300  # rows given drop-downs and formats for typing into


@dataclass(frozen=True)
class Column:
    header: str
    path: str  # where the value goes in the record, dotted: "name", "address.lines.*"
    kind: str = TEXT
    width: int = 16
    help: str = ""
    ids: str | None = None  # the drop-down list of ids this column offers (a key of ID_LISTS)
    choices: tuple[tuple[str, str], ...] = ()  # (value in the case file, words shown in the workbook)
    wrap: bool = False


@dataclass(frozen=True)
class Table:
    """One record per row, under a row of headings."""

    name: str
    key: str  # where the records go: a top-level list ("staff"), a list inside an object, or inside each parent record
    columns: tuple[Column, ...]
    about: str
    within: str | None = None  # the top-level list holding the parent records, matched by the PARENT column
    freeze: str = "B2"


@dataclass(frozen=True)
class Form:
    """One record, a row per field: what the field is in column A, the answer in column B."""

    name: str
    fields: tuple[Column, ...]  # paths from the top of the case: "case.reference", "closure.date"
    about: str


@dataclass(frozen=True)
class RatingsSheet:
    """A row for each child in each assessment: the assessment, the child, then a column per toolkit item
    holding that child's level. The item columns are headed by the toolkit itself ('4.3 Adult arguments
    and violence'), so nobody types a heading, and no heading is a formula (a formula has no value until
    a spreadsheet program saves one).

    Workbooks written before kept a row per item and a column per assessment and child, headed
    'baseline: ruby'; those are still read (`by_item` are that layout's fixed columns)."""

    name: str
    columns: tuple[Column, ...]  # Assessment and Child, before the item columns
    about: str
    by_item: tuple[Column, ...] = ()  # the older layout's fixed columns on the left; only the item code is read


FORM_HEADERS = ("Field", "Value", "Help")
RATING_HEADING = re.compile(r"^\s*(?P<assessment>[^:]+?)\s*:\s*(?P<child>[^:]+?)\s*$")  # the older layout's 'baseline: ruby'
ITEM_HEADING = re.compile(r"^\s*(?P<code>\d+(?:\.\d+)+)(?:\s|$)")  # '4.3 Adult arguments and violence'


def item_heading(code: str, name: str) -> str:
    return f"{code} {name}"


def is_by_item(header: tuple[object, ...]) -> bool:
    """Whether a Ratings sheet's headings are the older layout's: a row per item, a column per assessment and child."""
    headings = {normalise_heading(h) for h in header}
    return normalise_heading(RATINGS.by_item[1].header) in headings and normalise_heading(RATINGS.columns[1].header) not in headings


def _address(prefix: str = "") -> tuple[Column, ...]:
    return (
        Column(f"{prefix}Address line 1", "address.lines.*", width=26, help="Leave the address empty for someone who lives at the children's home address."),
        Column(f"{prefix}Address line 2", "address.lines.*", width=22),
        Column(f"{prefix}Address line 3", "address.lines.*", width=18),
        Column(f"{prefix}Town", "address.town", width=14),
        Column(f"{prefix}Postcode", "address.postcode", width=11),
    )


def _id(header: str, path: str, ids: str, help: str, width: int = 14) -> Column:
    return Column(header, path, ID, width, help, ids=ids)


YES_NO = (("Yes", "Yes"), ("No", "No"))
PLAN_STATUSES = (("not started", "not started"), ("in progress", "in progress"), ("done", "done"))

CASE = Form(
    "Case",
    (
        Column("Case reference", "case.reference", help="The case number, as it should appear on every document."),
        Column("Team", "case.team"),
        _id("Key worker", "case.key_worker", "staff", "The staff id of the key worker (from the Staff sheet)."),
        _id("Team manager", "case.team_manager", "staff", "The staff id of the team manager (from the Staff sheet)."),
        Column("Plan status", "case.plan_status", help="For example: Child in Need, Child Protection, Early Help."),
        Column("Language", "case.language", help="Leave empty for British English (en-GB)."),
        Column("Home address line 1", "address.lines.*", help="Where the children live."),
        Column("Home address line 2", "address.lines.*"),
        Column("Home address line 3", "address.lines.*"),
        Column("Home town", "address.town"),
        Column("Home postcode", "address.postcode"),
    ),
    "The case reference, the team, who holds the case, and the address where the children live.",
)

STAFF = Table(
    "Staff",
    "staff",
    (
        Column("ID", "id", ID, 12, "A short id for this member of staff, such as priya. Use it wherever the workbook asks for a staff id."),
        Column("Name", "name", width=22),
        Column("Role", "role", width=24),
        Column("Phone", "phone", PHONE, 16),
        Column("Email", "email", width=36),
    ),
    "Everyone from the team who works on the case: the key worker, the team manager, co-workers.",
)

CHILDREN = Table(
    "Children",
    "children",
    (
        Column("ID", "id", ID, 12, "A short id for the child, such as ruby."),
        Column("First name", "first_name", width=16),
        Column("Last name", "last_name", width=18),
        Column("Date of birth", "date_of_birth", DATE, 14, "The child's date of birth."),
        Column("Gender", "gender", width=10),
        Column("School", "school", width=28, help="School or nursery, if any."),
    ),
    "The children the case is about, one row each.",
)

FAMILY = Table(
    "Family",
    "family",
    (
        Column("ID", "id", ID, 12, "A short id for this family member, such as kayleigh."),
        Column("Name", "name", width=20),
        Column("Relationship", "relationship", width=28, help="To the children, for example: Mother, Father of Ruby, Maternal grandmother."),
        Column("Parental responsibility", "parental_responsibility", FLAG, 13, "Yes or No.", choices=YES_NO),
        Column("Lives with the children", "lives_with_children", FLAG, 13, "Yes or No.", choices=YES_NO),
        Column("Phone", "phone", PHONE, 15),
        Column("Email", "email", width=28),
        Column("Children", "children", IDS, 20, "The ids of this person's children in the case, separated by commas: ruby, amara."),
        *_address(),
    ),
    "Parents, carers and relatives. Give an address only for someone who does not live with the children.",
)

PROFESSIONALS = Table(
    "Professionals",
    "professionals",
    (
        Column("ID", "id", ID, 12, "A short id for this professional, such as gp."),
        Column("Name", "name", width=20),
        Column("Role", "role", width=22),
        Column("Agency", "agency", width=26),
        Column("Children", "children", IDS, 20, "The ids of the children this professional works with, separated by commas. Empty: a school's own pupils, or every child."),
        *_address(),
        Column("Phone", "phone", PHONE, 15),
        Column("Email", "email", width=30),
    ),
    "Professionals from other agencies: GP, health visitor, school, housing and so on.",
)

ASSESSMENTS = Table(
    "Assessments",
    "assessments",
    (
        Column("ID", "id", ID, 12, "A short id for the assessment, such as baseline or review-1. The Ratings sheet uses it in its headings."),
        Column("Kind", "kind", CHOICE, 10, "baseline (the first one) or review.", choices=(("baseline", "baseline"), ("review", "review"))),
        Column("Date", "date", DATE, 12, "The day the toolkit was completed."),
        _id("Completed by", "completed_by", "staff", "The staff id of the worker who completed it."),
        Column("Completed with", "completed_with", IDS, 20, "The ids of the people it was completed with, separated by commas."),
        Column("Analysis", "analysis", width=70, help="The worker's analysis of the ratings.", wrap=True),
        Column("Next review", "next_review", DATE, 12, "When the next review is due, if a date is agreed. Empty: documents say a date will be agreed."),
    ),
    "One row for the baseline assessment, then one for each review. The levels go on the Ratings sheet.",
)

RATINGS = RatingsSheet(
    "Ratings",
    (
        _id("Assessment", PARENT, "assessments", "The assessment id (from the Assessments sheet)."),
        _id("Child", KEY, "children", "The child's id (from the Children sheet)."),
    ),
    "A row for each child in each assessment: choose the assessment and the child, then under each item of the "
    "toolkit put the child's level, or n/a where the item does not apply to that child.",
    by_item=(
        Column("Area", "", width=32),
        Column("Item", KEY, ITEM, 6),
        Column("Item name", "", width=50),
    ),
)

RATING_NOTES = Table(
    "Rating notes",
    "ratings",
    (
        _id("Assessment", PARENT, "assessments", "The assessment id (from the Assessments sheet)."),
        Column("Item", KEY, ITEM, 6, "The item code, such as 4.3."),
        Column("Evidence", "evidence", width=50, help="What was seen or heard that led to the rating.", wrap=True),
        Column("Impact on the child", "impact_on_child", width=50, help="How this affects the child. Needed for every 3 or 4.", wrap=True),
        Column("Share with family", "share_with_family", FLAG, 11, "No keeps these notes out of every family copy. Empty means Yes.", choices=YES_NO),
        Column("Withhold from", "withhold_from", IDS, 16, "Ids of anyone who must never see these notes, separated by commas. The notes then reach only the people under Share with."),
        Column("Share with", "share_with", IDS, 16, "When Withhold from is filled in: the ids of the family members who may still see these notes. Empty: no family member sees them."),
    ),
    "Evidence and impact on the child for an item of one assessment, and who may see them.",
    within="assessments",
    freeze="C2",
)

STRENGTHS = Table(
    "Strengths",
    "strengths",
    (
        _id("Assessment", PARENT, "assessments", "The assessment id (from the Assessments sheet)."),
        Column("Strength", "text", width=70, wrap=True),
        Column("Item", "item", ITEM, 6, "The item code it relates to, if any."),
    ),
    "What is going well, one strength per row, for each assessment.",
    within="assessments",
)

PARENT_VIEWS = Table(
    "Parent views",
    "parent_views",
    (
        _id("Assessment", PARENT, "assessments", "The assessment id (from the Assessments sheet)."),
        _id("Person", "person", "family", "The family member's id."),
        Column("View", "text", width=70, help="In the person's own words where possible.", wrap=True),
    ),
    "What parents and carers said, for each assessment.",
    within="assessments",
)

CHILD_VIEWS = Table(
    "Child views",
    "child_views",
    (
        _id("Assessment", PARENT, "assessments", "The assessment id (from the Assessments sheet)."),
        _id("Child", "child", "children", "The child's id."),
        Column("View", "text", width=70, help="In the child's own words where possible.", wrap=True),
    ),
    "What the children said, for each assessment.",
    within="assessments",
)

PLAN = Table(
    "Plan",
    "plan",
    (
        Column("ID", "id", ID, 8, "A short id for the action, such as a1."),
        Column("Need", "need", ITEM, 8, "The toolkit item the action meets, such as 1.6."),
        Column("Action", "action", width=50, wrap=True),
        _id("Who", "who", "people", "The id of the person who will do it."),
        _id("Support", "support", "people", "Who will help: an id, or a few words."),
        Column("By when", "by_when", DATE, 12),
        Column("Success looks like", "success_looks_like", width=50, wrap=True),
        Column("Status", "status", CHOICE, 12, "not started, in progress or done.", choices=PLAN_STATUSES),
    ),
    "The plan: what needs to happen, who will do it, who will help, by when, and what success looks like.",
)

MEETINGS = Table(
    "Meetings",
    "meetings",
    (
        Column("ID", "id", ID, 8, "A short id for the meeting, such as m1."),
        Column("Kind", "kind", width=30, help="For example: Team Around the Child meeting, Family Meeting."),
        Column("Date", "date", DATE, 12),
        Column("Time", "time", TIME, 8, "When the meeting starts."),
        Column("Venue", "venue", width=28),
        Column("Room", "room", width=14),
        _id("Chair", "chair", "staff_or_professionals", "The id of the member of staff or professional who chairs it."),
        Column("Purpose", "purpose", width=50, help="For the professionals' papers.", wrap=True),
        Column("Purpose for the family", "purpose_family", width=50, help="The purpose in plain words, for the family's and children's letters. Empty: the letters describe the meeting in plain words of their own.", wrap=True),
        Column("Invited on", "invited_on", DATE, 12, "The date the invitations go out: the letters carry it. It must be before the meeting."),
    ),
    "Meetings to invite people to. The invitation list goes on the Invitees sheet.",
)

INVITEES = Table(
    "Invitees",
    "invitees",
    (
        _id("Meeting", PARENT, "meetings", "The meeting id (from the Meetings sheet)."),
        _id("Person", "person", "people", "The id of the person invited."),
        Column("Attending", "attending", FLAG, 11, "Yes, No, or empty if not known yet.", choices=YES_NO),
        Column("Notes", "notes", width=36),
    ),
    "Who is invited to each meeting, one person per row.",
    within="meetings",
)

INFORMATION_REQUESTS = Table(
    "Information requests",
    "information_requests",
    (
        _id("To", "to", "professionals", "The professional's id."),
        Column("About", "about", IDS, 24, "The ids of the children and family members the request is about, separated by commas."),
        Column("Basis", "basis", CHOICE, 11, "consent, or statutory where the law allows the request without consent.", choices=(("consent", "consent"), ("statutory", "statutory"))),
        _id("Consent from", "consent_from", "family_or_children", "Who gave consent (needed when the basis is consent)."),
        Column("Specific request", "specific_request", width=50, wrap=True),
        Column("Reply by", "reply_by", DATE, 12, "Must be after the letter's date."),
        _id("Contact", "contact", "staff", "The staff id of the worker to reply to."),
        Column("Date", "date", DATE, 12, "The date of the letter."),
        Column("Replied on", "replied_on", DATE, 12, "The day the reply came; leave empty until it does."),
    ),
    "Letters asking a professional for information, one per row.",
)

AGENCY_CHECKS = Table(
    "Agency checks",
    "agency_checks",
    (
        Column("Agency", "agency", AGENCY, 34, "An agency from the list on the prompt sheet; choose it from the drop-down."),
        Column("Date", "date", DATE, 12, "The day of the check."),
        _id("By", "by", "staff", "The staff id of the worker who made the check."),
        Column("Outcome", "outcome", CHOICE, 18, "information shared, nothing known, or awaiting a reply. What the agency said goes in the assessment, not here.",
               choices=tuple(CHECK_OUTCOME_WORDS.items())),
    ),
    "Checks made with an agency without a letter, such as a phone call to the police, one per row. They are ticked on the prompt sheet.",
)

CO_WORKING = Form(
    "Co-working",
    (
        Column("Date", "co_working_agreement.date", DATE),
        Column("Review date", "co_working_agreement.review_date", DATE),
        Column("Parties", "co_working_agreement.parties", IDS, help="The staff ids of everyone who signs the agreement, separated by commas."),
    ),
    "The co-working agreement between the staff on the case. Its tasks go on the Co-working tasks sheet. Leave both empty if there is none.",
)

CO_WORKING_TASKS = Table(
    "Co-working tasks",
    "co_working_agreement.tasks",
    (
        Column("Section", "section", width=30, help="The heading the task sits under, for example Case management."),
        Column("Task", "task", width=50, wrap=True),
        _id("Who", "who", "staff", "The staff id of the worker who does it."),
        Column("Frequency", "frequency", width=22),
        _id("Reports to", "reports_to", "people", "An id, or a few words such as Head of Service."),
    ),
    "The areas of responsibility in the co-working agreement, one task per row.",
)

FAMILY_MEETING = Form(
    "Family meeting",
    (
        _id("Meeting", "family_meeting_agreement.meeting", "meetings", "The id of the family meeting (from the Meetings sheet)."),
        Column("Signatories", "family_meeting_agreement.signatories", IDS, help="The ids of everyone who signs, separated by commas."),
    ),
    "The agreement signed at a family meeting. Leave empty if there is none.",
)

CLOSURE = Form(
    "Closure",
    (
        Column("Date", "closure.date", DATE),
        Column("Concluded", "closure.concluded", CHOICE, help="What has ended: the assessment, or the whole involvement.", choices=(("assessment", "assessment"), ("involvement", "involvement"))),
        Column("Outcome", "closure.outcome", CHOICE, help="support plan, or no further action.", choices=(("support_plan", "support plan"), ("no_further_action", "no further action"))),
        Column("Assessment type", "closure.assessment_type", help="For example: child and family assessment."),
        Column("Support plan", "closure.support_plan", help="The support that carries on, when the outcome is a support plan."),
        Column("Recipients", "closure.recipients", IDS, help="The ids of the family members and professionals who get a closure letter, separated by commas."),
    ),
    "The end of the assessment or of the involvement, and who is told. Leave empty if the case is still open.",
)

# In the order the sheets appear, after the instructions.
SHEETS: tuple[Form | Table | RatingsSheet, ...] = (
    CASE, STAFF, CHILDREN, FAMILY, PROFESSIONALS, ASSESSMENTS, RATINGS, RATING_NOTES, STRENGTHS,
    PARENT_VIEWS, CHILD_VIEWS, PLAN, MEETINGS, INVITEES, INFORMATION_REQUESTS, AGENCY_CHECKS, CO_WORKING,
    CO_WORKING_TASKS, FAMILY_MEETING, CLOSURE,
)  # fmt: skip

INSTRUCTIONS = "Instructions"
LISTS = "Lists"  # hidden: the drop-down lists

# Sheets whose first column holds ids that other sheets pick from.
ID_SOURCES = {"staff": STAFF, "children": CHILDREN, "family": FAMILY, "professionals": PROFESSIONALS, "assessments": ASSESSMENTS, "meetings": MEETINGS}
# The drop-down lists of ids: which sheets' ids each offers.
ID_LISTS = {
    "people": ("staff", "children", "family", "professionals"),
    "staff": ("staff",),
    "children": ("children",),
    "family": ("family",),
    "professionals": ("professionals",),
    "staff_or_professionals": ("staff", "professionals"),
    "family_or_children": ("family", "children"),
    "assessments": ("assessments",),
    "meetings": ("meetings",),
}


def quote_sheet(sheet: str) -> str:
    """A sheet's name as Excel writes it in a reference: in single quotes if it has spaces or punctuation."""
    return sheet if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", sheet) else "'" + sheet.replace("'", "''") + "'"


def cell_ref(sheet: str, coordinate: str = "") -> str:
    """Sheet!A1, the way a problem names a cell."""
    return f"{quote_sheet(sheet)}!{coordinate}" if coordinate else quote_sheet(sheet)


def normalise_heading(text: object) -> str:
    return " ".join(str(text).split()).casefold() if text is not None else ""


def path_get(record: object, path: str) -> object:
    """The value at a dotted path ('address.town'), or None; lists are returned whole."""
    value = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
