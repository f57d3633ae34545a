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
from readers import docx_text, normalise, pdf_text, word_pages

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


def _picture_table(built, stem: str):
    document = Document(str(built / f"{stem}.docx"))
    return next(t for t in document.tables if t.rows[0].cells[0].text == "Item" and "Ruby (aged 14)" in t.rows[0].cells[1].text)


def test_page_one_holds_the_whole_picture_every_item_for_every_child_in_both_formats(built, toolkit):
    codes = list(toolkit.items)
    with pdfplumber.open(str(built / f"{REVIEW}.pdf")) as pdf:
        first = normalise(pdf.pages[0].extract_text(x_tolerance=1.5))
    for code in codes:
        assert f"{code} {toolkit.items[code].name}" in first, code
    for child in ("Ruby (aged 14)", "Amara (aged 7)", "Jayden (aged 1)"):
        assert child in first
    assert "Prompts from the guidance" in first
    table = _picture_table(built, REVIEW)
    assert [c.text for c in table.rows[0].cells] == ["Item", "Ruby (aged 14)", "Amara (aged 7)", "Jayden (aged 1)"]
    in_word = [r.cells[0].text.split()[0] for r in table.rows[1:] if r.cells[0].text[:1].isdigit() and "." in r.cells[0].text.split()[0]]
    assert in_word == codes


def test_each_cell_prints_the_level_as_a_number_in_its_levels_colour(built, toolkit):
    table = _picture_table(built, BASELINE)
    hygiene = next(r for r in table.rows if r.cells[0].text.startswith("1.6 Hygiene"))
    assert [c.text for c in hygiene.cells[1:]] == ["3", "3", "3"]
    fills = {c._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for c in hygiene.cells[1:]}
    assert fills == {toolkit.level(3).tint.lstrip("#").upper()}
    safe_sleep = next(r for r in table.rows if r.cells[0].text.startswith("2.1 Safe sleeping"))
    assert [c.text for c in safe_sleep.cells[1:]] == ["n/a", "n/a", "3"]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_reviews_grid_marks_better_and_worse_exactly_as_computed(built, reference_data, toolkit, fmt):
    case = Case.model_validate(reference_data)
    comparison = compute.compare(case.assessment("baseline"), case.assessment("review-1"), toolkit, [c.id for c in case.children])
    words = {compute.BETTER: "better", compute.WORSE: "worse", compute.SAME: ""}
    if fmt == "docx":
        rows = {r.cells[0].text.split()[0]: [c.text for c in r.cells[1:]] for r in _picture_table(built, REVIEW).rows[1:]}
    else:
        with pdfplumber.open(str(built / f"{REVIEW}.pdf")) as pdf:
            found = [row for table in pdf.pages[0].extract_tables() for row in table if row and row[0]]
        rows = {normalise(r[0]).split()[0]: [normalise(c or "") for c in r[1:]] for r in found}
    column = {c.id: i for i, c in enumerate(case.children)}
    checked = 0
    for change in comparison.items:
        cell = rows[change.item.code][column[change.child_id]]
        expected = f"{change.after} was {change.before}" + (f" {words[change.direction]}" if words[change.direction] else "")
        # PDF text runs the small "was" into the level; the words and numbers must still match exactly.
        assert cell.replace(" ", "") == expected.replace(" ", ""), (change.item.code, change.child_id, cell)
        checked += 1
    assert checked == len(comparison.items) > 60
    assert [c.replace(" ", "") for c in rows["4.7"]] == ["3was2worse"] * 3
    assert [c.replace(" ", "") for c in rows["1.6"]] == ["2was3better"] * 3


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_review_lists_what_changed_item_by_item_and_counts_it(texts, pdf_rows, fmt):
    text = texts[f"{REVIEW}.{fmt}"]
    assert "What changed since the baseline (baseline assessment, 3 August 2026)" in text
    assert reader_sees(texts, pdf_rows, REVIEW, fmt, "1.6 Hygiene 3 → 2, better 3 → 2, better 3 → 2, better")
    assert reader_sees(texts, pdf_rows, REVIEW, fmt, "4.7 Substance misuse 2 → 3, worse 2 → 3, worse 2 → 3, worse")
    # 4.3 stayed at 3 for every child: an item the same for everyone is counted, not listed.
    assert not reader_sees(texts, pdf_rows, REVIEW, fmt, "4.3 Adult arguments and violence same")
    assert "Ruby: 6 better, 1 worse, 21 same; Amara: 6 better, 1 worse, 20 same; Jayden: 6 better, 1 worse, 19 same." in text


def test_the_baseline_has_no_changes_and_no_chart(texts):
    for fmt in ("docx", "pdf"):
        assert "What changed since" not in texts[f"{BASELINE}.{fmt}"]
        assert "Distance travelled" not in texts[f"{BASELINE}.{fmt}"]


def _rgb(colour: str) -> tuple[float, ...]:
    return tuple(round(int(colour[i : i + 2], 16) / 255, 2) for i in (1, 3, 5))


