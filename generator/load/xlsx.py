"""Reads a case workbook into the JSON shape, forgiving what people type, and remembers each value's cell."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.chartsheet import Chartsheet
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel

from generator.errors import InvalidCase, Location, Problem, id_missing, id_unknown
from generator.load import RawCase
from generator.model import no_such_day, shown
from generator.load.sheets import (
    APPEND, CASE, CHOICE, DATE, FLAG, ID_SOURCES, IDS, ITEM, ITEM_HEADING, KEY, LEVEL, MAX_COLUMNS, MAX_ROWS, PARENT, PHONE,
    DAY_MONTH_YEAR, RATING_HEADING, RATINGS, SHEETS, TIME, Column, Form, RatingsSheet, Table, cell_ref, is_by_item, normalise_heading,
)  # fmt: skip

MAX_UNPACKED = 50 * 1024 * 1024  # a filled case workbook is well under 1 MB unpacked
MAX_PARTS = 2000
NOT_APPLICABLE = "n/a"

Grid = list[tuple[Any, ...]]


# What Excel shows in a cell whose formula failed; openpyxl hands them over as text.
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!"})


def load_xlsx(path: Path) -> RawCase:
    source = str(path)
    _check_package(path, source)
    grids, epoch, parts, missing = _read_grids(path, source)
    unreadable = _unreadable_cells(path, grids, parts)
    reader = _Reader(source, grids, epoch)
    reader.problems += missing
    for sheet, coordinate, message in unreadable:
        reader.problem(sheet, coordinate, message)
    data = reader.read()
    if reader.blocked:
        raise InvalidCase(sorted(reader.problems, key=lambda p: reader.position(p.location)))
    # Every other problem the reader found goes to validate(), to be reported with the rest in one list.
    return RawCase(data=data, source=source, locate=reader.locate, reworded=reader.reworded,
                   problems=tuple(reader.problems), covered=frozenset(reader.covered), order=reader.position, key_places=reader.key_places)


# --- the file itself -------------------------------------------------------------------------


def _refuse(source: str, message: str, where: str = "") -> InvalidCase:
    return InvalidCase([Problem(Location(source, where), message)])


def _check_package(path: Path, source: str) -> None:
    """An .xlsx is a zip; look at its table of contents before anything is unpacked.

    The sizes checked are the ones the zip declares, and Python's zipfile never inflates an entry
    beyond its declared size, so a zip bomb is refused here rather than discovered in memory.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise _refuse(source, "not an Excel workbook (.xlsx); an old .xls file, or a workbook with a password, must first be saved in Excel as an ordinary .xlsx workbook") from None
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED:
        raise _refuse(source, f"the workbook unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MB, far more than a case needs; it was not opened")


