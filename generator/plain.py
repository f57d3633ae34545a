"""Plain words for family copies: the jargon list (data, not code) and the checks made with it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from generator.errors import SettingsError

LONGEST_SENTENCE = 25  # words; longer sentences are hard going for a parent who finds reading hard
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class PlainWords:
    terms: tuple[str, ...]
    roles: dict[str, str]
    pattern: re.Pattern

    def jargon_in(self, text: str) -> list[str]:
        """The listed terms that occur in the text, each once, in the order first found."""
        return list(dict.fromkeys(m.group(0) for m in self.pattern.finditer(text)))

    def role(self, role: str) -> str:
        """A professional's role as a family copy gives it: 'health visitor'."""
        return self.roles.get(role, role.lower())


def _pattern(terms: tuple[str, ...]) -> re.Pattern:
    # Abbreviations (no lower-case letter) match only as written; "CP" must not find "cp" in a word.
    exact = [re.escape(t) for t in terms if t == t.upper()]
    loose = [re.escape(t) for t in terms if t != t.upper()]
    parts = []
    if exact:
        parts.append(rf"(?<![\w-])(?:{'|'.join(sorted(exact, key=len, reverse=True))})(?![\w-])")
    if loose:
        parts.append(rf"(?i:(?<![\w-])(?:{'|'.join(sorted(loose, key=len, reverse=True))})(?![\w-]))")
    return re.compile("|".join(parts))


def data_text(name: str) -> str:
    """One of the project's data files (generator/data/NAME); a missing one, such as a language's overlay, is an error naming it."""
    path = resources.files("generator").joinpath(f"data/{name}")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SettingsError(f"{path}: data file not found; the documents in this language need it") from exc


@cache
def plain_words(language: str = "en") -> PlainWords:
    """The jargon list and everyday role names in a language: plain-words.json, or plain-words.cy.json for Welsh."""
    name = "plain-words.json" if language == "en" else f"plain-words.{language}.json"
    data = json.loads(data_text(name))
    terms = tuple(data["terms"])
    return PlainWords(terms, dict(data.get("roles", {})), _pattern(terms))


def long_sentences(text: str) -> list[int]:
    """The word counts of the sentences longer than LONGEST_SENTENCE words."""
    return [n for n in (len(s.split()) for s in SENTENCE_END.split(text.strip())) if n > LONGEST_SENTENCE]
