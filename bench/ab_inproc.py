"""Two checkouts side by side, in process, CPU: `check` against calamine's read of all sheets.

    python bench/ab_inproc.py --rounds 5 --a /work/main/.venv/bin/python \
        --b .venv/bin/python FILE.xlsx ...

Each round runs one process per interpreter (A, B, A, B ...: load from other processes hits
both alike). A process imports vetqa_xl, checks the file once, then three times measures with
time.process_time: calamine's read of all sheets (the bare read), `api.check` with the package
vetting cached (what bench/run.py's per-cell part measures) and `api.check` with the vetting
cleared (what a user's process pays). Medians over the rounds of each process's medians, and
the ratios to the bare read. One JSON object on stdout; progress on stderr.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

WORKER = """
import json, statistics, sys, time
from python_calamine import CalamineWorkbook
from vetqa_xl import api
from vetqa_xl.readers import package
path = sys.argv[1]
api.check(path)
got = {"read": [], "check": [], "check_vetted": []}
for _ in range(3):
    t = time.process_time()
    book = CalamineWorkbook.from_path(path)
    [book.get_sheet_by_name(s).to_python() for s in book.sheet_names]
    got["read"].append(time.process_time() - t)
    t = time.process_time()
    api.check(path)
    got["check"].append(time.process_time() - t)
    if hasattr(package, "_VETTED"):  # since the vetting streams a sheet at a time
        package._VETTED.clear()
    else:
        package._vetted.cache_clear()
        getattr(package, "_WHOLE").clear()
    t = time.process_time()
    api.check(path)
    got["check_vetted"].append(time.process_time() - t)
print(json.dumps({k: statistics.median(v) for k, v in got.items()}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--a", required=True, help="interpreter of the baseline checkout")
    ap.add_argument("--b", required=True, help="interpreter of the checkout measured")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    out: dict = {"load_start": os.getloadavg()}
    for path in args.files:
        runs: dict[str, list[dict]] = {"a": [], "b": []}
        for _ in range(args.rounds):
            for side in ("a", "b"):
                python = os.path.abspath(getattr(args, side))  # a venv's link, not its target
                done = subprocess.run([python, "-c", WORKER, os.path.abspath(path)], capture_output=True,
                                      text=True, cwd="/", check=True)
                runs[side].append(json.loads(done.stdout))
        row = {}
        for side, got in runs.items():
            med = {k: round(statistics.median(r[k] for r in got), 3) for k in got[0]}
            med["ratio"] = round(med["check"] / med["read"], 2)
            med["ratio_vetted"] = round(med["check_vetted"] / med["read"], 2)
            row[side] = med
        out[os.path.basename(path)] = row
        print(os.path.basename(path), json.dumps(row), file=sys.stderr, flush=True)
    out["load_end"] = os.getloadavg()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
