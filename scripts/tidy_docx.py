"""Tidies a Word template after Word or LibreOffice saved it, without changing a word of its text.

    python scripts/tidy_docx.py templates/docx/closure-letter.docx [more.docx ...]

Word splits a paragraph into runs wherever its editing history, spell check or grammar check
touched it, so `{{ w.thanks_family }}` can come back as three runs with proofErr marks between them.
This joins neighbouring runs that look the same (same formatting), and drops what only records
editing history: rsid attributes, w:rsids, proofErr marks, the _GoBack bookmark, lastRenderedPageBreak.
The file's text, paragraph by paragraph, is checked to be the same before it is written back.
It then lists any {{ }} or {% %} tag still split across runs of different formatting: make that
tag's formatting the same in Word (select it, clear formatting, apply one) and run this again.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.render.docx import normalise_zip  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# The parts that hold a template's text.
TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
NOISE = ("proofErr", "lastRenderedPageBreak")
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


class TidyError(Exception):
    """Tidying would have changed the template's text (a bug here): the file is left as it was."""


def _text(root) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(_w("t"))) for p in root.iter(_w("p"))]


def _plain_run(run) -> bool:
    """A run holding only formatting and text, which can be joined to a neighbour."""
    return all(child.tag in (_w("rPr"), _w("t")) for child in run) and run.find(_w("t")) is not None


def _looks(run) -> bytes:
    properties = run.find(_w("rPr"))
    return b"" if properties is None else etree.tostring(properties, method="c14n")


def _join_runs(paragraph) -> None:
    previous = None
    for run in list(paragraph.iterchildren(_w("r"))):
        if previous is not None and _plain_run(run) and _plain_run(previous) and _looks(run) == _looks(previous) and run.getprevious() is previous:
            kept = previous.findall(_w("t"))
            for extra in kept[1:]:
                previous.remove(extra)
            target = kept[0]
            target.text = "".join(t.text or "" for t in kept) + "".join(t.text or "" for t in run.findall(_w("t")))
            target.set(XML_SPACE, "preserve")
            paragraph.remove(run)
        else:
            previous = run


def tidy_part(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    before = _text(root)
    for name in NOISE:
        for element in list(root.iter(_w(name))):
            element.getparent().remove(element)
    for bookmark in list(root.iter(_w("bookmarkStart"))):
        if bookmark.get(_w("name")) == "_GoBack":
            for end in root.iter(_w("bookmarkEnd")):
                if end.get(_w("id")) == bookmark.get(_w("id")):
                    end.getparent().remove(end)
                    break
            bookmark.getparent().remove(bookmark)
    for element in root.iter():
        for attribute in [a for a in element.attrib if a.startswith(f"{{{W}}}rsid")]:
            del element.attrib[attribute]
    for paragraph in root.iter(_w("p")):
        _join_runs(paragraph)
    if _text(root) != before:
        raise TidyError("tidying would change the text")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def tidy_settings(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for element in list(root.iter(_w("rsids"))):
        root.remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def split_tags(data: bytes) -> list[str]:
    """The {{ }} / {% %} tags of a template that still run across more than one run, as the paragraph's text shows them."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not TEXT_PARTS.fullmatch(name):
                continue
            root = etree.fromstring(archive.read(name))
            for paragraph in root.iter(_w("p")):
                runs = ["".join(t.text or "" for t in r.iter(_w("t"))) for r in paragraph.iter(_w("r"))]
                whole = "".join(runs)
                inside = {m.group(0) for text in runs for m in TAG.finditer(text)}
                found += [m.group(0) for m in TAG.finditer(whole) if m.group(0) not in inside]
    return found


def tidy(data: bytes) -> bytes:
    """The .docx's bytes, tidied; its text stays exactly as it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if TEXT_PARTS.fullmatch(info.filename):
                content = tidy_part(content)
            elif info.filename == "word/settings.xml":
                content = tidy_settings(content)
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return normalise_zip(out.getvalue())


def tidy_file(path: Path) -> list[str]:
    """Tidies the file in place (written to a temporary name, then renamed); returns the tags still split."""
    tidied = tidy(path.read_bytes())
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(tidied)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return split_tags(tidied)


def main(paths: list[str]) -> int:
    if not paths:
        print("usage: python scripts/tidy_docx.py TEMPLATE.docx [...]", file=sys.stderr)
        return 2
    status = 0
    for name in paths:
        path = Path(name)
        try:
            split = tidy_file(path)
        except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, TidyError) as exc:
            print(f"{path}: not tidied: {exc}", file=sys.stderr)
            status = 1
            continue
        print(f"{path}: tidied")
        for tag in split:
            print(f"{path}: the tag {tag} is split across differently formatted text; give it one formatting in Word and run this again", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
