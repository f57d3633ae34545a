"""Context pieces every document shares: letterhead, case header, people, dates in the case's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date

from generator.model import Case, Child, FamilyMember, Professional, Staff
from generator.render import ImageRef
from generator.settings import Settings
from generator.toolkit import Toolkit, load_toolkit
from generator.wording import LOCALES, Wording, Words, fill, language_of


@dataclass(frozen=True)
class DocumentPlan:
    """One document to produce: which template, with what, for whom."""

    document: str  # the type name, e.g. "closure-letter"
    template: str  # template stem under templates/docx and templates/html
    title: str  # e.g. "Closure letter" (also the PDF's title, with the case reference)
    filename: str  # file name without suffix, unique within the case
    context: dict[str, Any]
    recipient: str | None = None
    subject: str | None = None


@dataclass(frozen=True)
class Inputs:
    """Everything a document type may draw on."""

    case: Case
    settings: Settings
    toolkit: Toolkit
    today: dt.date
    # The wording of the case's language; made from the settings' template roots when not given.
    words: Wording | None = None

    def __post_init__(self) -> None:
        language = self.language
        if self.words is None:
            object.__setattr__(self, "words", Wording(language, self.settings.template_roots))
        if self.toolkit.language != language:  # the same toolkit, its text in the case's language
            object.__setattr__(self, "toolkit", load_toolkit(self.toolkit.source, language))

    @property
    def language(self) -> str:
        """'en' or 'cy' (validation has refused any other case.language)."""
        return language_of(self.case.case.language) or "en"

    def wording(self, stem: str) -> Words:
        return self.words.document(stem)

    def date(self, day: dt.date | None) -> str:
        return long_date(day, self.language)


def long_date(day: dt.date | None, language: str = "en") -> str:
    """4 December 2026; 4 Rhagfyr 2026."""
    return format_date(day, "d MMMM y", locale=LOCALES[language]) if day else ""


def day_and_date(day: dt.date, language: str = "en") -> str:
    """Friday 20 November 2026; dydd Gwener 20 Tachwedd 2026: meeting dates carry the weekday, as people plan by it."""
    weekday = format_date(day, "EEEE", locale=LOCALES[language])
    if language == "cy":  # Welsh writes the weekday in lower case inside a sentence: "dydd Gwener"
        weekday = weekday[:1].lower() + weekday[1:]
    return f"{weekday} {long_date(day, language)}"


def clock_time(time: str, words: Words) -> str:
    """'17:30' -> '5:30pm', '10:00' -> '10:00am': every document gives a time this one way (its words from common.toml)."""
    hours, minutes = (int(part) for part in time.split(":"))
    if (hours, minutes) == (12, 0):
        return words["noon"]
    return fill(words["clock_am" if hours < 12 else "clock_pm"], time=f"{(hours - 1) % 12 + 1}:{minutes:02d}")


# Titles a name may start with; a letter to "Dr Samira Haddad" opens "Dear Dr Haddad".
TITLES = ("Dr", "Mr", "Mrs", "Ms", "Miss", "Mx", "Prof", "Professor", "Rev", "Revd", "Sir", "Dame", "Lady", "Lord")


def salutation(name: str, first_name: str | None, words: Words) -> str:
    """How a council opens a letter: title and surname where the name has a title, the full name
    where it has none (we do not guess anyone's title), a child's first name."""
    parts = name.split()
    if first_name:
        called = first_name
    elif len(parts) >= 3 and parts[0].rstrip(".") in TITLES:
        called = f"{parts[0]} {parts[-1]}"
    else:
        called = name
    return fill(words["dear"], name=called)


def lower_first(text: str) -> str:
    """'Physical care' -> 'physical care', leaving 'GP' and the like as they are."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def join_names(names: list[str], words: Words | None = None, joiner: str = "and_word") -> str:
    """Ruby, Amara and Jayden (with `words`, the 'and', or with joiner="or_word" the 'or', of the document's language)."""
    if len(names) <= 1:
        return "".join(names)
    if words is None:
        return f"{', '.join(names[:-1])} {joiner.removesuffix('_word')} {names[-1]}"
    # Welsh writes "ac" before a vowel ("Ruby ac Amara"): the wording may give the word to use there.
    before_vowel = f"{joiner}_before_vowel"
    word = words[before_vowel] if names[-1][:1].lower() in VOWELS and before_vowel in words else words[joiner]
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


# The letters a word may start with that take "ac", not "a", before it in Welsh (w and y are left out:
# "a Wyn", "a Ynyr" are the usual forms, and "ac" before them depends on the sound).
VOWELS = frozenset("aeiouâêîôûáéíóúàèìòùäëïöü")


def priority_levels(toolkit: Toolkit, words: Words) -> str:
    """The toolkit's priority levels in the document's language: '3 or 4', '3, 4 neu 5'."""
    return join_names([str(v) for v in toolkit.priority_levels], words, joiner="or_word")


def organisation(settings: Settings, words: Words) -> dict[str, Any]:
    org = settings.organisation
    return {
        "name": org.name,
        "department": org.department,
        "address": list(org.address),
        "phone": org.phone,
        "email": org.email,
        "website": org.website,
        "logo": ImageRef(org.logo, 45, fill(words["logo_alt"], organisation=org.name)) if org.logo else None,
    }


def child_entry(child: Child, on: dt.date, language: str = "en") -> dict[str, Any]:
    age = child.age_on(on)
    return {
        "id": child.id,
        "name": child.name,
        "first_name": child.first_name,
        "date_of_birth": long_date(child.date_of_birth, language),
        "age": "" if age is None else str(age),
        "school": child.school or "",
    }


def address_lines(case: Case, person: Any) -> list[str]:
    """Where post reaches a person: their own address, or the children's home if they live there."""
    address = getattr(person, "address", None)
    if address is not None:
        return list(address.all_lines)
    if isinstance(person, (FamilyMember, Child)) and case.address is not None:
        if isinstance(person, Child) or person.lives_with_children:
            return list(case.address.all_lines)
    return []


def person_entry(case: Case, person_id: str, words: Words) -> dict[str, Any]:
    """A person as documents show them, whichever group they belong to, in the document's language."""
    person = case.person(person_id)
    if isinstance(person, Child):
        kind, role, organisation_name, name = "child", words["child"], "", person.name
    elif isinstance(person, FamilyMember):
        kind, role, organisation_name, name = "family", person.relationship, "", person.name
    elif isinstance(person, Professional):
        kind, role, organisation_name, name = "professional", person.role, person.agency, person.name
    else:
        kind, role, organisation_name, name = "staff", person.role, case.case.team, person.name
    return {
        "id": person.id,
        "kind": kind,
        "name": name,
        "role": role,
        "organisation": organisation_name,
        # An address whose first line is the agency itself would print it twice under the role line.
        "address": [line for line in address_lines(case, person) if line != organisation_name],
        "phone": getattr(person, "phone", None) or "",
        "email": getattr(person, "email", None) or "",
        "salutation": salutation(name, person.first_name if isinstance(person, Child) else None, words),
    }


def staff_entry(staff: Staff, team: str) -> dict[str, str]:
    return {"name": staff.name, "role": staff.role, "team": team, "phone": staff.phone or "", "email": staff.email or ""}


def signatory(inputs: Inputs) -> dict[str, str]:
    case, settings = inputs.case, inputs.settings
    if settings.signed_by == "named":
        return {"name": settings.signatory_name, "role": settings.signatory_role, "team": case.case.team, "phone": "", "email": ""}
    staff_id = case.case.key_worker if settings.signed_by == "key_worker" else case.case.team_manager
    return staff_entry(case.person(staff_id), case.case.team)


def base_context(inputs: Inputs, stem: str, date: dt.date) -> dict[str, Any]:
    """The wording, letterhead, marking, case reference, children and contacts every document carries.

    `w` is the document's fixed wording (templates/wording/<lang>/<stem>.toml over common.toml); its
    `title` is the document's title in the case's language.
    """
    case = inputs.case
    words = inputs.wording(stem)
    children = [child_entry(c, date, inputs.language) for c in case.children]
    return {
        "w": words,
        "organisation": organisation(inputs.settings, words),
        "marking": inputs.settings.protective_marking,
        "title": words["title"],
        "reference": case.case.reference,
        "team": case.case.team,
        "plan_status": case.case.plan_status or "",
        "language": inputs.words.tag,
        "date": long_date(date, inputs.language),
        "children": children,
        "children_names": join_names([c["first_name"] for c in children], words),
        "home_address": list(case.address.all_lines) if case.address else [],
        "key_worker": staff_entry(case.person(case.case.key_worker), case.case.team),
        "signatory": signatory(inputs),
    }


def file_stem(*parts: str) -> str:
    return "_".join(p for p in parts if p)


def plan_for(name: str, title: str, context: dict[str, Any], *name_parts: str, recipient: str | None = None, subject: str | None = None) -> DocumentPlan:
    """A document of type `name`, its file named after the type and the parts given (unique within a case)."""
    return DocumentPlan(
        document=name,
        template=name,
        title=context.get("title", title),  # the title in the case's language, from the document's wording
        filename=file_stem(name, *name_parts),
        context=context,
        recipient=recipient,
        subject=subject,
    )
