"""The assessment summary sheet as a professional reads it, in Word and in PDF."""

from __future__ import annotations

import datetime as dt
import zipfile

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn

from generator import compute
from generator.documents import summary_sheet
from generator.documents.common import Inputs
from generator.model import Case
from readers import docx_text, normalise, pdf_text

REVIEW, BASELINE = "summary-sheet_review-1", "summary-sheet_baseline"


@pytest.fixture(scope="module")
def texts(built) -> dict[str, str]:
    return {
        f"{stem}.{fmt}": normalise((docx_text if fmt == "docx" else pdf_text)(built / f"{stem}.{fmt}"))
        for stem in (REVIEW, BASELINE)
        for fmt in ("docx", "pdf")
    }


@pytest.fixture(scope="module")
def pdf_rows(built) -> dict[str, list[str]]:
    """Each PDF table row as one line of text: a cell's wrapped lines otherwise interleave with its neighbours'."""
    out = {}
    for stem in (REVIEW, BASELINE):
        with pdfplumber.open(str(built / f"{stem}.pdf")) as pdf:
            out[stem] = [
                normalise(" ".join(cell or "" for cell in row))
                for page in pdf.pages
                for table in page.extract_tables()
                for row in table
            ]
    return out


def reader_sees(texts, pdf_rows, stem: str, fmt: str, fact: str) -> bool:
    fact = normalise(fact)
    return fact in texts[f"{stem}.{fmt}"] or (fmt == "pdf" and any(fact in row for row in pdf_rows[stem]))


def plans_for(raw: dict, settings, toolkit):
    return summary_sheet.plan(Inputs(Case.model_validate(raw), settings, toolkit, dt.date(2026, 11, 22)))


def test_one_summary_sheet_per_assessment_in_both_formats_is_listed_with_its_subject(manifest):
    listed = sorted((d["subject"], d["format"], d["path"]) for d in manifest["documents"] if d["document"] == "summary-sheet")
    assert listed == [
        ("baseline", "docx", f"{BASELINE}.docx"),
        ("baseline", "pdf", f"{BASELINE}.pdf"),
        ("review-1", "docx", f"{REVIEW}.docx"),
        ("review-1", "pdf", f"{REVIEW}.pdf"),
    ]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_case_header_names_the_assessment_the_children_and_who_completed_it(texts, fmt):
    text = texts[f"{REVIEW}.{fmt}"]
    for fact in ("Assessment summary sheet: Review 1", "FSN-2026-0142", "Review 1, 2 November 2026", "Priya Shah (Social Worker)",
                 "Amara O'Neill-Hale", "22 January 2019", "Kayleigh O'Neill (Mother)", "1 February 2027"):
        assert fact in text, fact


def test_each_childs_grid_prints_the_level_number_in_the_coloured_level_column(built, toolkit):
    document = Document(str(built / f"{REVIEW}.docx"))
    grids = [t for t in document.tables if t.rows[0].cells[-1].text == "Does not apply" and t.rows[0].cells[0].text == "Item"]
    assert len(grids) == 3  # Ruby, Amara, Jayden
    ruby = grids[0]
    hygiene = next(r for r in ruby.rows if r.cells[0].text.startswith("1.6 Hygiene"))
    assert [c.text for c in hygiene.cells[1:]] == ["", "2", "", "", ""]
    fills = [c._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for c in hygiene.cells[1:5]]
    assert fills == ["FFFFFF", toolkit.level(2).tint.lstrip("#").upper(), "FFFFFF", "FFFFFF"]
    safe_sleep = next(r for r in ruby.rows if r.cells[0].text.startswith("2.1 Safe sleeping"))
    assert [c.text for c in safe_sleep.cells[1:]] == ["", "", "", "", "n/a"]


def test_the_pdf_grid_shows_every_item_with_its_level_as_a_number(texts):
    text = texts[f"{REVIEW}.pdf"]
    assert "Ruby Dawson (aged 14)" in text and "Jayden O'Neill-Hale (aged 1)" in text
    assert "1.6 Hygiene 2" in text
    assert "4.3 Adult arguments and violence 3" in text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_review_lists_what_changed_item_by_item_and_counts_it(texts, pdf_rows, fmt):
    text = texts[f"{REVIEW}.{fmt}"]
    assert "Changes since the baseline (baseline assessment, 3 August 2026), which is also the previous assessment" in text
    for child in ("Ruby", "Amara", "Jayden"):
        assert reader_sees(texts, pdf_rows, REVIEW, fmt, f"1.6 Hygiene {child} 3 Complex / intensive needs 2 Additional needs Better")
        assert reader_sees(texts, pdf_rows, REVIEW, fmt, f"4.7 Substance misuse {child} 2 Additional needs 3 Complex / intensive needs Worse")
    # 4.3 stayed at 3 for every child: an unchanged item is counted, not listed.
    assert not reader_sees(texts, pdf_rows, REVIEW, fmt, "3 Complex / intensive needs 3 Complex / intensive needs")
    assert reader_sees(texts, pdf_rows, REVIEW, fmt, "1 Physical care Ruby 2 0 4 0 0")
    assert "In all: 18 better, 3 worse, 60 same, 0 newly rated, 0 no longer rated." in text


def test_the_baseline_has_no_changes_and_no_chart(texts):
    for fmt in ("docx", "pdf"):
        assert "Changes since" not in texts[f"{BASELINE}.{fmt}"]
        assert "Distance travelled" not in texts[f"{BASELINE}.{fmt}"]


