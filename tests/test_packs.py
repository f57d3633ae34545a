"""Print packs: one PDF per postal recipient and one for the whole case, read back as a printer and a screen reader would.

Each pack is checked against the separate PDFs of the same build: its pages are theirs, in envelope
(or case) order, behind one cover sheet or contents page; its bookmarks name each document and point
at its first page, with the document's own bookmarks under it; and it is still one tagged PDF.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil

import pikepdf
import pytest
from conftest import BUILD_DATE, REFERENCE
from pdfua import Severity, validate
from pypdf import PdfReader

from generator.cli import main
from generator.documents.common import DocumentPlan
from generator.packs import envelope_order
from generator.pipeline import BuildRequest, build
from generator.settings import TEMPLATES_DIR

KAYLEIGH_ENVELOPE = [
    "invitation-letter_m1_kayleigh.pdf", "family-copy_kayleigh.pdf", "assessment-agreement_kayleigh.pdf",
    "invitation-letter_m2_kayleigh.pdf", "closure-letter_kayleigh.pdf", "feedback-sheet_kayleigh.pdf",
]  # fmt: skip


def packs(manifest: dict) -> dict:
    """The print-pack entries by recipient (None: the whole case)."""
    return {entry["recipient"]: entry for entry in manifest["documents"] if entry["document"] == "print-pack"}


def page_texts(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def bookmarks(path) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(title, page number from 0, [(title, page) of the bookmarks under it, all depths]) for each top-level bookmark."""
    reader = PdfReader(path)

    def flat(items) -> list[tuple[str, int]]:
        out = []
        for item in items:
            if isinstance(item, list):
                out += flat(item)
            else:
                out.append((item.title, reader.get_destination_page_number(item)))
        return out

    top, outline = [], reader.outline
    for n, item in enumerate(outline):
        if isinstance(item, list):
            continue
        nested = outline[n + 1] if n + 1 < len(outline) and isinstance(outline[n + 1], list) else []
        top.append((item.title, reader.get_destination_page_number(item), flat(nested)))
    return top


@pytest.fixture(scope="module")
def listed(manifest) -> dict:
    return packs(manifest)


def test_each_recipient_with_a_postal_address_gets_one_pack_and_the_email_only_colleague_none(listed, built):
    assert sorted(r for r in listed if r) == sorted(["kayleigh", "marcus", "liam", "denise", "ruby", "gp", "hv", "stannes", "northfield", "housing"])
    assert listed["kayleigh"]["path"] == "FSN-2026-0142_print-pack_kayleigh.pdf"
    assert listed[None]["path"] == "FSN-2026-0142_print-pack.pdf"
    assert all((built / entry["path"]).is_file() for entry in listed.values())
    contents = page_texts(built / listed[None]["path"])
    assert "Not posted" in "".join(contents)
    assert "Priya Shah (priya.shah@northbridge.example.gov.uk)" in "".join(contents)


def test_an_envelope_holds_each_letter_then_what_it_encloses(listed):
    assert listed["kayleigh"]["contains"] == KAYLEIGH_ENVELOPE
    assert listed["gp"]["contains"] == ["professional-letter_gp.pdf", "invitation-letter_m1_gp.pdf", "closure-letter_gp.pdf"]


def _plan(document: str, name: str) -> DocumentPlan:
    return DocumentPlan(document, document, document, name, {}, "kayleigh")


def test_enclosures_go_behind_the_letter_before_them_and_those_before_every_letter_behind_the_first():
    plans = [_plan("family-copy", "copy"), _plan("invitation-letter", "invite"), _plan("closure-letter", "outcome"), _plan("feedback-sheet", "feedback")]
    order = envelope_order(plans, {"invitation-letter", "closure-letter"})
    assert [p.filename for p in order] == ["invite", "copy", "outcome", "feedback"]
    assert [p.filename for p in envelope_order(plans[::3], {"invitation-letter"})] == ["copy", "feedback"]


def test_every_pack_page_is_the_page_of_the_separate_pdf_in_pack_order(listed, built):
    for recipient, entry in listed.items():
        pack = page_texts(built / entry["path"])
        sources = [page_texts(built / name) for name in entry["contains"]]
        front = len(pack) - sum(len(s) for s in sources)
        assert front == (1 if recipient else 3), entry["path"]  # one cover sheet; the contents of 42 documents take three pages
        assert entry["pages"] == len(pack)
        assert pack[front:] == [text for source in sources for text in source], entry["path"]


