"""The benchmark suite: vetqa-xl beside its baselines, in the same run, as ratios.

    python bench/run.py                  # 5 runs each, a table
    python bench/run.py --quick --json   # 3 runs (1 for the XL report), one JSON object
    python bench/run.py --parts check --sizes L XL --shapes full programmes   # check, 2 shapes

Every command runs in a fresh process, as a user runs it, so start-up and imports count. The
vetqa-xl commands (and the baselines, with the same interpreter) run from bench/.venv-bench, a
venv with a regular, non-editable install of this working tree, as users have it: an editable
install adds its own import hook to every start and is no user's cost. The venv is made on the
first run and the package reinstalled whenever its source changes (a hash of it).
The commands of one comparison run interleaved (A B C, A B C, ...) so that load from other
processes on the machine hits all of them alike; times are medians, peaks are the largest
resident set (ru_maxrss of the process, from os.wait4) over the runs. The workbooks come from
bench/generate.py (cached in bench/.data): `check` runs on every shape asked for (--shapes), the
other parts on today's ("sample"). Budgets are in docs/performance.md; this script
reports, it does not fail.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import SHAPES, SIZES, cell_count, workbook  # noqa: E402

from vetqa_xl import api  # noqa: E402
from vetqa_xl.form import FORM  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENV = ROOT / "bench" / ".venv-bench"
BIN = BENCH_VENV / ("Scripts" if os.name == "nt" else "bin")
PY = str(BIN / "python")
VETQA = [str(BIN / "vetqa-xl")]  # the console script pip writes, as users run it
CALAMINE_ALL = ("from python_calamine import CalamineWorkbook; import sys; "
                "b = CalamineWorkbook.from_path(sys.argv[1]); "
                "[b.get_sheet_by_name(n).to_python() for n in b.sheet_names]")
# the sheets the checker reads: the form's data sheets and its meta sheet
CALAMINE_FORM = ("from python_calamine import CalamineWorkbook; import sys; "
                 "b = CalamineWorkbook.from_path(sys.argv[1]); "
                 "[b.get_sheet_by_name(n).to_python() for n in sys.argv[2:]]")
# the floor of any checker in Python: the same read, then each cell of the form's sheets
# touched once by the interpreter (a loop that does nothing with it)
CALAMINE_TOUCH = ("from python_calamine import CalamineWorkbook; import sys; "
                  "b = CalamineWorkbook.from_path(sys.argv[1]); "
                  "g = {n: b.get_sheet_by_name(n).to_python() for n in b.sheet_names}\n"
                  "for n in sys.argv[2:]:\n"
                  " for row in g.get(n, ()):\n"
                  "  for v in row: pass")
OPENPYXL_RO = ("import openpyxl, sys; wb = openpyxl.load_workbook(sys.argv[1], read_only=True); "
               "[list(ws.iter_rows(values_only=True)) for ws in wb.worksheets]")
OPENPYXL_SAVE = ("import openpyxl, sys; wb = openpyxl.load_workbook(sys.argv[1]); "
                 "wb.save(sys.argv[2])")
# python -c puts the current folder first on sys.path: run from the repository, a script that
# imports vetqa_xl would get the source tree (compiled on every run where PYTHONDONTWRITEBYTECODE
# is set, as in this project's sandbox: ~10 ms of every start) instead of the install users have. Every
# such script starts with this.
INSTALLED = "import sys; del sys.path[0]\n"
IN_PROCESS = INSTALLED + """
import sys, time
t = time.perf_counter()
from vetqa_xl import api
imported = time.perf_counter() - t
times = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    api.check(sys.argv[1])
    times.append(time.perf_counter() - t)
print(imported, *times)
"""
# In one process, in turn: the floor (calamine reads the form's sheets, the interpreter touches
# each cell once) and api.check; CPU time (process_time), so that other processes' load
# counts less. Prints the cells, then the floor's and check's times of each round.
PER_CELL = INSTALLED + """
import sys, time
from python_calamine import CalamineWorkbook
from vetqa_xl import api
path, rounds, sheets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def floor():
    b = CalamineWorkbook.from_path(path)
    n = 0
    for name in sheets:
        if name in b.sheet_names:
            for row in b.get_sheet_by_name(name).to_python(skip_empty_area=False):
                for v in row:
                    n += 1
    return n
def read_all():
    b = CalamineWorkbook.from_path(path)
    for name in b.sheet_names:
        b.get_sheet_by_name(name).to_python()
cells = floor()
api.check(path)
out = [cells]
for _ in range(rounds):
    t = time.process_time(); floor(); out.append(time.process_time() - t)
    t = time.process_time(); api.check(path); out.append(time.process_time() - t)
    t = time.process_time(); read_all(); out.append(time.process_time() - t)
