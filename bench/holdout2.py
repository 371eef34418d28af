"""A second hold-out, made at the end of the work on issue 24 and measured once: projects and
activities dominate, written cell by cell by openpyxl into the template (openpyxl 3.1 saves text
inline, with its own XML: a style and a type on every cell), with text that needs folding (double and trailing spaces in one text cell
in four), counts typed as text in one row in six, dates typed as Thai text (15 มิ.ย. 2568) in
one row in five. The keyvalue and checklist sheets stay as the template has them (blank).

    .venv/bin/python bench/holdout2.py XL /tmp/holdout2-XL.xlsx   # or L
"""
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import generate as g  # noqa: E402  (first: as the file measured was made; openpyxl's XML differs after it)
import openpyxl  # noqa: E402

g.SHAPES["holdout2"] = {"XL": (150, 3_000, 15_000, 20_000, 6_000), "L": (40, 300, 1_500, 2_000, 600)}
size, out = sys.argv[1], sys.argv[2]
data = g.scaled_data(size, "holdout2")
MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
book = openpyxl.load_workbook(Path(__file__).parent.parent / "workbook_template.xlsx")
for name, rows in data.items():
    if name not in book.sheetnames or not isinstance(rows, list) or not rows or not isinstance(rows[0], dict):
        continue
    ws = book[name]
    header = None
    for r in range(1, 11):
        labels = [c.value for c in ws[r]]
        if any(k in labels for k in rows[0]):
            header = r
            break
    if header is None:
        continue
    col = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    for i, rec in enumerate(rows):
        for k, v in rec.items():
            if k not in col or v is None:
                continue
            if isinstance(v, str) and i % 4 == 1 and " " in v:
                v = v.replace(" ", "  ", 1) + " "
            if isinstance(v, (int, float)) and not isinstance(v, bool) and i % 6 == 2:
                v = str(v)
            if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-" and i % 5 == 3:
                d = dt.date.fromisoformat(v)
                v = f"{d.day} {MONTHS[d.month - 1]} {d.year + 543}"
            elif isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
                v = dt.datetime.fromisoformat(v)
            ws.cell(header + 1 + i, col[k], v)
book.save(out)
print(out, {k: len(v) for k, v in data.items() if isinstance(v, list)})
