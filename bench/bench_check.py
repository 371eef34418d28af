"""Benchmark: `vetqa-xl check` on a workbook with 2,000 activities, side by side with a bare
python-calamine read of the same file (the baseline), in the same run.

    python bench/bench_check.py [--activities 2000] [--repeat 7]

Each command runs in a fresh interpreter (as a user runs it), so start-up and imports count.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vetqa_xl.form import ACTIVITY_TYPES, FORM
from vetqa_xl.writers.fill import load_sample, write_filled

BARE = ("from python_calamine import CalamineWorkbook; import sys; "
        "b = CalamineWorkbook.from_path(sys.argv[1]); "
        "[b.get_sheet_by_name(n).to_python() for n in b.sheet_names]")
# the same, on just the sheets the checker reads (the form's data sheets and its meta sheet)
BARE_FORM = ("from python_calamine import CalamineWorkbook; import sys; "
             "b = CalamineWorkbook.from_path(sys.argv[1]); "
             "[b.get_sheet_by_name(n).to_python() for n in sys.argv[2:]]")


def make_workbook(path: Path, n: int) -> Path:
    data = load_sample("college")
    base = data["3 กิจกรรม"][0]
    data["3 กิจกรรม"] = [
        {**base, "ชื่อกิจกรรม": f"กิจกรรมที่ {i + 1}", "ประเภทกิจกรรม": ACTIVITY_TYPES[i % 4],
         "วันที่เริ่ม": (dt.date(2025, 6, 1) + dt.timedelta(days=i % 300)).isoformat(),
         "วันที่สิ้นสุด": (dt.date(2025, 6, 1) + dt.timedelta(days=i % 300)).isoformat()}
        for i in range(n)]
    return write_filled(path, data)


def timed(cmd: list[str], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--activities", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        path = make_workbook(Path(d) / "bench.xlsx", args.activities)
        py = sys.executable
        form_sheets = [s.name for s in FORM.data_sheets] + [FORM.sheet("meta").name]
        rows = {
            "python -c pass (interpreter start)": [py, "-c", "pass"],
            "bare calamine read (all sheets)": [py, "-c", BARE, str(path)],
            "bare calamine read (the form's sheets)": [py, "-c", BARE_FORM, str(path), *form_sheets],
            "vetqa-xl check --json": [py, "-m", "vetqa_xl", "check", "--json", str(path)],
        }
        timed(rows["vetqa-xl check --json"], 1)  # warm the file cache
        print(f"{args.activities} activities, {path.stat().st_size / 1024:.0f} KiB, "
              f"{args.repeat} runs each, fresh interpreter per run")
        print(f"{'command':42} {'median s':>9} {'min s':>7}")
        for name, cmd in rows.items():
            t = timed(cmd, args.repeat)
            print(f"{name:42} {statistics.median(t):9.3f} {min(t):7.3f}")


if __name__ == "__main__":
    main()
