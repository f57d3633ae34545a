"""Plain exceptions that carry where a problem is (file, sheet!cell or JSON pointer)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where a problem is: the file, then a place inside it (a JSON pointer or Sheet!A1)."""

    source: str
    where: str = ""

    def __str__(self) -> str:
        return f"{self.source} > {self.where}" if self.where else self.source


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or odd) with the input. `message` never quotes evidence text."""

    location: Location
    message: str
    severity: str = "error"  # "error" stops the build; "warning" is shown and goes on

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class CasepackError(Exception):
    """Base of everything the library raises on purpose."""


@dataclass
class InvalidCase(CasepackError):
    """The input could not be read, or broke one or more rules. Carries every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class SettingsError(CasepackError):
    """The settings file or the toolkit file it names is unusable."""


class TemplateError(CasepackError):
    """A template is broken or asks for something the document context does not have."""


class UsageError(CasepackError):
    """The caller asked for something that does not exist (an unknown document type, say)."""


# The words of an id used but never given, shared by the workbook reader (assessment and meeting ids,
# which its rows hang from) and the validator (people's ids): one error per id, never one per use.


def id_uses(value: str, places: list[str]) -> str:
    """"'jayden' is used in 64 places (Family!H2, Family!H3, Professionals!E3, ...)"."""
    listed = ", ".join(places[:3]) + (", ..." if len(places) > 3 else "")
    return f"'{value}' is used in {len(places)} place{'s' if len(places) != 1 else ''} ({listed})"


def id_missing(value: str, places: list[str], what: str, possessive: str) -> str:
    """At the one record without an id, when the unknown id is plainly its own."""
    return f"the id is missing; {id_uses(value, places)} but no {what} has it: if it is {possessive}, type {value} here"


def id_unknown(value: str, places: list[str], what: str, among: str, known: list[str]) -> str:
    """At the first use of an id that no record has; `among` is where the ids are ('in this case')."""
    ids = f" (the ids in use are {', '.join(known)})" if 0 < len(known) <= 10 else ""
    return f"{id_uses(value, places)} but is not the id of any {what} {among}{ids}; correct the id here and at every use, or add the {what} it names"
