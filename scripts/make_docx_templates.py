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

from scripts import docx_templates  # noqa: E402
from generator.render.docx import normalise_zip  # noqa: E402
from generator.write import _write_atomic  # noqa: E402


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
        target = ROOT / "templates" / "docx" / f"{module.NAME}.docx"
        buffer = io.BytesIO()
        doc.save(buffer)
        # Fixed zip time stamps: rebuilding an unchanged template leaves the file byte for byte as it was.
        _write_atomic(target, normalise_zip(buffer.getvalue()))
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
