"""`casepack templates check`: a templates folder against the data each document type receives, with located messages."""

from __future__ import annotations

import shutil

import pytest
from docx import Document

from generator.cli import main
from generator.settings import TEMPLATES_DIR
from generator.template_check import check_folder


@pytest.fixture
def copy(tmp_path):
    """A full copy of the built-in templates, to spoil one file of."""
    folder = tmp_path / "ours"
    shutil.copytree(TEMPLATES_DIR, folder)
    return folder


def spoil_word_paragraph(path, starts: str, extra: str) -> None:
    document = Document(str(path))
    paragraph = next(p for p in document.paragraphs if p.text.startswith(starts))
    paragraph.runs[-1].text += extra
    document.save(str(path))


def messages(folder, settings) -> list[str]:
    return [str(p) for p in check_folder(folder, settings)]


def test_the_built_in_templates_pass(settings, capsys):
    assert check_folder(TEMPLATES_DIR, settings) == []
    assert main(["templates", "check"]) == 0
    assert capsys.readouterr().out == f"{TEMPLATES_DIR}: the templates fit the data of every document type\n"


def test_an_unknown_field_in_a_word_template_is_placed_at_its_paragraph_in_the_templates_own_words(copy, settings, capsys):
    spoil_word_paragraph(copy / "docx" / "closure-letter.docx", "{{ w.thanks_family", " {{ teem }}")
    assert main(["templates", "check", str(copy)]) == 1
    assert capsys.readouterr().err == (
        f'error: {copy}/docx/closure-letter.docx > paragraph 7 "{{{{ w.thanks_family }}}} {{{{ teem }}}}": '
        "unknown name 'teem'; did you mean 'team'?\n"
        f"{copy}: 1 problem(s) in the templates\n"
    )


def test_a_syntax_error_in_a_word_template_is_placed_at_the_tag_left_open_not_at_a_line_of_xml(copy, settings):
    spoil_word_paragraph(copy / "docx" / "closure-letter.docx", "{{ w.yours_sincerely", " {% if for_family %}")
    assert messages(copy, settings) == [
        f'{copy}/docx/closure-letter.docx > paragraph 24 "{{{{ w.yours_sincerely }}}} {{% if for_family %}}": '
        "'{% if %}' is never closed; add '{% endif %}' where it should end"
    ]


def test_a_broken_tag_in_a_word_table_cell_is_placed_at_its_cell(copy, settings):
    document = Document(str(copy / "docx" / "invitation-list.docx"))
    cell = next(c for t in document.tables for r in t.rows for c in r.cells if "{{ meeting" in c.text)
    cell.paragraphs[0].runs[-1].text += " {{ meeting.when "
    document.save(str(copy / "docx" / "invitation-list.docx"))
    found = messages(copy, settings)
    assert len(found) == 1
    assert found[0].startswith(f"{copy}/docx/invitation-list.docx > table ")
    assert '{{ meeting.when"' in found[0]  # the cell where the tag was left open, in the template's words
    assert found[0].endswith(": expected token 'end of print statement', got '{'")  # the tag that opens the next cell
    assert "<w:" not in found[0]


def test_html_problems_are_placed_at_their_lines(copy, settings):
    letter = copy / "html" / "letter.html"
    lines = letter.read_text(encoding="utf-8").splitlines()
    lines[4] += "{{ refrence }}"
    letter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    listing = copy / "html" / "invitation-list.html"
    listing.write_text(listing.read_text(encoding="utf-8").replace("{% endfor %}", "{% endfro %}", 1), encoding="utf-8")
    line = next(n for n, text in enumerate(listing.read_text(encoding="utf-8").splitlines(), 1) if "endfro" in text)
    assert messages(copy, settings) == [
        f"{copy}/html/invitation-list.html > line {line}: Encountered unknown tag 'endfro'. Jinja was looking for the following tags: "
        "'endfor' or 'else'. The innermost block that needs to be closed is 'for'.",
        f"{copy}/html/letter.html > line 5: unknown name 'refrence'; did you mean 'reference'?",
    ]


