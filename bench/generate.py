"""Workbooks filled like real ones, at four sizes, for the benchmarks.

    python bench/generate.py [--out bench/.data] [S M L XL]

Each size scales the embedded sample college (vetqa_xl/samples/college.json): its rows are
repeated with numbered names, so every programme is distinct, every reference points at a
real programme and the values are of the same kinds and lengths as the sample's. The files
go through the package's own writer (``write_filled``: the template, its validations and
the live-formula สรุป sheet), so they have the parts a user's file has. They are cached by
size and by the package version of the form, since the XL one takes a minute to write.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from vetqa_xl.form import FORM
from vetqa_xl.writers.fill import load_sample, write_filled

# programmes, experts (2 ครูพิเศษ), projects (2 โครงการระดมทรัพยากร), activities (3 กิจกรรม)
SIZES = {
    "S": (10, None, None, 50),
    "M": (30, 100, 60, 300),
    "L": (60, 300, 200, 2_000),
    "XL": (100, 500, 300, 50_000),
}
DEFAULT_DIR = Path(__file__).resolve().parent / ".data"


def _scaled(rows: list[dict], n: int | None, name_key: str | None = None) -> list[dict]:
    """``n`` rows cycling over ``rows``; repeats get a numbered name so no row is a copy."""
    if n is None:
        return rows
    out = []
    for i in range(n):
        row = dict(rows[i % len(rows)])
        if name_key and i >= len(rows):
            row[name_key] = f"{row[name_key]} {i // len(rows) + 1}"
        out.append(row)
    return out


def _days(row: dict, keys: tuple[str, ...], i: int) -> dict:
    """Spread the dates of the n-th row over the academic year (16 May 2025 – 15 May 2026)."""
    day = (dt.date(2025, 5, 16) + dt.timedelta(days=i % 360)).isoformat()
    return {**row, **{k: day for k in keys if row.get(k)}}


def scaled_data(size: str) -> dict:
    n_prog, n_exp, n_proj, n_act = SIZES[size]
    data = load_sample("college")
    progs = data["สาขางาน"]
    # each repeat of the 20 sample programmes is a new สาขางาน (ยานยนต์ 2, ...)
    programmes = []
    for i in range(n_prog):
        row = dict(progs[i % len(progs)])
        if i >= len(progs):
            row["สาขางาน"] = f"{row['สาขางาน']} {i // len(progs) + 1}"
        programmes.append(row)
    names = [(p["ระดับ"], p["สาขางาน"]) for p in programmes]
    data["สาขางาน"] = programmes

    def refer(rows: list[dict]) -> list[dict]:
        out = []
        for i, row in enumerate(rows):
            if row.get("สาขางาน"):
                row = {**row, "ระดับ": names[i % len(names)][0], "สาขางาน": names[i % len(names)][1]}
            out.append(row)
        return out

    data["1 สถานประกอบการ"] = refer(data["1 สถานประกอบการ"])
    data["2 ครูพิเศษ"] = refer(_scaled(data["2 ครูพิเศษ"], n_exp, "ชื่อ-สกุล"))
    data["2 โครงการระดมทรัพยากร"] = refer(
        _scaled(data["2 โครงการระดมทรัพยากร"], n_proj, "ชื่อโครงการหรือกิจกรรม"))
    data["3 กิจกรรม"] = [_days(r, ("วันที่เริ่ม", "วันที่สิ้นสุด"), i) for i, r in
                         enumerate(_scaled(data["3 กิจกรรม"], n_act, "ชื่อกิจกรรม"))]
    return data


def workbook(size: str, out_dir: Path = DEFAULT_DIR) -> Path:
    """The path of the ``size`` workbook, written first when it is not cached yet."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"bench-{size}-form{FORM.version}.xlsx"
    if not path.exists():
        write_filled(path, scaled_data(size))
    return path


def cell_count(path: Path) -> int:
    """Cells of the form's sheets that the checker reads (the size measure of the budget)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    wanted = {s.name for s in FORM.data_sheets}
    return sum(len(r) for n in book.sheet_names if n in wanted
               for r in book.get_sheet_by_name(n).to_python(skip_empty_area=False))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", default=list(SIZES), choices=list(SIZES))
    ap.add_argument("--out", type=Path, default=DEFAULT_DIR)
    args = ap.parse_args(argv)
    for size in args.sizes:
        path = workbook(size, args.out)
        print(f"{size:3} {path} {path.stat().st_size / 1024:,.0f} KiB", file=sys.stderr)


if __name__ == "__main__":
    main()
