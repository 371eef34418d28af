"""Workbooks filled like real ones, of several shapes and four sizes, for the benchmarks.

    python bench/generate.py [--out bench/.data] [--shapes sample full ...] [S M L XL]

Each workbook scales the embedded sample college (vetqa_xl/samples/college.json): its rows are
repeated with numbered names, so every programme is distinct, every reference points at a
real programme and the values are of the same kinds as the sample's. The shapes:

- ``sample``: today's benchmark (the sample's rows as they are, dates spread over the year);
- ``full``: every optional column of every table filled, with texts of realistic Thai
  lengths (names, places, organisations, evidence as a link or as a sentence), dates spread
  over the year and one in eight typed as พ.ศ. text (15/6/2568, 15 มิ.ย. 2568, Thai digits);
- ``programmes``: many programmes with few rows each (two experts, two partners, one project
  and a handful of activities per programme);
- ``dominant``: one dominant sheet, the activities (50,000 on XL), beside the sample's other
  sheets unscaled.

The files go through the package's own writer (``write_filled``: the template, its
validations and the live-formula สรุป sheet), so they have the parts a user's file has. They
are cached by shape, size and the form's version, since an XL one takes a minute to write.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from vetqa_xl.form import FORM
from vetqa_xl.writers.fill import load_sample, write_filled

# programmes, experts (2 ครูพิเศษ), projects (2 โครงการระดมทรัพยากร), activities (3 กิจกรรม),
# partners (1 สถานประกอบการ); None keeps the sample's rows
SIZES = {
    "S": (10, None, None, 50, None),
    "M": (30, 100, 60, 300, None),
    "L": (60, 300, 200, 2_000, None),
    "XL": (100, 500, 300, 50_000, None),
}
SHAPES = {
    "sample": SIZES,
    "full": SIZES,
    "programmes": {"S": (40, 80, 40, 100, 80), "M": (150, 300, 150, 500, 300),
                   "L": (1_000, 2_000, 1_000, 3_000, 2_000),
                   "XL": (8_000, 16_000, 8_000, 24_000, 16_000)},
    "dominant": {"S": (None, None, None, 100, None), "M": (None, None, None, 600, None),
                 "L": (None, None, None, 3_000, None), "XL": (None, None, None, 50_000, None)},
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


def scaled_data(size: str, shape: str = "sample") -> dict:
    n_prog, n_exp, n_proj, n_act, n_part = SHAPES[shape][size]
    data = load_sample("college")
    progs = data["สาขางาน"]
    # each repeat of the 20 sample programmes is a new สาขางาน (ยานยนต์ 2, ...)
    programmes = []
    for i in range(len(progs) if n_prog is None else n_prog):
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

    data["1 สถานประกอบการ"] = refer(_scaled(data["1 สถานประกอบการ"], n_part, "ชื่อสถานประกอบการ"))
    data["2 ครูพิเศษ"] = refer(_scaled(data["2 ครูพิเศษ"], n_exp, "ชื่อ-สกุล"))
    data["2 โครงการระดมทรัพยากร"] = refer(
        _scaled(data["2 โครงการระดมทรัพยากร"], n_proj, "ชื่อโครงการหรือกิจกรรม"))
    data["3 กิจกรรม"] = [_days(r, ("วันที่เริ่ม", "วันที่สิ้นสุด"), i) for i, r in
                         enumerate(_scaled(data["3 กิจกรรม"], n_act, "ชื่อกิจกรรม"))]
    return fill_every_column(data) if shape == "full" else data


# Thai texts of the lengths users type: a long project or activity name, a place with its
# district and province, an organisation's full name, evidence as an order number or a link.
PLACES = ("ศาลาอเนกประสงค์บ้านหนองบัว หมู่ 7 ตำบลหนองบัว อำเภอวารินชำราบ จังหวัดอุบลราชธานี",
          "โรงเรียนบ้านโนนสวรรค์ (ประชาสามัคคี) ตำบลโนนสวรรค์ อำเภอเมือง",
          "วัดป่าศรีสุขาราม ชุมชนริมมูล", "องค์การบริหารส่วนตำบลคำขวาง")
ORGANISATIONS = ("บริษัท อุบลยานยนต์ตัวอย่าง จำกัด (สำนักงานใหญ่)",
                 "ห้างหุ้นส่วนจำกัด ศรีสุขการช่างและวิศวกรรมไฟฟ้าตัวอย่าง",
                 "สำนักงานเกษตรและสหกรณ์จังหวัดอุบลราชธานี", "โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านคำน้ำแซบ")
EVIDENCE = ("https://qa.srisuk-tech.ac.th/2568/act/{i:05d}.pdf",
            "คำสั่งวิทยาลัยเทคนิคตัวอย่างศรีสุข ที่ {i}/2568 เรื่อง แต่งตั้งคณะกรรมการดำเนินงาน",
            "รายงานผลการดำเนินโครงการพร้อมภาพถ่ายกิจกรรม ฉบับที่ {i}",
            "https://drive.google.com/file/d/1a2B3c4D5e6F7g8H9i0J{i}/view?usp=sharing")
THAI_DIGIT = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def typed_date(day: str, i: int) -> str:
    """An ISO date (a date cell), or one in eight typed as พ.ศ. text the way users type it."""
    d = dt.date.fromisoformat(day)
    be = d.year + 543
    typed = {5: f"{d.day}/{d.month}/{be}", 10: f"{d.day} {MONTHS[d.month - 1]} {be}",
             13: f"{d.day}/{d.month}/{be}".translate(THAI_DIGIT)}
    return typed.get(i % 24, day)


def fill_every_column(data: dict) -> dict:
    """Every optional column of the tables filled, long Thai texts, dates spread over the year."""
    form_dates = {s.name: [c.label for c in s.columns if c.kind == "date"]
                  for s in FORM.data_sheets if s.kind == "table"}
    extra = {
        "1 สถานประกอบการ": lambda r, i: {"จังหวัด": r.get("จังหวัด") or "อุบลราชธานี",
                                         "จำนวนผู้เรียนที่ฝึก": 5 + i % 40},
        "2 โครงการระดมทรัพยากร": lambda r, i: {"มูลค่า (บาท)": 1_000 * (1 + i % 500) + (i % 3) * 0.5,
                                                "หลักฐาน": EVIDENCE[i % 4].format(i=i)},
        "2 ครูพิเศษ": lambda r, i: {"หน่วยงานหรือสถานประกอบการ": ORGANISATIONS[i % 4],
                                    "จำนวนชั่วโมง": 6 + i % 30, "หลักฐาน": EVIDENCE[i % 4].format(i=i)},
        "3 กิจกรรม": lambda r, i: {
            "ชื่อกิจกรรม": f"{r['ชื่อกิจกรรม']} เพื่อพัฒนาคุณภาพชีวิตและส่งเสริมอาชีพแก่ชุมชน",
            "สถานที่หรือชุมชน": PLACES[i % 4], "หลักฐาน": EVIDENCE[i % 4].format(i=i),
            "จำนวนผู้บริหาร": 1 + i % 3, "จำนวนครู": 2 + i % 12, "จำนวนบุคลากรทางการศึกษา": 1 + i % 5,
            "จำนวนผู้เรียน": 10 + i % 90, "จำนวนผู้รับบริการ": 20 + i % 300},
    }
    out = dict(data)
    for name, more in extra.items():
        rows = []
        for i, row in enumerate(data[name]):
            row = _days({**row, **more(row, i)}, tuple(form_dates[name]), i * 7)
            if name != "3 กิจกรรม":  # a partner's MOU date and the others' one date
                row = {**row, **{k: row.get(k) or (dt.date(2025, 5, 16) + dt.timedelta(days=i * 11 % 360))
                                 .isoformat() for k in form_dates[name]}}
            rows.append({k: typed_date(v, i) if k in form_dates[name] and isinstance(v, str) else v
                         for k, v in row.items()})
        out[name] = rows
    return out


def workbook(size: str, out_dir: Path = DEFAULT_DIR, shape: str = "sample") -> Path:
    """The path of the ``size`` workbook of ``shape``, written first when it is not cached yet."""
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"bench-{size}" if shape == "sample" else f"bench-{shape}-{size}"
    path = out_dir / f"{name}-form{FORM.version}.xlsx"
    if not path.exists():
        write_filled(path, scaled_data(size, shape))
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
    ap.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    args = ap.parse_args(argv)
    for shape in args.shapes:
        for size in args.sizes:
            path = workbook(size, args.out, shape)
            print(f"{shape:10} {size:3} {path} {path.stat().st_size / 1024:,.0f} KiB", file=sys.stderr)


if __name__ == "__main__":
    main()
