"""The consolidation's history database (--db): schema versions that upgrade, and the database
problems a commission meets (issue 19 item 2, issue 18 item 13), each its own sentence, exit 2.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import D, base
from vetqa_xl import api
from vetqa_xl.consolidate import history
from vetqa_xl.writers.fill import write_filled

# The schema exactly as the first release (main before issue 19) wrote it: `git show
# main:vetqa_xl/consolidate/history.py`, its SCHEMA printed. No PRAGMA user_version (0).
MAIN_SCHEMA = """CREATE TABLE IF NOT EXISTS colleges (
  school_code TEXT NOT NULL,
  school_name TEXT,
  province TEXT,
  affiliation TEXT,
  academic_year INTEGER NOT NULL,
  report_date TEXT,
  dual_vc INTEGER,
  dual_hvc INTEGER,
  dual_bachelor INTEGER,
  dual_programmes INTEGER,
  resource_vc INTEGER,
  resource_hvc INTEGER,
  resource_bachelor INTEGER,
  resource_programmes INTEGER,
  activities_community INTEGER,
  activities_academic INTEGER,
  activities_professional INTEGER,
  activities_volunteer INTEGER,
  activities INTEGER,
  expert_covered INTEGER,
  expert_total INTEGER,
  expert_percent REAL,
  expert_met INTEGER,
  stages_complete INTEGER,
  criteria_1 INTEGER,
  level_1 INTEGER,
  criteria_2 INTEGER,
  level_2 INTEGER,
  criteria_3 INTEGER,
  level_3 INTEGER,
  aspect_percent REAL,
  aspect_level INTEGER,
  errors INTEGER,
  warnings INTEGER,
  summary_mismatch INTEGER,
  summary_diff TEXT,
  form_version TEXT,
  file TEXT,
  message TEXT,
  sha256 TEXT,
  PRIMARY KEY (school_code, academic_year)
);
CREATE TABLE IF NOT EXISTS findings (
  school_code TEXT NOT NULL, academic_year INTEGER NOT NULL, sha256 TEXT NOT NULL,
  seq INTEGER NOT NULL, severity TEXT, sheet TEXT, cell TEXT, code TEXT, message TEXT,
  PRIMARY KEY (school_code, academic_year, seq),
  FOREIGN KEY (school_code, academic_year) REFERENCES colleges ON DELETE CASCADE
);
"""
# Rows as main's consolidate stored them: วันที่รายงาน as typed (text) or "%Y-%m-%d" of a date cell
OLD_ROWS = [  # (school_code, academic_year, report_date as stored, YYYY-MM-DD expected after)
    ("1370076101", 2567, "31/3/2568", "2025-03-31"),
    ("1370076101", 2566, "2567-03-01", "2024-03-01"),  # a date cell holding a พ.ศ. year
    ("1370076102", 2567, "2025-04-10", "2025-04-10"),
    ("1370076103", 2567, "๑๕ มิ.ย. ๒๕๖๘", "2025-06-15"),
    ("1370076104", 2567, "ส่งแล้ว", "ส่งแล้ว"),  # not a date: stays as typed
    ("1370076105", 2567, "", ""),
]


def _old_database(path: Path) -> list[tuple]:
    """A database written by main's code, with OLD_ROWS and two findings; its rows returned."""
    con = sqlite3.connect(path)
    con.executescript(MAIN_SCHEMA)
    cols = [r[1] for r in con.execute("PRAGMA table_info(colleges)")]
    for n, (code, year, date, _) in enumerate(OLD_ROWS):
        values = {c: n + i for i, c in enumerate(cols)}  # a distinct number in every column
        values.update(school_code=code, academic_year=year, report_date=date, school_name=f"วิทยาลัย {n}",
                      province="อุบลราชธานี", expert_percent=80.0 - n, file=f"{code}-{year}.xlsx",
                      sha256=f"{n:064x}", summary_diff="", form_version="1.0", message="", affiliation="รัฐบาล")
        con.execute(f"INSERT INTO colleges ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [values[c] for c in cols])
    con.executemany("INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?)", [
        ("1370076101", 2567, f"{0:064x}", 0, "error", "ข้อมูลสถานศึกษา", "B12", "E_EMAIL", "อีเมล 'x' ไม่ถูกต้อง"),
        ("1370076101", 2567, f"{0:064x}", 1, "warning", "สาขางาน", "B8", "W_NOT_IN_LIST", "ไม่อยู่ในรายการ")])
    con.commit()
    assert con.execute("PRAGMA user_version").fetchone() == (0,)
    con.close()
    return _dump(path)


def _dump(path: Path) -> list[list[tuple]]:
    con = sqlite3.connect(path)
    try:
        return [con.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall() for t in ("colleges", "findings")]
    finally:
        con.close()


def _version(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


def test_a_database_of_the_first_release_upgrades_and_keeps_every_row(tmp_path):
    db = tmp_path / "history.sqlite"
    before = _old_database(db)
    history.connect(db).close()
    assert _version(db) == history.VERSION == 2
    colleges, findings = _dump(db)
    assert findings == before[1]
    assert len(colleges) == len(before[0]) == len(OLD_ROWS)
    date_col = 5  # report_date, the sixth column
    expected = {(code, year): iso for code, year, _, iso in OLD_ROWS}
    for old, new in zip(before[0], colleges):
        assert new[date_col] == expected[(old[0], old[4])]
        assert new[:date_col] + new[date_col + 1:] == old[:date_col] + old[date_col + 1:]  # the rest as it was
    history.connect(db).close()  # opening again changes nothing
    assert _dump(db) == [colleges, findings]


def test_every_schema_version_opens_and_keeps_its_rows(tmp_path):
    """A database left at each version n (MIGRATIONS[:n] applied, as that release wrote it) is
    brought to the current version by the steps after n, keeping its rows."""
    for n in range(history.VERSION + 1):
        db = tmp_path / f"v{n}.sqlite"
        con = sqlite3.connect(db, isolation_level=None)
        if n == 0:
            con.close()
            _old_database(db)
        else:
            for step in history.MIGRATIONS[:n]:
                step(con)
            con.execute("INSERT INTO colleges (school_code, academic_year, report_date, sha256) "
                        "VALUES ('1370076101', 2567, '2025-03-31', 'x')")
            con.execute(f"PRAGMA user_version = {n}")
            con.close()
        before = _dump(db)
        history.connect(db).close()
        assert _version(db) == history.VERSION, n
        after = _dump(db)
        assert [len(t) for t in after] == [len(t) for t in before], n
        if n == history.VERSION:
            assert after == before


def test_the_history_of_a_first_release_database_carries_on(tmp_path):
    """A run with a database of the first release: its rows are the earlier years of the
    year-over-year sheet, and the new year is added beside them."""
    db = tmp_path / "history.sqlite"
    before = _old_database(db)
    d = base()  # college 1370076101, 2568, experts 4 of 5; in the old database: 2567 and 2566
    folder = tmp_path / "in"
    folder.mkdir()
    write_filled(folder / "a.xlsx", d)
    res = api.consolidate([folder], tmp_path / "o.xlsx", db=db, jobs=1)
    assert res.year_over_year == 1
    colleges, _ = _dump(db)
    assert len(colleges) == len(before[0]) + 1
    con = sqlite3.connect(db)
    assert con.execute("SELECT report_date FROM colleges WHERE academic_year = 2568").fetchone() == ("2026-03-31",)
    con.close()


def test_a_database_of_a_newer_release_is_refused_untouched(tmp_path):
    db = tmp_path / "history.sqlite"
    history.connect(db).close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {history.VERSION + 1}")
    con.close()
    data = db.read_bytes()
    p = _cli(tmp_path, db)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert f"โครงสร้างรุ่น {history.VERSION + 1}" in p.stderr and "update vetqa-xl first" in p.stderr
    assert db.read_bytes() == data and not (tmp_path / "o.xlsx").exists()


# --- the database problems of issue 18 item 13 ---------------------------------------------------

@pytest.fixture(scope="module")
def college(tmp_path_factory) -> Path:
    """One college whose name is 6,000 characters long: its row needs a page of its own, so
    that a database that cannot grow (a full disk) fails on it."""
    folder = tmp_path_factory.mktemp("in")
    d = base()
    d["ข้อมูลสถานศึกษา"]["ชื่อสถานศึกษา"] = "วิทยาลัย" + "ก" * 6000
    d["ข้อมูลสถานศึกษา"]["วันที่รายงาน"] = D(2026, 3, 31)
    write_filled(folder / "a.xlsx", d)
    return folder


def _cli(folder: Path, db: Path, pragma: str = "") -> subprocess.CompletedProcess:
    """`vetqa-xl consolidate FOLDER -o o.xlsx --db DB` in a new process; with ``pragma``, every
    connection SQLite opens to DB runs it first (how the tests make SQLite itself refuse)."""
    args = [str(folder), "-o", str(db.parent / "o.xlsx"), "--db", str(db), "--jobs", "1"]
    code = ("import sqlite3, sys\n"
            f"pragma, db = {pragma!r}, {str(db)!r}\n"
            "if pragma:\n"
            "    plain = sqlite3.connect\n"
            "    def connect(path, *a, **k):\n"
            "        con = plain(path, *a, **k)\n"
            "        if str(path) == db:\n"
            "            con.execute(pragma)\n"
            "        return con\n"
            "    sqlite3.connect = connect\n"
            "from vetqa_xl.cli import main\n"
            f"sys.argv = ['vetqa-xl', 'consolidate', *{args!r}]\n"
            "main()\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def _refused(p, th: str, en: str) -> None:
    assert p.returncode == 2, p.stderr
    assert th in p.stderr and en in p.stderr, p.stderr
    assert "Traceback" not in p.stderr and "sqlite3." not in p.stderr


def test_a_database_locked_by_another_program(college, tmp_path):
    db = tmp_path / "history.sqlite"
    history.connect(db).close()
    other = sqlite3.connect(db, isolation_level=None)  # another program writing: an exclusive lock
    other.execute("BEGIN EXCLUSIVE")
    try:
        p = _cli(college, db)
    finally:
        other.execute("ROLLBACK")
        other.close()
    _refused(p, "ถูกโปรแกรมอื่นเปิดใช้อยู่ (ล็อก)", "is locked by another program")
    assert _dump(db) == [[], []] and not (tmp_path / "o.xlsx").exists()


@pytest.mark.parametrize("kind", ["text", "xlsx"])
def test_a_file_that_is_not_a_database(college, tmp_path, kind):
    db = tmp_path / ("notes.sqlite" if kind == "text" else "รวม2567.xlsx")
    if kind == "text":
        db.write_text("รหัสสถานศึกษา,ปีการศึกษา\n1370076101,2567\n", encoding="utf-8")
    else:
        write_filled(db, base())
    data = db.read_bytes()
    p = _cli(college, db)
    _refused(p, f"{db} ไม่ใช่ฐานข้อมูลประวัติ (SQLite)", "is not a history database (SQLite)")
    assert db.read_bytes() == data


def test_a_read_only_database(college, tmp_path):
    """The file made read-only. Root ignores file modes, so when the tests run as root SQLite is
    also told `PRAGMA query_only` for that file, which makes it refuse writes with the same
    SQLITE_READONLY error."""
    db = tmp_path / "history.sqlite"
    _old_database(db)  # the first release's: the upgrade is the first write
    before = _dump(db)
    db.chmod(0o444)
    try:
        p = _cli(college, db, "PRAGMA query_only = ON" if os.geteuid() == 0 else "")
    finally:
        db.chmod(0o644)
    _refused(p, "เป็นแบบอ่านอย่างเดียว", "is read-only")
    assert _dump(db) == before and _version(db) == 0


def test_a_full_disk(college, tmp_path):
    """A full disk, made by SQLite itself: `PRAGMA max_page_count = 1` caps the file at the pages
    it has, so the long row fails with SQLite's real SQLITE_FULL, 'database or disk is full'."""
    db = tmp_path / "history.sqlite"
    history.connect(db).close()
    p = _cli(college, db, "PRAGMA max_page_count = 1")
    _refused(p, "ดิสก์เต็ม", "the disk is full")
    assert _dump(db) == [[], []]  # the transaction rolled back
    assert not (tmp_path / "o.xlsx").exists()


def test_a_database_in_a_missing_folder(college, tmp_path):
    db = tmp_path / "ไม่มีโฟลเดอร์นี้" / "history.sqlite"
    p = _cli(college, db)
    _refused(p, "เปิดหรือสร้างฐานข้อมูลประวัติ", "cannot open or create the history database")
