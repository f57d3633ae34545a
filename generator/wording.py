"""The documents' fixed wording: one TOML file per document and language, merged over common.toml, for both formats.

templates/wording/<lang>/<stem>.toml holds the sentences of one document type, common.toml those that
several share. Both the Word and the HTML template read them as `w` (`{{ w.thanks_family }}`,
`{{ w.confirm_finished | fill(team=team) }}`), and context builders through `Wording.phrase`, so a sentence
is written once per language and changing it changes both formats.

Template roots come in order of precedence (a team's folder first, the built-in templates/ last); a team's
file may hold only the keys it changes, and those win key by key.
"""

from __future__ import annotations

import string
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.errors import TemplateError

# What case.language may say, and the wording it gets (lower-cased before the look-up).
LANGUAGES = {"en": "en", "en-gb": "en", "cy": "cy", "cy-gb": "cy"}
LANGUAGE_CHOICES = "en-GB or cy"
# The locale Babel writes dates in, and the language tag the PDF and Word carry.
LOCALES = {"en": "en_GB", "cy": "cy_GB"}
LANGUAGE_TAGS = {"en": "en-GB", "cy": "cy"}
COMMON = "common"


def language_of(value: str | None) -> str | None:
    """'en-GB' -> 'en', 'cy' -> 'cy'; None for a language there is no wording for."""
    return LANGUAGES.get((value or "en-GB").strip().lower())


class Phrase(str):
    """A wording value that knows where it came from, so that a placeholder it lacks is reported there."""

    where: str

    def __new__(cls, text: str, where: str) -> Phrase:
        phrase = super().__new__(cls, text)
        phrase.where = where
        return phrase

    def __reduce__(self):
        return (Phrase, (str(self), self.where))


class WordingError(TemplateError):
    """A wording file is missing, unreadable, or lacks a key or a placeholder a template asks for."""


_FORMATTER = string.Formatter()


def fill(text: str, **values: Any) -> str:
    """The phrase with its {placeholders} filled; the values are data and are never read as wording or markup.

    Only plain names are allowed ({team}, not {team.name} or {0}), so a wording file can reach nothing
    but the values the template hands it.
    """
    where = getattr(text, "where", "a wording value")
    out = []
    for literal, name, spec, conversion in _FORMATTER.parse(str(text)):
        out.append(literal)
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise WordingError(f"{where}: '{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}' is not a placeholder: write a plain name such as {{team}}")
        if name not in values:
            given = ", ".join("{" + v + "}" for v in sorted(values)) or "none"
            raise WordingError(f"{where}: there is no value for {{{name}}} here; the placeholders this phrase can use are {given}")
        out.append(str(values[name]))
    return "".join(out)


class Words:
    """One document's wording in one language: `w.key` in a template, `w["key"]` in Python.

    Not a dict, so that no key can be shadowed by a method name, and a missing key is an error naming the file.
    """

    __slots__ = ("_where", "_values")

    def __init__(self, where: str, values: dict[str, Any]) -> None:
        self._where = where
        self._values = values

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise WordingError(f"{self._where}: no wording '{key}'; add a line {key} = \"...\"") from None

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values)))

    def __reduce__(self):
        return (Words, (self._where, self._values))

    def items(self):
        """(key, value) pairs, for the cache's fingerprint and for tests."""
        return self._values.items()


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise WordingError(f"{path}: {exc}; put each phrase on one line as key = \"text\"") from exc
    except UnicodeDecodeError as exc:
        raise WordingError(f"{path}: not UTF-8 text; save it as UTF-8") from exc
    for key, value in raw.items():
        values = value.items() if isinstance(value, dict) else [(None, value)]
        for inner, text in values:
            if not isinstance(text, str):
                name = f"{key}.{inner}" if inner else key
                raise WordingError(f"{path} > {name}: every phrase is text in quotes, as {name} = \"...\"")
    return raw


def _merge(into: dict[str, Any], more: dict[str, Any]) -> None:
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            into[key] = {**into[key], **value}
        else:
            into[key] = value


@lru_cache(maxsize=128)
def _file(language: str, roots: tuple[Path, ...], stem: str) -> tuple[str, dict[str, Any]]:
    """One wording file merged over the roots (the last root is the built-in one), with where it lives."""
    paths = [root / "wording" / language / f"{stem}.toml" for root in roots]
    found = [p for p in paths if p.is_file()]
    if not found:
        raise WordingError(f"{paths[-1]}: wording file not found; every document type has one for each language")
    merged: dict[str, Any] = {}
    for path in reversed(found):  # the built-in file first, a team's keys over it
        _merge(merged, _read(path))
    where = str(found[0])  # the first root that has the file: where a team adds what it lacks
    phrases: dict[str, Any] = {}
    for key, value in merged.items():
        if isinstance(value, dict):
            phrases[key] = Words(f"{where} > [{key}]", {k: Phrase(v, f"{where} > {key}.{k}") for k, v in value.items()})
        else:
            phrases[key] = Phrase(value, f"{where} > {key}")
    return where, phrases


class Wording:
    """The wording of every document in one language, from an ordered list of template roots."""

    def __init__(self, language: str, roots: list[Path] | tuple[Path, ...]) -> None:
        if language not in LOCALES:
            raise WordingError(f"no wording for language '{language}'; choose {LANGUAGE_CHOICES}")
        self.language = language
        self.roots = tuple(Path(r) for r in roots)

    @property
    def locale(self) -> str:
        return LOCALES[self.language]

    @property
    def tag(self) -> str:
        """The language tag documents carry: <html lang>, Word's w:lang."""
        return LANGUAGE_TAGS[self.language]

    def document(self, stem: str) -> Words:
        """A document's wording: its own file over common.toml."""
        return _document(self.language, self.roots, stem)

    def phrase(self, stem: str, key: str, **values: Any) -> str:
        """A phrase for Python code that builds a context, filled with its values."""
        text = self.document(stem)[key]
        return fill(text, **values)

    def __reduce__(self):
        return (Wording, (self.language, self.roots))


@lru_cache(maxsize=128)
def _document(language: str, roots: tuple[Path, ...], stem: str) -> Words:
    _, common = _file(language, roots, COMMON)
    where, own = _file(language, roots, stem) if stem != COMMON else ("", {})
    where = where or str(roots[-1] / "wording" / language / f"{COMMON}.toml")
    return Words(f"{where} (or {COMMON}.toml)" if stem != COMMON else where, {**common, **own})
