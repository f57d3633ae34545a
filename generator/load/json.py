"""Reads a case from a JSON file; broken JSON is reported by line and column."""

from __future__ import annotations

import json
from pathlib import Path

from generator.errors import InvalidCase, Location, Problem
from generator.load import RawCase


def load_json(path: Path) -> RawCase:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidCase([Problem(Location(source), f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")]) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InvalidCase([Problem(Location(source, where), f"not valid JSON: {exc.msg}")]) from exc
    return RawCase(data=data, source=source, locate=lambda ptr: Location(source, ptr or "/"))
