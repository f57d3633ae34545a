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
    AGENCY, APPEND, CHOICE, DATE, DAY_MONTH_YEAR, ENTRY_ROWS, FLAG, FORM_HEADERS, ID, ID_LISTS, ID_SOURCES, IDS, INSTRUCTIONS,
    ITEM, KEY, LEVEL, LISTS, NUMBER_FORMATS, PARENT, RATINGS, SHEETS, TIME, Column, Form, RatingsSheet, Table, item_heading,
    path_get, quote_sheet,
)  # fmt: skip
from generator.model import NOT_APPLICABLE, Case
from generator.toolkit import Item, Toolkit
from generator.write import _write_atomic

HEADING_FILL = PatternFill("solid", start_color="DCE6F1")
HEADING_FONT = Font(bold=True)
INPUT_BOX = Border(*(Side(style="thin", color="A6A6A6"),) * 4)  # where a form's answers go
BLOCK_EDGE = Border(top=Side(style="medium", color="4F6D8F"))  # where one assessment's rows begin on the Ratings sheet
AREA_FILLS = (HEADING_FILL, PatternFill("solid", start_color="C5D5EA"))  # alternate areas of the toolkit on the Ratings sheet
ITEM_WIDTH = 12
LEVEL_COLUMN = Column("", "", LEVEL)
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
    if sheet.title == RATINGS.name:  # a column per item is too many for one page: two, each with the assessment and child
        sheet.page_setup.fitToWidth = 2
        sheet.print_title_cols = "A:B"


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
    """A row for each child in each assessment, a column for each item, headed by the toolkit: nothing to type in row 1."""
    _heading_row(sheet, layout.columns)
    first = len(layout.columns) + 1
    items = [(a, item) for a, area in enumerate(toolkit.areas) for item in area.items]
    longest = max((len(item_heading(item.code, item.name)) for _, item in items), default=0)
    for offset, (a, item) in enumerate(items):
        area = toolkit.areas[a]
        cell = sheet.cell(1, first + offset, item_heading(item.code, item.name))
        cell.font, cell.fill = HEADING_FONT, AREA_FILLS[a % len(AREA_FILLS)]  # the areas told apart by shade
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
        cell.comment = Comment(f"{area.code} {area.name}\n\n{item.code} {item.name}: {item.description}", "casepack", width=260, height=110)
        sheet.column_dimensions[get_column_letter(first + offset)].width = ITEM_WIDTH
    sheet.row_dimensions[1].height = 15 * max(2, math.ceil(longest / (ITEM_WIDTH - 2)) + 1)
    sheet.freeze_panes = f"{get_column_letter(first)}2"
    children = [child["id"] for child in data.get("children") or ()]
    row = 2
    for number, assessment in enumerate(data.get("assessments") or ()):
        for k, child in enumerate(children):
            _put(sheet, row, 1, layout.columns[0], assessment["id"])
            _put(sheet, row, 2, layout.columns[1], child)
            for offset, (_, item) in enumerate(items):
                rating = assessment["ratings"].get(item.code) or {}
                _put(sheet, row, first + offset, LEVEL_COLUMN, (rating.get("levels") or {}).get(child))
            if number and not k:  # where one assessment's rows begin
                for c in range(1, first + len(items)):
                    sheet.cell(row, c).border = BLOCK_EDGE
            row += 1
    rows = max(ENTRY_ROWS, row + 100)
    for c, column in enumerate(layout.columns, start=1):
        _validate(sheet, column, f"{get_column_letter(c)}2:{get_column_letter(c)}{rows}")
    for offset, (_, item) in enumerate(items):
        letter = get_column_letter(first + offset)
        _level_validation(sheet, toolkit, item, f"{letter}2:{letter}{rows}")
    cells = f"{get_column_letter(first)}2:{get_column_letter(first + len(items) - 1)}{rows}"
    for level_def in toolkit.levels:
        fill = PatternFill(bgColor=level_def.tint.lstrip("#").upper())
        sheet.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[str(level_def.value)], fill=fill))
    sheet.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[f'"{NOT_APPLICABLE}"'], fill=PatternFill(bgColor="EEEEEE")))
    if row > 2:  # print the ratings, not the empty rows below
        sheet.print_area = f"A1:{get_column_letter(first + len(items) - 1)}{row - 1}"


def _levels_words(toolkit: Toolkit) -> str:
    """'1, 2, 3, 4 or n/a', as the validator words them: the levels of this toolkit, however many it has."""
    return ", ".join(str(v) for v in toolkit.level_values) + f" or {NOT_APPLICABLE}"


def _level_validation(sheet: Worksheet, toolkit: Toolkit, item: Item, cells: str) -> None:
    """An item's levels: its description and the toolkit's levels as the input message, the levels as the drop-down."""
    levels = _levels_words(toolkit)
    meanings = "; ".join(f"{level.value} {level.name}" for level in toolkit.levels)
    prompt = _fitted(
        f"{item.description} {meanings}; {NOT_APPLICABLE} where it does not apply to this child.",
        f"Type {levels} where it does not apply to this child. {meanings}.",
        f"Type {levels} where it does not apply to this child.",
    )
    formula = '"' + ",".join([*(str(v) for v in toolkit.level_values), NOT_APPLICABLE]) + '"'
    _add_validation(sheet, cells, item_heading(item.code, item.name), prompt, f"This is not a level. Type {levels}.", "list", formula)


