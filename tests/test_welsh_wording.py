"""The Welsh wording files match the English ones: the same files, keys and placeholders, and every sentence translated."""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

WORDING = ROOT / "templates" / "wording"
EN_FILES = sorted(p.name for p in (WORDING / "en").glob("*.toml"))


def phrases(path: Path) -> dict[str, str]:
    """Flat keys ("agree.take_part") to values."""
    out = {}
    for key, value in tomllib.loads(path.read_text(encoding="utf-8")).items():
        if isinstance(value, dict):
            out.update({f"{key}.{inner}": text for inner, text in value.items()})
        else:
            out[key] = value
    return out


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def words(text: str) -> list[str]:
    """The words of a phrase, its placeholders left out."""
    return re.findall(r"[^\W\d_]+", re.sub(r"{\w+}", "", text))


def test_every_english_wording_file_has_a_welsh_one_and_no_other():
    assert EN_FILES
    assert sorted(p.name for p in (WORDING / "cy").glob("*.toml")) == EN_FILES


@pytest.mark.parametrize("name", EN_FILES)
def test_welsh_wording_has_the_english_keys_and_placeholders(name):
    en, cy = phrases(WORDING / "en" / name), phrases(WORDING / "cy" / name)
    assert sorted(cy) == sorted(en)
    assert {k: placeholders(cy[k]) for k in en} == {k: placeholders(en[k]) for k in en}


@pytest.mark.parametrize("name", EN_FILES)
def test_every_welsh_sentence_is_translated(name):
    en, cy = phrases(WORDING / "en" / name), phrases(WORDING / "cy" / name)
    # A value of two words or more (placeholders aside) that reads the same in both files was copied, not translated.
    assert [k for k in en if not cy[k].strip() or (cy[k] == en[k] and len(words(en[k])) > 1)] == []
