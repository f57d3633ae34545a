"""Shared fixtures: the reference case, settings, and one build of the reference case per test session."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from pathlib import Path
from typing import NamedTuple

import pytest

from generator.pipeline import BuildRequest, build
from generator.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "inputs" / "case-example.json"
BUILD_DATE = dt.date(2026, 11, 22)


@pytest.fixture(scope="session", autouse=True)
def private_render_cache(tmp_path_factory):
    """The CLI keeps a render cache under the user's cache folder: the tests (and the commands they start) keep theirs
    in a folder of their own, so no run reuses another's documents or leaves case data behind."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture(scope="session")
def settings():
    return load_settings()


@pytest.fixture(scope="session")
def toolkit(settings):
    return settings.toolkit


@pytest.fixture(scope="session")
def reference_data() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture
def raw(reference_data) -> dict:
    """A fresh copy of the reference case to change in one test."""
    return copy.deepcopy(reference_data)


@pytest.fixture
def write_case(tmp_path):
    """Writes case data to a JSON file and returns its path."""

    def write(data: dict, name: str = "case.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def built(tmp_path_factory, settings) -> Path:
    """The reference case built once, every document in both formats; returns the case folder."""
    out = tmp_path_factory.mktemp("built")
    result = build(BuildRequest((REFERENCE,), out, settings, today=BUILD_DATE))
    assert result.ok, [str(c.error) for c in result.cases]
    return result.cases[0].folder


@pytest.fixture(scope="session")
def manifest(built) -> dict:
    return json.loads((built / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def filled(tmp_path_factory, toolkit) -> Path:
    """The reference case as the project's own workbook export, written once per module; tests copy and change it."""
    from generator.load import load
    from generator.load.workbook import write_filled
    from generator.validate import validate

    reference = load(REFERENCE)
    path = tmp_path_factory.mktemp("workbook") / "case.xlsx"
    write_filled(path, validate(reference.data, toolkit, reference.locate).case, toolkit)
    return path


@pytest.fixture
def edited(filled, tmp_path):
    """Opens the exported workbook, lets the test change it with openpyxl, saves it as a new file and returns its path."""
    import openpyxl

    def edit(change) -> Path:
        book = openpyxl.load_workbook(filled)
        change(book)
        path = tmp_path / "edited.xlsx"
        book.save(path)
        return path

    return edit


def interrupt_after_the_first_case(process, out: Path, timeout: float = 60) -> str:
    """Sends Ctrl-C to a running `casepack build` once its first case folder is written; returns its standard error."""
    import signal
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not (out.exists() and any(p.name.startswith("FSN") for p in out.iterdir())):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=timeout)
    return err



class Spoiled(NamedTuple):
    """One mistake made in a workbook: where, the error every way of checking it must report, and what the cell held."""

    sheet: str
    cell: str
    message: str
    was: object

    @property
    def line(self) -> str:
        """As the command line prints it after "FILE > "."""
        return f"{self.sheet}!{self.cell}: {self.message}"


def spoil_three_ways(path: Path) -> list[Spoiled]:
    """Spoils, in place, the reference workbook as `casepack workbook inputs/case-example.json X.xlsx` writes it, in
    three independent ways: a child's id deleted on the Children sheet, a 5 typed in one Ratings cell, and 31/02/2026
    typed in one date cell (meeting m2's). Returns the three errors, in the order they are reported."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    children, ratings, meetings = book["Children"], book["Ratings"], book["Meetings"]
    assert (children["A4"].value, children["B4"].value) == ("jayden", "Jayden"), "not the reference workbook"
    assert (ratings["D1"].value, ratings["A3"].value, ratings["B3"].value) == ("1.2 Quality of housing", "baseline", "amara")
    assert (meetings["A3"].value, meetings["C1"].value) == ("m2", "Date")
    spoiled = [
        Spoiled("Children", "A4", "the id is missing; 'jayden' is used in 6 places (Family!H2, Family!H3, Professionals!E3, ...) "
                                  "but no child has it: if it is Jayden O'Neill-Hale's, type jayden here", children["A4"].value),
        Spoiled("Ratings", "D3", "'5' is not a level (1, 2, 3, 4 or n/a)", ratings["D3"].value),
        Spoiled("Meetings", "C3", "'31/02/2026' is not a real date: there is no 31 February 2026; type the date as day/month/year, "
                                  "for example 04/12/2026", meetings["C3"].value),
    ]
    children["A4"] = None
    ratings["D3"] = 5
    meetings["C3"] = "31/02/2026"
    book.save(path)
    return spoiled
