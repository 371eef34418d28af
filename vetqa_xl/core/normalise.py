"""Turn raw cell values into clean ones: text, numbers, dates. Pure standard library.

Every parser returns ``(value, notes)`` where notes are finding codes that the caller
attaches to the cell (for example a พ.ศ. year that was converted). A parser raises
nothing: a value it cannot read comes back as ``INVALID``.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache
from typing import Any

from ..form import BE_OFFSET

INVALID = object()  # sentinel: the value could not be read as the wanted type

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Excel error values as readers return them (calamine gives the text of the error).
ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                          "#GETTING_DATA", "#SPILL!", "#CALC!"})

# how a message shows a month (messages.thai_date), and one way a user types it
THAI_MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                     "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
THAI_MONTHS = {
    "มกราคม": 1, "กุมภาพันธ์": 2, "มีนาคม": 3, "เมษายน": 4, "พฤษภาคม": 5, "มิถุนายน": 6,
    "กรกฎาคม": 7, "สิงหาคม": 8, "กันยายน": 9, "ตุลาคม": 10, "พฤศจิกายน": 11, "ธันวาคม": 12,
    **{name: month for month, name in enumerate(THAI_MONTHS_SHORT, start=1)},
}
# Abbreviations are also typed without dots ("มิย") or without the last dot.
THAI_MONTHS.update({k.replace(".", ""): v for k, v in list(THAI_MONTHS.items())})


@cache  # compiled when a date first comes as text: most workbooks hold date cells (0.2 ms at start-up)
def _date_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """ISO (2025-06-15), numeric (15/6/2568) and Thai (15 มิ.ย. 2568) dates."""
    return (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
            re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})$"),
            re.compile(r"^(\d{1,2})\s*([ก-๛.]+)\s*(?:พ\.?ศ\.?)?\s*(\d{2,4})$"))


def fold_text(value: object) -> str:
    """Trim and fold runs of white space (the rule for comparing names)."""
    return " ".join(str(value).split())


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_THAI_DIGIT = re.compile("[๐-๙]")


def has_thai_digits(value: object) -> bool:
    return isinstance(value, str) and _THAI_DIGIT.search(value) is not None


def is_error_value(value: object) -> bool:
    return isinstance(value, str) and value[:1] == "#" and value.strip().upper() in ERROR_VALUES


def parse_number(value: object) -> tuple[Any, tuple[str, ...]]:
    """A number from a number, or text such as "1,200", " ๑๒ " or "3.5"."""
    if isinstance(value, bool):
        return INVALID, ()
    if isinstance(value, float):
        if not math.isfinite(value):  # a cell holding <v>nan</v> or inf: not a number to count
            return INVALID, ()
        return value + 0.0, ()  # -0.0 becomes 0.0
    if isinstance(value, int):
        return value, ()
    if isinstance(value, str):
        text = fold_text(value).translate(THAI_DIGITS).replace(",", "").replace(" ", "")
        notes = ("I_THAI_DIGITS",) if has_thai_digits(value) else ()
        try:
            number = float(text)
        except ValueError:
            return INVALID, ()
        if not math.isfinite(number):
            return INVALID, ()
        return (int(number) if number.is_integer() and "." not in text else number), notes
    return INVALID, ()


def _full_year(year: int) -> int:
    """Two-digit years: 00-49 are ค.ศ. 20xx, 50-99 are พ.ศ. 25xx (Thai habit: 15/06/68)."""
    if year < 50:
        return 2000 + year
    if year < 100:
        return 2500 + year
    return year


def _be_to_ce(day: dt.date) -> tuple[Any, tuple[str, ...]]:
    """A date cell whose year is a พ.ศ. year (> 2400) becomes the ค.ศ. date, with a warning:
    Excel holds it 543 years late, so its own formulas (and the summary's) misread it."""
    if day.year > 2400:
        try:
            return day.replace(year=day.year - BE_OFFSET), ("W_BE_DATE",)
        except ValueError:  # 29 Feb of a พ.ศ. year that is no leap year in ค.ศ.
            return INVALID, ()
    return day, ()


def parse_date(value: object) -> tuple[Any, tuple[str, ...]]:
    """A date from a date cell or text: 15/6/2568, 15/06/68, 15 มิ.ย. 2568, 2025-06-15."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _be_to_ce(value)
    if not isinstance(value, str):
        return INVALID, ()
    text = fold_text(value)
    notes: tuple[str, ...] = ()
    if has_thai_digits(text):  # translate() is slow on Thai text: only when there is a digit
        text, notes = text.translate(THAI_DIGITS), ("I_THAI_DIGITS",)
    iso, numeric, thai = _date_patterns()
    try:
        if m := iso.match(text):
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
        elif m := numeric.match(text):
            d, mo, y = int(m[1]), int(m[2]), _full_year(int(m[3]))
        elif (m := thai.match(text)) and m[2] in THAI_MONTHS:
            d, mo, y = int(m[1]), THAI_MONTHS[m[2]], _full_year(int(m[3]))
        else:
            return INVALID, ()
        if y > 2400:  # a พ.ศ. year: convert before building the date (29 Feb 2567 exists)
            y, notes = y - BE_OFFSET, notes + ("I_BE_DATE",)
        day = dt.date(y, mo, d)
    except ValueError:
        return INVALID, ()
    if day.year < 1900:
        return INVALID, ()
    return day, notes


def parse_text(value: object) -> str:
    """Text of any cell value; whole floats lose their '.0' (1370076101.0 -> '1370076101')."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    return fold_text(value)


def parse_digits(value: object) -> str:
    """Text of a code made of digits (school code, year, phone): Thai digits become digits."""
    return parse_text(value).translate(THAI_DIGITS)
