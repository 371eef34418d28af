"""Consolidation for the commission: many colleges' workbooks → one recomputed report.

The pipeline: :mod:`.inputs` (files, folders, .eml attachments, limits) → :mod:`.worker` (per
file, in a process pool: read → check → figures → compare the stored สรุป) → :mod:`.tables`
(pandas: duplicates, totals, CSV) → :mod:`.workbook` (openpyxl, write-only) and :mod:`.history`
(SQLite across years). Per-file results stream in as small dicts; findings go to a temporary
SQLite file, so memory stays bounded however many files there are.
"""
from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import UserError
from ..core.messages import SEVERITY_TH
from ..core.problems import plural, read_problem
from .inputs import Task, discover


class ConsolidateError(UserError):
    """The consolidation cannot start or write its output (Thai then English)."""


@dataclass
class Result:
    """What a run found. ``workbooks`` = ``colleges`` + ``duplicates`` + the workbooks among
    ``unreadable``; ``unreadable`` also lists inputs that hold no workbook at all."""

    out: Path
    files: int  # input files found: workbooks, .eml messages, other files named as inputs
    colleges: int  # rows of the per-college sheet (one per college and academic year)
    unreadable: list[tuple[str, str, str]] = field(default_factory=list)  # (file, message, reason)
    duplicates: int = 0  # workbooks not used: the same college and year came in a later one
    year_over_year: int = 0
    csv: Path | None = None
    db: Path | None = None
    workbooks: int = 0  # workbooks tried, e-mail attachments included
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # remarks on inputs read all the same

    def summary(self) -> str:
        """The one-line account of the run, Thai then English."""
        n = len(self.unreadable)
        counts = {"colleges": self.colleges, "files": self.files, "workbooks": self.workbooks,
                  "duplicates": self.duplicates}
        return read_problem("consolidated", unreadable=n, **counts,
                            **{f"{k}_s": plural(v) for k, v in counts.items()})


def _results(tasks: list[Task], jobs: int):
    from .worker import defuse, process

    if jobs <= 1 or len(tasks) <= 1:
        yield from map(process, tasks)
        return
    import multiprocessing as mp

    with mp.get_context("spawn" if sys.platform == "win32" else "fork").Pool(jobs, initializer=defuse) as pool:
        yield from pool.imap_unordered(process, tasks, chunksize=1)


def _progress(iterable, total: int, show: bool | None):
    from tqdm import tqdm

    if show is None:
        show = sys.stderr.isatty()
    return tqdm(iterable, total=total, disable=not show, unit="ไฟล์", dynamic_ncols=True,
                desc="consolidate")


def _is_college_workbook(path: Path) -> bool:
    """True unless the file is a workbook without any of the form's sheets (a previous OUT):
    anything else found as an input is a college's submission, or may be one."""
    from python_calamine import CalamineWorkbook

    from ..core.ir import wanted_sheets

    try:
        names = list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:
        return True
    return bool(wanted_sheets(names))


def _refuse_inputs(outputs, inputs, tasks: list[Task], problems) -> set[Path]:
    """Refuse an output that is an input: named, or found in a folder (a college's workbook, a
    message); return the outputs found in a folder that are workbooks without any of the
    form's sheets (a previous OUT): they are skipped as inputs and may be replaced."""
    named = {Path(i).resolve() for i in inputs}
    plain = {Path(t.path).resolve() for t in tasks if t.part is None}
    found = {Path(t.path).resolve() for t in tasks} | {Path(p.path).resolve() for p in problems}
    skipped = set()
    for out in filter(None, outputs):
        real = Path(out).resolve()
        if real in named or (real in found and (real not in plain or _is_college_workbook(real))):
            raise ConsolidateError(read_problem("out_is_input", path=out))
        if real in found:
            skipped.add(real)
    return skipped


def _refuse_existing(out, csv, force: bool) -> None:
    """OUT (.xlsx) and the CSV (.csv) follow the rule of every command's output (writers.atomic):
    refused unless ``force``, then kept as .bak. The history database is updated by design."""
    from ..writers.atomic import XLSX, keep_backup, refuse_existing

    outputs = [(path, suffixes) for path, suffixes in ((out, XLSX), (csv, (".csv",))) if path]
    for path, suffixes in outputs:  # refuse either before keeping anything
        refuse_existing(path, force, suffixes)
    for path, _ in outputs:
        keep_backup(path)


