"""Every PDF is tagged (PDF/UA-1), in the case's language, titled with its type and the case
reference, and carries no personal names in its metadata."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from generator.documents import registry


@pytest.fixture(scope="module")
def pdfs(built, manifest):
    return [(entry, PdfReader(str(built / entry["path"]))) for entry in manifest["documents"] if entry["format"] == "pdf"]


def person_names(reference_data) -> list[str]:
    names = [c["first_name"] for c in reference_data["children"]] + [c["last_name"] for c in reference_data["children"]]
    for group in ("staff", "family", "professionals"):
        for person in reference_data[group]:
            names += person["name"].split()
    return sorted({n for n in names if len(n) > 3 and n not in {"Dr"}})


def test_every_document_type_has_pdfs(pdfs):
    assert {entry["document"] for entry, _ in pdfs} == set(registry()) | {"print-pack"}


def test_every_pdf_is_tagged_for_accessibility(pdfs):
    for entry, reader in pdfs:
        root = reader.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"] == True, entry["path"]  # noqa: E712 - a pypdf BooleanObject, not bool
        assert "/StructTreeRoot" in root, entry["path"]
        assert 'pdfuaid:part="1"' in reader.xmp_metadata.rdf_root.toxml(), entry["path"]


def test_every_pdf_carries_the_case_language(pdfs):
    assert {reader.trailer["/Root"]["/Lang"] for _, reader in pdfs} == {"en-GB"}


def test_every_pdf_title_names_its_type_and_the_case(pdfs):
    titles = {t.name: t.title for t in registry().values()}
    for entry, reader in pdfs:
        if entry["document"] == "print-pack":
            continue  # titled as packs (tests/test_packs.py)
        assert reader.metadata.title == f"{titles[entry['document']]} – FSN-2026-0142", entry["path"]


def test_no_pdf_metadata_holds_a_personal_name(pdfs, reference_data):
    names = person_names(reference_data)
    for entry, reader in pdfs:
        metadata = " ".join(str(v) for v in reader.metadata.values()) + reader.xmp_metadata.rdf_root.toxml()
        assert [n for n in names if n in metadata] == [], entry["path"]
        assert set(reader.metadata) == {"/Producer", "/Title"}, entry["path"]
