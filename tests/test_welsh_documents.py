"""The reference case as a Welsh case ("language": "cy"): every document type in both formats, in Welsh.

Fixed wording from templates/wording/cy, dates from Babel, level names, family words and item names from
the toolkit's Welsh overlay. What the case itself says (names, evidence, plan actions) is the case's own
text and stays as typed.
"""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from conftest import BUILD_DATE, REFERENCE, ROOT
from readers import docx_text, normalise, pdf_text

from generator.documents import registry
from generator.pipeline import BuildRequest, build
from generator.plain import plain_words

FORMATS = ("docx", "pdf")
FAMILY_FACING = ("family-copy", "assessment-agreement", "feedback-sheet", "family-meeting-agreement")
# A run of this many words of fixed English wording in a Welsh document means a phrase was not translated.
SHORTEST_RUN = 4


@pytest.fixture(scope="module")
def welsh_built(tmp_path_factory, settings):
    folder = tmp_path_factory.mktemp("welsh")
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    data["case"]["language"] = "cy"
    case = folder / "case-cy.json"
    case.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = build(BuildRequest((case,), folder / "out", settings, today=BUILD_DATE))
    assert result.ok, [str(c.error) for c in result.cases]
    return result.cases[0].folder


@pytest.fixture(scope="module")
def manifest(welsh_built) -> list[dict]:
    return json.loads((welsh_built / "manifest.json").read_text(encoding="utf-8"))["documents"]


@pytest.fixture(scope="module")
def texts(welsh_built, manifest) -> dict[str, str]:
    """Each written document's text, as a reader of the file sees it, by file name."""
    read = {"docx": docx_text, "pdf": pdf_text}
    return {entry["path"]: normalise(read[entry["format"]](welsh_built / entry["path"])) for entry in manifest}


@pytest.fixture(scope="module")
def of_type(texts, manifest):
    """The texts of one document type in one format, by file name."""

    def pick(document: str, fmt: str) -> dict[str, str]:
        return {e["path"]: texts[e["path"]] for e in manifest if e["document"] == document and e["format"] == fmt}

    return pick


def english_runs(document: str) -> list[str]:
    """The document's fixed English wording (its file and common.toml), cut at the placeholders into runs of words."""
    runs = []
    for stem in (document, "common"):
        data = tomllib.loads((ROOT / "templates" / "wording" / "en" / f"{stem}.toml").read_text(encoding="utf-8"))
        for value in data.values():
            for text in value.values() if isinstance(value, dict) else [value]:
                runs += [normalise(run) for run in re.split(r"{\w+}", text) if len(run.split()) >= SHORTEST_RUN]
    return runs


def welsh_wording(name: str) -> str:
    data = tomllib.loads((ROOT / "templates" / "wording" / "cy" / f"{name}.toml").read_text(encoding="utf-8"))
    values = []
    for value in data.values():
        values += list(value.values()) if isinstance(value, dict) else [value]
    return normalise(" ".join(re.sub(r"{\w+}", "Sam", text) for text in values))


def test_the_reference_case_in_welsh_gives_every_document_type_in_both_formats(manifest):
    documents = [entry for entry in manifest if entry["document"] != "print-pack"]  # the packs: test_packs
    written = {(entry["document"], entry["format"]) for entry in documents}
    assert written == {(name, fmt) for name in registry() for fmt in FORMATS}
    by_format = {fmt: sorted(e["path"].rsplit(".", 1)[0] for e in documents if e["format"] == fmt) for fmt in FORMATS}
    assert by_format["docx"] == by_format["pdf"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_welsh_letters_give_dates_and_times_in_welsh(texts, fmt):
    assert "Dyddiad: 1 Mawrth 2027" in texts[f"closure-letter_kayleigh.{fmt}"]
    assert "Pryd dydd Gwener 20 Tachwedd 2026 am 10:00yb" in texts[f"invitation-letter_m1_kayleigh.{fmt}"]
    assert "Amara O'Neill-Hale, ganwyd 22 Ionawr 2019" in texts[f"professional-letter_stannes.{fmt}"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_welsh_summary_sheet_names_the_levels_and_items_in_welsh(texts, fmt):
    text = texts[f"summary-sheet_review-1.{fmt}"]
    for words in (
        "Taflen grynodeb yr asesiad: Adolygiad 1",
        "Anghenion cymhleth / dwys",
        "4.3 Dadleuon a thrais rhwng oedolion",
        "6 Gallu ac ymrwymiad i newid",
        "Ystyriwch ddangosyddion cam-drin domestig",
    ):
        assert words in text, words
    assert "Adult arguments and violence" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_welsh_family_copy_speaks_of_worries_in_the_toolkits_welsh_family_words(texts, fmt):
    text = texts[f"family-copy_marcus.{fmt}"]
    for words in (
        "Sut mae pethau'n mynd i Amara a Jayden",
        "Dadleuon rhwng oedolion. Rydym yn poeni am Amara a Jayden.",
        "Rydym yn holi a ydy'r oedolion yn delio ag anghytundebau'n bwyllog",
        "Mae pethau'n mynd yn dda: Anifeiliaid anwes; gwerthoedd a pharch",
    ):
        assert words in text, words


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_welsh_prompt_sheet_lists_the_agencies_by_their_welsh_names(texts, fmt):
    text = texts[f"prompt-sheet_review-1.{fmt}"]
    # Short names: a long one wraps in its PDF cell.
    for words in ("Heddlu", "Gwasanaeth prawf", "Meddyg teulu", "Gwasanaethau iechyd eraill", "Asiantaethau eraill"):
        assert words in text, words
    assert "Police" not in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("document", sorted(registry()))
def test_no_fixed_english_wording_reaches_a_welsh_document(of_type, document, fmt):
    documents = of_type(document, fmt)
    runs = english_runs(document)
    assert documents and runs
    assert sorted({(path, run) for path, text in documents.items() for run in runs if run in text}) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_welsh_family_copies_use_no_welsh_jargon(of_type, fmt):
    copies = of_type("family-copy", fmt)
    assert copies
    assert {path: plain_words("cy").jargon_in(text) for path, text in copies.items()} == {path: [] for path in copies}


@pytest.mark.parametrize("name", FAMILY_FACING)
def test_no_welsh_family_facing_wording_uses_a_term_from_the_welsh_jargon_list(name):
    assert plain_words("cy").jargon_in(welsh_wording(name)) == []


def test_welsh_pdf_pages_are_numbered_in_welsh(texts):
    assert "Tudalen 1 o 1" in texts["closure-letter_kayleigh.pdf"]
    assert not any("Page 1 of" in text for name, text in texts.items() if name.endswith(".pdf"))


@pytest.mark.parametrize(("language", "names", "joined"), [
    ("cy", ["Ruby", "Amara"], "Ruby ac Amara"),
    ("cy", ["Amara", "Ruby"], "Amara a Ruby"),
    ("cy", ["Ruby", "Amara", "Jayden"], "Ruby, Amara a Jayden"),
    ("en", ["Ruby", "Amara"], "Ruby and Amara"),
])
def test_welsh_lists_take_ac_before_a_name_that_starts_with_a_vowel(language, names, joined):
    from generator.documents.common import join_names
    from generator.settings import TEMPLATES_DIR
    from generator.wording import Wording

    assert join_names(names, Wording(language, (TEMPLATES_DIR,)).document("closure-letter")) == joined