def consolidate(inputs, out, csv=None, db=None, jobs: int | None = None,
                progress: bool | None = None, force: bool = False) -> Result:
    out = Path(out)
    tasks, problems = discover(inputs)
    ours = _refuse_inputs((out, csv, db), inputs, tasks, problems)
    tasks = [t for t in tasks if t.part is not None or Path(t.path).resolve() not in ours]  # a previous OUT
    _refuse_existing(out, csv, force)
    con = _open_history(db) if db else None  # before the long part: a locked or foreign file fails now
    try:
        return _run(inputs, out, csv, db, con, tasks, problems, jobs, progress)
    finally:
        if con is not None:
            con.close()


def _open_history(db):
    from . import history

    try:
        return history.connect(db)
    except sqlite3.Error as exc:
        raise history.problem(exc, db) from None


def _store_history(con, db, winners, spill) -> list[dict]:
    """Year-over-year rows, then every winner stored, in one transaction: all or nothing."""
    from . import history

    try:
        with history.transaction(con):
            yoy = history.year_over_year(con, winners)
            for r in winners:
                history.upsert(con, r, [tuple(x) for x in spill.execute(
                    "SELECT severity, sheet, cell, code, message FROM f WHERE n=? ORDER BY seq", (r["n"],))])
        return yoy
    except sqlite3.Error as exc:
        raise history.problem(exc, db) from None


def _run(inputs, out, csv, db, con, tasks, problems, jobs, progress) -> Result:
    from . import tables
    from .workbook import write_workbook

    jobs = jobs or os.cpu_count() or 1
    unreadable = [(Path(p.path).name, "", p.reason) for p in problems if not p.note]
    notes = [(Path(p.path).name, "", p.reason) for p in problems if p.note]
    files = len({t.path for t in tasks} | {p.path for p in problems})
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="vetqa-consolidate-") as tmp:
        spill = sqlite3.connect(os.path.join(tmp, "findings.sqlite"))
        spill.execute("CREATE TABLE f (n INTEGER, seq INTEGER, severity, sheet, cell, code, message)")
        for n, res in enumerate(_progress(_results(tasks, jobs), len(tasks), progress)):
            if res["reason"]:
                unreadable.append((res["file"], res["message"], res["reason"]))
                continue
            row = {**res["row"], "file": res["file"], "message": res["message"],
                   "sha256": res["sha256"], "file_time": res["file_time"], "n": n}
            rows.append(row)
            spill.executemany("INSERT INTO f VALUES (?,?,?,?,?,?,?)",
                              [(n, i, *f) for i, f in enumerate(res["findings"])])
        spill.execute("CREATE INDEX fn ON f (n, seq)")
        winners, others = tables.resolve_duplicates(rows)
        df = tables.colleges(winners)
        totals = tables.province_totals(df)
        yoy = _store_history(con, db, winners, spill) if con is not None else None
        by_n = {r["n"]: r for r in rows}
        order = sorted(by_n.values(), key=lambda r: (str(r.get("school_code") or ""), r["file"]))
        rank = {r["n"]: i for i, r in enumerate(order)}

        spill.execute("CREATE TABLE rank (n INTEGER PRIMARY KEY, r INTEGER)")
        spill.executemany("INSERT INTO rank VALUES (?,?)", rank.items())

        def findings():  # streamed from the spill file in the sheet's order
            cur = spill.execute("SELECT f.n, severity, sheet, cell, code, message FROM f "
                                "JOIN rank USING (n) ORDER BY rank.r, f.seq")
            for n, sev, sheet, cell, code, msg in cur:
                r = by_n[n]
                yield (r.get("school_code"), r.get("school_name"), r["file"], SEVERITY_TH.get(sev, sev),
                       sheet, cell, code, msg)

        unreadable.sort()
        year, latest = tables.latest_year(df)
        write_workbook(out, df, totals, tables.ratio_distribution(latest), findings(),
                       sorted(unreadable + notes),
                       sorted(others, key=lambda r: (str(r.get("school_code")), r["file"])), yoy, year)
        spill.close()
    if csv:
        tables.write_csv(df, csv)
    return Result(out, files, len(df), unreadable, len(others), len(yoy or []),
                  Path(csv) if csv else None, Path(db) if db else None, len(tasks), notes)

