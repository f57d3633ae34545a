"""The agency list of the prompt sheet (groups, agencies, sub-agencies, matching words), loaded from data."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.errors import SettingsError

DEFAULT_AGENCIES = Path(__file__).parent / "data" / "agencies.json"
MATCH_FIELDS = ("role", "agency")


def name_key(text: str) -> str:
    """How two spellings of an agency's name compare: capitals, spaces and apostrophes ignored."""
    return " ".join(text.replace("\u2019", "'").casefold().split())


@dataclass(frozen=True)
class Agency:
    name: str  # as the prompt sheet prints it
    short_name: str  # what a person types, and what the workbook's drop-down offers
    group: str
    parent: str | None = None  # the agency a sub-agency belongs to (its name)
    role_words: tuple[str, ...] = ()
    agency_words: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.short_name, self.name)))


@dataclass(frozen=True)
class Group:
    name: str
    agencies: tuple[Agency, ...]  # in the order printed: each agency, then its sub-agencies


def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(name_key(w)) for w in words) + r")(?!\w)")


@dataclass(frozen=True)
class AgencyList:
    name: str
    groups: tuple[Group, ...]
    source: str

    @property
    def agencies(self) -> tuple[Agency, ...]:
        return tuple(agency for group in self.groups for agency in group.agencies)

    @property
    def short_names(self) -> tuple[str, ...]:
        return tuple(agency.short_name for agency in self.agencies)

    def find(self, typed: str) -> Agency | None:
        """The agency a person named, by its short or full name, however capitalised or spaced."""
        key = name_key(typed)
        return next((a for a in self.agencies if key in {name_key(n) for n in a.names}), None)

    def nearest(self, typed: str, count: int = 3) -> list[str]:
        """The short names closest to a misspelt one, best first."""
        by_key = {name_key(n): a.short_name for a in self.agencies for n in a.names}
        close = difflib.get_close_matches(name_key(typed), list(by_key), n=count * 2, cutoff=0.5)
        return list(dict.fromkeys(by_key[k] for k in close))[:count]

    def match(self, role: str, agency_text: str) -> Agency | None:
        """The agency a professional belongs to: their role tried first (a school nurse is health, not
        education), then their organisation; within each, sub-agencies before the agency they belong to,
        in the order of the file."""
        order = _matching_order(self.agencies)
        for field, text in zip(MATCH_FIELDS, (role, agency_text)):
            text = name_key(text or "")
            for agency in order:
                pattern = _patterns(agency)[field]
                if pattern is not None and pattern.search(text):
                    return agency
        return None


def _matching_order(agencies: tuple[Agency, ...]) -> list[Agency]:
    order: list[Agency] = []
    for agency in agencies:
        if agency.parent is None:
            order += [a for a in agencies if a.parent == agency.name]
            order.append(agency)
    return order


@lru_cache(maxsize=256)
def _patterns(agency: Agency) -> dict[str, re.Pattern[str] | None]:
    return {"role": _pattern(agency.role_words), "agency": _pattern(agency.agency_words)}


def _agency(raw: dict, group: str, parent: str | None) -> Agency:
    match = raw.get("match", {})
    unknown = set(match) - set(MATCH_FIELDS)
    if unknown:
        raise ValueError(f"match may hold only {' and '.join(MATCH_FIELDS)}, not {', '.join(sorted(unknown))}")
    return Agency(
        name=raw["name"],
        short_name=raw.get("short_name", raw["name"]),
        group=group,
        parent=parent,
        role_words=tuple(match.get("role", ())),
        agency_words=tuple(match.get("agency", ())),
    )


@lru_cache(maxsize=8)
def load_agencies(path: Path = DEFAULT_AGENCIES) -> AgencyList:
    """Reads an agency list file; a team may point its settings at its own."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        groups = []
        for group in raw["groups"]:
            agencies: list[Agency] = []
            for entry in group["agencies"]:
                agency = _agency(entry, group["name"], None)
                agencies.append(agency)
                agencies += [_agency(sub, group["name"], agency.name) for sub in entry.get("sub_agencies", ())]
            groups.append(Group(group["name"], tuple(agencies)))
        agency_list = AgencyList(name=raw["name"], groups=tuple(groups), source=str(path))
    except FileNotFoundError as exc:
        raise SettingsError(f"{path}: agency list file not found") from exc
    except json.JSONDecodeError as exc:
        raise SettingsError(f"{path} > line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SettingsError(f"{path}: not a usable agency list ({exc!r} is missing or wrong)") from exc
    seen: dict[str, str] = {}
    for agency in agency_list.agencies:
        for name in agency.names:
            if seen.setdefault(name_key(name), agency.name) != agency.name:
                raise SettingsError(f"{path}: the name '{name}' is used by two agencies; each name must pick out one agency")
    return agency_list


@lru_cache(maxsize=8)
def display_names(path: Path, language: str) -> dict[str, str]:
    """Each group's, agency's and sub-agency's name in another language, by its English name, from the list's
    overlay beside it (agencies.cy.json: the same shape and order, matched by position). English, or a list
    with no overlay in that language: no names, so the prompt sheet shows the list's own."""
    overlay = Path(path).with_name(f"{Path(path).stem}.{language}{Path(path).suffix}")
    if language == "en" or not overlay.is_file():
        return {}
    try:
        base, other = json.loads(Path(path).read_text(encoding="utf-8")), json.loads(overlay.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SettingsError(f"{overlay} > line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    names: dict[str, str] = {}

    def pair(a: dict, b: dict) -> None:
        if isinstance(b, dict) and isinstance(b.get("name"), str):
            names[a["name"]] = b["name"]

    for group, other_group in zip(base["groups"], other.get("groups", [])):
        pair(group, other_group)
        for entry, other_entry in zip(group["agencies"], other_group.get("agencies", [])):
            pair(entry, other_entry)
            for sub, other_sub in zip(entry.get("sub_agencies", ()), other_entry.get("sub_agencies", [])):
                pair(sub, other_sub)
    return names