# --- drop-down lists -------------------------------------------------------------------------


PROMPT_MOST, ERROR_MOST, TITLE_MOST = 255, 225, 32  # the longest input message, error message and title Excel takes


def _fitted(*texts: str, most: int = PROMPT_MOST) -> str:
    """The first of the texts (longest first) that fits, or the last cut short."""
    return next((text for text in texts if len(text) <= most), texts[-1][: most - 3] + "...")


def _add_validation(sheet: Worksheet, cells: str, title: str, prompt: str, error: str, kind: str | None = "list", formula: str | None = None,
                    formula2: str | None = None, operator: str | None = None) -> None:
    # "warning" rather than "stop": the reader forgives what Excel would refuse (N/A, "2 ", a free-text
    # "Head of Service" where an id is usual), and then reports what it cannot read, by cell.
    # Excel and LibreOffice Calc both show the input message when the cell is chosen.
    rule = DataValidation(type=kind, formula1=formula, formula2=formula2, operator=operator, allow_blank=True,
                          errorStyle="warning", showErrorMessage=kind is not None, showInputMessage=True)
    rule.promptTitle = rule.errorTitle = _fitted(title, most=TITLE_MOST)
    rule.prompt, rule.error = _fitted(prompt), (_fitted(error, most=ERROR_MOST) if error else None)
    sheet.add_data_validation(rule)
    rule.add(cells)


def _validate(sheet: Worksheet, column: Column, cells: str) -> None:
    """The drop-down, or the kind of value, a column takes, with a message saying what to type there."""
    help = f" {column.help}" if column.help else ""
    if column.kind in (FLAG, CHOICE):
        labels = [label for _, label in column.choices]
        choose = f"Choose {', '.join(labels[:-1])} or {labels[-1]}."
        _add_validation(sheet, cells, column.header, f"{choose}{help}", f"This is not on the list. {choose}", "list", '"' + ",".join(labels) + '"')
    elif column.ids:
        choose = "Choose an id from the list, or type one."
        _add_validation(sheet, cells, column.header, f"{choose}{help}", f"This is not on the list. {choose}", "list", _list_name(column.ids))
    elif column.kind == ITEM:
        choose = "Choose a toolkit item code, such as 4.3."
        _add_validation(sheet, cells, column.header, f"{choose}{help}", f"This is not on the list. {choose}", "list", ITEM_LIST)
    elif column.kind == AGENCY:
        choose = "Choose an agency from the list."
        _add_validation(sheet, cells, column.header, f"{choose}{help}", f"This is not on the list. {choose}", "list", AGENCY_LIST)
    elif column.kind == DATE:
        ask = DAY_MONTH_YEAR[0].upper() + DAY_MONTH_YEAR[1:] + "."
        # Any day from 1 January 1900 to 31 December 2199, as Excel counts days.
        _add_validation(sheet, cells, column.header, f"{ask}{help}", f"This is not a date. {ask}", "date", "1", "109574", "between")
    elif column.kind == TIME:
        ask = "Type the time on the 24-hour clock, for example 17:30."
        _add_validation(sheet, cells, column.header, f"{ask}{help}", f"This is not a time of day. {ask}", "time", "0", "0.999988425925926", "between")
    elif column.kind in (ID, IDS) and column.help:
        _add_validation(sheet, cells, column.header, column.help, "", None)  # a message only: any id may be typed


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
        ("", "Fill in one workbook for each case, in Excel or LibreOffice Calc. Each sheet holds one part of the case, listed below. "
             "Leave a cell empty when there is nothing to put in it, and keep every sheet and every heading, even if you do not use them. "
             "Save it as an Excel workbook (.xlsx)."),
        ("Ids", "Everyone in the case (staff, children, family members and professionals) has a short id, such as priya, ruby or gp, in the first "
                "column of their sheet. No two people may share an id. Everywhere else, name people by their id; most of those cells offer a list "
                "of the ids to choose from. Where a cell takes several people, separate their ids with commas: ruby, amara, jayden."),
        ("Dates and times", f"{DAY_MONTH_YEAR[0].upper() + DAY_MONTH_YEAR[1:]}. Type times on the 24-hour clock, for example 17:30."),
        ("Yes or No", "Cells that ask a question take Yes or No; choose from the list."),
        ("Ratings", f"The Ratings sheet has a column for each item of the {toolkit.name}. Give each child a row for each assessment: choose the "
                    f"assessment and the child from the lists, then put the child's level under each item: {levels}; or n/a where the item does "
                    "not apply to that child."),
        ("Private notes", "On the Rating notes sheet, put No under 'Share with family' to keep an item's evidence out of every family copy, and put "
                          "under 'Withhold from' the ids of anyone who must never see that item's notes."),
        ("Help on a cell", "Most cells say what goes in them when you choose them. Rest the pointer on a heading (the red corner) for more."),
        ("Making the documents", "Open the casepack web page your team uses and upload this workbook. The page lists every problem it finds, each with "
                                 "its sheet and cell, for example Ratings!D14: put each one right here, save the workbook and upload it again. "
                                 "Nothing is made until every problem is put right. Then choose the documents you need, make them, and download "
                                 "them, one at a time or all together."),
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