def test_the_cover_sheet_says_where_the_envelope_goes_and_what_goes_in_it(listed, built):
    cover = page_texts(built / listed["kayleigh"]["path"])[0]
    assert "Print pack cover sheet\nEnvelope 1 of 10" in cover
    assert "Kayleigh O'Neill\n14 Larch Close\nEastfield\nNorthbridge\nNB4 7QT" in cover
    assert "Pages to post 9" in cover
    listed_files = re.findall(r"^\S+\.pdf$", cover, re.M)
    assert listed_files == KAYLEIGH_ENVELOPE
    assert "Invitation to a meeting (Team Around the Child in Need meeting, 20 November 2026)" in " ".join(cover.split())  # the title may wrap


def test_bookmarks_name_each_document_and_its_reader_at_its_first_page_with_its_own_bookmarks_under_it(listed, built):
    entry = listed["kayleigh"]
    marks = bookmarks(built / entry["path"])
    assert [title for title, _, _ in marks] == [
        "Cover sheet",
        "Invitation to a meeting (Team Around the Child in Need meeting, 20 November 2026) – Kayleigh O'Neill",
        "Your copy of the family assessment (Review 1, 2 November 2026) – Kayleigh O'Neill",
        "Agreement for assessment – Kayleigh O'Neill",
        "Invitation to a meeting (Family Meeting, 4 December 2026) – Kayleigh O'Neill",
        "Outcome letter – Kayleigh O'Neill",
        "Feedback sheet – Kayleigh O'Neill",
    ]
    starts = [1]
    for name in entry["contains"][:-1]:
        starts.append(starts[-1] + len(PdfReader(built / name).pages))
    assert [page for _, page, _ in marks[1:]] == starts
    family_copy = marks[2]
    own = bookmarks(built / "family-copy_kayleigh.pdf")
    assert family_copy[2] == [(own[0][0], own[0][1] + family_copy[1])] + [(t, p + family_copy[1]) for t, p in own[0][2]]


def test_the_whole_case_pack_lists_every_document_at_the_page_it_starts_on(listed, built, manifest):
    entry = listed[None]
    separate = [d["path"] for d in manifest["documents"] if d["format"] == "pdf" and d["document"] != "print-pack"]
    assert entry["contains"] == separate
    marks = bookmarks(built / entry["path"])
    assert marks[0][:2] == ("Contents", 0)
    contents = "\n".join(page_texts(built / entry["path"])[:3])
    for (title, page, _), name in zip(marks[1:], separate):
        # The row's page number, its title (on one or two lines), then its file name.
        assert re.search(rf"^{page + 1} (?:[^\n]*\n){{1,2}}{re.escape(name)} · \d+ pages?$", contents, re.M), name
    assert "feedback-sheet_denise.pdf · 2 pages\nDenise O'Neill Envelope 4 (page 4)" in contents
    assert "professional-letter_gp.pdf · 1 page\nDr Samira Haddad Envelope 6 (page 2)" in contents


def _elements(node):
    if isinstance(node, pikepdf.Dictionary) and node.get("/Type", pikepdf.Name.StructElem) == pikepdf.Name.StructElem and "/S" in node:
        yield node
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            yield from _elements(kid)


def _marked_content(page) -> list[int]:
    return [int(operands[1]["/MCID"]) for operands, operator in pikepdf.parse_content_stream(page)
            if operator == pikepdf.Operator("BDC") and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]]  # fmt: skip


def test_a_pack_is_one_tagged_pdf_holding_every_source_structure(listed, built):
    entry = listed["kayleigh"]
    with pikepdf.open(built / entry["path"]) as pack:
        assert pack.Root.MarkInfo.Marked is True
        assert str(pack.Root.Lang) == "en-GB"
        assert pack.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pack.docinfo.Title) == "Print pack, envelope 1 of 10 – FSN-2026-0142"
        tree = pack.Root.StructTreeRoot
        (document,) = tree.K
        assert document.S == pikepdf.Name.Document
        parts = list(document.K)
        assert [p.S for p in parts] == [pikepdf.Name.Part] * 7
        for part, name in zip(parts[1:], entry["contains"]):
            with pikepdf.open(built / name) as source:
                assert [str(e.S) for e in _elements(part)][1:] == [str(e.S) for e in _elements(source.Root.StructTreeRoot.K[0])][1:], name
        parents = pikepdf.NumberTree(tree.ParentTree)
        keys = [int(page.obj.StructParents) for page in pack.pages]
        assert len(set(keys)) == len(keys) == entry["pages"]
        for number, page in enumerate(pack.pages):
            marked = _marked_content(page)
            assert marked, number
            owners = parents[int(page.obj.StructParents)]
            for mcid in marked:
                owner = owners[mcid]
                assert owner.S != pikepdf.Name.Document
                kids = owner.K if isinstance(owner.K, pikepdf.Array) else [owner.K]
                assert any(k == mcid or (isinstance(k, pikepdf.Dictionary) and k.get("/MCID") == mcid) for k in kids), (number, mcid)
                assert owner.get("/Pg", page.obj).objgen == page.obj.objgen


