"""The consolidated tables, with pandas: colleges (duplicates resolved), totals, charts' data, CSV.

Column names are machine-readable (they are the CSV's); COLUMNS gives each its Thai header
for the workbook. Text from a college is never made into a formula: see :func:`safe_text`.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.normalise import fold_text
from ..core.registry import COLUMNS as FIGURE_COLUMNS
from ..core.registry import FIGURES
from ..writers.atomic import atomic_write_bytes

# (machine name, Thai header), in the order of the per-college sheet and the CSV: each figure's
# columns as the registry declares them, between the college's and the file's.
COLUMNS: list[tuple[str, str]] = [
    ("school_code", "รหัสสถานศึกษา"), ("school_name", "ชื่อสถานศึกษา"), ("province", "จังหวัด"),
    ("affiliation", "สังกัด"), ("academic_year", "ปีการศึกษา"), ("report_date", "วันที่รายงาน"),
    *[(c.name, c.th) for c in FIGURE_COLUMNS],
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
    """Same college and year: the school code as typed (valid or not) and the year; without a
    code, the name (white space folded) and the province. A row with neither, or without a
    year, stands alone (keyed by its file)."""
    year = str(row.get("academic_year") or "")
    if year and row.get("school_code"):
        return "code", str(row["school_code"]).strip(), year
    name = fold_text(row.get("school_name") or "")
    if year and name:
        return "name", name.casefold(), fold_text(row.get("province") or "").casefold(), year
    return "file", row["file"], row.get("message", ""), row.get("sha256", "")


RULES = ("rule_date", "rule_errors", "rule_newest", "rule_name")  # problems.READ_PROBLEMS keys


def _rank(row: dict) -> tuple:
    """The duplicate rule, one element per rule of RULES, larger wins: a report date read as a
    date (YYYY-MM-DD, so it sorts as a date; one that could not be read counts as none), fewer
    errors, the newest file (UTC ISO time), then the file name (and the message it came in) so
    that the choice never depends on the order the files came in."""
    return ((row.get("report_date") or "") if row.get("date_read") else "", -(row.get("errors") or 0),
            row.get("file_time") or "", (row["file"], row.get("message") or ""))


def deciding_rule(kept: dict, other: dict) -> str:
    """The rule (a key of RULES) that put ``kept`` before ``other``: the first that differs."""
    return next((rule for rule, a, b in zip(RULES, _rank(kept), _rank(other)) if a != b), RULES[-1])


def resolve_duplicates(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(winners, the others): the latest วันที่รายงาน wins, then fewer errors, then the newest
    file; each other row says which file was kept and which rule decided (``rule``)."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault(college_key(r), []).append(r)
    winners, others = [], []
    for group in groups.values():
        group.sort(key=_rank, reverse=True)
        kept = group[0]
        winners.append(kept)
        for r in group[1:]:
            others.append({**r, "kept_file": kept["file"], "kept_message": kept.get("message", ""),
                           "kept_report_date": kept.get("report_date") or "",
                           "kept_errors": kept.get("errors"), "rule": deciding_rule(kept, r)})
    return winners, others


REAL_COLUMNS = tuple(c.name for c in FIGURE_COLUMNS if c.real)


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
    """Per academic year: each province, then the nation (sums; the expert ratio pooled over
    programmes). Years are never added together."""
    sums = SUMS
    df = df.assign(colleges=1, province=df["province"].replace("", "(ไม่ระบุจังหวัด)"),
                   academic_year=df["academic_year"].astype("Int64"))
    blocks = []
    for year, part in df.groupby("academic_year", sort=True, dropna=False):
        g = part.groupby("province", sort=True)[["colleges", *sums]].sum()
        g = pd.concat([g, g.sum().to_frame(NATION).T])
        g.index.name = "province"
        blocks.append(g.reset_index().assign(academic_year=year))
    out = pd.concat(blocks, ignore_index=True) if blocks else pd.DataFrame(
        columns=["academic_year", "province", "colleges", *sums])
    out["expert_percent"] = (100 * out["expert_covered"] / out["expert_total"].where(out["expert_total"] > 0)
                             ).astype(float).round(2).fillna(0)
    out["met_percent"] = (100 * out["expert_met"] / out["colleges"].where(out["colleges"] > 0)).astype(float).round(2)
    return out


def latest_year(table: pd.DataFrame) -> tuple[object, pd.DataFrame]:
    """(the latest academic year, the rows of the colleges or totals of that year): what the
    charts draw. Rows without a year count only when no row has one."""
    years = table["academic_year"].dropna()
    if not len(years):
        return None, table
    year = years.max()
    return int(year), table[table["academic_year"] == year]


# The totals sheet: each figure's columns summed per province (a figure's own total first,
# then its parts); a percentage is pooled over the sums, not summed.
TOTAL_HEADERS = {
    "academic_year": "ปีการศึกษา", "province": "จังหวัด", "colleges": "จำนวนสถานศึกษา",
    **{c.name: c.total for fig in FIGURES for c in sorted(fig.columns, key=lambda c: c.name != fig.key)
       if c.total},
    "met_percent": "ร้อยละสถานศึกษาที่ผ่านเกณฑ์", "errors": "ข้อผิดพลาด", "warnings": "คำเตือน",
}
SUMS = [c for c in list(TOTAL_HEADERS)[3:] if c in NAMES and c not in REAL_COLUMNS]  # summed per province

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