def test_the_chart_keeps_each_item_in_its_own_column_so_one_items_change_shows(settings, reference_data, toolkit):
    case = Case.model_validate(reference_data)
    context = summary_sheet.plan(Inputs(case, settings, toolkit, dt.date(2026, 11, 22)))[-1].context
    assert context["has_chart"]
    from generator.render import chart

    area = next(i for i, a in enumerate(toolkit.areas) if a.code == "4")
    data_levels = {
        (s, c): levels for (a, s, c), levels in _chart_data(case, toolkit).levels.items() if a == area
    }
    position = [i.code for i in toolkit.areas[area].items].index("4.7")
    # Amara (child 1): 4.7 went from 2 to 3 while 4.2 went from 3 to 2; both stay where they are.
    assert data_levels[(0, 1)][position] == 2 and data_levels[(1, 1)][position] == 3
    drawn = chart.layout(_chart_data(case, toolkit))
    column = [b for b in drawn.boxes if b.label in ("2", "3") and b.y > 40]
    assert column  # the boxes carry their digits
    assert "4.7" in [label.text for label in drawn.labels]


def _chart_data(case, toolkit):
    from generator.render import chart

    earlier = compute.history(case, "review-1")
    levels = {}
    for a, area in enumerate(toolkit.areas):
        for s, assessment in enumerate(earlier):
            for c, child in enumerate(case.children):
                values = (compute.level_of(assessment, item.code, child.id) for item in area.items)
                levels[(a, s, c)] = tuple(v if compute.is_level(v) else None for v in values)
    return chart.ChartData(
        children=tuple(c.first_name for c in case.children), assessments=("Baseline", "Review 1"),
        areas=tuple(a.name for a in toolkit.areas), items=tuple(tuple(i.code for i in a.items) for a in toolkit.areas),
        levels=levels, keys=tuple(chart.LevelKey(lv.value, lv.name, lv.tint, lv.colour) for lv in toolkit.levels),
    )


def test_the_review_pdf_draws_the_distance_travelled_chart_as_vector_graphics(built, reference_data, toolkit):
    case = Case.model_validate(reference_data)
    earlier = compute.history(case, "review-1")
    rated = sum(
        1 for a in earlier for item in toolkit.items for c in case.children if compute.is_level(compute.level_of(a, item, c.id))
    )
    tints = {_rgb(level.tint) for level in toolkit.levels}
    with pdfplumber.open(str(built / f"{REVIEW}.pdf")) as pdf:
        page = next(p for p in pdf.pages if "Distance travelled" in (p.extract_text() or ""))
        drawn = [r for r in page.rects if tuple(round(v, 2) for v in r["non_stroking_color"] or ()) in tints]
        assert len(drawn) == rated + len(toolkit.levels)  # one box per rated item and assessment, and the key
        assert not page.images


def test_the_review_docx_carries_the_chart_as_a_picture_with_its_figures_in_an_appendix(built, texts):
    with zipfile.ZipFile(built / f"{REVIEW}.docx") as archive:
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
    with zipfile.ZipFile(built / f"{BASELINE}.docx") as archive:
        logo_only = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(pictures) == len(logo_only) + 1
    for fmt in ("docx", "pdf"):
        text = texts[f"{REVIEW}.{fmt}"]
        assert "Appendix: the chart's figures" in text
        assert "4.7: 2 → 3" in text and "1.6: 3 → 2" in text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_sheet_ends_with_a_supervision_box_naming_the_team_manager(texts, fmt):
    for stem in (REVIEW, BASELINE):
        text = texts[f"{stem}.{fmt}"]
        tail = text.split("Supervision", 1)[1]
        for label in ("Team manager Robert Kingsley, Team Manager", "Supervision note", "Decision", "Signature", "Date"):
            assert label in tail, (stem, label)


def test_plan_actions_carry_their_status(texts):
    for fmt in ("docx", "pdf"):
        assert "Done" in texts[f"{REVIEW}.{fmt}"] and "In progress" in texts[f"{REVIEW}.{fmt}"]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_warnings_and_the_guidances_prompts_stand_in_one_marked_box(texts, toolkit, fmt):
    text = texts[f"{REVIEW}.{fmt}"]
    assert "Prompts from the guidance" in text
    domestic_abuse = next(p for p in toolkit.prompts if p.key == "domestic_abuse")
    assert normalise(domestic_abuse.text) in text
    assert "5.6 Friendships is rated 3 or 4 for Ruby, but no impact on the child is recorded." in text
    assert "The family copies for Kayleigh O'Neill, Marcus Hale and Liam Dawson leave out the notes for 4.3 and 4.7" in text
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
    assert review["family_notes"] == [
        "The family copies for Kayleigh O'Neill, Marcus Hale and Liam Dawson leave out the notes for 4.3 and 4.7; "
        "those items stay in as worries where rated 3 or 4, in the toolkit's plain words.",
        "The plan action for 4.7 is in Marcus Hale's copy, as it is theirs to carry out.",
    ]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_review_runs_to_four_pages_and_the_baseline_to_three(built, fmt):
    for stem, most in ((REVIEW, 4), (BASELINE, 3)):
        if fmt == "pdf":
            with pdfplumber.open(str(built / f"{stem}.pdf")) as pdf:
                pages = len(pdf.pages)
        else:
            pages = word_pages(built / f"{stem}.docx")
        assert pages <= most, (stem, fmt, pages)
