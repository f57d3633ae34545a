"""Writes the first version of every Word template under templates/docx/ from scripts/docx_templates/.

Run it after changing a builder: python scripts/make_docx_templates.py [NAME ...]
"""

from __future__ import annotations

import io
import pkgutil
import sys
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx.oxml.ns import qn  # noqa: E402

from scripts import docx_templates  # noqa: E402
from generator.render.docx import normalise_zip  # noqa: E402
from generator.write import _write_atomic  # noqa: E402


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
STYLE_REFERENCES = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink", "w:styleLink")
STYLE_LINKS = ("w:basedOn", "w:next", "w:link")


def slim(doc) -> None:
    """Leaves out what python-docx's starting document carries and no template uses: the Word 2010
    copy of the styles, the thumbnail, and the hundreds of unused style definitions. They made up
    nearly all of each template's 800 KB, which every render read, parsed and compressed again."""
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            doc.part.drop_rel(rel_id)
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == THUMBNAIL:
            del package.rels[rel_id]
    styles = doc.styles.element
    used: set[str] = set()
    for part in package.iter_parts():
        element = getattr(part, "element", None)
        if element is None or element is styles:
            continue
        for tag in STYLE_REFERENCES:
            used |= {node.get(qn("w:val")) for node in element.iter(qn(tag))}
    by_id = {style.get(qn("w:styleId")): style for style in styles.iter(qn("w:style"))}
    keep = {sid for sid, style in by_id.items() if style.get(qn("w:default")) == "1"} | (used & by_id.keys())
    pending = list(keep)
    while pending:
        style = by_id[pending.pop()]
        for tag in STYLE_LINKS:
            for node in style.iter(qn(tag)):
                target = node.get(qn("w:val"))
                if target in by_id and target not in keep:
                    keep.add(target)
                    pending.append(target)
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


def main(names: list[str]) -> None:
    for info in pkgutil.iter_modules(docx_templates.__path__):
        if info.name == "common":
            continue
        module = import_module(f"scripts.docx_templates.{info.name}")
        if names and module.NAME not in names:
            continue
        doc = module.build()
        doc.core_properties.author = ""
        doc.core_properties.title = ""
        slim(doc)
        target = ROOT / "templates" / "docx" / f"{module.NAME}.docx"
        buffer = io.BytesIO()
        doc.save(buffer)
        # Fixed zip time stamps: rebuilding an unchanged template leaves the file byte for byte as it was.
        _write_atomic(target, normalise_zip(buffer.getvalue()))
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
