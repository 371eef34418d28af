"""The history across years in SQLite: one row per (school_code, academic_year), its findings.

Idempotent: a row is replaced only when the file behind it changed (another SHA-256), so a
second run on the same inputs changes nothing. The schema is documented in docs/consolidate.md.

Versioned: ``PRAGMA user_version`` is the schema version, and MIGRATIONS holds one step per
version, each bringing a database from the version before to its own, in one transaction. A
database of the first release carries no version (0) and already has the version-1 tables; a
new file starts at 0 too, so every database takes the same steps. A step never changes once
released: a new column is a new step (ALTER TABLE … ADD COLUMN), never an edit of an old one.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from ..core.commands import RULE_TREND
from ..core.errors import UserError
from ..core.problems import read_problem
from ..core.registry import COLUMNS, EXPERT_RATIO
from ..form import EXPERT_RULE_PERCENT
from .tables import NAMES

# Version 1, exactly as the first release wrote it (CREATE TABLE IF NOT EXISTS: a no-op on its
# databases, the tables of a new one).
_V1_COLLEGES = ["school_code TEXT NOT NULL", "school_name TEXT", "province TEXT", "affiliation TEXT",
                "academic_year INTEGER NOT NULL", "report_date TEXT",
                *[f"{c} INTEGER" for c in (
                    "dual_vc", "dual_hvc", "dual_bachelor", "dual_programmes", "resource_vc",
                    "resource_hvc", "resource_bachelor", "resource_programmes", "activities_community",
                    "activities_academic", "activities_professional", "activities_volunteer",
                    "activities", "expert_covered", "expert_total")],
                "expert_percent REAL", "expert_met INTEGER", "stages_complete INTEGER",
                "criteria_1 INTEGER", "level_1 INTEGER", "criteria_2 INTEGER", "level_2 INTEGER",
                "criteria_3 INTEGER", "level_3 INTEGER", "aspect_percent REAL", "aspect_level INTEGER",
                "errors INTEGER", "warnings INTEGER", "summary_mismatch INTEGER", "summary_diff TEXT",
                "form_version TEXT", "file TEXT", "message TEXT", "sha256 TEXT"]
_V1 = (
    "CREATE TABLE IF NOT EXISTS colleges (\n  " + ",\n  ".join(_V1_COLLEGES)
    + ",\n  PRIMARY KEY (school_code, academic_year)\n)",
    ("CREATE TABLE IF NOT EXISTS findings (\n"
    "  school_code TEXT NOT NULL, academic_year INTEGER NOT NULL, sha256 TEXT NOT NULL,\n"
    "  seq INTEGER NOT NULL, severity TEXT, sheet TEXT, cell TEXT, code TEXT, message TEXT,\n"
    "  PRIMARY KEY (school_code, academic_year, seq),\n"
    "  FOREIGN KEY (school_code, academic_year) REFERENCES colleges ON DELETE CASCADE\n)"),
)


def _to_v1(con: sqlite3.Connection) -> None:
    for statement in _V1:
        con.execute(statement)


def _to_v2(con: sqlite3.Connection) -> None:
    """report_date as YYYY-MM-DD (CE), read by the checker's reader of a date cell, as the
    consolidation now stores it; the first release stored it as typed (31/3/2569, or 2569-03-01
    from a date cell holding a พ.ศ. year). A date that cannot be read stays as typed."""
    from ..core.checks.cells import read_cell
    from ..form import FORM

    column = FORM.sheet("school").column("report_date")
    typed = con.execute("SELECT rowid, report_date FROM colleges WHERE report_date <> ''").fetchall()
    for rowid, value in typed:
        day, _ = read_cell(column, value)
        if day is not None and day.isoformat() != value:
            con.execute("UPDATE colleges SET report_date=? WHERE rowid=?", (day.isoformat(), rowid))


def _add_columns(version: int):
    """The step to ``version`` of a figure's new columns (registry.Column.since == version)."""
    def step(con: sqlite3.Connection) -> None:
        for c in COLUMNS:
            if c.since == version:
                con.execute(f"ALTER TABLE colleges ADD COLUMN {c.name} {'REAL' if c.real else 'INTEGER'}")
    return step


_KEY = ("school_code", "academic_year")
_FIELDS = [c for c in NAMES if c not in _KEY]
# MIGRATIONS[n] brings version n to version n + 1; a figure's column added later comes with
# its own step (Column.since), so a new figure needs no edit here.
MIGRATIONS = (_to_v1, _to_v2, *(_add_columns(v) for v in range(3, max(c.since for c in COLUMNS) + 1)))
VERSION = len(MIGRATIONS)


class HistoryError(UserError):
    """The history database cannot be used (Thai then English); nothing in it has changed."""


def problem(exc: sqlite3.Error, path) -> HistoryError:
    """Our sentence for what SQLite said, by its error code (never the library's text alone)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    kind = ("db_locked" if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text else
            "db_not_database" if name == "SQLITE_NOTADB" or "not a database" in text else
            "db_read_only" if name.startswith("SQLITE_READONLY") or "readonly" in text else
            "db_full" if name == "SQLITE_FULL" or "full" in text else
            "db_cannot_open" if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text else
            "db_other")
    params = {"path": path, "reason": str(exc)} if kind == "db_other" else {"path": path}
    return HistoryError(read_problem(kind, **params))


@contextmanager
def transaction(con: sqlite3.Connection):
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error: all or nothing (DDL included)."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    con.execute("COMMIT")


def connect(path: str | Path) -> sqlite3.Connection:
    """The database at ``path``, created or brought to VERSION (sqlite3.Error on failure, which
    :func:`problem` turns into the user's sentence)."""
    con = sqlite3.connect(str(path), isolation_level=None)  # transactions are ours (DDL too)
    try:
        found = con.execute("PRAGMA user_version").fetchone()[0]
        if found > VERSION:
            raise HistoryError(read_problem("db_newer", path=path, found=found, known=VERSION))
        if found < VERSION:
            with transaction(con):
                found = con.execute("PRAGMA user_version").fetchone()[0]  # another run may have been first
                for step in MIGRATIONS[found:]:
                    step(con)
                con.execute(f"PRAGMA user_version = {VERSION}")
    except BaseException:
        con.close()
        raise
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


YOY_FIGURES = [c.name for c in COLUMNS if c.yoy] + ["errors"]  # the registry's, then the errors


def year_over_year(con: sqlite3.Connection, rows: list[dict]) -> list[dict]:
    """Per college with an earlier year: figures this year and last, the change, the turn of the
    expert rule (form.EXPERT_RULE_PERCENT)."""
    met_column = next(c.name for c in EXPERT_RATIO.columns if c.yoy and not c.real)
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
        met, was = bool(row.get(met_column)), bool(prev.get(met_column))
        trend = "started" if met and not was else "stopped" if was and not met else "both" if met else "neither"
        item["rule_80"] = RULE_TREND[trend].fill(rule=EXPERT_RULE_PERCENT).th
        out.append(item)
    return sorted(out, key=lambda r: (r["province"] or "", r["school_code"], r["academic_year"]))