def test_the_pdfua_checker_finds_nothing_in_a_pack_as_in_its_sources(listed, built):
    for recipient in ("kayleigh", None):
        report = validate(str(built / listed[recipient]["path"]))
        assert "UA-15-003" in {outcome.rule_id for outcome in report.outcomes if not outcome.skipped}  # the table rule ran
        assert [(f.rule_id, f.message) for f in report.findings if f.severity >= Severity.WARNING] == [], recipient


def test_no_pack_metadata_holds_a_personal_name(listed, built):
    for entry in listed.values():
        reader = PdfReader(built / entry["path"])
        metadata = " ".join(str(v) for v in reader.metadata.values()) + reader.xmp_metadata.rdf_root.toxml()
        assert set(reader.metadata) == {"/Producer", "/Title"}
        assert "O'Neill" not in metadata and "Haddad" not in metadata
        assert 'pdfuaid:part="1"' in metadata


def _build(out, settings, **options):
    result = build(BuildRequest((REFERENCE,), out, settings, today=BUILD_DATE, **options))
    assert result.ok, [str(c.error) for c in result.cases]
    folder = result.cases[0].folder
    return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_packs_of_one_meeting_hold_only_that_meetings_documents(tmp_path, settings):
    folder, manifest = _build(tmp_path, settings, formats=("pdf",), meetings=("m1",))
    m1 = [d["path"] for d in manifest["documents"] if d["document"] != "print-pack"]
    assert all("_m1" in name for name in m1)
    chosen = packs(manifest)
    assert chosen[None]["contains"] == m1
    assert sorted(r for r in chosen if r) == sorted(["kayleigh", "marcus", "liam", "denise", "gp", "hv", "stannes", "northfield", "housing"])
    assert chosen["kayleigh"]["contains"] == ["invitation-letter_m1_kayleigh.pdf"]


def test_a_word_only_build_makes_no_packs_and_says_so(tmp_path, capsys):
    assert main(["build", str(REFERENCE), "-o", str(tmp_path), "--format", "docx", "--documents", "closure-letter", "--no-cache"]) == 0
    manifest = json.loads((tmp_path / "FSN-2026-0142" / "manifest.json").read_text(encoding="utf-8"))
    assert packs(manifest) == {}
    assert not list((tmp_path / "FSN-2026-0142").glob("*print-pack*"))
    assert "no print packs: they are joined from the PDFs, and --format docx builds none\n" in capsys.readouterr().out


def test_a_rebuild_gives_the_same_pack_bytes_fresh_or_from_the_render_cache(tmp_path, settings):
    from generator.cache import RenderCache

    chosen = dict(formats=("pdf",), documents=("invitation-letter",), meetings=("m2",), recipients=("ruby", "denise"))
    first, manifest = _build(tmp_path / "a", settings, **chosen)
    again, _ = _build(tmp_path / "b", settings, **chosen)
    cache = RenderCache(tmp_path / "cache")
    cold, _ = _build(tmp_path / "c", settings, cache=cache, **chosen)
    warm = build(BuildRequest((REFERENCE,), tmp_path / "d", settings, today=BUILD_DATE, cache=cache, **chosen))
    assert warm.rendered == 0
    names = [entry["path"] for entry in packs(manifest).values()]
    assert len(names) == 3
    for name in names:
        data = (first / name).read_bytes()
        assert [(folder / name).read_bytes() == data for folder in (again, cold, warm.cases[0].folder)] == [True, True, True], name