print(*out)
"""
PARTS = ("check", "in-process", "per-cell", "report", "fix", "consolidate")
FORM_SHEETS = [s.name for s in FORM.data_sheets] + [FORM.sheet("meta").name]


GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def _source_hash() -> str:
    """A hash of what goes into the package: its modules, data files and build metadata."""
    h = hashlib.sha256()
    files = [ROOT / "pyproject.toml", *sorted((ROOT / "vetqa_xl").rglob("*")),
             *sorted((ROOT / "macros").rglob("*"))]
    for f in files:
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def install_bench_venv(say=print) -> None:
    """bench/.venv-bench with this working tree installed as users install it (a wheel, byte
    compiled by pip). Its dependencies are installed once; the package again when it changed."""
    stamp = BENCH_VENV / "vetqa_xl.sha256"
    digest = _source_hash()
    if stamp.exists() and stamp.read_text() == digest:
        return
    fresh = not Path(PY).exists()
    if fresh:
        say(f"making {BENCH_VENV} ...")
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
    say("installing vetqa_xl (not editable) into it ...")
    with tempfile.TemporaryDirectory() as d:
        # from a clean copy: setuptools' build/ folder in the tree could carry deleted modules
        src = Path(d) / "src"
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for name in ("vetqa_xl", "macros"):
            shutil.copytree(ROOT / name, src / name, ignore=ignore)
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, src / name)
        extra = [] if fresh else ["--no-deps", "--force-reinstall"]
        subprocess.run([PY, "-m", "pip", "install", "-q", *extra, str(src)], check=True,
                       stdout=subprocess.DEVNULL)
    stamp.write_text(digest)


def run(cmd: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of one process.

    The peak comes from GNU time when it is installed: Linux carries the peak of the parent's
    memory into a child's ru_maxrss at exec, so os.wait4 alone would report at least the size
    of this script (tens of MB); under GNU time, the floor is GNU time's own 2 MB."""
    with tempfile.NamedTemporaryFile("r") as peak:
        full = [GNU_TIME, "-f", "%M", "-o", peak.name, *cmd] if GNU_TIME else cmd
        t = time.perf_counter()
        proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        kib = int(peak.read().split()[-1]) if GNU_TIME else usage.ru_maxrss
    return seconds, kib / 1024, proc.returncode


