"""scripts/tidy_docx.py: a Word-saved template comes back with its tags whole and its editing noise gone, its text unchanged."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.render.docx import render_docx
from generator.settings import TEMPLATES_DIR
from generator.wording import Words
from scripts.tidy_docx import main, split_tags, tidy

W_RSID = (qn("w:rsidR"), qn("w:rsidRPr"), qn("w:rsidRDefault"), qn("w:rsidP"))


def word_saved(path: Path) -> Path:
    """A template as Word leaves it after an edit: one tag in three runs with spell-check marks between, rsids everywhere."""
    doc = Document()
    paragraph = doc.add_paragraph()
    for text in ("{{ w.than", "ks_fam", "ily }}"):
        run = paragraph.add_run(text)
        run._r.set(qn("w:rsidR"), "00A1B2C3")
        mark = OxmlElement("w:proofErr")
        mark.set(qn("w:type"), "spellStart")
        paragraph._p.append(mark)
    paragraph._p.set(qn("w:rsidR"), "00A1B2C3")
    paragraph._p.set(qn("w:rsidRDefault"), "00D4E5F6")
    lead = doc.add_paragraph()
    lead.add_run("Name:").bold = True
    lead.add_run(" {{ name }}")
    split = doc.add_paragraph()
    split.add_run("{{ na").bold = True
    split.add_run("me }}")
    doc.save(path)
    return path


def body_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_runs_split_by_word_are_joined_so_the_tag_is_whole(tmp_path):
    data = tidy(word_saved(tmp_path / "t.docx").read_bytes())
    first = Document(io.BytesIO(data)).paragraphs[0]
    assert [r.text for r in first.runs] == ["{{ w.thanks_family }}"]


def test_editing_history_is_removed(tmp_path):
    xml = body_xml(tidy(word_saved(tmp_path / "t.docx").read_bytes()))
    assert "proofErr" not in xml
    assert "w:rsid" not in xml


def test_the_text_is_unchanged_and_differently_formatted_runs_stay_apart(tmp_path):
    before = word_saved(tmp_path / "t.docx").read_bytes()
    after = tidy(before)
    assert paragraphs(after) == paragraphs(before)
    lead = Document(io.BytesIO(after)).paragraphs[1]
    assert [(r.text, r.bold) for r in lead.runs] == [("Name:", True), (" {{ name }}", None)]


def test_a_tag_split_across_different_formatting_is_reported(tmp_path):
    assert split_tags(tidy(word_saved(tmp_path / "t.docx").read_bytes())) == ["{{ name }}"]


def test_the_command_tidies_in_place_and_says_what_is_still_split(tmp_path, capsys):
    path = word_saved(tmp_path / "t.docx")
    assert main([str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == f"{path}: tidied\n"
    assert err == f"{path}: the tag {{{{ name }}}} is split across differently formatted text; give it one formatting in Word and run this again\n"
    assert "proofErr" not in body_xml(path.read_bytes())


def test_a_tidied_template_renders(tmp_path):
    path = tmp_path / "t.docx"
    path.write_bytes(tidy(word_saved(tmp_path / "saved.docx").read_bytes()))
    data = render_docx(path, {"w": Words("test", {"thanks_family": "Thank you."}), "name": "Sam"})
    assert paragraphs(data)[:2] == ["Thank you.", "Name: Sam"]


@pytest.mark.parametrize("path", sorted((TEMPLATES_DIR / "docx").glob("*.docx")), ids=lambda p: p.name)
def test_the_shipped_templates_are_already_tidy(path):
    data = path.read_bytes()
    assert tidy(data) == data
    assert split_tags(data) == []
