"""A third hold-out, made at the end of the sixth pass on issue 24 and measured once: experts and
partners dominate, as a college that pastes its lists from elsewhere would fill them — written
by openpyxl into the template, then saved again by LibreOffice (shared strings, as Excel saves):
dates typed with Thai digits (๑๕/๖/๒๕๖๘) in one row in seven, error values (#N/A) in a count in
one row in forty, evidence links with a "#" fragment in one row in three, one row in fifty pasted
twice, counts with a fraction in one row in sixty, and the optional columns mostly left blank.

    python bench/holdout3.py L|XL OUT.xlsx   # needs soffice (LibreOffice) on the PATH
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).parent))
import generate as g  # noqa: E402

# programmes, experts, projects, activities, partners
g.SHAPES["holdout3"] = {"XL": (300, 12_000, 2_000, 8_000, 10_000), "L": (60, 1_200, 200, 800, 1_000)}
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
OPTIONAL = ("หมายเหตุ", "หลักฐาน", "สถานที่หรือชุมชน", "เบอร์โทรศัพท์", "อีเมล")


def value(k: str, v: object, i: int) -> object:
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        d = dt.date.fromisoformat(v)
        if i % 7 == 4:
            return f"{d.day}/{d.month}/{d.year + 543}".translate(THAI_DIGITS)
        return dt.datetime(d.year, d.month, d.day)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if i % 40 == 7:
            return "#N/A"  # openpyxl writes an error code as an error cell (t="e")
        if i % 60 == 11:
            return v + 0.5
    if k == "หลักฐาน" and i % 3 == 0:
        return f"https://drive.google.com/drive/folders/x{i}#gid={i % 97}"
    if k in OPTIONAL and i % 5:
        return None
    return v


def main(size: str, out: Path) -> None:
    data = g.scaled_data(size, "holdout3")
    book = openpyxl.load_workbook(Path(__file__).parent.parent / "workbook_template.xlsx")
    for name, rows in data.items():
        if name not in book.sheetnames or not isinstance(rows, list) or not rows or not isinstance(rows[0], dict):
            continue
        ws = book[name]
        header = next((r for r in range(1, 11) if any(k in [c.value for c in ws[r]] for k in rows[0])), None)
        if header is None:
            continue
        col = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
        at = header + 1
        for i, rec in enumerate(rows):
            for _copy in range(2 if i % 50 == 9 else 1):
                for k, v in rec.items():
                    if k in col and v is not None:
                        ws.cell(at, col[k], value(k, v, i))
                at += 1
    with tempfile.TemporaryDirectory() as d:
        first = Path(d) / "openpyxl.xlsx"
        book.save(first)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{d}/profile",
                        "--convert-to", "xlsx", "--outdir", str(Path(d) / "lo"), str(first)],
                       check=True, capture_output=True, timeout=1800)
        shutil.copy(Path(d) / "lo" / "openpyxl.xlsx", out)
    print(out, {k: len(v) for k, v in data.items() if isinstance(v, list)})


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
