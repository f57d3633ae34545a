"""Packaging: a plain (not editable) `pip install .` carries the document templates and the reference case, and builds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from conftest import ROOT

# What a checkout has that the package is not built from.
NOT_SOURCE = (".git", ".venv", "outputs", "build", "tests", "benchmarks", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis")


def test_every_package_of_the_source_tree_is_listed_for_installing():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "generator").rglob("__init__.py")}
    assert set(config["packages"]) == found | {"generator.templates", "generator.examples"}
    assert config["package-dir"] == {"generator.templates": "templates", "generator.examples": "inputs"}


def test_a_plain_install_builds_the_reference_case_from_its_own_templates(tmp_path):
    source = tmp_path / "source"
    # pip builds in the folder it is given: a copy keeps this checkout clean.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    target = tmp_path / "installed"
    # Not editable, and nothing fetched: the build backend is the test environment's (pinned in pyproject.toml).
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
                    "--target", str(target), str(source)], check=True, capture_output=True)
    shutil.rmtree(source)  # nothing may come from the source tree any more
    # The dependencies come from this environment; casepack itself only from the installed copy.
    env = {**os.environ, "PYTHONPATH": str(target), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    where = subprocess.run([sys.executable, "-c", "import generator.settings as s; print(s.__file__); print(s.TEMPLATES_DIR); print(s.REFERENCE_CASE)"],
                           env=env, cwd=tmp_path, check=True, capture_output=True, text=True).stdout.split()
    assert where == [str(target / "generator" / "settings.py"), str(target / "generator" / "templates"),
                     str(target / "generator" / "examples" / "case-example.json")]
    assert sorted(p.name for p in (target / "generator" / "templates" / "docx").iterdir()) == sorted(p.name for p in (ROOT / "templates" / "docx").iterdir())

    run = subprocess.run([str(target / "bin" / "casepack"), "build", where[2], "-o", str(tmp_path / "out"), "--date", "2026-11-22", "--no-cache"],
                         env=env, cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    folder = tmp_path / "out" / "FSN-2026-0142"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    names = sorted(entry["path"] for entry in manifest["documents"])
    assert names == sorted(p.name for p in folder.iterdir() if p.name != "manifest.json")
    assert {Path(n).suffix for n in names} == {".docx", ".pdf"}
    assert "Dear Kayleigh O'Neill," in [p.text for p in Document(str(folder / "closure-letter_kayleigh.docx")).paragraphs]
    assert len(PdfReader(folder / "summary-sheet_baseline.pdf").pages) >= 1
