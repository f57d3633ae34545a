"""What no case needs, found before any document is made: limits, characters a Word file cannot hold,
ids that would collide as file names. Every problem is placed at its JSON pointer (or cell) and never
quotes the text it is about.

The limits (README, "Limits"):
  - a case file of at most MAX_INPUT_MB megabytes on disk (--max-input-mb to change it);
  - nesting at most MAX_DEPTH levels deep; numbers of at most MAX_NUMBER_DIGITS digits;
  - at most MAX_TEXT characters in one field, MAX_ENTRIES entries in one list, MAX_CHILDREN children.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from generator.errors import Location, Problem

MAX_INPUT_MB = 5.0
MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 20
MAX_TEXT = 20_000
MAX_ENTRIES = 500
MAX_CHILDREN = 20

# XML 1.0, which every part of a .docx is, cannot hold these: C0 controls other than tab, newline and
# carriage return; lone UTF-16 surrogates (half of an emoji cut in two); and the two non-characters.
# DEL and the C1 controls it could hold print as nothing or a box, so they are refused too.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
ID_GROUPS = ("staff", "children", "family", "professionals", "assessments", "plan", "meetings")

Locate = Callable[[str], Location]


def depth_problem() -> str:
    return f"the file is nested more than {MAX_DEPTH} levels deep; a case file needs far fewer, so it was not read"


def size_text(size: int) -> str:
    """5 MB, 1.5 MB, 512 KB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(size / 1024))} KB"


def too_big_problem(size: int, limit_bytes: int) -> str:
    return (f"the file is {size_text(size)}, more than the limit of {size_text(limit_bytes)}; "
            "a case file is far smaller, so it was not read (use --max-input-mb to allow more)")


def pointer(parts: list) -> str:
    """A JSON pointer (RFC 6901) to the path given as a list of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _character(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"half of a character cut in two, such as an emoji (U+{code:04X}),"
    if code in (0xFFFE, 0xFFFF):
        return f"a non-character (U+{code:04X})"
    return f"a control character (U+{code:04X})"


def text_problem(text: str) -> str | None:
    """Why this text cannot go into a document, or None. Names the character and where it is, not the text."""
    if len(text) > MAX_TEXT:
        return f"is {len(text)} characters long; a field holds at most {MAX_TEXT}: shorten it, or attach the rest to the case record"
    bad = NOT_IN_XML.search(text)
    if bad:
        return (f"contains {_character(bad.group())} at character {bad.start() + 1}, which a document cannot hold; "
                "delete it (it is often left by copying from another program) and type what was meant")
    return None


def check(raw: Any, locate: Locate) -> list[Problem]:
    """Every limit broken and every unusable character in the raw case, then ids that would collide."""
    problems = [Problem(locate(where), message) for where, message in _walk(raw)]
    problems += _colliding_ids(raw, locate)
    return problems


def _walk(raw: Any) -> Iterator[tuple[str, str]]:
    stack: list[tuple[Any, list]] = [(raw, [])]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            yield pointer(path[:MAX_DEPTH]), depth_problem()
            continue
        if isinstance(node, str):
            message = text_problem(node)
            if message:
                yield pointer(path), message
        elif isinstance(node, int) and not isinstance(node, bool) and len(str(abs(node))) > MAX_NUMBER_DIGITS:
            yield pointer(path), f"is a number of more than {MAX_NUMBER_DIGITS} digits; no field needs one"
        elif isinstance(node, dict):
            for key in node:
                message = text_problem(key) if isinstance(key, str) else None
                if message:
                    yield pointer([*path, key]), f"the name of this entry {message}"
            stack += [(value, [*path, key]) for key, value in reversed(node.items())]
        elif isinstance(node, list):
            limit = MAX_CHILDREN if path == ["children"] else MAX_ENTRIES
            if len(node) > limit:
                what = "children" if path == ["children"] else "entries"
                yield pointer(path), f"has {len(node)} {what}; a case has at most {limit}: split it into more than one case"
                continue
            stack += [(value, [*path, index]) for index, value in reversed(list(enumerate(node)))]


def _colliding_ids(raw: Any, locate: Locate) -> Iterator[Problem]:
    """Ids equal but for case or punctuation: their documents would get the same file name, and on
    Windows or macOS one person's copy would overwrite another's."""
    from generator.write import safe_name

    if not isinstance(raw, dict):
        return
    seen: dict[str, tuple[str, str]] = {}
    for group in ID_GROUPS:
        entries = raw.get(group)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            value = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(value, str) or not value.strip() or NOT_IN_XML.search(value):
                continue
            value = value.strip()
            key = safe_name(value).casefold()
            where = pointer([group, index, "id"])
            if key in seen and seen[key][0] != value:
                other, other_where = seen[key]
                yield Problem(locate(where), f"id '{value}' and id '{other}' ({locate(other_where).where or other_where}) differ only in capitals or "
                                             "punctuation, so their documents would get the same file name; make them differ by a letter or number")
            else:
                seen.setdefault(key, (value, where))
