"""Writes the case workbook: blank, for an administrator to fill in, or filled from a case."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.agencies import AgencyList, load_agencies
from generator.errors import UsageError
from generator.load.sheets import (
    AGENCY, APPEND, CHOICE, ENTRY_ROWS, FLAG, FORM_HEADERS, ID_LISTS, ID_SOURCES, IDS, INSTRUCTIONS, ITEM, KEY,
    LEVEL, LISTS, NUMBER_FORMATS, PARENT, SHEETS, TIME, Column, Form, RatingsSheet, Table, path_get,
    quote_sheet, rating_heading,
)  # fmt: skip
from generator.model import NOT_APPLICABLE, Case
from generator.toolkit import Toolkit
from generator.write import _write_atomic

HEADING_FILL = PatternFill("solid", start_color="DCE6F1")
HEADING_FONT = Font(bold=True)
INPUT_BOX = Border(*(Side(style="thin", color="A6A6A6"),) * 4)  # where a form's answers go
BLOCK_EDGE = Border(left=Side(style="medium", color="4F6D8F"))  # where one assessment's columns begin
SPARE_RATING_COLUMNS = 12  # empty, ready-formatted columns for the next review
ITEM_LIST = "toolkit_items"
AGENCY_LIST = "agency_names"


def write_blank(path: Path, toolkit: Toolkit, agencies: AgencyList | None = None) -> None:
    """An empty workbook; its agency drop-down offers `agencies`, or the default agency list."""
    _save(path, _workbook(toolkit, None, agencies or load_agencies()))


def write_filled(path: Path, case: Case, toolkit: Toolkit, agencies: AgencyList | None = None) -> None:
    _save(path, _workbook(toolkit, case.model_dump(), agencies or load_agencies()))


def _save(path: Path, book: Workbook) -> None:
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"{path}: a workbook's name must end in .xlsx")
    buffer = io.BytesIO()
    book.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(path, buffer.getvalue())


def _workbook(toolkit: Toolkit, data: dict | None, agencies: AgencyList) -> Workbook:
    book = Workbook()
    book.properties.creator = "casepack"
    book.properties.title = "Case workbook"
    _instructions(book.active, toolkit)
    for layout in SHEETS:
        sheet = book.create_sheet(layout.name)
        if isinstance(layout, Form):
            _form(sheet, layout, data or {})
        elif isinstance(layout, RatingsSheet):
            _ratings(sheet, layout, toolkit, data or {})
        else:
            _table(sheet, layout, data or {})
    _lists(book, toolkit, agencies)
    for sheet in book.worksheets:
        _print_setup(sheet)
    return book


def _print_setup(sheet: Worksheet) -> None:
    # Printed, a sheet fits the width of a landscape page with its headings on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    if sheet.title not in (INSTRUCTIONS, LISTS):
        sheet.print_title_rows = "1:1"


# --- values as a person would type them ------------------------------------------------------


def _cell_value(column: Column, value: Any) -> Any:
    if value is None or value == () or value == []:
        return None
    if column.kind == FLAG:
        return "Yes" if value else "No"
    if column.kind == CHOICE:
        return dict(column.choices).get(value, value)
    if column.kind == IDS:
        return ", ".join(value)
    if column.kind == TIME:
        return dt.time.fromisoformat(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _put(sheet: Worksheet, row: int, col: int, column: Column, value: Any) -> None:
    cell = sheet.cell(row, col)
    cell.value = _cell_value(column, value)
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    cell.number_format = NUMBER_FORMATS.get(column.kind, "General")
    cell.alignment = Alignment(wrap_text=column.wrap, vertical="top", horizontal="center" if column.kind == LEVEL else None)


def _fit_height(sheet: Worksheet, row: int, texts: list[tuple[Any, float]]) -> None:
    """Rows of wrapped text grow to show it: spreadsheet programs do not size rows they did not write."""
    lines = max((sum(math.ceil(len(part) / max(width, 1)) or 1 for part in str(text).split("\n")) for text, width in texts if text), default=1)
    if lines > 1:
        sheet.row_dimensions[row].height = 15 * min(lines, 12)


def _row_values(columns: tuple[Column, ...], record: dict, parent: Any = None, key: Any = None) -> list[Any]:
    """The value for each column; several 'lines.*' columns share a list, the last taking any overflow."""
    values, used = [], {}
    for column in columns:
        if column.path == PARENT:
            values.append(parent)
        elif column.path == KEY:
            values.append(key)
        elif column.path.endswith(APPEND):
            path = column.path[: -len(APPEND) - 1]
            entries = list(path_get(record, path) or ())
            position = used.get(path, 0)
            used[path] = position + 1
            last = position == sum(1 for c in columns if c.path == column.path) - 1
            values.append((", ".join(entries[position:]) or None) if last else (entries[position] if position < len(entries) else None))
        else:
            values.append(path_get(record, column.path))
    return values


def _needs_notes_row(rating: dict) -> bool:
    """Notes to keep, or a rating with no levels at all (its notes row is what keeps it in the case)."""
    return bool(rating.get("evidence") or rating.get("impact_on_child") or rating.get("withhold_from")) or not rating.get("share_with_family", True) or not rating.get("levels")


def _records(table: Table, data: dict) -> Iterator[list[Any]]:
    if table.within is None:
        for record in path_get(data, table.key) or ():
            yield _row_values(table.columns, record)
        return
    for parent in data.get(table.within) or ():
        children = parent.get(table.key) or ()
        if isinstance(children, dict):  # ratings: notes only where there is something to note
            for code, record in children.items():
                if _needs_notes_row(record):
                    yield _row_values(table.columns, record, parent["id"], code)
        else:
            for record in children:
                yield _row_values(table.columns, record, parent["id"])


# --- the sheets ------------------------------------------------------------------------------


def _heading_row(sheet: Worksheet, columns: tuple[Column, ...]) -> None:
    for c, column in enumerate(columns, start=1):
        cell = sheet.cell(1, c, column.header)
        cell.font, cell.fill = HEADING_FONT, HEADING_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.help:
            cell.comment = Comment(column.help, "casepack", width=260, height=90)
        dimension = sheet.column_dimensions[get_column_letter(c)]
        dimension.width = column.width
        dimension.number_format = NUMBER_FORMATS.get(column.kind, "General")
    sheet.row_dimensions[1].height = 32


def _table(sheet: Worksheet, table: Table, data: dict) -> None:
    _heading_row(sheet, table.columns)
    sheet.freeze_panes = table.freeze
    last = 1
    for r, values in enumerate(_records(table, data), start=2):
        for c, (column, value) in enumerate(zip(table.columns, values), start=1):
            _put(sheet, r, c, column, value)
        _fit_height(sheet, r, [(sheet.cell(r, c).value, column.width) for c, column in enumerate(table.columns, start=1) if column.wrap])
        last = r
    rows = max(ENTRY_ROWS, last + 100)
    for c, column in enumerate(table.columns, start=1):
        _validate(sheet, column, f"{get_column_letter(c)}2:{get_column_letter(c)}{rows}")


def _form(sheet: Worksheet, form: Form, data: dict) -> None:
    for c, (heading, width) in enumerate(zip(FORM_HEADERS, (24, 44, 70)), start=1):
        cell = sheet.cell(1, c, heading)
        cell.font, cell.fill = HEADING_FONT, HEADING_FILL
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "B2"
    values = _row_values(form.fields, data)
    for r, (column, value) in enumerate(zip(form.fields, values), start=2):
        sheet.cell(r, 1, column.header).font = HEADING_FONT
        _put(sheet, r, 2, column, value)
        sheet.cell(r, 2).border = INPUT_BOX
        sheet.cell(r, 3, column.help).alignment = Alignment(wrap_text=True, vertical="top")
        _fit_height(sheet, r, [(column.help, 70)])
        _validate(sheet, column, f"B{r}")


def _ratings(sheet: Worksheet, layout: RatingsSheet, toolkit: Toolkit, data: dict) -> None:
    _heading_row(sheet, layout.columns)
    sheet.freeze_panes = f"{get_column_letter(len(layout.columns) + 1)}2"
    children = [child["id"] for child in data.get("children") or ()]
    blocks = [(a, child) for a in data.get("assessments") or () for child in children]
    first = len(layout.columns) + 1
    level = Column("", "", LEVEL)
    starts = {first + offset for offset, (assessment, _) in enumerate(blocks) if offset == 0 or blocks[offset - 1][0] is not assessment}
    for offset, (assessment, child) in enumerate(blocks):
        c = first + offset
        cell = sheet.cell(1, c, rating_heading(assessment["id"], child))
        cell.font, cell.fill = HEADING_FONT, HEADING_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(c)].width = 12
    spare = sheet.cell(1, first + len(blocks))
    spare.comment = Comment("Head each column with an assessment id, a colon and a child's id, for example  baseline: ruby  - then put the levels below.", "casepack", width=260, height=90)
    row = 2
    for area in toolkit.areas:
        for item in area.items:
            sheet.cell(row, 1, f"{area.code} {area.name}")
            sheet.cell(row, 2, item.code).data_type = "s"
            sheet.cell(row, 3, item.name)
            for offset, (assessment, child) in enumerate(blocks):
                rating = assessment["ratings"].get(item.code) or {}
                _put(sheet, row, first + offset, level, (rating.get("levels") or {}).get(child))
                if first + offset in starts:
                    sheet.cell(row, first + offset).border = BLOCK_EDGE
            row += 1
    for c in starts:
        sheet.cell(1, c).border = BLOCK_EDGE
    last_column = get_column_letter(first + len(blocks) + SPARE_RATING_COLUMNS - 1)
    cells = f"{get_column_letter(first)}2:{last_column}{row - 1}"
    for c in range(first + len(blocks), first + len(blocks) + SPARE_RATING_COLUMNS):
        sheet.cell(1, c).fill = HEADING_FILL
        sheet.column_dimensions[get_column_letter(c)].width = 12
        sheet.column_dimensions[get_column_letter(c)].alignment = Alignment(horizontal="center")
    if blocks:  # print the ratings, not the spare columns
        sheet.print_area = f"A1:{get_column_letter(first + len(blocks) - 1)}{row - 1}"
    values = [str(v) for v in toolkit.level_values] + [NOT_APPLICABLE]
    _add_validation(sheet, f'"{",".join(values)}"', cells, "Level", f"A level: {', '.join(values)}.")
    for level_def in toolkit.levels:
        fill = PatternFill(bgColor=level_def.tint.lstrip("#").upper())
        sheet.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[str(level_def.value)], fill=fill))
    sheet.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[f'"{NOT_APPLICABLE}"'], fill=PatternFill(bgColor="EEEEEE")))


# --- drop-down lists -------------------------------------------------------------------------


def _add_validation(sheet: Worksheet, formula: str, cells: str, title: str, prompt: str) -> None:
    # "warning" rather than "stop": the reader forgives what Excel would refuse (N/A, "2 ", a free-text
    # "Head of Service" where an id is usual), and then reports what it cannot read, by cell.
    rule = DataValidation(type="list", formula1=formula, allow_blank=True, errorStyle="warning", showErrorMessage=True, showInputMessage=False)
    rule.errorTitle, rule.error = title, f"This is not on the list. {prompt}"
    sheet.add_data_validation(rule)
    rule.add(cells)


def _validate(sheet: Worksheet, column: Column, cells: str) -> None:
    if column.kind in (FLAG, CHOICE):
        labels = [label for _, label in column.choices]
        _add_validation(sheet, '"' + ",".join(labels) + '"', cells, column.header, f"Choose {' or '.join(labels)}.")
    elif column.ids:
        _add_validation(sheet, _list_name(column.ids), cells, column.header, "Choose an id from the list, or type one.")
    elif column.kind == ITEM:
        _add_validation(sheet, ITEM_LIST, cells, column.header, "Choose a toolkit item code, such as 4.3.")
    elif column.kind == AGENCY:
        _add_validation(sheet, AGENCY_LIST, cells, column.header, "Choose an agency from the list.")


def _list_name(key: str) -> str:
    return f"ids_{key}"


def _id_range(group: str) -> tuple[str, str]:
    """The first id cell of a sheet of records, and the whole id column."""
    sheet = quote_sheet(ID_SOURCES[group].name)
    return f"{sheet}!$A$2", f"{sheet}!$A$2:$A${ENTRY_ROWS + 1}"


def _lists(book: Workbook, toolkit: Toolkit, agencies: AgencyList) -> None:
    """The hidden Lists sheet and the names the drop-downs use.

    A drop-down shows one column of cells, so ids from several sheets (everyone in the case, say)
    are gathered by formulas into one column of the Lists sheet; each name is sized by counting the
    ids, so the drop-down has no blank entries. The ids on each sheet are taken to start in row 2
    with no gaps, as people type them.
    """
    sheet = book.create_sheet(LISTS)
    sheet.sheet_state = "hidden"
    sheet.cell(1, 1, "Items").font = HEADING_FONT
    codes = list(toolkit.items)
    for r, code in enumerate(codes, start=2):
        sheet.cell(r, 1, code).data_type = "s"
    book.defined_names[ITEM_LIST] = DefinedName(ITEM_LIST, attr_text=f"{quote_sheet(LISTS)}!$A$2:$A${len(codes) + 1}")
    c = 2
    for key, groups in ID_LISTS.items():
        counts = [f"COUNTA({_id_range(g)[1]})" for g in groups]
        size = f"MAX(1,{'+'.join(counts)})"
        if len(groups) == 1:
            first = _id_range(groups[0])[0]
        else:
            letter = get_column_letter(c)
            sheet.cell(1, c, key).font = HEADING_FONT
            for k in range(1, ENTRY_ROWS + 1):
                sheet.cell(k + 1, c, _gather(groups, k))
            first = f"{quote_sheet(LISTS)}!${letter}$2"
            c += 1
        book.defined_names[_list_name(key)] = DefinedName(_list_name(key), attr_text=f"OFFSET({first},0,0,{size},1)")
    letter = get_column_letter(c)
    sheet.cell(1, c, "Agencies").font = HEADING_FONT
    for r, name in enumerate(agencies.short_names, start=2):
        sheet.cell(r, c, name).data_type = "s"
    book.defined_names[AGENCY_LIST] = DefinedName(AGENCY_LIST, attr_text=f"{quote_sheet(LISTS)}!${letter}$2:${letter}${len(agencies.short_names) + 1}")


def _gather(groups: tuple[str, ...], k: int) -> str:
    """A formula for the k-th id of the groups' id columns taken one after another ('' past the end)."""
    formula, before, parts = '""', [], []
    for group in groups:
        column = _id_range(group)[1]
        offset = "+".join(before) or "0"
        parts.append((f"{k}<={'+'.join([*before, f'COUNTA({column})'])}", f"INDEX({column},{k}-({offset}))"))
        before.append(f"COUNTA({column})")
    for test, value in reversed(parts):
        formula = f"IF({test},{value},{formula})"
    return "=" + formula


