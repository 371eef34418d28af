"""Fill the template with data given as JSON-like dicts keyed by Thai sheet and header labels.

Used by the demo (the embedded sample colleges) and by the tests' fixtures. The data format:
``{"ข้อมูลสถานศึกษา": {label: value}, table sheet: [{label: value}, ...],
checklist sheet: {ข้อ: {label: value}}}``. A string that is an ISO date (YYYY-MM-DD) in a date
column becomes a date cell (so "2568-07-01" is a date cell with a พ.ศ. year); every other
string is written as text, never as a formula.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from pathlib import Path

from ..form import FORM, Form
from .atomic import atomic_write_bytes
from .template import FIRST_ROW, build_workbook, finish

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load_sample(name: str = "college") -> dict:
    """An embedded sample college: "college" (clean) or "college_mistakes"."""
    text = resources.files("vetqa_xl.samples").joinpath(f"{name}.json").read_text("utf-8")
    return json.loads(text)


def put(cell, value, kind: str = "text") -> None:
    """Write a value; text stays text (a leading = + - @ is never a formula)."""
    if isinstance(value, str) and kind == "date" and _ISO.match(value):
        y, m, d = map(int, value.split("-"))
        cell.value = dt.datetime(y, m, d)
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def fill_workbook(wb, data: dict, form: Form = FORM):
    """Write ``data`` into an openpyxl workbook built from the template layout."""
    for sheet in form.data_sheets:
        content = data.get(sheet.name)
        if not content:
            continue
        ws = wb[sheet.name]
        cols = {col.label: (c, col.kind) for c, col in enumerate(sheet.columns, start=1)}
        if sheet.kind == "keyvalue":
            for r, col in enumerate(sheet.columns, start=FIRST_ROW):
                if content.get(col.label) is not None:
                    put(ws.cell(r, 2), content[col.label], col.kind)
            continue
        if sheet.kind == "checklist":
            rows = {item.number: r for r, item in enumerate(sheet.items, start=FIRST_ROW)}
            records = [(rows[number], values) for number, values in content.items()]
        else:
            records = list(enumerate(content, start=FIRST_ROW))
        for r, values in records:
            for label, value in values.items():
                if value is not None:
                    c, kind = cols[label]
                    put(ws.cell(r, c), value, kind)
    return wb


def write_filled(out: str | Path, data: dict, form: Form = FORM) -> Path:
    """A template filled with ``data``, written atomically to ``out``."""
    rows = {s.key: len(data[s.name]) for s in form.data_sheets
            if s.kind == "table" and isinstance(data.get(s.name), list)}
    wb = fill_workbook(build_workbook(form), data, form)
    return atomic_write_bytes(Path(out), finish(wb, form, rows))
