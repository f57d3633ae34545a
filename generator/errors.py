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