def _read_grids(path: Path, source: str) -> tuple[dict[str, Grid], dt.datetime, dict[str, str], list[Problem]]:
    """The cell values of every sheet the layout names, as rows of values; each sheet's part in the package;
    and a problem for each sheet that is missing (the reader then decides whether the rest can be checked)."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    # openpyxl fails on a damaged or foreign package with a spread of exception types (KeyError,
    # ValueError, XML parse errors...); to a person they all mean the same thing.
    except Exception:  # noqa: BLE001
        raise _refuse(source, "could not be read as an Excel workbook; it may be damaged, or another kind of file renamed to .xlsx") from None
    try:
        sheets = {normalise_heading(name): name for name in book.sheetnames}
        grids: dict[str, Grid] = {}
        parts: dict[str, str] = {}
        problems, missing = [], []
        for layout in SHEETS:
            name = sheets.get(normalise_heading(layout.name))
            sheet = book[name] if name else None
            if sheet is None or isinstance(sheet, Chartsheet):
                missing.append(Problem(Location(source), f"the workbook has no sheet called '{layout.name}'; every sheet of the blank workbook must be kept, even if empty"))
                continue
            try:
                grids[layout.name] = _grid(sheet, layout.name, source)
                parts[layout.name] = sheet._worksheet_path.lstrip("/")
            except InvalidCase as exc:
                problems += exc.problems
            except Exception:  # noqa: BLE001 - see above: a damaged sheet is one problem, not a traceback
                problems.append(Problem(Location(source, cell_ref(layout.name)), "this sheet could not be read; the file may be damaged"))
        epoch = book.epoch
    finally:
        book.close()
    if problems:  # a damaged or oversized sheet: the file as a whole is not to be trusted
        raise InvalidCase(missing + problems)
    return grids, epoch, parts, missing


FORMULA_WITHOUT_VALUE = ("this cell holds a formula whose result was never saved (as scripts and exporters write them), "
                         "so its value is unknown; open the workbook in Excel and save it, or type the value instead of the formula")


def _unreadable_cells(path: Path, grids: dict[str, Grid], parts: dict[str, str]) -> list[tuple[str, str, str]]:
    """Cells whose value is not known: Excel error values, and formulas with no saved result (which
    openpyxl reads as empty, and an empty 'Share with family' would mean Yes). Each is emptied in the
    grid and reported at its cell, so that nothing is built from a guess."""
    found: list[tuple[str, str, str]] = []
    formulas = _formula_cells(path, grids, parts)
    layouts = {layout.name: layout for layout in SHEETS}
    for name, grid in grids.items():
        read = _read_columns(layouts[name], grid[0] if grid else ())
        for r, row in enumerate(grid):
            cells = list(row)
            for c, value in enumerate(cells):
                if not read(c):
                    continue  # a column of the user's own, or one only shown (an item's name): never read, never judged
                if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
                    found.append((name, _coordinate(r, c), f"this cell shows the Excel error {value.strip().upper()}, not a value; correct the formula, or type the value"))
                    cells[c] = None
                elif value is None and (r, c) in formulas.get(name, ()):
                    found.append((name, _coordinate(r, c), FORMULA_WITHOUT_VALUE))
            grid[r] = tuple(cells)
    return found


def _read_columns(layout: Form | Table | RatingsSheet, header: tuple[Any, ...]) -> Callable[[int], bool]:
    """Whether the reader takes anything from a column of this sheet (by its heading in row 1)."""
    if isinstance(layout, Form):
        return lambda c: c in (0, 1)  # the labels and the answers
    known = {normalise_heading(col.header) for col in layout.columns if col.path}
    headings = [normalise_heading(h) for h in header]
    if isinstance(layout, RatingsSheet) and is_by_item(header):  # every column but the item's area and name; the rest hold levels
        shown_only = {normalise_heading(col.header) for col in layout.by_item if not col.path}
        return lambda c: c >= len(headings) or headings[c] not in shown_only
    if isinstance(layout, RatingsSheet):  # the assessment, the child, and a column per item
        return lambda c: c < len(headings) and (headings[c] in known or ITEM_HEADING.match(str(header[c])) is not None)
    return lambda c: c < len(headings) and headings[c] in known


def _formula_cells(path: Path, grids: dict[str, Grid], parts: dict[str, str]) -> dict[str, set[tuple[int, int]]]:
    """(row, column) of every formula on the sheets read. Only sheets whose XML has a formula element
    (<f>) at all are read again, keeping formulas; an export's formulas are all on its hidden Lists sheet."""
    with zipfile.ZipFile(path) as archive:
        with_formulas = [name for name in grids if name in parts and FORMULA_TAG.search(archive.read(parts[name]))]
    found: dict[str, set[tuple[int, int]]] = {}
    if not with_formulas:
        return found
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        sheets = {normalise_heading(name): name for name in book.sheetnames}
        for name in with_formulas:
            grid = grids[name]
            width = max((len(row) for row in grid), default=0)
            rows = book[sheets[normalise_heading(name)]].iter_rows(max_row=len(grid), max_col=max(width, 1), values_only=True)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if isinstance(value, str) and value.startswith("="):
                        found.setdefault(name, set()).add((r, c))
    finally:
        book.close()
    return found


FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")


def _grid(sheet: Any, name: str, source: str) -> Grid:
    """The rows of a read-only worksheet, refusing one far bigger than a case."""
    too_big = f"this sheet has more than {MAX_ROWS} rows or {MAX_COLUMNS} columns in use, far more than a case needs; delete the rows and columns below and to the right of the case"
    if (sheet.max_row or 0) > MAX_ROWS or (sheet.max_column or 0) > MAX_COLUMNS:
        raise _refuse(source, too_big, cell_ref(name))
    # Bounding the columns keeps a lying or missing size from padding every row to 16,384 cells.
    width = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
    rows: Grid = []
    for row in sheet.iter_rows(max_col=width, values_only=True):
        if len(rows) >= MAX_ROWS:
            raise _refuse(source, too_big, cell_ref(name))
        rows.append(row)
    while rows and all(_empty(v) for v in rows[-1]):
        rows.pop()
    return rows


