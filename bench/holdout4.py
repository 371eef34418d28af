"""A fourth hold-out, made at the end of the seventh pass on issue 24 and measured once: a workbook
written by another program, as a college's own system might export it, and pasted-as-text
data — written by XlsxWriter in its constant-memory mode (inline strings: the text sits in the
sheets' XML, not in the shared strings, as some web exports write it), every sheet copied from
the template's values and the data appended: counts typed as text ("12", one in five with a
trailing space), activity dates as พ.ศ. text with Arabic digits (15/6/2568) in every row, and
resource projects the largest sheet after the activities (no earlier shape has them so). (A long
remark in every activity was meant too; the form's tables have no หมายเหตุ column, so the code
that wrote one wrote nothing and is gone: the workbook measured first is the same.)

    pip install -e '.[bench]'    # XlsxWriter
    python bench/holdout4.py L|XL OUT.xlsx
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
import xlsxwriter

sys.path.insert(0, str(Path(__file__).parent))
import generate as g  # noqa: E402

# programmes, experts, projects, activities, partners
g.SHAPES["holdout4"] = {"XL": (200, 3_000, 12_000, 20_000, 3_000), "L": (40, 300, 1_200, 2_000, 300)}


def value(k: str, v: object, i: int) -> object:
    """A cell as pasted from another system: numbers and activity dates as text."""
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        d = dt.date.fromisoformat(v)
        if k in ("วันที่เริ่ม", "วันที่สิ้นสุด"):
            return f"{d.day}/{d.month}/{d.year + 543}"
        return dt.datetime(d.year, d.month, d.day)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        text = str(int(v)) if float(v).is_integer() else str(v)
        return text + " " if i % 5 == 2 else text
    return v


def sheet_cells(ws, rows: object, value=value) -> dict[tuple[int, int], object]:
    """The template sheet's values (its formulas left out: an export carries none) with the
    sample's data: a key-value sheet's values beside their labels, a checklist's answers on its
    items' rows, a table's rows after its header. 0-based (row, column). ``value(key, value,
    row index)``: a cell as the other program writes it (hold-out 5 writes its own)."""
    cells = {(r, c): v for r, row in enumerate(ws.iter_rows(values_only=True)) for c, v in enumerate(row)
             if v is not None and not (isinstance(v, str) and v.startswith("="))}
    if isinstance(rows, dict) and rows and not isinstance(next(iter(rows.values())), dict):  # key-value
        for (r, c), v in list(cells.items()):
            if isinstance(v, str) and v.rstrip(" *") in rows:
                cells[r, c + 1] = rows[v.rstrip(" *")]
        return cells
    first = next(iter(rows.values() if isinstance(rows, dict) else rows or [{}]), {}) or {}
    header = next((r for r in range(10) if any(cells.get((r, c)) in first for c in range(ws.max_column))), None)
    if header is None:
        return cells
    col = {cells.get((header, c)): c for c in range(ws.max_column)}
    if isinstance(rows, dict):  # a checklist: the answers on the row of each item
        for r in range(header + 1, ws.max_row):
            answers = rows.get(str(cells.get((r, col.get("ข้อ", 0)), "")))
            for k, v in (answers or {}).items():
                if k in col:
                    cells[r, col[k]] = value(k, v, r)
        return cells
    cells = {k: v for k, v in cells.items() if k[0] <= header}  # the template's rows below: replaced
    for i, rec in enumerate(rows):
        for k, v in rec.items():
            if k in col and v is not None:
                cells[header + 1 + i, col[k]] = value(k, v, i)
    return {k: v for k, v in cells.items() if v is not None}


def main(size: str, out: Path) -> None:
    data = g.scaled_data(size, "holdout4")
    template = openpyxl.load_workbook(Path(__file__).parent.parent / "workbook_template.xlsx")
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False,
                                          "strings_to_formulas": False, "strings_to_urls": False})
    date_format = book.add_format({"num_format": "d/m/yyyy"})
    for ws in template.worksheets:
        out_ws = book.add_worksheet(ws.title)
        for (r, c), v in sorted(sheet_cells(ws, data.get(ws.title)).items()):  # row by row, as it streams
            if isinstance(v, dt.datetime):
                out_ws.write_datetime(r, c, v, date_format)
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                out_ws.write_number(r, c, v)
            else:
                out_ws.write_string(r, c, str(v))
    book.close()
    print(out, {k: len(v) for k, v in data.items() if isinstance(v, list)})


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