def test_a_family_facing_template_may_not_use_a_practitioner_only_field(copy, settings):
    page = copy / "html" / "family-copy.html"
    page.write_text(page.read_text(encoding="utf-8").replace("{% endblock %}", "<p>{{ analysis }}</p>{% endblock %}", 1), encoding="utf-8")
    assert messages(copy, settings) == [
        f"{copy}/html/family-copy.html > line 3: 'analysis' is for practitioners only, and this template's documents go to family members: "
        "take it out (generator/disclosure.py says who sees what)"
    ]


def test_a_team_folder_is_checked_for_its_own_files_only_and_is_the_default(tmp_path, settings, capsys):
    team = tmp_path / "team"
    (team / "docx").mkdir(parents=True)
    shutil.copy(TEMPLATES_DIR / "docx" / "closure-letter.docx", team / "docx")
    spoil_word_paragraph(team / "docx" / "closure-letter.docx", "{{ w.thanks_family", " {{ foo }}")
    (tmp_path / "settings.toml").write_text('[templates]\ndir = "team"\n', encoding="utf-8")
    assert main(["--settings", str(tmp_path / "settings.toml"), "templates", "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f'error: {team}/docx/closure-letter.docx > paragraph 7 "{{{{ w.thanks_family }}}} {{{{ foo }}}}": unknown name \'foo\'',
                   f"{team}: 1 problem(s) in the templates"]


def test_a_word_file_no_document_type_uses_is_reported(tmp_path, settings):
    (tmp_path / "docx").mkdir()
    shutil.copy(TEMPLATES_DIR / "docx" / "closure-letter.docx", tmp_path / "docx" / "closing-letter.docx")
    [problem] = messages(tmp_path, settings)
    assert problem.startswith(f"{tmp_path}/docx/closing-letter.docx: no document type uses a template called 'closing-letter'; the types' templates are assessment-agreement, ")


def test_wording_entries_missing_from_any_language_are_reported(tmp_path, settings):
    """Against the wording files of every language, a team's over the built-in ones, merged with common.toml."""
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "closure-letter.html").write_text(
        '{% extends "letter.html" %}{% block letter %}\n<p>{{ w.thanks }}</p>\n<p>{{ w.closing.signed }} {{ w.yours }}</p>\n'
        "{% for w in children %}{{ w.name }}{% endfor %}\n{% endblock %}\n", encoding="utf-8")
    for language, text in (("en", 'thanks = "Thank you."\n[closing]\nsigned = "Signed"\n'), ("cy", '[closing]\nnamed = "Enw"\n')):
        (tmp_path / "wording" / language).mkdir(parents=True)
        (tmp_path / "wording" / language / "closure-letter.toml").write_text(text, encoding="utf-8")
    (tmp_path / "wording" / "en" / "common.toml").write_text('yours = "Yours sincerely,"\n', encoding="utf-8")
    found = messages(tmp_path, settings)
    wording = [m for m in found if ": no wording" in m]
    assert wording == [
        f'{tmp_path}/html/closure-letter.html > line 2: no wording \'thanks\' in wording/cy/closure-letter.toml or wording/cy/common.toml; add a line thanks = "..."',
        f'{tmp_path}/html/closure-letter.html > line 3: no wording \'closing.signed\' in wording/cy/closure-letter.toml or wording/cy/common.toml; add signed = "..." under [closing]',
        f'{tmp_path}/html/closure-letter.html > line 3: no wording \'yours\' in wording/cy/closure-letter.toml or wording/cy/common.toml; add a line yours = "..."',
    ]  # English has all three; the loop's own `w` is a child, not wording


def test_a_folder_that_is_not_there_is_a_usage_error(tmp_path, capsys):
    assert main(["templates", "check", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == f"casepack: {tmp_path / 'nowhere'}: no such folder; give a templates folder holding docx/ and html/\n"
