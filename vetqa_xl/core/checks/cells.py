"""Cell rules: read each value as its column's type; report what cannot be read.

One small function per column kind. Each takes the column and the raw value and returns
``(value, notes)``: the value read (None when it cannot be used) and a list of
``(code, params)`` for the findings of that cell. read_cell is the one definition of the rules;
columns.py reads a whole column at once by them.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ...form import ACADEMIC_YEAR_RANGE, Column
from ..messages import cell_text
from ..normalise import (
    INVALID,
    has_thai_digits,
    is_blank,
    is_error_value,
    parse_date,
    parse_digits,
    parse_number,
    parse_text,
)

FORMULA_CHARS = ("=", "+", "-", "@")
EMAIL = re.compile(  # also the rule for vetqa-xl export --to
    r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*)://")


def _shown(value: object) -> str:
    text = cell_text(value) if isinstance(value, dt.date) else parse_text(value)
    return text if len(text) <= 60 else text[:57] + "..."


Read = tuple[Any, list[tuple[str, dict[str, Any]]]]  # a cell's value and its notes (code, parameters)


def read_text(col: Column, raw: object) -> Read:
    return parse_text(raw), []


def read_choice(col: Column, raw: object) -> Read:
    value = parse_text(raw)
    if value in col.choice_values:
        return value, []
    if col.open:
        return value, [("W_NOT_IN_LIST", {"value": _shown(raw)})]
    return None, [("E_NOT_IN_LIST", {"value": _shown(raw), "choices": " / ".join(col.choice_values)})]


def _read_number(col: Column, raw: object, whole: bool) -> Read:
    value, notes = parse_number(raw)
    found = [(n, {"value": _shown(raw)}) for n in notes]
    if value is INVALID:
        return None, [("E_NOT_NUMBER", {"value": _shown(raw)})]
    if value < 0:
        return None, found + [("E_COUNT_NEGATIVE", {"value": _shown(raw)})]
    if whole and value != int(value):
        return None, found + [("E_COUNT_FRACTION", {"value": _shown(raw)})]
    return (int(value) if whole else value), found


def read_count(col: Column, raw: object) -> Read:
    return _read_number(col, raw, whole=True)


def read_amount(col: Column, raw: object) -> Read:
    return _read_number(col, raw, whole=False)


def read_date(col: Column, raw: object) -> Read:
    value, notes = parse_date(raw)
    if value is INVALID:
        return None, [("E_NOT_DATE", {"value": _shown(raw)})]
    return value, [(n, {"value": _shown(raw), "date": value}) for n in notes]


def read_year(col: Column, raw: object) -> Read:
    text = parse_digits(raw)
    low, high = ACADEMIC_YEAR_RANGE
    if text.isdecimal() and low <= int(text) <= high:  # "²" is a digit but no decimal: int() fails
        notes = [("I_THAI_DIGITS", {"value": _shown(raw)})] if has_thai_digits(raw) else []
        return int(text), notes
    return None, [("E_ACADEMIC_YEAR", {"value": _shown(raw)})]


def read_school_code(col: Column, raw: object) -> Read:
    text = parse_digits(raw).replace(" ", "").replace("-", "")
    if len(text) == 10 and text.isdigit() and text.isascii():
        notes = [("I_THAI_DIGITS", {"value": _shown(raw)})] if has_thai_digits(raw) else []
        return text, notes
    return None, [("E_SCHOOL_CODE", {"value": _shown(raw)})]


def read_email(col: Column, raw: object) -> Read:
    text = parse_text(raw)
    if EMAIL.match(text):
        return text, []
    return None, [("E_EMAIL", {"value": _shown(raw)})]


def read_phone(col: Column, raw: object) -> Read:
    return parse_digits(raw), []


def read_evidence(col: Column, raw: object) -> Read:
    text = parse_text(raw)
    scheme = _SCHEME.match(text)
    if scheme and scheme[1].lower() not in ("http", "https"):
        return text, [("W_EVIDENCE_NOT_HTTP", {"value": _shown(raw)})]
    return text, []


READERS = {
    "text": read_text, "fixed": read_text, "programme": read_text, "choice": read_choice,
    "count": read_count, "number": read_amount, "date": read_date, "year": read_year,
    "school_code": read_school_code, "email": read_email, "phone": read_phone,
    "evidence": read_evidence,
}
# Kinds whose text a user types freely: a leading = + - @ is kept as text, with a warning.
FREE_TEXT = ("text", "programme", "choice", "evidence", "email")


# the notes of every empty required cell that columns.py reads (one list, shared)
REQUIRED: list[tuple[str, dict[str, Any]]] = [("E_REQUIRED", {})]


def read_cell(col: Column, raw: object) -> Read:
    """The value of one cell and the notes about it (required, error values, kind rules)."""
    if is_blank(raw):
        return None, ([("E_REQUIRED", {})] if col.required else [])
    if is_error_value(raw):
        return None, [("E_CELL_ERROR", {"value": parse_text(raw)})]
    notes = []
    if col.kind in FREE_TEXT and isinstance(raw, str) and raw.lstrip().startswith(FORMULA_CHARS):
        notes.append(("W_FORMULA_TEXT", {"char": raw.lstrip()[0]}))
    value, more = READERS[col.kind](col, raw)
    return value, notes + more
