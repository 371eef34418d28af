"""The live reader: the form's sheets of an open workbook (xlwings) as the same IR the file
reader gives, so the checker sees exactly what it would see in the saved file. It takes any
object with xlwings' Book interface and imports no xlwings itself."""
from __future__ import annotations

import datetime as dt
import decimal

from ..core.ir import HEADER_SEARCH_ROWS, WorkbookIR, build_ir, other_tabs, wanted_sheets


def read_grids(book) -> tuple[dict[str, list[list[object]]], list[str]]:
    """The form's sheets as grids of values from A1 to the end of each used range,
    and the names of all sheets. One block read per sheet."""
    names = [s.name for s in book.sheets]
    grids = {}
    for name in wanted_sheets(names):
        sheet = book.sheets[name]
        last = sheet.used_range.last_cell
        values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value
        grids[name] = [[as_file_value(v) for v in row] for row in values]
    for name in other_tabs(names):  # a form sheet is missing: the first rows of the other tabs
        sheet = book.sheets[name]
        last = sheet.used_range.last_cell
        grids[name] = sheet.range((1, 1), (min(last.row, HEADER_SEARCH_ROWS), last.column)).options(
            ndim=2, err_to_str=True).value
    return grids, names


# Excel's error values as COM hands them over: the VARIANT error 0x800A0000 + xlErr number.
_XL_ERR_BASE = -2146828288
_XL_ERRORS = {2000: "#NULL!", 2007: "#DIV/0!", 2015: "#VALUE!", 2023: "#REF!", 2029: "#NAME?",
              2036: "#NUM!", 2042: "#N/A", 2043: "#GETTING_DATA", 2045: "#SPILL!", 2050: "#CALC!"}


def as_file_value(value: object) -> object:
    """A COM value as the file reader gives it: same values, same IR, same messages.

    * a date cell comes as a datetime; the file reader gives a date when there is no time;
    * a Currency/Accounting cell comes as ``decimal.Decimal`` (pywin32); the file has a float;
    * an error cell comes as its text with ``err_to_str``; errors xlwings does not name
      (#SPILL!, #CALC!, ...) stay ints, which no number cell can be over COM (numbers are
      doubles): they become their text, or ``#VALUE!`` for an unknown one."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value - _XL_ERR_BASE < 0x10000:
        return _XL_ERRORS.get(value - _XL_ERR_BASE, "#VALUE!")
    return value


def read_ir(book) -> WorkbookIR:
    """The live workbook as the same IR the file reader gives."""
    grids, names = read_grids(book)
    return build_ir(grids, source=book.name, sheet_names=names)

