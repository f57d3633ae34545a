"""Reads a case from JSON: broken JSON is reported by line and column, a repeated key at its pointer."""

from __future__ import annotations

import json
from pathlib import Path

from generator.errors import InvalidCase, Location, Problem
from generator.load import RawCase
from generator.limits import MAX_DEPTH, MAX_NUMBER_DIGITS, depth_problem, pointer


class _NumberTooLong(ValueError):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _parse_int(text: str) -> int:
    # Python refuses to convert more than 4300 digits with a bare ValueError; no field needs more than a few.
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _NumberTooLong(len(text.lstrip("-")))
    return int(text)


def load_json(path: Path) -> RawCase:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidCase([Problem(Location(source), f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")]) from exc
    repeated: dict[int, list[str]] = {}  # id of an object -> its keys given more than once
    made: list[dict] = []  # every object, kept alive while parsing so that no id() is reused

    def pairs(items: list[tuple[str, object]]) -> dict:
        obj: dict = {}
        made.append(obj)
        for key, value in items:
            if key in obj:
                repeated.setdefault(id(obj), []).append(key)
            obj[key] = value
        return obj

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InvalidCase([Problem(Location(source, where), f"not valid JSON: {exc.msg}")]) from exc
    except _NumberTooLong as exc:
        raise InvalidCase([Problem(Location(source), f"a number in the file has {exc.digits} digits; no value in a case needs more than {MAX_NUMBER_DIGITS}")]) from None
    except RecursionError:
        raise InvalidCase([Problem(Location(source), depth_problem())]) from None
    problems = _walk(data, source, repeated)
    if problems:
        raise InvalidCase(problems)
    return RawCase(data=data, source=source, locate=lambda ptr: Location(source, ptr or "/"))


def _walk(data: object, source: str, repeated: dict[int, list[str]]) -> list[Problem]:
    """Repeated keys, each at its pointer, and nesting deeper than any case: without recursion."""
    problems: list[Problem] = []
    stack: list[tuple[object, list]] = [(data, [])]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return [Problem(Location(source, pointer(path[:MAX_DEPTH]) or "/"), depth_problem())]
        if isinstance(node, dict):
            for key in dict.fromkeys(repeated.get(id(node), ())):
                # The last value would win silently, and could undo a withholding: say so, never choose.
                problems.append(Problem(Location(source, pointer([*path, key])), f"'{key}' is given more than once in this object; keep one, with the value you mean"))
            stack += [(value, [*path, key]) for key, value in reversed(node.items())]
        elif isinstance(node, list):
            stack += [(value, [*path, index]) for index, value in reversed(list(enumerate(node)))]
    return problems
