"""Property (issue 15): any text in any free-text field of the reference case either is refused by
validation at that field's pointer, or builds documents that open, in both formats, showing the text.

The text mixes ordinary characters with what breaks documents: lone surrogates, control characters,
markup and template code, emoji. Each example builds only the cheapest document type that shows the
field (found from the reference build), in both formats, so the run stays short.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from conftest import BUILD_DATE, REFERENCE
from docx import Document
from hypothesis import HealthCheck, event, given, settings as hypothesis_settings, strategies as st
from readers import docx_text, normalise, pdf_text

from generator.errors import InvalidCase
from generator.pipeline import BuildRequest, build, check_case

# Keys of the case whose values are free text (not ids, dates, times, levels or fixed choices).
FREE_TEXT = {
    "name", "first_name", "last_name", "role", "team", "plan_status", "relationship", "agency", "lines", "town",
    "postcode", "evidence", "impact_on_child", "text", "analysis", "action", "success_looks_like", "venue", "room",
    "purpose", "notes", "specific_request", "section", "task", "frequency", "assessment_type", "support_plan",
    "reference", "phone", "email", "school",
}  # fmt: skip
# Cheapest first: letters of a page or two before the eight-page summary sheet.
CHEAP_FIRST = (
    "closure-letter", "professional-letter", "assessment-agreement", "feedback-sheet", "co-working-agreement",
    "family-meeting-agreement", "invitation-letter", "invitation-list", "family-copy", "summary-sheet",
)  # fmt: skip
PIECES = ["\ud83d", "\udc00", "\x00", "\x0b", "\x1f", "\x85", "\ufffe", "{{ 7*7 }}", "{% if 1 %}", "<b>&amp;</b>", "<script>",
          "]]>", "\\n", "&", "'", '"', "\U0001F600", "\t", "\n"]  # fmt: skip
# Random letters from Latin-1 and Latin Extended-A, which the PDF font has (right-to-left text, which
# text extraction gives back in visual order, has its own test); not the invisible soft hyphen.
LETTERS = st.characters(min_codepoint=0x20, max_codepoint=0x17F, exclude_characters="\xad")


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))
    elif isinstance(node, str):
        yield path, node


def _pointer(path) -> str:
    return "".join(f"/{p}" for p in path)


REFERENCE_DATA = json.loads(REFERENCE.read_text(encoding="utf-8"))
_COUNTS = Counter(value for _, value in _leaves(REFERENCE_DATA))
# Fields whose value is theirs alone in the case, so that the documents showing it can be found by it.
CANDIDATES = [
    (path, value) for path, value in _leaves(REFERENCE_DATA)
    if next(p for p in reversed(path) if isinstance(p, str)) in FREE_TEXT and _COUNTS[value] == 1 and len(value) >= 6
]  # fmt: skip


@pytest.fixture(scope="module")
def fields(built, settings) -> list[tuple[tuple, tuple[str, ...]]]:
    """Each candidate field with the cheapest document type whose Word files show its value.

    A value that the letterhead also prints ("Civic Centre") would be found in every letter whether or not
    the letter shows the field, so such values are not candidates."""
    org = settings.organisation
    letterhead = normalise(" ".join([org.name, org.department, *org.address, org.phone, org.email, org.website]))
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    shown = {entry["path"]: normalise(docx_text(built / entry["path"])) for entry in manifest["documents"] if entry["format"] == "docx"}
    kind = {entry["path"]: entry["document"] for entry in manifest["documents"]}
    found = []
    for path, value in CANDIDATES:
        if normalise(value) in letterhead:
            continue
        types = {kind[name] for name, text in shown.items() if normalise(value) in text}
        chosen = tuple(t for t in CHEAP_FIRST if t in types)[:1]
        if chosen:
            found.append((path, chosen))
    assert len(found) > 40, "most free-text fields of the reference case are shown in some document"
    return found


texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(LETTERS, min_size=1, max_size=4)), min_size=1, max_size=4).map("".join)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", normalise(text))


def _pdf_texts(path: Path) -> list[str]:
    """The text of each page, and of each table cell on it: a cell's text wrapped over lines comes out of
    the page's text interleaved with the cells beside it."""
    found = [pdf_text(path)]
    with pdfplumber.open(str(path)) as pdf:
        assert len(pdf.pages) >= 1  # the PDF opens
        for page in pdf.pages:
            found += [cell for table in page.extract_tables() for row in table for cell in row if cell]
    return found


@hypothesis_settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), text=texts)
def test_any_text_in_a_free_text_field_is_refused_at_it_or_printed_in_both_formats(fields, settings, data, text):
    path, types = data.draw(st.sampled_from(fields), label="field")
    case = copy.deepcopy(REFERENCE_DATA)
    node = case
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = text
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "case.json"
        source.write_text(json.dumps(case), encoding="utf-8")
        try:
            check_case(source, settings)
        except InvalidCase as refused:
            where = _pointer(path)
            assert refused.errors and all(str(p.location.where).startswith(where) for p in refused.errors), [str(p) for p in refused.errors]
            event("refused by validation")
            return
        event("built")
        result = build(BuildRequest((source,), Path(folder) / "out", settings, ("docx", "pdf"), types, BUILD_DATE, jobs=1))
        assert result.ok, str(result.cases[0].error)
        built = result.cases[0]
        # As the file holds it: JSON joins a high and a low surrogate written one after the other into one character.
        expected = _squeezed(json.loads(json.dumps(text)).strip())
        seen = {"docx": False, "pdf": False}
        for output in built.files:
            file = built.folder / output.filename
            if output.format == "docx":
                Document(str(file))  # the Word file opens
                seen["docx"] |= expected in _squeezed(docx_text(file))
            else:
                seen["pdf"] |= any(expected in _squeezed(t) for t in _pdf_texts(file))
        assert seen == {"docx": True, "pdf": True}, (types, seen)