def _rgb(colour: str) -> tuple[float, ...]:
    return tuple(round(int(colour[i : i + 2], 16) / 255, 2) for i in (1, 3, 5))


def test_the_review_pdf_draws_the_distance_travelled_chart_as_vector_graphics(built, reference_data, toolkit):
    case = Case.model_validate(reference_data)
    series = compute.distance_travelled(compute.history(case, "review-1"), toolkit, [c.id for c in case.children])
    boxes = sum(p.counts.rated for s in series for p in s.points) + len(toolkit.levels)  # one per rated item, and the key
    tints = {_rgb(level.tint) for level in toolkit.levels}
    with pdfplumber.open(str(built / f"{REVIEW}.pdf")) as pdf:
        page = next(p for p in pdf.pages if "Distance travelled" in (p.extract_text() or ""))
        drawn = [r for r in page.rects if tuple(round(v, 2) for v in r["non_stroking_color"] or ()) in tints]
        assert len(drawn) == boxes
        assert not page.images


def test_the_review_docx_carries_the_chart_as_a_picture_with_its_figures_as_text(built, texts):
    with zipfile.ZipFile(built / f"{REVIEW}.docx") as archive:
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
    with zipfile.ZipFile(built / f"{BASELINE}.docx") as archive:
        logo_only = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(pictures) == len(logo_only) + 1
    for fmt in ("docx", "pdf"):
        text = texts[f"{REVIEW}.{fmt}"]
        assert "The chart's figures: items at each level, per area and child" in text
        assert "1 at level 1; 3 at level 2; 2 at level 3" in text  # Ruby, physical care, at the baseline


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_warnings_and_the_guidances_prompts_stand_in_one_marked_box(texts, toolkit, fmt):
    text = texts[f"{REVIEW}.{fmt}"]
    assert "Warnings and prompts" in text
    domestic_abuse = next(p for p in toolkit.prompts if p.key == "domestic_abuse")
    assert normalise(domestic_abuse.text) in text
    assert "5.6 Friendships is rated 3 or 4 for Ruby, but no impact on the child is recorded." in text
    assert "Marcus Hale's copy leaves out the notes for 4.3 and 4.7; those items are still named as worries where rated 3 or 4" in text
    baseline = texts[f"{BASELINE}.{fmt}"]
    assert "4.1 Parent / carer's attitude to child warmth and care is rated 3 or 4 for Ruby, but no impact on the child is recorded." in baseline


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_strengths_evidence_views_analysis_and_plan_are_all_there(texts, pdf_rows, fmt):
    for fact in (
        "Kayleigh has kept every health appointment since August.",
        "Police attended in October after Marcus was found intoxicated in charge of the children.",
        "The children were frightened and Ruby called her grandmother for help.",
        "Marcus Hale (Father of Amara and Jayden): “I've cut down and I'm seeing someone about it.”",
        "Ruby: “Mum does the mornings now, so I get to school on time.”",
        "Concern about alcohol use has increased since the police call-out in October.",
        "Repair the stair gate and treat the damp in the children's bedroom.",
        "Gary Lyons (Housing Officer)",
        "15 September 2026",
        "Repairs signed off by Northbridge Homes.",
    ):
        assert reader_sees(texts, pdf_rows, REVIEW, fmt, fact), fact


def test_the_summary_uses_the_toolkits_item_names_and_level_names(texts):
    text = texts[f"{REVIEW}.pdf"]
    assert "2.1 Safe sleeping arrangements and co-sleeping for babies" in text
    assert "Complex / intensive needs" in text
    assert "We are worried" not in text  # the family's words belong in the family copy


def test_a_child_rated_outside_the_items_ages_and_an_unrated_item_reach_the_warnings(raw, settings, toolkit):
    raw["assessments"][1]["ratings"]["2.1"]["levels"]["ruby"] = 2
    del raw["assessments"][1]["ratings"]["1.1"]
    review = plans_for(raw, settings, toolkit)[-1].context
    assert "2.1 Safe sleeping arrangements and co-sleeping for babies is rated for Ruby (aged 14), but the item is for ages under 2." in review["warnings"]
    assert "1.1 Food is not rated for Ruby, Amara and Jayden." in review["warnings"]


def test_no_review_means_no_change_tables_and_no_chart_in_the_context(raw, settings, toolkit):
    raw["assessments"] = raw["assessments"][:1]
    (only,) = plans_for(raw, settings, toolkit)
    assert only.subject == "baseline"
    assert only.context["change_blocks"] == [] and only.context["has_chart"] is False


def test_the_latest_summary_says_what_the_family_copies_leave_out_and_who_holds_what(raw, settings, toolkit):
    baseline, review = (p.context for p in plans_for(raw, settings, toolkit))
    assert baseline["family_notes"] == []  # family copies are made from the latest assessment only
    left_out = "copy leaves out the notes for 4.3 and 4.7; those items are still named as worries where rated 3 or 4, in the toolkit's plain words."
    assert review["family_notes"] == [
        f"Kayleigh O'Neill's {left_out}",
        f"Marcus Hale's {left_out}",
        "The plan action for 4.7 is in Marcus Hale's copy, as it is theirs to carry out.",
        f"Liam Dawson's {left_out}",
    ]
