"""Readers from a file to raw case data, chosen by the file's suffix."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import InvalidCase, Location, Problem


@dataclass(frozen=True)
class RawCase:
    """Case data in the JSON shape, plus a way to turn a JSON pointer into a place in the source."""

    data: Any
    source: str
    locate: Callable[[str], Location]
    reworded: Mapping[str, str] = field(default_factory=dict)  # place -> the reader's own words for a date it could not read
    # What the reader itself found wrong (a cell it could not read, a row that belongs nowhere): reported
    # by validate() in one list with everything else, so that one pass finds every problem.
    problems: tuple[Problem, ...] = ()
    covered: frozenset[str] = frozenset()  # places whose problems the reader's problems already report
    order: Callable[[Location], Any] | None = None  # sorts problems into the order of the file's places
    # Pointer of an entry -> where its key was typed, when not in the entry's own place: a level's child id,
    # typed once at the start of its row on the Ratings sheet.
    key_places: Mapping[str, str] = field(default_factory=dict)


def _json(path: Path) -> RawCase:
    from generator.load.json import load_json

    return load_json(path)


def _xlsx(path: Path) -> RawCase:
    from generator.load.xlsx import load_xlsx

    return load_xlsx(path)


LOADERS: dict[str, Callable[[Path], RawCase]] = {".json": _json, ".xlsx": _xlsx}


def load(path: Path, max_bytes: int | None = None) -> RawCase:
    """The raw case in a file; a file bigger than `max_bytes` (default: the README's limit) is refused unread."""
    from generator.limits import MAX_INPUT_MB, too_big_problem

    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise InvalidCase([Problem(Location(str(path)), f"cannot read '{path.suffix or 'files without a suffix'}': use a .json case file or an .xlsx workbook")])
    if not path.is_file():
        raise InvalidCase([Problem(Location(str(path)), "no such file")])
    limit = int(MAX_INPUT_MB * 1024 * 1024) if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidCase([Problem(Location(str(path)), f"could not be read ({exc.strerror or type(exc).__name__})")]) from None
    if size > limit:
        raise InvalidCase([Problem(Location(str(path)), too_big_problem(size, limit))])
    try:
        return loader(path)
    except (PermissionError, IsADirectoryError) as exc:
        raise InvalidCase([Problem(Location(str(path)), f"could not be read ({exc.strerror or type(exc).__name__})")]) from None