def test_no_packs_asked_for_gives_only_the_separate_files(tmp_path):
    assert main(["build", str(REFERENCE), "-o", str(tmp_path), "--format", "pdf", "--documents", "closure-letter", "--recipients", "gp", "--no-packs", "--no-cache"]) == 0
    manifest = json.loads((tmp_path / "FSN-2026-0142" / "manifest.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in manifest["documents"]] == ["closure-letter_gp.pdf"]


# --- a Welsh case --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def welsh(tmp_path_factory, settings):
    """The reference case marked Welsh, two document types built as PDF with their packs. The packs' Welsh is
    templates/wording/cy/print-pack.toml as shipped; any other document's Welsh wording not there yet (the
    translations come in apart) is the English file copied, as the wording tests do, with a toolkit overlay
    of one level name. Returns (case folder, manifest's packs)."""
    base = tmp_path_factory.mktemp("welsh-packs")
    templates = base / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    assert (templates / "wording" / "cy" / "print-pack.toml").is_file()
    for english in (templates / "wording" / "en").glob("*.toml"):
        if not (templates / "wording" / "cy" / english.name).is_file():
            shutil.copy(english, templates / "wording" / "cy" / english.name)
    toolkit = base / "toolkit-fsn.json"
    shutil.copy(settings.toolkit_file, toolkit)
    if not settings.toolkit_file.with_suffix(".cy.json").is_file():
        (base / "toolkit-fsn.cy.json").write_text(json.dumps({"levels": [{"value": 3, "name": "Anghenion cymhleth / dwys"}]}), encoding="utf-8")
    else:
        shutil.copy(settings.toolkit_file.with_suffix(".cy.json"), base / "toolkit-fsn.cy.json")
    case = json.loads(REFERENCE.read_text(encoding="utf-8"))
    case["case"]["language"] = "cy"
    path = base / "case-cy.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    cymraeg = dataclasses.replace(settings, templates_dir=templates, toolkit_file=toolkit)
    result = build(BuildRequest((path,), base / "out", cymraeg, today=BUILD_DATE, formats=("pdf",),
                                documents=("closure-letter", "summary-sheet")))
    assert result.ok, [str(c.error) for c in result.cases]
    folder = result.cases[0].folder
    return folder, packs(json.loads((folder / "manifest.json").read_text(encoding="utf-8")))


ENGLISH_PACK_WORDS = ("Print pack", "Cover sheet", "Envelope", "Send to", "Pages", "Prepared", "Contents", "Not posted", "Case file", "November")


def test_a_welsh_cases_envelope_has_a_welsh_cover_sheet_bookmarks_and_title(welsh):
    folder, listed = welsh
    path = folder / listed["kayleigh"]["path"]
    cover = page_texts(path)[0]
    of = len(listed) - 1
    assert f"Taflen glawr y pecyn argraffu\nAmlen 1 o {of} · I'r gweinyddwr: tynnwch y daflen hon allan cyn postio" in cover
    assert "Anfon at\nKayleigh O'Neill\n14 Larch Close" in cover
    assert "Cyfeirnod yr achos FSN-2026-0142\nParatowyd 22 Tachwedd 2026\nDogfennau 1\n" in cover
    assert "Yn yr amlen, yn y drefn hon\nTrefn Dogfen Tudalennau Yn yr amlen\n" in cover
    assert re.findall(r"^\S+\.pdf$", cover, re.M) == ["closure-letter_kayleigh.pdf"]
    assert [word for word in ENGLISH_PACK_WORDS if word in cover] == []
    marks = [title for title, _, _ in bookmarks(path)]
    assert marks[0] == "Taflen glawr"
    assert marks[1].endswith(" – Kayleigh O'Neill"), marks
    with pikepdf.open(path) as pack:
        assert str(pack.docinfo.Title) == f"Pecyn argraffu, amlen 1 o {of} – FSN-2026-0142"
        assert str(pack.Root.Lang) == "cy"


def test_a_welsh_cases_whole_case_pack_has_a_welsh_contents_page(welsh):
    folder, listed = welsh
    path = folder / listed[None]["path"]
    contents = page_texts(path)[0]
    pages, documents = listed[None]["pages"], len(listed[None]["contains"])
    assert f"Cynnwys y pecyn argraffu\nAchos FSN-2026-0142 · Paratowyd 22 Tachwedd 2026 · {documents} dogfen, {pages} tudalen\n" in contents
    assert "\nTudalen Dogfen Ar gyfer Ym mha amlen\n" in contents
    assert "\nclosure-letter_kayleigh.pdf · 1 tudalen\nKayleigh O'Neill Amlen 1 (tudalen 2)\n" in contents
    # The summary sheets: addressed to no one, named with their assessment and its date in Welsh (the title may wrap).
    assert re.search(r", 3\sAwst\s2026\)\nsummary-sheet_baseline\.pdf · 3 tudalen\nFfeil yr achos\n", contents), contents
    assert re.search(r", 2\sTachwedd\s2026\)\nsummary-sheet_review-1\.pdf · 4 tudalen\nFfeil yr achos\n", contents), contents
    assert "\nAmlenni\nAmlen At Pecyn argraffu Tudalennau\n1 Kayleigh O'Neill FSN-2026-0142_print-pack_kayleigh.pdf 2\n" in contents
    assert [word for word in ENGLISH_PACK_WORDS if word in contents] == []
    assert bookmarks(path)[0][0] == "Cynnwys"
    with pikepdf.open(path) as pack:
        assert str(pack.docinfo.Title) == "Pecyn argraffu, yr achos cyfan – FSN-2026-0142"