def interleaved(commands: dict[str, list[str]], runs: int, ok=lambda name, rc: True) -> dict:
    """{name: {"s": median seconds, "mb": peak MB}} of commands run in turn, ``runs`` rounds."""
    seen = {name: ([], []) for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            s, mb, rc = run(cmd)
            if not ok(name, rc):
                raise SystemExit(f"{name} failed (exit {rc}): {' '.join(cmd)}")
            seen[name][0].append(s)
            seen[name][1].append(mb)
    return {name: {"s": round(statistics.median(t), 3), "mb": round(max(m), 1)}
            for name, (t, m) in seen.items()}


def ratio(a: dict, b: dict) -> float:
    return round(a["s"] / b["s"], 2)


def bench_check(path: Path, runs: int, cells: int, openpyxl: bool = True) -> dict:
    """check beside the bare reads, interleaved. ``cells``: the cells of the form's sheets, for
    the cost per cell above the read and above the floor (the read plus one touch per cell)."""
    cmds = {
        "check": [*VETQA, "check", "--json", str(path)],
        "calamine_all_sheets": [PY, "-c", CALAMINE_ALL, str(path)],
        "calamine_form_sheets": [PY, "-c", CALAMINE_FORM, str(path), *FORM_SHEETS],
        "calamine_touch_each_cell": [PY, "-c", CALAMINE_TOUCH, str(path), *FORM_SHEETS],
        "python_start": [PY, "-c", "pass"],
    }
    if openpyxl:
        cmds["openpyxl_read_only"] = [PY, "-c", OPENPYXL_RO, str(path)]
    run(cmds["check"])  # the file into the page cache
    got = interleaved(cmds, runs, ok=lambda name, rc: rc in (0, 1))
    got["ratio_check_vs_calamine_all"] = ratio(got["check"], got["calamine_all_sheets"])
    got["ratio_check_vs_calamine_form"] = ratio(got["check"], got["calamine_form_sheets"])
    got["ratio_check_vs_floor"] = ratio(got["check"], got["calamine_touch_each_cell"])
    if openpyxl:
        got["ratio_check_vs_openpyxl_ro"] = ratio(got["check"], got["openpyxl_read_only"])
    # microseconds per cell of the form's sheets: check above the read of all sheets, and
    # above the floor (both include check's imports and start-up, a fixed cost)
    above = {"us_per_cell_above_calamine_all": got["calamine_all_sheets"]["s"],
             "us_per_cell_above_floor": got["calamine_touch_each_cell"]["s"]}
    for key, base in above.items():
        got[key] = round((got["check"]["s"] - base) / cells * 1e6, 3)
    return got


def bench_in_process(path: Path, runs: int) -> dict:
    """api.check(path) in one process: the import, the first call and the median of the rest."""
    out = subprocess.run([PY, "-c", IN_PROCESS, str(path), str(max(runs, 3))],
                         check=True, capture_output=True, text=True).stdout.split()
    imported, first, *warm = map(float, out)
    return {"import_api_s": round(imported, 3), "first_check_s": round(first, 3),
            "warm_check_s": round(statistics.median(warm), 3)}


def bench_per_cell(path: Path, runs: int) -> dict:
    """In process, CPU time: api.check against the floor of any checker in Python (the read of
    the form's sheets and one touch of each cell), and check's cost per cell above it; and
    against the read of all sheets (the budget's baseline), interleaved. The package vetting
    (readers/package.py) runs once per file version in a process: these rounds leave it out."""
    out = subprocess.run([PY, "-c", PER_CELL, str(path), str(max(runs, 3)), *FORM_SHEETS],
                         check=True, capture_output=True, text=True).stdout.split()
    cells, times = int(out[0]), list(map(float, out[1:]))
    floor, check, read_all = (statistics.median(times[i::3]) for i in range(3))
    return {"cells_read": cells, "floor_cpu_s": round(floor, 3), "check_cpu_s": round(check, 3),
            "calamine_all_cpu_s": round(read_all, 3),
            "ratio_check_vs_calamine_all_cpu": round(check / read_all, 2),
            "ratio_check_vs_floor": round(check / floor, 2),
            "ns_per_cell_floor": round(floor / cells * 1e9), "ns_per_cell_check": round(check / cells * 1e9),
            "ns_per_cell_above_floor": round((check - floor) / cells * 1e9)}


def bench_importtime(path: Path) -> dict:
    """Cumulative import time (ms) of the heaviest modules of `vetqa-xl check`."""
    err = subprocess.run([PY, "-X", "importtime", str(BIN / "vetqa-xl"), "check", "--json", str(path)],
                         capture_output=True, text=True).stderr
    cumulative: dict[str, float] = {}
    for line in err.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m and len(m[3]) <= 2:  # top-level imports only
            cumulative[m[4]] = cumulative.get(m[4], 0) + int(m[2]) / 1000
    top = sorted(cumulative.items(), key=lambda kv: -kv[1])[:8]
    heavy = [name for name in ("openpyxl", "pandas", "numpy", "xlwings") if name in err]
    return {"top_ms": {k: round(v, 1) for k, v in top},
            "total_ms": round(sum(cumulative.values()), 1), "heavy_imported": heavy}


def bench_report(path: Path, runs: int, tmp: Path) -> dict:
    out_report, out_openpyxl = tmp / f"report-{path.name}", tmp / f"openpyxl-{path.name}"
    cmds = {
        "report": [*VETQA, "report", str(path), "-o", str(out_report)],
        "openpyxl_load_save": [PY, "-c", OPENPYXL_SAVE, str(path), str(out_openpyxl)],
    }

    def ok(name, rc):
        out_report.unlink(missing_ok=True)  # report never overwrites: clear for the next run
        return rc == 0

    got = interleaved(cmds, runs, ok)
    got["ratio_report_vs_openpyxl"] = ratio(got["report"], got["openpyxl_load_save"])
    return got


def bench_fix(path: Path, runs: int, tmp: Path) -> dict:
    if not hasattr(api, "fix"):
        return {"skipped": "vetqa_xl.api.fix does not exist on this branch"}
    out = tmp / f"fixed-{path.name}"
    cmds = {
        "fix": [PY, "-c", INSTALLED + "from vetqa_xl import api; api.fix(sys.argv[1], sys.argv[2])",
                str(path), str(out)],
        "openpyxl_load_save": [PY, "-c", OPENPYXL_SAVE, str(path), str(tmp / "openpyxl-fix.xlsx")],
    }

    def ok(name, rc):
        out.unlink(missing_ok=True)
        return rc == 0

    got = interleaved(cmds, runs, ok)
    got["ratio_fix_vs_openpyxl"] = ratio(got["fix"], got["openpyxl_load_save"])
    return got


def bench_consolidate(path: Path, n: int, tmp: Path) -> dict:
    """1,000 copies of the M workbook: api.consolidate against a parallel bare calamine read.

    The peak is the largest sum of the resident sets of the whole process tree (psutil)."""
    if not hasattr(api, "consolidate"):
        return {"skipped": "vetqa_xl.api.consolidate does not exist on this branch"}
    import psutil

    folder = tmp / "consolidate"
    folder.mkdir(exist_ok=True)
    for i in range(n):
        shutil.copyfile(path, folder / f"college-{i:04d}.xlsx")
    bare = ("import sys, glob; from concurrent.futures import ProcessPoolExecutor as P; "
            "from python_calamine import CalamineWorkbook as W\n"
            "def read(p):\n b = W.from_path(p)\n return [len(b.get_sheet_by_name(n).to_python()) "
            "for n in b.sheet_names]\n"
            "if __name__ == '__main__':\n with P() as p: list(p.map(read, "
            "sorted(glob.glob(sys.argv[1] + '/*.xlsx')), chunksize=16))")
    cmds = {
        "consolidate": [PY, "-c", INSTALLED + "from vetqa_xl import api; "
                        "api.consolidate([sys.argv[1]], sys.argv[2])", str(folder),
                        str(tmp / "consolidated.xlsx")],
        "calamine_parallel": [PY, "-c", bare, str(folder)],
    }
    got = {}
    for name, cmd in cmds.items():
        t = time.perf_counter()
        proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        while proc.poll() is None:
            try:
                tree = [proc, *proc.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.05)
        got[name] = {"s": round(time.perf_counter() - t, 3), "mb_all_processes": round(peak / 2**20, 1),
                     "exit": proc.returncode}
        (tmp / "consolidated.xlsx").unlink(missing_ok=True)
    got["ratio_consolidate_vs_parallel_read"] = ratio(got["consolidate"], got["calamine_parallel"])
    return got


def machine() -> dict:
    return {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "python": platform.python_version(),
            "platform": platform.platform(), "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 runs each, 1 for the XL report")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--runs", type=int, help="runs per command (default 5, --quick 3)")
    ap.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    ap.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES),
                    help="the workbook shapes `check` runs on (the other parts: sample only)")
    ap.add_argument("--parts", nargs="+", default=list(PARTS), choices=list(PARTS))
    ap.add_argument("--consolidate-files", type=int, default=1000)
    ap.add_argument("--files", nargs="+", type=Path, default=[],
                    help="other workbooks (a hold-out kept outside the project): check and, with "
                         "per-cell in --parts, the cost per cell, measured as on the shapes")
    args = ap.parse_args(argv)
    runs = args.runs or (3 if args.quick else 5)
    say = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else print
    result = {"machine": machine(), "runs": runs, "sizes": {}}
    # pip byte-compiles the installed package, as it does for users (PYTHONDONTWRITEBYTECODE,
    # set on this project's machines, would otherwise make every run compile an editable tree).
    install_bench_venv(say)
    paths = {size: workbook(size) for size in args.sizes}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for size, path in paths.items():
            say(f"{size}: {path.name} ...")
            cells = cell_count(path)
            result["sizes"][size] = {"kib": round(path.stat().st_size / 1024), "cells": cells}
            if "check" in args.parts and "sample" in args.shapes:
                result["sizes"][size]["check"] = bench_check(path, runs, cells)
        for shape in (s for s in args.shapes if s != "sample") if "check" in args.parts else ():
            for size in args.sizes:
                path = workbook(size, shape=shape)
                say(f"{shape} {size}: {path.name} ...")
                cells = cell_count(path)
                result.setdefault("shapes", {}).setdefault(shape, {})[size] = {
                    "kib": round(path.stat().st_size / 1024), "cells": cells,
                    "check": bench_check(path, runs, cells, openpyxl=False)}
        for path in args.files:
            say(f"{path.name} ...")
            cells = cell_count(path)
            got = result.setdefault("files", {})[str(path)] = {
                "kib": round(path.stat().st_size / 1024), "cells": cells}
            if "check" in args.parts:
                got["check"] = bench_check(path, runs, cells, openpyxl=False)
            if "per-cell" in args.parts:
                got["per_cell"] = bench_per_cell(path, runs)
        if "L" in paths and "XL" in paths and "check" in args.parts and "sample" in args.shapes:
            L, XL = result["sizes"]["L"], result["sizes"]["XL"]
            cells = XL["cells"] / L["cells"]
            whole = XL["check"]["check"]["s"] / L["check"]["check"]["s"]
            say("in-process check of L and XL ...")
            inner = bench_in_process(paths["XL"], runs)["warm_check_s"] / \
                bench_in_process(paths["L"], runs)["warm_check_s"]
            result["growth_xl_over_l"] = {
                "cell_ratio": round(cells, 2),
                "check_time_ratio": round(whole, 2),  # whole process: the budget line
                "ratio_of_ratios": round(whole / cells, 2),
                "in_process_time_ratio": round(inner, 2),  # without start-up and imports
                "in_process_ratio_of_ratios": round(inner / cells, 2)}
        if "per-cell" in args.parts:
            for shape in args.shapes:
                for size in args.sizes:
                    say(f"per cell, in process: {shape} {size} ...")
                    result.setdefault("per_cell", {}).setdefault(shape, {})[size] = \
                        bench_per_cell(workbook(size, shape=shape), runs)
        if "M" in paths and "in-process" in args.parts:
            say("in-process check of M ...")
            result["in_process_check_M"] = bench_in_process(paths["M"], runs)
            result["importtime_check"] = bench_importtime(paths["M"])
        for size in ("L", "XL"):
            if size in paths and "report" in args.parts:
                say(f"report {size} ...")
                n = 1 if (args.quick and size == "XL") else runs
                result["sizes"][size]["report"] = bench_report(paths[size], n, tmp)
        if "L" in paths and "fix" in args.parts:
            say("fix L ...")
            result["fix_L"] = bench_fix(paths["L"], runs, tmp)
        if "M" in paths and "consolidate" in args.parts:
            say("consolidate ...")
            result["consolidate"] = bench_consolidate(paths["M"], args.consolidate_files, tmp)
    result["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_table(result)
    return result


def print_table(result: dict) -> None:
    m = result["machine"]
    print(f"{m['date']} · Python {m['python']} · {m['cpus']} CPUs · load {m['load_average']} · "
          f"{result['runs']} runs, medians")
    print(f"{'what':34} {'size':>4} {'vetqa-xl s':>10} {'MB':>6} {'baseline':22} {'s':>7} {'MB':>6} {'ratio':>6}")
    for size, r in result["sizes"].items():
        c = r.get("check", {})
        _check_lines("check --json", size, c)
        if "report" in r:
            p = r["report"]
            print(f"{'report':34} {size:>4} {p['report']['s']:10.3f} {p['report']['mb']:6.0f} "
                  f"{'openpyxl load+save':22} {p['openpyxl_load_save']['s']:7.3f} "
                  f"{p['openpyxl_load_save']['mb']:6.0f} {p['ratio_report_vs_openpyxl']:6.2f}")
    for shape, by_size in result.get("shapes", {}).items():
        for size, r in by_size.items():
            _check_lines(f"check --json ({shape})", size, r["check"])
    for path, r in result.get("files", {}).items():
        if "check" in r:
            _check_lines(f"check --json ({Path(path).name})"[:34], "", r["check"])
    per_cell = [(f"{shape}, {size}", r) for shape, by_size in result.get("per_cell", {}).items()
                for size, r in by_size.items()]
    per_cell += [(Path(path).name, r["per_cell"]) for path, r in result.get("files", {}).items()
                 if "per_cell" in r]
    for what, r in per_cell:
        print(f"per cell, in process ({what}): check {r['ns_per_cell_check']} ns, floor "
              f"{r['ns_per_cell_floor']} ns, above the floor {r['ns_per_cell_above_floor']} ns "
              f"({r['ratio_check_vs_floor']}×); CPU {r['check_cpu_s']} s against the read of all "
              f"sheets {r['calamine_all_cpu_s']} s ({r['ratio_check_vs_calamine_all_cpu']}×)")
    for key in ("growth_xl_over_l", "in_process_check_M", "importtime_check", "fix_L", "consolidate"):
        if key in result:
            print(f"{key}: {json.dumps(result[key], ensure_ascii=False)}")



def _check_lines(what: str, size: str, c: dict) -> None:
    for base, key in (("calamine all sheets", "calamine_all_sheets"),
                      ("calamine form sheets", "calamine_form_sheets"),
                      ("floor: read + touch", "calamine_touch_each_cell"),
                      ("openpyxl read-only", "openpyxl_read_only")):
        if key in c:
            print(f"{what:34} {size:>4} {c['check']['s']:10.3f} {c['check']['mb']:6.0f} "
                  f"{base:22} {c[key]['s']:7.3f} {c[key]['mb']:6.0f} {ratio(c['check'], c[key]):6.2f}")
    if "us_per_cell_above_floor" in c:
        print(f"{'':34} {'':>4} µs per cell above the read of all sheets "
              f"{c['us_per_cell_above_calamine_all']}, above the floor {c['us_per_cell_above_floor']}")


if __name__ == "__main__":
    main()
