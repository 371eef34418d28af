"""A fifth hold-out, made after the eighth pass on issue 24 and measured once before any tuning:
a college's workbook typed in Excel over a year, as Excel saves what people do there. Written
by XlsxWriter in its default mode (a shared-strings table and cell formats, not hold-out 4's
inline strings), every sheet copied from the template's values and the data appended, every
optional column filled (generate.py's ``full``), and:

- every date typed as 15/6/2568 into a cell Excel took for a date: a date cell of the year
  2568 (W_BE_DATE on each, a warning: Excel counts it 543 years late);
- one name and one place in seven typed on two lines (Alt+Enter: a line break in the text);
- every link typed as a link: Excel makes each a hyperlink (the cell's text and a
  relationship of the sheet: tens of thousands at XL);
- each table formatted with borders half as far again below its last row (formatted empty
  cells, as a selection of whole rows formatted at once leaves them);
- partners and experts many (the sheets the other hold-outs keep small).

    pip install -e '.[bench]'    # XlsxWriter
    python bench/holdout5.py L|XL OUT.xlsx [--gregorian]

``--gregorian``: the same workbook with every date cell typed with its Gregorian year
(15/6/2025), so that none holds a พ.ศ. year and has its warning (the dates typed as text stay,
as generate.py's ``full`` has them): the two side by side measure what those warnings cost
(docs/performance.md).
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
import xlsxwriter

sys.path.insert(0, str(Path(__file__).parent))
import generate as g  # noqa: E402
import holdout4  # noqa: E402

# programmes, experts, projects, activities, partners
g.SHAPES["holdout5"] = {"XL": (120, 2_500, 2_500, 20_000, 4_000), "L": (40, 250, 250, 2_000, 400)}
TWO_LINES = ("ชื่อกิจกรรม", "สถานที่หรือชุมชน", "ชื่อสถานประกอบการ", "ชื่อ-สกุล", "ชื่อโครงการหรือกิจกรรม")


YEARS_TYPED = 543  # a date is typed with its พ.ศ. year (0: --gregorian)


def value(k: str, v: object, i: int) -> object:
    """A cell as Excel keeps what was typed: a date as a date of the year typed (พ.ศ.), one
    name or place in seven on two lines."""
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        d = dt.date.fromisoformat(v)
        return dt.datetime(d.year + YEARS_TYPED, d.month, d.day)
    if isinstance(v, str) and k in TWO_LINES and i % 7 == 3 and " " in v:
        return v.replace(" ", "\n", 1)
    return v


def main(size: str, out: Path) -> None:
    data = g.fill_every_column(g.scaled_data(size, "holdout5"))
    template = openpyxl.load_workbook(Path(__file__).parent.parent / "workbook_template.xlsx")
    book = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})
    date_format = book.add_format({"num_format": "d/m/yyyy", "border": 1})
    bordered = book.add_format({"border": 1})
    wrapped = book.add_format({"border": 1, "text_wrap": True})
    for ws in template.worksheets:
        out_ws = book.add_worksheet(ws.title)
        rows = data.get(ws.title)
        cells = holdout4.sheet_cells(ws, rows, value)
        for (r, c), v in sorted(cells.items()):
            if isinstance(v, dt.datetime):
                out_ws.write_datetime(r, c, v, date_format)
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                out_ws.write_number(r, c, v, bordered)
            elif isinstance(v, str) and v.startswith(("http://", "https://")):
                out_ws.write_url(r, c, v, bordered, v)
            else:
                out_ws.write_string(r, c, str(v), wrapped if "\n" in str(v) else bordered)
        if isinstance(rows, list) and rows:  # a table: formatted, empty, half as far again below
            last = max(r for r, _c in cells)
            width = max(c for _r, c in cells) + 1
            for r in range(last + 1, last + 1 + len(rows) // 2):
                for c in range(width):
                    out_ws.write_blank(r, c, None, bordered)
    book.close()
    print(out, {k: len(v) for k, v in data.items() if isinstance(v, list)})


if __name__ == "__main__":
    if sys.argv[3:] == ["--gregorian"]:
        YEARS_TYPED = 0
    elif sys.argv[3:]:
        raise SystemExit(__doc__)
    main(sys.argv[1], Path(sys.argv[2]))
