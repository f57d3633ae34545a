"""The wording files: one sentence written once reaches both formats, every key a template uses exists, Welsh cases."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import tomllib
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import REFERENCE
from documents_helpers import build_documents, texts
from readers import normalise

from generator.errors import InvalidCase, Location
from generator.packs import CONTENTS_TEMPLATE, COVER_TEMPLATE
from generator.packs import NAME as PRINT_PACK
from generator.settings import TEMPLATES_DIR
from generator.validate import validate
from generator.wording import Wording, WordingError, fill

LANGUAGES = ("en", "cy")
STEMS = sorted(p.stem for p in (TEMPLATES_DIR / "html").glob("*.html") if p.stem not in ("base", "letter"))
# The HTML pages every document extends: their keys come from common.toml.
SHARED_HTML = ("base", "letter")
KEY = re.compile(r"\bw\.(\w+)")
# The print packs' two pages share one wording file and have no Word template.
WORDING_STEMS = {COVER_TEMPLATE: PRINT_PACK, CONTENTS_TEMPLATE: PRINT_PACK}


def wording_files(language: str) -> list[Path]:
    return sorted((TEMPLATES_DIR / "wording" / language).glob("*.toml"))


def keys_of(path: Path) -> set[str]:
    keys = set()
    for key, value in tomllib.loads(path.read_text(encoding="utf-8")).items():
        keys |= {f"{key}.{inner}" for inner in value} if isinstance(value, dict) else {key}
    return keys


def docx_template_text(stem: str) -> str:
    """Every text of a Word template (body, headers, footers), runs joined, as docxtpl reads the tags ("" for a page made only as PDF)."""
    if stem in WORDING_STEMS:
        return ""
    with zipfile.ZipFile(TEMPLATES_DIR / "docx" / f"{stem}.docx") as archive:
        parts = [archive.read(n).decode("utf-8") for n in archive.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
    return "".join(re.sub(r"<[^>]+>", "", part) for part in parts)


def used_keys(stem: str) -> set[str]:
    html = (TEMPLATES_DIR / "html" / f"{stem}.html").read_text(encoding="utf-8")
    shared = "".join((TEMPLATES_DIR / "html" / f"{name}.html").read_text(encoding="utf-8") for name in SHARED_HTML)
    return set(KEY.findall(html + shared + docx_template_text(stem)))


# --- every key is there ------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_every_wording_key_a_template_uses_exists_in_english(stem):
    words = Wording("en", [TEMPLATES_DIR]).document(WORDING_STEMS.get(stem, stem))
    used = used_keys(stem)
    assert used, stem
    assert sorted(k for k in used if k not in words) == []


@pytest.mark.parametrize("stem", STEMS)
def test_every_document_type_has_its_wording_file_in_english(stem):
    assert (TEMPLATES_DIR / "wording" / "en" / f"{WORDING_STEMS.get(stem, stem)}.toml").is_file()


@pytest.mark.parametrize("path", wording_files("cy"), ids=lambda p: p.name)
def test_the_welsh_files_have_exactly_the_english_keys(path):
    assert keys_of(path) == keys_of(TEMPLATES_DIR / "wording" / "en" / path.name)


def test_the_word_templates_use_column_tags_for_the_children_not_a_fixed_count():
    text = docx_template_text("summary-sheet")
    assert text.count("{%tc for child in picture.children %}") == 4  # the picture, levels by area, changes, appendix


# --- one sentence, both formats ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def changed_templates(tmp_path_factory) -> Path:
    """A copy of the templates folder in which one sentence of the closure letter is changed, once."""
    copy = tmp_path_factory.mktemp("templates") / "templates"
    shutil.copytree(TEMPLATES_DIR, copy)
    path = copy / "wording" / "en" / "closure-letter.toml"
    text = path.read_text(encoding="utf-8")
    old = 'thanks_family = "Thank you for working with us during this time."'
    assert old in text
    path.write_text(text.replace(old, 'thanks_family = "Thank you, all of you, for the time you gave us."'), encoding="utf-8")
    return copy


def test_a_sentence_changed_once_in_the_wording_changes_both_the_word_file_and_the_pdf(changed_templates, tmp_path, settings):
    moved = dataclasses.replace(settings, templates_dir=changed_templates)
    folder = build_documents(REFERENCE, tmp_path, moved, ("closure-letter",))
    seen = texts(folder / "closure-letter_kayleigh")
    for fmt, text in seen.items():
        assert "Thank you, all of you, for the time you gave us." in text, fmt
        assert "Thank you for working with us during this time." not in text, fmt


def test_a_team_wording_file_may_hold_only_the_key_it_changes(tmp_path):
    team = tmp_path / "team"
    (team / "wording" / "en").mkdir(parents=True)
    (team / "wording" / "en" / "closure-letter.toml").write_text('thanks_family = "Thanks from all of us."\n', encoding="utf-8")
    words = Wording("en", [team, TEMPLATES_DIR]).document("closure-letter")
    assert words.thanks_family == "Thanks from all of us."
    assert words.thanks_agency == "Thank you for the help and information you gave us while we were involved."
    assert words.yours_sincerely == "Yours sincerely,"  # common.toml still comes from the built-in folder


# --- errors --------------------------------------------------------------------------------------------


def test_a_missing_key_is_an_error_naming_the_file_and_the_key():
    words = Wording("en", [TEMPLATES_DIR]).document("closure-letter")
    with pytest.raises(WordingError) as caught:
        words.thanks_everyone
    path = TEMPLATES_DIR / "wording" / "en" / "closure-letter.toml"
    assert str(caught.value) == f"{path} (or common.toml): no wording 'thanks_everyone'; add a line thanks_everyone = \"...\""


def test_a_template_asking_for_a_missing_key_fails_naming_the_template(tmp_path, settings, changed_templates):
    copy = tmp_path / "templates"
    shutil.copytree(changed_templates, copy)
    html = copy / "html" / "closure-letter.html"
    html.write_text(html.read_text(encoding="utf-8").replace("{{ w.thanks_agency }}", "{{ w.thanks_agencies }}"), encoding="utf-8")
    from generator.pipeline import BuildRequest, build

    result = build(BuildRequest((REFERENCE,), tmp_path / "out", dataclasses.replace(settings, templates_dir=copy), documents=("closure-letter",), formats=("pdf",)))
    assert not result.ok
    message = str(result.cases[0].error)
    assert f"{html}: {copy / 'wording' / 'en' / 'closure-letter.toml'} (or common.toml): no wording 'thanks_agencies'" in message


def test_a_placeholder_the_template_does_not_give_is_an_error_naming_the_phrase():
    words = Wording("en", [TEMPLATES_DIR]).document("closure-letter")
    with pytest.raises(WordingError) as caught:
        fill(words.confirm_finished, team="Our team", what="work")
    path = TEMPLATES_DIR / "wording" / "en" / "closure-letter.toml"
    assert str(caught.value) == f"{path} > confirm_finished: there is no value for {{whom}} here; the placeholders this phrase can use are {{team}}, {{what}}"


def test_a_placeholder_may_only_be_a_plain_name():
    with pytest.raises(WordingError) as caught:
        fill("Dear {name.__class__}", name="Sam")
    assert str(caught.value) == "a wording value: '{name.__class__}' is not a placeholder: write a plain name such as {team}"


def test_values_put_into_a_phrase_are_never_read_as_wording():
    assert fill("Dear {name}", name="{team} {{ 7*7 }}") == "Dear {team} {{ 7*7 }}"


def test_a_wording_value_that_is_not_text_is_an_error_naming_the_key(tmp_path):
    (tmp_path / "wording" / "en").mkdir(parents=True)
    (tmp_path / "wording" / "en" / "closure-letter.toml").write_text("reply_days = 5\n", encoding="utf-8")
    with pytest.raises(WordingError) as caught:
        Wording("en", [tmp_path, TEMPLATES_DIR]).document("closure-letter")
    assert str(caught.value) == f"{tmp_path / 'wording' / 'en' / 'closure-letter.toml'} > reply_days: every phrase is text in quotes, as reply_days = \"...\""


def test_a_language_without_wording_is_an_error_at_case_language(raw, toolkit):
    raw["case"]["language"] = "fr"
    with pytest.raises(InvalidCase) as caught:
        validate(raw, toolkit, lambda ptr: Location("case.json", ptr or "/"))
    assert [str(p) for p in caught.value.errors] == [
        "case.json > /case/language: 'fr' is not a language the documents are written in; type en-GB or cy"
    ]


# --- a Welsh case --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def welsh_build(tmp_path_factory, settings) -> Path:
    """The reference case marked Welsh, built with a small Welsh wording made here from the English files
    (one sentence of the closure letter in Welsh) and a toolkit overlay naming level 3 in Welsh."""
    base = tmp_path_factory.mktemp("welsh")
    templates = base / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    cy = templates / "wording" / "cy"
    shutil.rmtree(cy, ignore_errors=True)
    shutil.copytree(templates / "wording" / "en", cy)
    letter = cy / "closure-letter.toml"
    letter.write_text(
        letter.read_text(encoding="utf-8").replace(
            '"Thank you for working with us during this time."', '"Diolch i chi am weithio gyda ni yn ystod y cyfnod hwn."'
        ),
        encoding="utf-8",
    )
    toolkit = base / "toolkit-fsn.json"
    shutil.copy(settings.toolkit_file, toolkit)
    (base / "toolkit-fsn.cy.json").write_text(json.dumps({"levels": [{"value": 3, "name": "Anghenion cymhleth / dwys"}]}), encoding="utf-8")
    case = json.loads(REFERENCE.read_text(encoding="utf-8"))
    case["case"]["language"] = "cy"
    path = base / "case-cy.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    agencies = base / "agencies.json"
    shutil.copy(settings.agencies_file, agencies)
    groups = json.loads(agencies.read_text(encoding="utf-8"))["groups"]
    assert groups[0]["name"] == "Police"
    (base / "agencies.cy.json").write_text(json.dumps({"groups": [{"name": "Heddlu", "agencies": [{"name": "Heddlu (uned cam-drin domestig)"}]}]}), encoding="utf-8")
    welsh = dataclasses.replace(settings, templates_dir=templates, toolkit_file=toolkit, agencies_file=agencies)
    return build_documents(path, base / "out", welsh, ("closure-letter", "summary-sheet", "prompt-sheet"))


def test_a_welsh_case_gets_the_welsh_wording_and_dates_in_both_formats(welsh_build):
    for fmt, text in texts(welsh_build / "closure-letter_kayleigh").items():
        assert "Diolch i chi am weithio gyda ni yn ystod y cyfnod hwn." in text, fmt
        assert "1 Mawrth 2027" in text, fmt  # the closure's date, in Welsh
        assert "March" not in text, fmt


def test_a_welsh_case_gets_the_toolkits_welsh_level_names_in_both_formats(welsh_build):
    for fmt, text in texts(welsh_build / "summary-sheet_baseline").items():
        assert "3 Anghenion cymhleth / dwys" in text, fmt
        assert "Complex / intensive needs" not in text, fmt


def test_a_welsh_prompt_sheet_names_the_agencies_as_the_lists_welsh_overlay_does(welsh_build):
    for fmt, text in texts(welsh_build / "prompt-sheet_baseline").items():
        assert "Heddlu (uned cam-drin domestig)" in text, fmt
        assert "Police (domestic abuse unit" not in text, fmt


def test_a_welsh_pdf_says_it_is_in_welsh(welsh_build):
    with pikepdf.open(welsh_build / "closure-letter_kayleigh.pdf") as pdf:
        assert str(pdf.Root.Lang) == "cy"


def test_a_welsh_case_without_the_toolkits_welsh_text_is_an_error_naming_the_file(tmp_path, settings, write_case, raw):
    toolkit = tmp_path / "toolkit-fsn.json"
    shutil.copy(settings.toolkit_file, toolkit)
    raw["case"]["language"] = "cy"
    from generator.pipeline import BuildRequest, build

    welsh = dataclasses.replace(settings, toolkit_file=toolkit)
    result = build(BuildRequest((write_case(raw),), tmp_path / "out", welsh, documents=("closure-letter",), formats=("pdf",)))
    assert not result.ok
    assert str(result.cases[0].error) == (
        f"{tmp_path / 'toolkit-fsn.cy.json'}: the toolkit's text in this language is missing; "
        "put it beside toolkit-fsn.json, with the same shape and only its text fields"
    )
