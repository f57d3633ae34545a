"""Word rendering: the organisation's colours and font, and the case's language, reach every Word file, built-in
or a team's own template."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import BUILD_DATE, REFERENCE
from generator.documents.common import Inputs
from generator.pipeline import check_case, plan_documents, render_plan

HOUSE = {"primary_colour": "#7a1f5c", "accent_colour": "#f3d9e8", "docx_font": "Verdana"}


@pytest.fixture(scope="module")
def plans(settings):
    checked = check_case(REFERENCE, settings, BUILD_DATE)
    inputs = Inputs(checked.case, settings, settings.toolkit, BUILD_DATE)
    return {plan.filename: plan for plan in plan_documents(inputs, ["summary-sheet", "closure-letter", "prompt-sheet"])}


def rendered(plan, settings) -> Document:
    return Document(io.BytesIO(render_plan(plan, settings, "docx").data))


def package_xml(document: Document) -> str:
    parts = [r.target_part for r in document.part.rels.values() if r.reltype.endswith(("/header", "/footer", "/styles"))] + [document.part]
    return "\n".join(part.blob.decode("utf-8") for part in parts)


@pytest.mark.parametrize("name", ["summary-sheet_baseline", "closure-letter_kayleigh", "prompt-sheet_baseline"])
def test_settings_colours_and_font_reach_the_word_files(name, plans, settings):
    document = rendered(plans[name], dataclasses.replace(settings, **HOUSE))
    for style in ("Normal", "Title", "Heading 1"):
        if style in [s.name for s in document.styles]:
            assert document.styles[style].font.name == "Verdana"
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Verdana"
    assert fonts.get(qn("w:asciiTheme")) is None
    xml = package_xml(document)
    assert "1F4E79" not in xml.upper() and "D9E2F3" not in xml.upper()  # the built-in house colours are all replaced
    assert "7A1F5C" in xml  # rules, letterhead name


def test_headings_are_drawn_in_the_primary_colour(plans, settings):
    document = rendered(plans["summary-sheet_baseline"], dataclasses.replace(settings, **HOUSE))
    assert str(document.styles["Title"].font.color.rgb) == "7A1F5C"
    assert str(document.styles["Heading 1"].font.color.rgb) == "7A1F5C"
    assert str(document.styles["Heading 2"].font.color.rgb) == "7A1F5C"
    # Label cells shaded in the accent colour.
    fills = set(re.findall(r'w:fill="([0-9A-F]{6})"', package_xml(document)))
    assert "F3D9E8" in fills


def test_the_default_settings_keep_the_built_in_house_style(plans, settings):
    document = rendered(plans["summary-sheet_baseline"], settings)
    assert document.styles["Normal"].font.name == "Arial"
    assert str(document.styles["Heading 1"].font.color.rgb) == "1F4E79"


def language_of(document: Document) -> str:
    return document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val"))


def test_an_english_case_gives_word_files_in_british_english(plans, settings):
    document = rendered(plans["closure-letter_kayleigh"], settings)
    assert language_of(document) == "en-GB"
    assert document.settings.element.find(qn("w:themeFontLang")).get(qn("w:val")) == "en-GB"


@pytest.mark.parametrize("language", ["cy", "cy-GB"])
def test_a_welsh_case_gives_word_files_in_welsh(language, plans, settings):
    plan = plans["closure-letter_kayleigh"]
    document = rendered(dataclasses.replace(plan, context={**plan.context, "language": language}), settings)
    assert language_of(document) == "cy-GB"
    assert document.settings.element.find(qn("w:themeFontLang")).get(qn("w:val")) == "cy-GB"
    # No style says otherwise.
    assert {lang.get(qn("w:val")) for lang in document.styles.element.iter(qn("w:lang"))} == {"cy-GB"}
