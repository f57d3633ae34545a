"""The writer: safe names, whole case folders, a manifest that matches the files."""

from __future__ import annotations

import hashlib
import json

import pytest

from generator.write import OutputFile, WriteError, safe_name, write_case


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FSN-2026-0142", "FSN-2026-0142"),
        ("../../etc/passwd", "etc-passwd"),
        ('A/B\\C:D*E?F"G<H>I|J', "A-B-C-D-E-F-G-H-I-J"),
        ("CON", "case-CON"),
        ("nul.txt", "case-nul.txt"),
        ("  trailing dots. . ", "trailing dots"),
        ("", "case"),
        ("x" * 300, "x" * 100),
        ("Zoë's case", "Zoë's case"),
    ],
)
def test_safe_name_is_valid_on_windows_and_linux(text, expected):
    assert safe_name(text) == expected


def files(*names: str) -> list[OutputFile]:
    return [OutputFile("closure-letter", name.rsplit(".", 1)[1], name, name.encode(), recipient="kayleigh") for name in names]


def test_case_folder_holds_the_files_and_a_manifest(tmp_path):
    folder = write_case(tmp_path, "REF/1", files("a.docx", "a.pdf"))
    assert folder == tmp_path / "REF-1"
    assert sorted(p.name for p in folder.iterdir()) == ["a.docx", "a.pdf", "manifest.json"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["case"] == "REF/1"
    assert manifest["documents"][0] == {
        "document": "closure-letter",
        "format": "docx",
        "path": "a.docx",
        "recipient": "kayleigh",
        "subject": None,
        "sha256": hashlib.sha256(b"a.docx").hexdigest(),
    }


def test_rebuild_replaces_documents_and_leaves_no_stale_ones(tmp_path):
    write_case(tmp_path, "REF", files("old.docx", "keep.pdf"))
    folder = write_case(tmp_path, "REF", files("keep.pdf"))
    assert sorted(p.name for p in folder.iterdir()) == ["keep.pdf", "manifest.json"]
    assert [p.name for p in tmp_path.iterdir()] == ["REF"]


def test_writing_one_file_twice_is_an_error_and_leaves_nothing(tmp_path):
    with pytest.raises(WriteError) as caught:
        write_case(tmp_path, "REF", files("a.pdf", "a.pdf"))
    assert str(caught.value) == f"{tmp_path / 'REF' / 'a.pdf'}: two documents of this run would be written to the same file"
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rebuild_keeps_the_previous_case_folder(tmp_path):
    write_case(tmp_path, "REF", files("a.pdf"))
    with pytest.raises(WriteError):
        write_case(tmp_path, "REF", files("b.pdf", "b.pdf"))
    assert sorted(p.name for p in (tmp_path / "REF").iterdir()) == ["a.pdf", "manifest.json"]
    assert [p.name for p in tmp_path.iterdir()] == ["REF"]


def test_a_file_name_cannot_climb_out_of_the_case_folder(tmp_path):
    with pytest.raises(WriteError) as caught:
        write_case(tmp_path / "out", "REF", files("../escape.pdf"))
    assert str(caught.value) == "../escape.pdf: refusing to write outside the case folder"
    assert not (tmp_path / "escape.pdf").exists()
