"""The toolkit definition (areas, items, the ages each item applies to, the levels), loaded from data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.errors import SettingsError

DEFAULT_TOOLKIT = Path(__file__).parent / "data" / "toolkit-fsn.json"
NOT_APPLICABLE = "n/a"


@dataclass(frozen=True)
class Level:
    value: int
    name: str  # the professional wording, e.g. "Complex / intensive needs"
    family_words: str  # what a family would say, e.g. "We are worried"
    colour: str
    tint: str


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    family_name: str
    description: str
    area_code: str
    min_age: int | None = None
    max_age: int | None = None
    unborn_only: bool = False

    def applies_at(self, age_years: int | None) -> bool:
        """Whether the item is meant for a child of this age (None: not yet born)."""
        if age_years is None:
            return self.unborn_only
        if self.unborn_only:
            return False
        if self.min_age is not None and age_years < self.min_age:
            return False
        return self.max_age is None or age_years <= self.max_age

    @property
    def ages_text(self) -> str:
        if self.unborn_only:
            return "before birth"
        if self.min_age is None and self.max_age is None:
            return "all ages"
        if self.min_age is None:
            return f"under {self.max_age + 1}"
        if self.max_age is None:
            return f"{self.min_age} and over"
        return f"{self.min_age} to {self.max_age}"


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Prompt:
    key: str
    when: str  # "mainly_high_with_impact" or "high_on_item"
    text: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Toolkit:
    name: str
    areas: tuple[Area, ...]
    levels: tuple[Level, ...]
    not_applicable_words: str
    prompts: tuple[Prompt, ...]
    source: str
    language: str = "en"

    @property
    def items(self) -> dict[str, Item]:
        return {item.code: item for area in self.areas for item in area.items}

    @property
    def level_values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    def level(self, value: int) -> Level:
        return next(level for level in self.levels if level.value == value)

    def area(self, code: str) -> Area:
        return next(area for area in self.areas if area.code == code)


def overlay_path(path: Path, language: str) -> Path:
    """toolkit-fsn.json -> toolkit-fsn.cy.json: the same toolkit's text in another language, beside it."""
    path = Path(path)
    return path.with_name(f"{path.stem}.{language}{path.suffix}")


def _overlaid(base, over):
    """The toolkit's data with the overlay's text put in: dicts key by key, lists of levels by `value`,
    of areas and items by `code`; anything the overlay leaves out stays as it was."""
    if isinstance(base, dict) and isinstance(over, dict):
        return {k: _overlaid(v, over[k]) if k in over else v for k, v in base.items()}
    if isinstance(base, list) and isinstance(over, list):
        def key(entry):
            return (entry.get("value"), entry.get("code")) if isinstance(entry, dict) else None
        by_key = {key(e): e for e in over if isinstance(e, dict)}
        return [_overlaid(e, by_key[key(e)]) if isinstance(e, dict) and key(e) in by_key else e for e in base]
    return over if isinstance(over, str) and isinstance(base, str) else base


@lru_cache(maxsize=8)
def load_toolkit(path: Path = DEFAULT_TOOLKIT, language: str = "en") -> Toolkit:
    """Reads a toolkit definition file; a team may point its settings at its own. For a language
    other than English, the file's overlay in that language (toolkit-fsn.cy.json) gives its text."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        if language != "en":
            translated = overlay_path(path, language)
            try:
                raw = _overlaid(raw, json.loads(translated.read_text(encoding="utf-8")))
            except FileNotFoundError as exc:
                raise SettingsError(
                    f"{translated}: the toolkit's text in this language is missing; put it beside {Path(path).name}, "
                    "with the same shape and only its text fields"
                ) from exc
            except json.JSONDecodeError as exc:
                raise SettingsError(f"{translated} > line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
        areas = tuple(
            Area(
                code=str(area["code"]),
                name=area["name"],
                items=tuple(
                    Item(
                        code=str(item["code"]),
                        name=item["name"],
                        family_name=item.get("family_name", item["name"]),
                        description=item["description"],
                        area_code=str(area["code"]),
                        min_age=item.get("min_age"),
                        max_age=item.get("max_age"),
                        unborn_only=bool(item.get("unborn_only", False)),
                    )
                    for item in area["items"]
                ),
            )
            for area in raw["areas"]
        )
        levels = tuple(
            Level(int(lv["value"]), lv["name"], lv["family_words"], lv["colour"], lv["tint"])
            for lv in raw["levels"]
        )
        prompts = tuple(
            Prompt(key, p["when"], p["text"], tuple(p.get("items", ())))
            for key, p in raw.get("prompts", {}).items()
        )
        return Toolkit(
            name=raw["name"],
            areas=areas,
            levels=levels,
            not_applicable_words=raw.get("not_applicable", {}).get("family_words", "Does not apply"),
            prompts=prompts,
            source=str(path),
            language=language,
        )
    except FileNotFoundError as exc:
        raise SettingsError(f"{path}: toolkit file not found") from exc
    except json.JSONDecodeError as exc:
        raise SettingsError(f"{path} > line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise SettingsError(f"{path}: not a usable toolkit definition ({exc!r} is missing or wrong)") from exc
