"""The consolidated tables, with pandas: colleges (duplicates resolved), totals, charts' data, CSV.

Column names are machine-readable (they are the CSV's); COLUMNS gives each its Thai header
for the workbook. Text from a college is never made into a formula: see :func:`safe_text`.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..writers.atomic import atomic_write_bytes
from ..form import ACTIVITY_TYPES, LEVELS
from .worker import LEVEL_CODES, TYPE_CODES

# (machine name, Thai header), in the order of the per-college sheet and the CSV
COLUMNS: list[tuple[str, str]] = [
    ("school_code", "รหัสสถานศึกษา"), ("school_name", "ชื่อสถานศึกษา"), ("province", "จังหวัด"),
    ("affiliation", "สังกัด"), ("academic_year", "ปีการศึกษา"), ("report_date", "วันที่รายงาน"),
    *[(f"dual_{LEVEL_CODES[lv]}", f"สาขาวิชาทวิภาคี {lv}") for lv in LEVELS],
    ("dual_programmes", "สาขาวิชาทวิภาคี รวม"),
    *[(f"resource_{LEVEL_CODES[lv]}", f"สาขาวิชาที่ระดมทรัพยากร {lv}") for lv in LEVELS],
    ("resource_programmes", "สาขาวิชาที่ระดมทรัพยากร รวม"),
    *[(f"activities_{TYPE_CODES[t]}", f"กิจกรรม{t}") for t in ACTIVITY_TYPES],
    ("activities", "กิจกรรมบริการชุมชนและจิตอาสา รวม"),
    ("expert_covered", "สาขางานที่มีครูพิเศษ"), ("expert_total", "สาขางานทั้งหมด"),
    ("expert_percent", "ร้อยละสาขางานที่มีครูพิเศษ"), ("expert_met", "ผ่านเกณฑ์ร้อยละ 80"),
    ("stages_complete", "ขั้นทวิภาคีที่ครบ (จาก 5)"),
    ("criteria_1", "ข้อ 1 เกณฑ์ที่ผ่าน"), ("level_1", "ข้อ 1 ระดับ"),
    ("criteria_2", "ข้อ 2 เกณฑ์ที่ผ่าน"), ("level_2", "ข้อ 2 ระดับ"),
    ("criteria_3", "ข้อ 3 เกณฑ์ที่ผ่าน"), ("level_3", "ข้อ 3 ระดับ"),
    ("aspect_percent", "ด้านความร่วมมือ ร้อยละ"), ("aspect_level", "ด้านความร่วมมือ ระดับ"),
    ("errors", "ข้อผิดพลาด"), ("warnings", "คำเตือน"),
    ("summary_mismatch", "ชีตสรุปไม่ตรงกับข้อมูล"), ("summary_diff", "ค่าที่ไม่ตรง (เดิม→คำนวณใหม่)"),
    ("form_version", "รุ่นแบบฟอร์ม"), ("file", "ไฟล์"), ("message", "อีเมลที่แนบมา"),
    ("sha256", "SHA-256"),
]
NAMES = [c for c, _ in COLUMNS]
TEXT_COLUMNS = ("school_code", "school_name", "province", "affiliation", "report_date",
                "summary_diff", "form_version", "file", "message", "sha256")
RISKY = ("=", "+", "-", "@", "\t", "\r")
NATION = "ทั้งประเทศ"


def safe_text(value):
    """Text that a spreadsheet could take for a formula gets a leading apostrophe (CSV only;
    the workbook stores it as a text cell)."""
    if isinstance(value, str) and value.startswith(RISKY):
        return "'" + value
    return value


def college_key(row: dict) -> tuple:
    """Same college and year; a row without a code or year stands alone (keyed by its file)."""
    if row.get("school_code") and row.get("academic_year"):
        return str(row["school_code"]), str(row["academic_year"])
    return ("", row["file"] + "|" + row.get("sha256", ""))


def resolve_duplicates(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(winners, the others): the latest วันที่รายงาน wins, then the newest file."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault(college_key(r), []).append(r)
    winners, others = [], []
    for group in groups.values():
        group.sort(key=lambda r: (r.get("report_date") or "", r.get("file_time") or "", r["file"]),
                   reverse=True)
        winners.append(group[0])
        for r in group[1:]:
            others.append({**r, "kept_file": group[0]["file"], "kept_message": group[0].get("message", "")})
    return winners, others


REAL_COLUMNS = ("expert_percent", "aspect_percent")


def colleges(rows: list[dict]) -> pd.DataFrame:
    """One row per college: text columns as text, counts as (nullable) integers."""
    df = pd.DataFrame(rows, columns=NAMES + ["file_time"])
    for c in NAMES:
        if c in TEXT_COLUMNS:
            df[c] = df[c].map(lambda v: "" if v is None or v != v else str(v)).astype(object)
        elif c in REAL_COLUMNS:
            df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
        else:
            df[c] = pd.to_numeric(df[c], errors="coerce").round().astype("Int64")
    return df.sort_values(["province", "school_code", "academic_year", "file"],
                          key=lambda s: s.astype(str), ignore_index=True)


def province_totals(df: pd.DataFrame) -> pd.DataFrame:
    """Per province and for the nation: sums; the expert ratio pooled over programmes."""
    sums = ["dual_programmes", "resource_programmes", "activities",
            *[f"activities_{TYPE_CODES[t]}" for t in ACTIVITY_TYPES],
            "expert_covered", "expert_total", "expert_met", "errors", "warnings"]
    df = df.assign(colleges=1, province=df["province"].replace("", "(ไม่ระบุจังหวัด)"))
    g = df.groupby("province", sort=True)[["colleges", *sums]].sum()
    nation = g.sum().to_frame(NATION).T
    out = pd.concat([g, nation])
    out["expert_percent"] = (100 * out["expert_covered"] / out["expert_total"].where(out["expert_total"] > 0)).round(2).fillna(0)
    out["met_percent"] = (100 * out["expert_met"] / out["colleges"]).round(2)
    out.index.name = "province"
    return out.reset_index()


TOTAL_HEADERS = {
    "province": "จังหวัด", "colleges": "จำนวนสถานศึกษา",
    "dual_programmes": "สาขาวิชาทวิภาคี", "resource_programmes": "สาขาวิชาที่ระดมทรัพยากร",
    "activities": "กิจกรรมบริการชุมชนและจิตอาสา",
    **{f"activities_{TYPE_CODES[t]}": f"กิจกรรม{t}" for t in ACTIVITY_TYPES},
    "expert_covered": "สาขางานที่มีครูพิเศษ", "expert_total": "สาขางานทั้งหมด",
    "expert_percent": "ร้อยละสาขางานที่มีครูพิเศษ", "expert_met": "สถานศึกษาที่ผ่านเกณฑ์ร้อยละ 80",
    "met_percent": "ร้อยละสถานศึกษาที่ผ่านเกณฑ์", "errors": "ข้อผิดพลาด", "warnings": "คำเตือน",
}

BUCKETS = [(lo, lo + 10) for lo in range(0, 100, 10)]


def ratio_distribution(df: pd.DataFrame) -> list[tuple[str, int]]:
    """Colleges per 10-point band of the expert ratio (the last band includes 100)."""
    p = df["expert_percent"].astype(float)
    out = []
    for lo, hi in BUCKETS:
        n = int(((p >= lo) & ((p < hi) | ((hi == 100) & (p <= 100)))).sum())
        out.append((f"{lo}–{hi}%" if hi < 100 else f"{lo}–100%", n))
    return out


def write_csv(df: pd.DataFrame, path) -> None:
    """UTF-8 with a BOM (Excel then shows the Thai); risky text prefixed with an apostrophe."""
    out = df[NAMES].copy()
    for c in TEXT_COLUMNS:
        out[c] = out[c].map(safe_text)
    text = out.to_csv(index=False, lineterminator="\r\n")
    atomic_write_bytes(Path(path), b"\xef\xbb\xbf" + text.encode("utf-8"))