# --- what people type ------------------------------------------------------------------------


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value


def _as_ids(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,;\n]", value) if part.strip()] or None
    return [_as_text(value)]


MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december")),
    start=1) for name in names}  # fmt: skip
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
UK_DATE = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
WORDS_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
# Excel day numbers from 1954 to 2119: a plain number outside that is more likely a slip than a date.
SERIAL_DAYS = (20000, 80000)


def _as_date(value: Any, epoch: dt.datetime) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return from_excel(value, epoch).date() if SERIAL_DAYS[0] <= value <= SERIAL_DAYS[1] else value
    if not isinstance(value, str):
        return value
    text = value.casefold()
    if match := ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := UK_DATE.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
        year += 2000 if year < 100 else 0
    elif (match := WORDS_DATE.fullmatch(text)) and match[2] in MONTHS:
        day, month, year = int(match[1]), MONTHS[match[2]], int(match[3])
    else:
        return value
    try:
        return dt.date(year, month, day)
    except ValueError:
        return value  # 31/02/2026: the validator names it, with its cell, in the words of date_problem()


def date_problem(typed: Any) -> str:
    """What is wrong with a date cell that could not be read, in the workbook's own terms."""
    text = str(typed).strip().casefold()
    parts = None
    if match := ISO_DATE.fullmatch(text):
        parts = int(match[1]), int(match[2]), int(match[3])
    elif match := UK_DATE.fullmatch(text):
        parts = int(match[4]) + (2000 if len(match[4]) == 2 else 0), int(match[3]), int(match[1])
    elif (match := WORDS_DATE.fullmatch(text)) and match[2] in MONTHS:
        parts = int(match[3]), MONTHS[match[2]], int(match[1])
    if parts:
        return f"'{shown(typed)}' is not a real date: {no_such_day(*parts)}; {DAY_MONTH_YEAR}"
    return f"'{shown(typed)}' is not a date: {DAY_MONTH_YEAR}"


CLOCK = re.compile(r"(\d{1,2})\s*[:.]\s*(\d{2})\s*(am|pm|a\.m\.|p\.m\.)?|(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)")


def _as_time(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and 0 <= value < 1:  # a time whose cell lost its time format
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if isinstance(value, str) and (match := CLOCK.fullmatch(value.casefold())):
        hour, minute, half = (int(match[1]), int(match[2]), match[3]) if match[1] else (int(match[4]), 0, match[5])
        if half and hour <= 12:
            hour = hour % 12 + (12 if half.startswith("p") else 0)
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}"
    return value