# --- instructions ----------------------------------------------------------------------------


def _instructions(sheet: Worksheet, toolkit: Toolkit) -> None:
    sheet.title = INSTRUCTIONS
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    levels = "; ".join(f"{level.value} {level.name}" for level in toolkit.levels)
    rows: list[tuple[str, str]] = [
        ("Case workbook", ""),
        ("", "Fill in one workbook for each case. Each sheet holds one part of the case, listed below. Leave a cell empty when there is nothing to put in it, and keep every sheet and every heading, even if you do not use them."),
        ("Ids", "Everyone in the case (staff, children, family members and professionals) has a short id, such as priya, ruby or gp, in the first column of their sheet. No two people may share an id. Everywhere else, name people by their id; most of those cells offer a list of the ids to choose from. Where a cell takes several people, separate their ids with commas: ruby, amara, jayden."),
        ("Dates and times", "Type dates as day/month/year, for example 04/12/2026. Type times on the 24-hour clock, for example 17:30."),
        ("Yes or No", "Cells that ask a question take Yes or No; choose from the list."),
        ("Ratings", f"The Ratings sheet has a row for each item of the {toolkit.name}. For each assessment, add a column for each child, headed with the assessment's id (from the Assessments sheet), a colon and the child's id, for example  baseline: ruby. In each cell put the level: {levels}; or n/a where the item does not apply to that child."),
        ("Private notes", "On the Rating notes sheet, put No under 'Share with family' to keep an item's evidence out of every family copy, and put under 'Withhold from' the ids of anyone who must never see that item's notes."),
        ("Help on a column", "Rest the pointer on a heading (the red corner) to see what goes in that column."),
        ("Checking", "Run  casepack validate  on the workbook to list every problem, each with its sheet and cell, for example Ratings!D14. Nothing is written until every problem is put right."),
        ("", ""),
        ("Sheet", "What it is for"),
    ]
    rows += [(layout.name, layout.about) for layout in SHEETS]
    for r, (label, text) in enumerate(rows, start=1):
        sheet.cell(r, 1, label).font = HEADING_FONT
        sheet.cell(r, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(r, 1).alignment = Alignment(vertical="top")
        _fit_height(sheet, r, [(text, 100)])
    sheet["A1"].font = Font(bold=True, size=14)
    heading_row = rows.index(("Sheet", "What it is for")) + 1
    for c in (1, 2):
        sheet.cell(heading_row, c).fill = HEADING_FILL
        sheet.cell(heading_row, c).font = HEADING_FONT
