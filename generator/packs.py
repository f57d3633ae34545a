"""Print packs: each postal recipient's envelope, and the whole case, as one PDF each, joined from the PDFs already rendered.

A pack is made from the bytes the run already has: the rendered pages are copied as they are (never
laid out again), so a pack page is exactly the page of the separate PDF, and a pack costs a copy, not
a render. Only the cover sheet and the contents page are rendered, by the same HTML -> WeasyPrint path
(and render cache) as every other PDF.

What goes in an envelope, and in what order (the rule the cover sheet and the tests follow):
- a person's envelope holds the documents addressed to them (their `recipient`), and nothing else;
- letters lead, in case order (the order of the case pack, see generator/documents BUILT_IN);
- every other document of theirs (a family copy, an agreement to sign, a feedback sheet) is an
  enclosure: it goes behind the last of their letters that comes before it in case order, and one that
  comes before all of their letters goes behind the first; with no letter at all, case order;
- only a person with a postal address (as their letters print it) gets an envelope; the documents of
  anyone else (a colleague with an email address only) are listed on the contents page as not posted.

The joined file stays tagged: one structure tree whose Document holds a Part per joined PDF (that PDF's
own tree, its Document element turned into the Part), with page and annotation keys (StructParents,
StructParent) moved up so no two collide, one parent tree holding every source's entries under their new
keys, role and class maps merged, and the catalogue keys PDF/UA asks for (Marked, Lang, DisplayDocTitle,
a title in the document information and XMP). Bookmarks: one per joined PDF (its title and reader), with
that PDF's own bookmarks under it, pointing at the same places on the copied pages.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, NumberTree, OutlineItem, String

from generator.documents import registry
from generator.documents.common import DocumentPlan, Inputs, base_context, long_date, person_entry
from generator.documents.summary_sheet import assessment_label
from generator.errors import CasepackError
from generator.model import Case
from generator.settings import Settings
from generator.wording import Words, fill
from generator.write import OutputFile, safe_name

NAME = "print-pack"  # also the stem of its wording, templates/wording/<lang>/print-pack.toml, which both pages share
COVER_TEMPLATE = "print-pack-cover"
CONTENTS_TEMPLATE = "print-pack-contents"
# A pack's file name starts with the case reference, so the packs sort together at the top of the case
# folder (and stay recognisable when copied out of it). The reader is named by id, as in every other
# file name: ids are unique within a case and already safe, where two people may share a name.
WHOLE_CASE_STEM = "{reference}_print-pack"
ENVELOPE_STEM = "{reference}_print-pack_{recipient}"


class PackError(CasepackError):
    """A print pack could not be joined from the rendered PDFs; names files, never their content."""


@dataclass(frozen=True)
class Source:
    """One rendered PDF going into a pack, with what its bookmark and the contents page say about it."""

    file: OutputFile
    label: str  # the document's title, with what it is about: "Invitation to a meeting (Child in need meeting, 20 November 2026)"
    reader: str  # who it is addressed to, as the contents page and the bookmark name them; "" when no one
    pdf: pikepdf.Pdf
    bookmark: str  # its bookmark (and structure title) in the pack: the label, with the reader when there is one

    @property
    def pages(self) -> int:
        return len(self.pdf.pages)


@dataclass(frozen=True)
class Envelope:
    recipient: str  # person id
    person: dict  # person_entry: name and address as the letter prints them
    sources: tuple[Source, ...]
    number: int = 0
    filename: str = ""


def _about(case: Case, subject: str | None, words: Words, language: str) -> str:
    """What a document is about, where its type has more than one per case (a meeting, an assessment)."""
    if subject is None:
        return ""
    if any(m.id == subject for m in case.meetings):
        meeting = case.meeting(subject)
        return fill(words["about_on"], what=meeting.kind, date=long_date(meeting.date, language))
    if any(a.id == subject for a in case.assessments):
        assessment = case.assessment(subject)
        return fill(words["about_on"], what=assessment_label(case, assessment, words), date=long_date(assessment.date, language))
    return ""


def _source(file: OutputFile, label: str, reader: str, pdf: pikepdf.Pdf, words: Words) -> Source:
    bookmark = fill(words["document_for"], document=label, reader=reader) if reader else label
    return Source(file, label, reader, pdf, bookmark)


def _count(words: Words, key: str, number: int) -> str:
    """'1 page', '3 pages' (key "page_count"); likewise "document_count"."""
    return fill(words[f"{key}_one" if number == 1 else key], **{key.removesuffix("_count") + "s": number})


def _open(file: OutputFile) -> pikepdf.Pdf:
    try:
        return pikepdf.open(io.BytesIO(file.data))
    except pikepdf.PdfError:
        raise PackError(f"{file.filename}: the rendered PDF could not be read back to join it into the print packs") from None


def envelope_order(plans: list[DocumentPlan], letters: set[str]) -> list[DocumentPlan]:
    """One person's documents, in case order, as they go into the envelope (the rule in the module's docstring)."""
    firsts = [i for i, plan in enumerate(plans) if plan.document in letters]
    if not firsts:
        return list(plans)
    behind: dict[int, list[DocumentPlan]] = {i: [] for i in firsts}
    for i, plan in enumerate(plans):
        if plan.document not in letters:
            before = [letter for letter in firsts if letter < i]
            behind[before[-1] if before else firsts[0]].append(plan)
    return [p for i in firsts for p in (plans[i], *behind[i])]


def _postal(person: dict) -> bool:
    return bool(person["address"])


def _reading_order(case: Case) -> list[str]:
    """People in the order packs are numbered: family first, then children, professionals and staff, each as the case lists them."""
    return [p.id for group in (case.family, case.children, case.professionals, case.staff) for p in group]


def print_packs(
    case: Case,
    documents: list[tuple[DocumentPlan, OutputFile]],
    settings: Settings,
    today: dt.date,
    render: Callable[[DocumentPlan], bytes],
) -> list[OutputFile]:
    """The print packs of one case, from its rendered documents (plan, file) in plan order; `render`
    turns a cover or contents plan into PDF bytes. No PDFs, no packs."""
    pdfs = [(plan, file) for plan, file in documents if file.format == "pdf"]
    if not pdfs:
        return []
    reference = case.case.reference
    inputs = Inputs(case, settings, settings.toolkit, today)
    words = inputs.wording(NAME)
    people = {pid: person_entry(case, pid, words) for pid in dict.fromkeys(plan.recipient for plan, _ in pdfs if plan.recipient)}
    sources = {}
    for plan, file in pdfs:
        about = _about(case, plan.subject, words, inputs.language)
        reader = people[plan.recipient]["name"] if plan.recipient else ""
        label = fill(words["document_about"], document=plan.title, about=about) if about else plan.title
        sources[id(plan)] = _source(file, label, reader, _open(file), words)

    letters = {t.name for t in registry().values() if t.letter}
    readers = [pid for pid in _reading_order(case) if pid in people]
    not_posted = [people[pid] for pid in readers if not _postal(people[pid])]
    envelopes = [
        Envelope(pid, people[pid], tuple(sources[id(plan)] for plan in envelope_order([plan for plan, _ in pdfs if plan.recipient == pid], letters)),
                 number, f"{safe_name(ENVELOPE_STEM.format(reference=reference, recipient=pid), NAME)}.pdf")
        for number, pid in enumerate((pid for pid in readers if _postal(people[pid])), 1)
    ]
    language = inputs.words.tag
    covers = [_open(OutputFile(NAME, "pdf", "cover sheet", render(_cover(inputs, e, len(envelopes))))) for e in envelopes]
    packs = []
    for envelope, cover in zip(envelopes, covers):
        parts = [_source(OutputFile(NAME, "pdf", "cover sheet", b""), words["cover_bookmark"], "", cover, words), *envelope.sources]
        title = fill(words["envelope_pack_title"], number=envelope.number, of=len(envelopes), reference=reference)
        data, pages = join(parts, title, language)
        packs.append(OutputFile(NAME, "pdf", envelope.filename, data, envelope.recipient, None, pages, tuple(s.file.filename for s in envelope.sources)))

    whole = [sources[id(plan)] for plan, _ in pdfs]
    contents = _contents_pdf(inputs, whole, envelopes, [len(c.pages) for c in covers], not_posted, render)
    parts = [_source(OutputFile(NAME, "pdf", "contents", b""), words["contents_bookmark"], "", contents, words), *whole]
    data, pages = join(parts, fill(words["whole_case_pack_title"], reference=reference), language)
    filename = f"{safe_name(WHOLE_CASE_STEM.format(reference=reference), NAME)}.pdf"
    packs.insert(0, OutputFile(NAME, "pdf", filename, data, None, None, pages, tuple(s.file.filename for s in whole)))
    return packs


def _entry(source: Source) -> dict:
    return {"title": source.label, "reader": source.reader, "pages": source.pages, "file": source.file.filename}


def _cover(inputs: Inputs, envelope: Envelope, of: int) -> DocumentPlan:
    context = base_context(inputs, NAME, inputs.today)
    context.update(
        title=context["w"]["cover_title"],
        envelope={"number": envelope.number, "of": of},
        recipient=envelope.person,
        documents=[_entry(s) for s in envelope.sources],
        total_pages=sum(s.pages for s in envelope.sources),
    )
    return DocumentPlan(NAME, COVER_TEMPLATE, context["title"], f"{NAME}_cover_{envelope.recipient}", context, envelope.recipient)


def _contents_pdf(inputs: Inputs, whole: list[Source], envelopes: list[Envelope], cover_pages: list[int], not_posted: list[dict],
                  render: Callable[[DocumentPlan], bytes]) -> pikepdf.Pdf:
    """The contents page, rendered until the page numbers it prints allow for its own length (once, nearly always)."""
    where = {}  # id(source) -> (envelope, page in that envelope's pack)
    for envelope, covered in zip(envelopes, cover_pages):
        page = covered + 1
        for source in envelope.sources:
            where[id(source)] = (envelope, page)
            page += source.pages
    # A first guess at its length (about 16 rows a page) saves rendering it twice for a whole case.
    own_pages, seen = max(1, -(-len(whole) // 16)), set()
    words = inputs.wording(NAME)
    while True:
        rows, page = [], own_pages + 1
        for source in whole:
            envelope, at = where.get(id(source), (None, 0))
            by = fill(words["posted_in_envelope"], number=envelope.number, page=at) if envelope else (words["not_posted"] if source.reader else "")
            rows.append({**_entry(source), "page": page, "by": by, "length": _count(words, "page_count", source.pages)})
            page += source.pages
        context = base_context(inputs, NAME, inputs.today)
        context.update(
            title=words["contents_title"],
            counts=fill(words["counts"], documents=_count(words, "document_count", len(rows)), pages=_count(words, "page_count", page - 1)),
            rows=rows,
            envelopes=[{"number": e.number, "name": e.person["name"], "file": e.filename, "pages": covered + sum(s.pages for s in e.sources)}
                       for e, covered in zip(envelopes, cover_pages)],
            not_posted=[{"name": p["name"], "email": p["email"]} for p in not_posted],
            total_pages=page - 1,
        )
        pdf = _open(OutputFile(NAME, "pdf", "contents", render(DocumentPlan(NAME, CONTENTS_TEMPLATE, context["title"], f"{NAME}_contents", context))))
        # The numbers it prints hardly change its length, so this settles at once; a length tried before
        # (a row flipping between pages) ends the search rather than going round for ever.
        if len(pdf.pages) == own_pages or own_pages in seen:
            return pdf
        seen.add(own_pages)
        own_pages = len(pdf.pages)


# --- joining tagged PDFs --------------------------------------------------------------------------

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" pdfuaid:part="1"/><rdf:Description rdf:about="" pdf:Producer="{producer}"/><rdf:Description rdf:about=""><dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
PRODUCER = "casepack, from pages made by {producer}"


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _merge_map(into: Dictionary, key: str, source: Dictionary, name: str) -> None:
    """RoleMap and ClassMap: one of each for the whole file. The same name meaning two things in two
    sources would need elements renamed; WeasyPrint writes neither map, so that is refused, not guessed."""
    extra = source.get(key)
    if extra is None:
        return
    merged = into.setdefault(key, Dictionary())
    for entry, value in extra.items():
        if entry in merged and repr(merged[entry]) != repr(value):
            raise PackError(f"{name}: its {key[1:]} gives {entry} another meaning than an earlier document's; it cannot be joined into a print pack")
        merged[entry] = value


def _renumber(obj, key: str, offset: int, seen: set) -> None:
    if obj.objgen != (0, 0):
        if obj.objgen in seen:
            return  # a form or annotation shared by two pages is moved once
        seen.add(obj.objgen)
    if key in obj:
        obj[key] = int(obj[key]) + offset


def join(parts: list[Source], title: str, language: str) -> tuple[bytes, int]:
    """One tagged PDF of every part's pages in order, and its page count. Same parts, same bytes."""
    out = pikepdf.new()
    tree = out.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array()))
    document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=tree, K=Array(), Lang=String(language)))
    tree.K.append(document)
    parents: dict[int, object] = {}
    next_key = 0
    bookmarks: list[OutlineItem] = []
    producer = ""
    for part in parts:
        src, name = part.pdf, part.file.filename
        root = src.Root.get("/StructTreeRoot")
        if root is None or "/ParentTree" not in root:
            raise PackError(f"{name}: the rendered PDF is not tagged; it cannot be joined into a tagged print pack")
        if "/IDTree" in root or "/Dests" in src.Root or "/Dests" in src.Root.get("/Names", {}):
            # WeasyPrint (70.0) writes neither; merging them would mean renaming every id and destination.
            raise PackError(f"{name}: the rendered PDF has element ids or named destinations, which print packs cannot join yet")
        producer = producer or str(src.docinfo.get("/Producer", ""))
        first = len(out.pages)
        out.pages.extend(src.pages)
        # The structure tree is copied after the pages, through the same copier: its /Pg references
        # then point at the copied pages rather than at fresh copies of them.
        copied = out.copy_foreign(root)
        offset = next_key
        source_keys = NumberTree(copied.ParentTree)
        for key, value in source_keys.items():
            parents[key + offset] = value
        highest = max(source_keys.keys(), default=-1)
        next_key = offset + max(int(root.get("/ParentTreeNextKey", 0)), highest + 1)
        seen: set = set()
        for page in out.pages[first:]:
            _renumber(page.obj, "/StructParents", offset, seen)
            for annotation in page.obj.get("/Annots", []):
                _renumber(annotation, "/StructParent", offset, seen)
            for xobject in page.obj.get("/Resources", {}).get("/XObject", {}).values():
                _renumber(xobject, "/StructParents", offset, seen)
                _renumber(xobject, "/StructParent", offset, seen)
        _merge_map(tree, "/RoleMap", copied, name)
        _merge_map(tree, "/ClassMap", copied, name)
        # Each source's Document element becomes a Part of the pack's one Document (PDF/UA allows one
        # Document at the top); a source with anything else at its top gets a Part around it.
        kids = _kids(copied)
        if len(kids) == 1 and kids[0].get("/S") == Name.Document:
            section = kids[0]
            section.S = Name.Part
        else:
            section = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, K=Array(kids)))
            for kid in kids:
                if isinstance(kid, Dictionary):
                    kid.P = section
        section.P = document
        section.T = String(part.bookmark)
        section.Lang = src.Root.get("/Lang", String(language))
        document.K.append(section)
        bookmarks.append(_bookmark(src, out, first, section.T))
    _finish(out, tree, parents, next_key, bookmarks, title, language, producer)
    buffer = io.BytesIO()
    # A fixed /ID (from the content) and no dates: the same pages give the same bytes.
    out.save(buffer, deterministic_id=True, min_version=max((p.pdf.pdf_version for p in parts), default="1.7"),
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue(), len(out.pages)


def _bookmark(src: pikepdf.Pdf, out: pikepdf.Pdf, first: int, title: String) -> OutlineItem:
    """The part's bookmark at its first page, with the source's own bookmarks under it, moved to the copied pages."""
    top = OutlineItem(str(title), first)
    if "/Outlines" not in src.Root:
        return top
    pages = {page.obj.objgen: n for n, page in enumerate(src.pages)}

    def moved(item: OutlineItem) -> OutlineItem:
        destination = item.destination
        if isinstance(destination, Array) and len(destination) and isinstance(destination[0], Dictionary):
            number = pages.get(destination[0].objgen)
            if number is None:
                raise PackError("internal: a bookmark of a rendered PDF points at a page it does not have")
            destination = Array([out.pages[first + number].obj, *destination[1:]])
        else:
            raise PackError("internal: a bookmark of a rendered PDF has no page destination to move into the print pack")
        copy = OutlineItem(item.title, destination)
        copy.children.extend(moved(child) for child in item.children)
        return copy

    with src.open_outline() as outline:
        top.children.extend(moved(item) for item in outline.root)
    return top


def _finish(out: pikepdf.Pdf, tree: Dictionary, parents: dict, next_key: int, bookmarks: list[OutlineItem], title: str, language: str, producer: str) -> None:
    parent_tree = NumberTree.new(out)
    for key in sorted(parents):
        parent_tree[key] = parents[key]
    tree.ParentTree = parent_tree.obj
    tree.ParentTreeNextKey = next_key
    root = out.Root
    root.StructTreeRoot = tree
    root.MarkInfo = Dictionary(Marked=True)
    root.Lang = String(language)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    root.PageMode = Name.UseOutlines  # the bookmarks open beside the pages: one per document, to find each
    with out.open_outline() as outline:
        outline.root.extend(bookmarks)
    produced = PRODUCER.format(producer=producer) if producer else "casepack"
    out.docinfo = out.make_indirect(Dictionary(Title=String(title), Producer=String(produced)))
    xmp = XMP.format(title=escape(title), producer=escape(produced, {'"': "&quot;"})).encode("utf-8")
    root.Metadata = out.make_stream(xmp, Type=Name.Metadata, Subtype=Name.XML)