def _as_level(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        if value.isascii() and value.isdigit():
            return int(value)
        if re.sub(r"[\s./\\-]", "", value.casefold()) in ("na", "notapplicable"):
            return NOT_APPLICABLE
    return value


YES = {"yes", "y", "true", "t", "1", "x", "✓", "✔"}
NO = {"no", "n", "false", "f", "0"}


def _as_flag(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.casefold()
        if word in YES:
            return True
        if word in NO:
            return False
    return value


def _as_item(value: Any) -> Any:
    # An item code typed into a cell formatted as a number arrives as 4.3.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _choice_key(text: Any) -> str:
    return " ".join(str(text).casefold().replace("_", " ").replace("-", " ").split())


def _as_choice(value: Any, column: Column) -> Any:
    key = _choice_key(value)
    for stored, shown in column.choices:
        if key in (_choice_key(stored), _choice_key(shown)):
            return stored
    return _as_text(value)


def coerce(column: Column, value: Any, epoch: dt.datetime = dt.datetime(1899, 12, 30)) -> Any:
    """What a person typed, as the case file would hold it; None for an empty cell.

    A value that cannot be made sense of is returned as typed (trimmed), so that the validator
    reports it in its own words at this cell.
    """
    if _empty(value):
        return None
    if isinstance(value, str):
        value = value.strip()
    converters: dict[str, Callable[[Any], Any]] = {
        DATE: lambda v: _as_date(v, epoch),
        TIME: _as_time,
        LEVEL: _as_level,
        FLAG: _as_flag,
        IDS: _as_ids,
        ITEM: _as_item,
        CHOICE: lambda v: _as_choice(v, column),
    }
    return converters.get(column.kind, _as_text)(value)


# --- from sheets to the case ------------------------------------------------------------------


def _pointer(*parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _shown(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 30 else text[:27] + "..."


def _coordinate(row: int, column: int) -> str:
    """A1-style name of a cell from 0-based row and column numbers."""
    return f"{get_column_letter(column + 1)}{row + 1}"


def _value(row: tuple[Any, ...], index: int) -> Any:
    return row[index] if index < len(row) else None


class _Reader:
    def __init__(self, source: str, grids: dict[str, Grid], epoch: dt.datetime):
        self.source, self.grids, self.epoch = source, grids, epoch
        # The case's own details are required, so an empty Case sheet is reported field by field.
        self.data: dict[str, Any] = {"schema_version": 1, "case": {}}
        self.cells: dict[str, str] = {}  # JSON pointer -> Sheet!A1
        self.problems: list[Problem] = []
        self.at_problem: set[str] = set()  # the places of those problems
        self.blocked = False  # a column the rows hang from is gone: the sheets cannot be checked any further
        self.covered: set[str] = set()  # places whose problems are already reported (the uses of an unknown id)
        self.reworded: dict[str, str] = {}  # Sheet!A1 -> what is wrong with the date typed there
        self.ids: dict[str, dict[str, int]] = {}  # "assessments" -> id -> index, for rows that belong to one
        self.rated: set[tuple[int, str]] = set()  # (assessment index, item code) with a place on the Ratings sheet
        self.keyed_rows: dict[tuple[str, str], int] = {}  # (pointer, item code) -> the row already giving its notes
        self.rating_rows: set[str] | None = None  # item codes with a row (or column) on the Ratings sheet, once it is read
        self.rating_place = "row"  # what an item has on the Ratings sheet: a row, or in the current layout a column
        self.unheaded: dict[tuple[str, int], str] = {}  # (sheet, column's position in its layout) -> where its heading should be
        # Rows naming an assessment or meeting that is not on its sheet wait until every sheet is read, so
        # that each such id is reported once with all its uses: group -> [(id, Sheet!A1, read the row into record i)].
        self.waiting: dict[str, list[tuple[str, str, Callable[[int], None] | None]]] = {}
        self.mentioned: list[tuple[str, str, str]] = []  # (group, id, Sheet!A1) named by a form, not a row
        self.key_places: dict[str, str] = {}  # pointer of a level -> the cell its child's id is in

    def locate(self, pointer: str) -> Location:
        """The cell a pointer names; for one that names no cell, the nearest enclosing record or sheet."""
        while pointer:
            if pointer in self.cells:
                return Location(self.source, self.cells[pointer])
            pointer = pointer.rsplit("/", 1)[0]
        return Location(self.source)

    def position(self, location: Location) -> tuple[int, int, int]:
        """Where a place comes in the workbook: its sheet's place in the layout, then row, then column."""
        sheet, mark, cell = location.where.rpartition("!")
        if not mark:
            sheet, cell = location.where, ""
        name = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
        index = next((i for i, layout in enumerate(SHEETS) if layout.name == name), -1)
        match = re.fullmatch(r"([A-Z]+)(\d+)", cell)
        return (index, int(match[2]), column_index_from_string(match[1])) if match else (index, 0, 0)

    def problem(self, sheet: str, coordinate: str, message: str) -> None:
        self.problem_at(cell_ref(sheet, coordinate), message)

    def problem_at(self, where: str, message: str) -> None:
        # One problem to a cell: the first found is its cause (an Excel error in an id cell, say, not also "say which").
        if "!" in where and where in self.at_problem:
            return
        self.at_problem.add(where)
        self.problems.append(Problem(Location(self.source, where), message))

    def at(self, pointer: str, sheet: str, coordinate: str = "") -> None:
        self.cells.setdefault(pointer, cell_ref(sheet, coordinate))

    def read(self) -> dict[str, Any]:
        # Records first, then the sheets whose rows belong to a record (ratings to an assessment, invitees to a meeting).
        order = [s for s in SHEETS if isinstance(s, Form) or (isinstance(s, Table) and s.within is None and "." not in s.key)]
        order += [RATINGS] + [s for s in SHEETS if s not in order and s is not RATINGS]
        for layout in order:
            if layout.name not in self.grids:
                self.without(layout)
            elif isinstance(layout, Form):
                self.form(layout)
            elif isinstance(layout, RatingsSheet):
                self.ratings(layout)
            else:
                self.table(layout)
        self.unknown_parents()
        for index in range(len(self.data.get("assessments") or ())):
            self.at(_pointer("assessments", index, "ratings"), RATINGS.name)  # an assessment with no levels yet
        return self.data

    def without(self, layout: Form | Table | RatingsSheet) -> None:
        """A sheet that is missing (reported already). Without the Case sheet, the ratings, or a sheet whose ids
        others use, every use would look wrong: the checks stop there. Any other sheet reads as empty, and what
        its absence causes is its problem's, not reported again."""
        if layout in (CASE, RATINGS) or layout in ID_SOURCES.values():
            self.blocked = True
            return
        self.covered.add(cell_ref(layout.name))
        for column in layout.fields if isinstance(layout, Form) else ():
            self.put(self.data, "", column, None, layout.name, "")
        if isinstance(layout, Table) and layout.within is None:
            self.at(_pointer(*layout.key.split(".")), layout.name)

    def read_cell(self, column: Column, typed: Any, sheet: str, coordinate: str) -> Any:
        """What a cell holds, as the case file would; a value this reader can tell is wrong is reported
        at the cell in the workbook's own words (Yes/No, not true/false), and read as nothing."""
        value = coerce(column, typed, self.epoch)
        if column.kind == DATE and isinstance(value, str):
            self.reworded[cell_ref(sheet, coordinate)] = date_problem(typed)
        if column.kind == FLAG and value is not None and not isinstance(value, bool):
            # Never a default: an unreadable 'Share with family' must not mean Yes.
            self.problem(sheet, coordinate, "should say Yes or No" + (" (or be left empty)" if column.path == "attending" else ""))
            return None
        if column.kind == PHONE and isinstance(typed, (int, float)) and not isinstance(typed, bool):
            self.problem(sheet, coordinate, "this phone number is stored as a number, which loses its leading 0; "
                                            "format the cell as Text and type the number again, starting with 0")
            return None
        return value

    # one value into a record, remembering its cell

    def put(self, record: dict, base: str, column: Column, value: Any, sheet: str, coordinate: str) -> None:
        parts = column.path.split(".")
        named = [p for p in parts if p != APPEND]
        for depth in range(1, len(named) + 1):
            self.at(base + _pointer(*named[:depth]), sheet, coordinate)
        if value is None:
            return
        node = record
        for part in named[:-1]:
            node = node.setdefault(part, {})
        if parts[-1] == APPEND:
            entries = node.setdefault(named[-1], [])
            entries.append(value)
            self.at(base + _pointer(*named, len(entries) - 1), sheet, coordinate)
            return
        node[named[-1]] = value
        if isinstance(value, list):
            for index in range(len(value)):
                self.at(base + _pointer(*named, index), sheet, coordinate)

    def form(self, form: Form) -> None:
        grid = self.grids[form.name]
        rows = {}
        for r, row in enumerate(grid[1:], start=1):
            label = normalise_heading(_value(row, 0))
            if label:
                rows.setdefault(label, r)
        for position, column in enumerate(form.fields, start=1):
            r = rows.get(normalise_heading(column.header))
            if r is None:
                self.problem(form.name, _coordinate(position, 0), f"there is no row labelled '{column.header}' in column A; put the label back")
                # What the missing row would have held is this problem's, not "required field is missing" too.
                self.put(self.data, "", column, None, form.name, _coordinate(position, 0))
                continue
            value = self.read_cell(column, _value(grid[r], 1), form.name, _coordinate(r, 1))
            self.put(self.data, "", column, value, form.name, _coordinate(r, 1))
            if column.ids in ID_SOURCES and isinstance(value, str):
                self.mentioned.append((column.ids, value, cell_ref(form.name, _coordinate(r, 1))))

    def headings(self, sheet: str, expected: tuple[Column, ...]) -> list[int | None] | None:
        """The column number of each expected heading in row 1 (None for one that is missing, reported at
        where it should be); None if a column the rows cannot be read without (an id, an item code, the
        record a row belongs to) is missing, which stops the reading before the checks."""
        grid = self.grids[sheet]
        header = grid[0] if grid else ()
        found: dict[str, int] = {}
        for c, heading in enumerate(header):
            found.setdefault(normalise_heading(heading), c)
        known = {normalise_heading(col.header) for col in expected}
        columns: list[int | None] = []
        needed = False
        for position, column in enumerate(expected):
            c = found.get(normalise_heading(column.header))
            if c is None:
                needed |= column.path in (PARENT, KEY, "id")
                there = _value(header, position)
                if not _empty(there) and normalise_heading(there) not in known:
                    self.problem(sheet, _coordinate(0, position), f"the heading should be '{column.header}', not '{_shown(there)}'")
                else:
                    self.problem(sheet, _coordinate(0, position), f"there is no column headed '{column.header}'; put the heading back in row 1")
                self.unheaded[(sheet, position)] = _coordinate(0, position)
            columns.append(c)
        if needed:
            self.blocked = True
            return None
        return columns

    def table(self, table: Table) -> None:
        columns = self.headings(table.name, table.columns)
        if columns is None or (table.within is not None and table.within not in self.ids):
            return  # a sheet this one hangs from could not be read: its problem is already reported
        if table.within is None:
            self.at(_pointer(*table.key.split(".")), table.name, "A2")
            if "." not in table.key:
                self.data[table.key] = []
        for r, row in enumerate(self.grids[table.name][1:], start=1):
            values = [None if c is None else self.read_cell(col, _value(row, c), table.name, _coordinate(r, c)) for col, c in zip(table.columns, columns)]
            if all(v is None for v in values):
                continue
            # A column whose heading is missing: its values' problems are the heading's.
            where = [_coordinate(r, c) if c is not None else self.unheaded[(table.name, i)] for i, c in enumerate(columns)]
            if table.within is None:
                self.table_row(table, r, values, where, None)
                continue
            position = next(i for i, col in enumerate(table.columns) if col.path == PARENT)
            if values[position] is None:
                self.problem(table.name, where[position], f"say which {table.within.removesuffix('s')} this row belongs to")
                continue
            self.with_parent(table.within, str(values[position]), table.name, where[position], partial(self.table_row, table, r, values, where))
        if table.within is None and "." not in table.key:
            self.ids[table.key] = {}
            for index, record in enumerate(self.data[table.key]):
                if "id" in record:
                    self.ids[table.key].setdefault(record["id"], index)
        if table.key == "assessments":
            for record in self.data["assessments"]:
                # Every assessment has ratings, even before any are typed in; the validator then
                # names each item not yet rated.
                record.setdefault("ratings", {})

    def table_row(self, table: Table, r: int, values: list[Any], where: list[str], parent: int | None) -> None:
        cells = {col.path: (v, w) for col, v, w in zip(table.columns, values, where)}
        place = self.record_for(table, r, cells, parent)
        if place is None:
            return
        record, base = place
        self.at(base, table.name, _coordinate(r, 0))
        for column, value, w in zip(table.columns, values, where):
            if column.path not in (PARENT, KEY):
                self.put(record, base, column, value, table.name, w)

    def index_of(self, group: str, typed: str) -> int | None:
        """Where the record with this id is in its list; 'Baseline' finds 'baseline' unless that is ambiguous."""
        ids = self.ids[group]
        if typed in ids:
            return ids[typed]
        near = [index for known, index in ids.items() if known.casefold() == typed.casefold()]
        return near[0] if len(near) == 1 else None

    def with_parent(self, group: str, typed: str, sheet: str, coordinate: str, then: Callable[[int], None]) -> None:
        """Reads a row (or column) into the record of `group` it names, now, or once every sheet is read
        if no record has that id (see unknown_parents)."""
        index = self.index_of(group, typed)
        if index is not None:
            then(index)
        else:
            self.waiting.setdefault(group, []).append((typed, cell_ref(sheet, coordinate), then))

    def unknown_parents(self) -> None:
        """One error for each assessment or meeting id that rows use but no record has, with how many
        places use it: at the one record without an id when it is plainly that one's (and its rows are
        read into it, so that their own problems are found too), otherwise at the first use."""
        for group, waiting in self.waiting.items():
            uses: dict[str, list[tuple[str, Callable[[int], None] | None]]] = {}
            for typed, where, then in waiting:
                uses.setdefault(typed, []).append((where, then))
            for mentioned_group, typed, where in self.mentioned:
                if mentioned_group == group and typed in uses:
                    uses[typed].append((where, None))  # the family meeting agreement's meeting, say
            what, sheet = group.removesuffix("s"), ID_SOURCES[group].name
            idless = [i for i, record in enumerate(self.data[group]) if not (isinstance(record.get("id"), str) and record["id"].strip())]
            for typed, found in uses.items():
                places = [where for where, _ in found]
                self.covered.update(places)
                if len(idless) == 1 and len(uses) == 1:
                    for _, then in found:
                        if then is not None:
                            then(idless[0])
                    self.problem_at(self.locate(_pointer(group, idless[0], "id")).where, id_missing(_shown(typed), places, what, "this one's"))
                elif len(places) == 1:
                    self.problem_at(places[0], f"'{_shown(typed)}' is not the id of any {what} on the {sheet} sheet")
                else:
                    self.problem_at(places[0], id_unknown(_shown(typed), places, what, f"on the {sheet} sheet", sorted(self.ids[group])))

    def record_for(self, table: Table, r: int, cells: dict[str, tuple[Any, str]], parent: int | None) -> tuple[dict, str] | None:
        """The new record a row of the table fills, and its pointer; None (with a problem) if the row belongs nowhere."""
        holder, base = self.data, ""
        if parent is not None:
            holder, base = self.data[table.within][parent], _pointer(table.within, parent)
        *path, last = table.key.split(".")
        for part in path:
            holder = holder.setdefault(part, {})
        base += _pointer(*path, last)
        self.at(base, table.name, _coordinate(r, 0))
        if KEY not in cells:
            entries = holder.setdefault(last, [])
            entries.append({})
            return entries[-1], base + _pointer(len(entries) - 1)
        # A dict keyed by the KEY column: the notes of one item of one assessment.
        key, where = cells[KEY]
        entries = holder.setdefault(last, {})
        if key is None:
            self.problem(table.name, where, "give the item code, such as 4.3")
            return None
        if (base, key) in self.keyed_rows:
            self.problem(table.name, where, f"item {key} of this assessment already has a row ({self.keyed_rows[(base, key)]}); keep one row per item")
            return None
        self.keyed_rows[(base, key)] = r + 1
        if key not in entries and (parent, key) in self.rated:
            entries[key] = {"levels": {}}  # its place on the Ratings sheet was left empty
        elif key not in entries and self.rating_rows is not None and key not in self.rating_rows:
            place = self.rating_place
            self.problem(table.name, where, f"item {_shown(key)} has no {place} on the Ratings sheet; if it is an item of the toolkit, "
                                            f"put its {place} back there (its levels may be left empty), otherwise correct the item code")
            return None
        return entries.setdefault(key, {}), base + _pointer(key)

    # the Ratings sheet

    def ratings(self, sheet: RatingsSheet) -> None:
        grid = self.grids[sheet.name]
        if is_by_item(grid[0] if grid else ()):
            self.ratings_by_item(sheet, grid)
        else:
            self.ratings_by_child(sheet, grid)

    def child_id(self, typed: Any) -> str:
        """A child's id as the Children sheet has it, whatever its capitals."""
        typed = str(typed)
        return next((c for c in self.ids.get("children", {}) if c.casefold() == typed.casefold()), typed)

    def rate(self, index: int, item: str, child: str, typed: Any, sheet: str, coordinate: str, child_at: str) -> None:
        """One child's level for one item of an assessment; the child's id is at `child_at`."""
        base = _pointer("assessments", index, "ratings", item)
        self.at(base, sheet, coordinate)
        self.at(base + "/levels", sheet, coordinate)
        self.at(f"{base}/levels{_pointer(child)}", sheet, coordinate)
        self.key_places.setdefault(f"{base}/levels{_pointer(child)}", cell_ref(sheet, child_at))
        self.rated.add((index, item))
        value = coerce(LEVEL_CELL, typed)
        if value is not None:
            self.data["assessments"][index]["ratings"].setdefault(item, {"levels": {}})["levels"][child] = value

    def ratings_by_child(self, sheet: RatingsSheet, grid: Grid) -> None:
        """A row for each child in each assessment, a column for each item."""
        columns = self.headings(sheet.name, sheet.columns)
        if columns is None or "assessments" not in self.ids:
            return
        self.rating_place = "column"
        header = grid[0] if grid else ()
        items: dict[str, int] = {}
        for c, heading in enumerate(header):
            if c in columns:
                continue
            if _empty(heading):
                if any(not _empty(_value(row, c)) for row in grid[1:]):
                    self.problem(sheet.name, _coordinate(0, c), "levels are filled in below an empty heading; put back the heading of the item they are for, "
                                                                f"such as '{EXAMPLE_ITEM_HEADING}'")
                continue
            match = ITEM_HEADING.match(str(heading))
            if match is None:
                continue  # a column of the user's own
            if match["code"] in items:
                self.problem(sheet.name, _coordinate(0, c), f"item {match['code']} already has a column ({get_column_letter(items[match['code']] + 1)}); keep one column per item")
                continue
            items[match["code"]] = c
        self.rating_rows = set(items)
        (assessment_column, child_column), (a, k) = sheet.columns, columns
        assert a is not None and k is not None  # headings() returns None when either is missing
        rows: dict[tuple[str, str], int] = {}
        for r, row in enumerate(grid[1:], start=1):
            typed, child = coerce(assessment_column, _value(row, a)), coerce(child_column, _value(row, k))
            if typed is None and child is None and all(_empty(_value(row, c)) for c in items.values()):
                continue
            if typed is None:
                self.problem(sheet.name, _coordinate(r, a), "say which assessment this row belongs to")
                continue
            if child is None:
                self.problem(sheet.name, _coordinate(r, k), "say which child these levels are for")
                continue
            child = self.child_id(child)
            if (str(typed).casefold(), child) in rows:
                self.problem(sheet.name, _coordinate(r, k), f"{_shown(child)} already has a row for {_shown(typed)} ({rows[(str(typed).casefold(), child)]}); "
                                                            "keep one row for each child in each assessment")
                continue
            rows[(str(typed).casefold(), child)] = r + 1

            def read_row(index: int, r: int = r, child: str = child) -> None:
                self.at(_pointer("assessments", index, "ratings"), sheet.name, _coordinate(r, a))
                for item, c in items.items():
                    self.rate(index, item, child, _value(grid[r], c), sheet.name, _coordinate(r, c), _coordinate(r, k))

            self.with_parent("assessments", str(typed), sheet.name, _coordinate(r, a), read_row)

    def ratings_by_item(self, sheet: RatingsSheet, grid: Grid) -> None:
        """The older layout: a row for each item, a column for each assessment and child, headed 'baseline: ruby'."""
        columns = self.headings(sheet.name, sheet.by_item)
        if columns is None or "assessments" not in self.ids:
            return
        code, code_column = next((col, c) for col, c in zip(sheet.by_item, columns) if col.path == KEY)
        headed = self.rating_headings(sheet.name, grid, {c for c in columns if c is not None})
        rows: dict[str, int] = {}
        for r, row in enumerate(grid[1:], start=1):
            item = coerce(code, _value(row, code_column))
            if item is None:
                if any(not _empty(_value(row, c)) for c, _, _ in headed):
                    self.problem(sheet.name, _coordinate(r, code_column), "levels are filled in but the item code is empty")
                continue
            if item in rows:
                self.problem(sheet.name, _coordinate(r, code_column), f"item {item} already has a row ({rows[item] + 1}); keep one row per item")
                continue
            rows[item] = r
        self.rating_rows = set(rows)
        for c, assessment, child in headed:

            def read_column(index: int, c: int = c, child: str = child) -> None:
                self.at(_pointer("assessments", index, "ratings"), sheet.name, _coordinate(0, c))
                for item, r in rows.items():
                    self.rate(index, item, child, _value(grid[r], c), sheet.name, _coordinate(r, c), _coordinate(0, c))

            self.with_parent("assessments", assessment, sheet.name, _coordinate(0, c), read_column)

    def rating_headings(self, sheet: str, grid: Grid, fixed: set[int]) -> list[tuple[int, str, str]]:
        """From the headings 'assessment: child': [(column, assessment id as typed, child id)]."""
        headed: list[tuple[int, str, str]] = []
        seen: dict[tuple[str, str], int] = {}
        for c, heading in enumerate(grid[0]):
            if c in fixed:
                continue
            if _empty(heading):
                if any(not _empty(_value(row, c)) for row in grid[1:]):
                    self.problem(sheet, _coordinate(0, c), "levels are filled in below an empty heading; head the column with the assessment and the child, like 'baseline: ruby'")
                continue
            match = RATING_HEADING.fullmatch(str(heading))
            if not match:
                self.problem(sheet, _coordinate(0, c), f"the heading '{_shown(heading)}' should name an assessment and a child, like 'baseline: ruby'")
                continue
            assessment, child = match["assessment"], self.child_id(match["child"])
            if (assessment.casefold(), child) in seen:
                self.problem(sheet, _coordinate(0, c), f"'{_shown(heading)}' is already the heading of column {get_column_letter(seen[(assessment.casefold(), child)] + 1)}")
                continue
            seen[(assessment.casefold(), child)] = c
            headed.append((c, assessment, child))
        return headed


LEVEL_CELL = Column("", "", LEVEL)
EXAMPLE_ITEM_HEADING = "4.3 Adult arguments and violence"
