"""The history across years in SQLite: one row per (school_code, academic_year), its findings.

Idempotent: a row is replaced only when the file behind it changed (another SHA-256), so a
second run on the same inputs changes nothing. The schema is documented in docs/consolidate.md.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .tables import NAMES

_KEY = ("school_code", "academic_year")
_FIELDS = [c for c in NAMES if c not in _KEY]
_INTEGER = {"academic_year"}
_REAL = {"expert_percent", "aspect_percent"}


def _type(c: str) -> str:
    if c in _INTEGER:
        return "INTEGER NOT NULL"
    if c in _REAL:
        return "REAL"
    if c in ("school_code",):
        return "TEXT NOT NULL"
    return "TEXT" if c in ("school_name", "province", "affiliation", "report_date", "summary_diff",
                           "form_version", "file", "message", "sha256") else "INTEGER"


SCHEMA = (
    "CREATE TABLE IF NOT EXISTS colleges (\n  "
    + ",\n  ".join(f"{c} {_type(c)}" for c in NAMES)
    + ",\n  PRIMARY KEY (school_code, academic_year)\n);\n"
    "CREATE TABLE IF NOT EXISTS findings (\n"
    "  school_code TEXT NOT NULL, academic_year INTEGER NOT NULL, sha256 TEXT NOT NULL,\n"
    "  seq INTEGER NOT NULL, severity TEXT, sheet TEXT, cell TEXT, code TEXT, message TEXT,\n"
    "  PRIMARY KEY (school_code, academic_year, seq),\n"
    "  FOREIGN KEY (school_code, academic_year) REFERENCES colleges ON DELETE CASCADE\n);\n")


def connect(path: str | Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path))
    con.executescript(SCHEMA)
    return con


def _keyed(row: dict) -> bool:
    return bool(row.get("school_code")) and str(row.get("academic_year") or "").isdigit()


def upsert(con: sqlite3.Connection, row: dict, findings: list[tuple]) -> bool:
    """Store one college-year; True when something changed."""
    if not _keyed(row):
        return False
    values = {c: row.get(c) for c in NAMES}
    values["school_code"], values["academic_year"] = str(row["school_code"]), int(row["academic_year"])
    old = con.execute("SELECT sha256 FROM colleges WHERE school_code=? AND academic_year=?",
                      (values["school_code"], values["academic_year"])).fetchone()
    if old and old[0] == values["sha256"]:
        return False
    cols = ", ".join(NAMES)
    marks = ", ".join("?" for _ in NAMES)
    sets = ", ".join(f"{c}=excluded.{c}" for c in _FIELDS)
    con.execute(f"INSERT INTO colleges ({cols}) VALUES ({marks}) "
                f"ON CONFLICT(school_code, academic_year) DO UPDATE SET {sets}",
                [values[c] for c in NAMES])
    key = (values["school_code"], values["academic_year"])
    con.execute("DELETE FROM findings WHERE school_code=? AND academic_year=?", key)
    con.executemany("INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?)",
                    [(*key, values["sha256"], i, *f) for i, f in enumerate(findings)])
    return True


def previous_year(con: sqlite3.Connection, row: dict) -> dict | None:
    """The college's latest stored year before this row's."""
    if not _keyed(row):
        return None
    cur = con.execute(f"SELECT {', '.join(NAMES)} FROM colleges WHERE school_code=? AND academic_year<? "
                      "ORDER BY academic_year DESC LIMIT 1",
                      (str(row["school_code"]), int(row["academic_year"])))
    found = cur.fetchone()
    return dict(zip(NAMES, found)) if found else None


YOY_FIGURES = ["dual_programmes", "resource_programmes", "activities", "expert_percent",
               "expert_met", "errors"]


def year_over_year(con: sqlite3.Connection, rows: list[dict]) -> list[dict]:
    """Per college with an earlier year: figures this year and last, the change, the 80% turn."""
    out = []
    for row in rows:
        prev = previous_year(con, row)
        if prev is None:
            continue
        item = {"school_code": str(row["school_code"]), "school_name": row["school_name"],
                "province": row["province"], "academic_year": int(row["academic_year"]),
                "previous_year": prev["academic_year"]}
        for f in YOY_FIGURES:
            now, last = row.get(f), prev.get(f)
            item[f], item[f"{f}_last"] = now, last
            item[f"{f}_change"] = (round(now - last, 2) if isinstance(now, (int, float))
                                   and isinstance(last, (int, float)) else None)
        met, was = bool(row.get("expert_met")), bool(prev.get("expert_met"))
        item["rule_80"] = ("เริ่มผ่านเกณฑ์ร้อยละ 80" if met and not was else
                           "ไม่ผ่านเกณฑ์ร้อยละ 80 แล้ว" if was and not met else
                           "ผ่านทั้งสองปี" if met else "ไม่ผ่านทั้งสองปี")
        out.append(item)
    return sorted(out, key=lambda r: (r["province"] or "", r["school_code"], r["academic_year"]))
