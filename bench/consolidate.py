"""Benchmark: `vetqa-xl consolidate` on N generated M-size workbooks beside a bare parallel
python-calamine read of the same files, in the same run.

    python bench/consolidate.py --n 1000 --jobs 2 --dir /tmp/vetqa-bench

M-size = 30 programmes, 100 experts, 60 projects, 300 activities. A few distinct workbooks are
written with the template filler; the others are copies whose school code and name are
replaced in the sheet XML (distinct colleges, distinct bytes). Time is wall-clock; memory is
the peak, over the run, of the summed PSS (proportional set size: shared pages split between
the processes that share them) of the measured process and all its children, sampled every
20 ms from /proc (Linux). Standalone for now (bench/run.py is another issue's).
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE = r"""
import sys
from multiprocessing import Pool
from pathlib import Path
from python_calamine import CalamineWorkbook

def read(path):
    book = CalamineWorkbook.from_path(path)
    return sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)

if __name__ == "__main__":
    files = sorted(str(p) for p in Path(sys.argv[1]).glob("*.xlsx"))
    with Pool(int(sys.argv[2])) as pool:
        rows = sum(pool.imap_unordered(read, files, chunksize=1))
    print(len(files), "files", rows, "rows")
"""


def m_size(variant: int) -> dict:
    """A college with 30 programmes, 100 experts, 60 projects and 300 activities."""
    from tests.helpers import base

    D = dt.datetime
    d = base()
    levels = ("ปวช.", "ปวส.")
    progs = [{"ระดับ": levels[i % 2], "ประเภทวิชา": "อุตสาหกรรม", "สาขาวิชา": f"สาขาวิชา {i // 2}",
              "สาขางาน": f"สาขางาน {i}", "จำนวนผู้เรียน": 40,
              "จัดการเรียนการสอนระบบทวิภาคี": "ใช่" if (i + variant) % 3 else "ไม่ใช่",
              "จำนวนผู้เรียนระบบทวิภาคี": 10} for i in range(30)]
    d["สาขางาน"] = progs
    d["1 สถานประกอบการ"] = [{**d["1 สถานประกอบการ"][0], "ระดับ": progs[0]["ระดับ"], "สาขางาน": progs[0]["สาขางาน"]}]
    d["2 โครงการระดมทรัพยากร"] = [
        {"ชื่อโครงการหรือกิจกรรม": f"โครงการ {i}", "ระดับ": progs[i % 30]["ระดับ"], "สาขางาน": progs[i % 30]["สาขางาน"],
         "แหล่งทรัพยากร": f"บริษัท {i}", "ในประเทศหรือต่างประเทศ": "ในประเทศ", "ประเภททรัพยากร": "ครุภัณฑ์",
         "มูลค่า (บาท)": 1000 * i, "วันที่": D(2025, 7, 1 + i % 28)} for i in range(60)]
    covered = 24 + variant % 6  # 24..29 of 30 programmes
    d["2 ครูพิเศษ"] = [
        {"ชื่อ-สกุล": f"ผู้เชี่ยวชาญ {i}", "ประเภท": "ครูผู้เชี่ยวชาญ", "ในประเทศหรือต่างประเทศ": "ในประเทศ",
         "ระดับ": progs[i % covered]["ระดับ"], "สาขางาน": progs[i % covered]["สาขางาน"],
         "วันที่": D(2025, 10, 1 + i % 28), "จำนวนชั่วโมง": 6} for i in range(100)]
    types = ("บริการชุมชน", "บริการวิชาการ", "บริการวิชาชีพ", "จิตอาสา")
    d["3 กิจกรรม"] = [
        {"ชื่อกิจกรรม": f"กิจกรรม {i}", "ประเภทกิจกรรม": types[i % 4], "วันที่เริ่ม": D(2025, 6 + i % 6, 1 + i % 28),
         "วันที่สิ้นสุด": D(2025, 6 + i % 6, 1 + i % 28), "สถานที่หรือชุมชน": "ชุมชน", "จำนวนผู้บริหาร": 1,
         "จำนวนครู": 3, "จำนวนบุคลากรทางการศึกษา": 2, "จำนวนผู้เรียน": 20, "จำนวนผู้รับบริการ": 50}
        for i in range(300)]
    return d


def clone(src: bytes, code: str) -> bytes:
    """The workbook for another college: school code and name replaced in the sheet XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/") and b">1370076101<" in data:
                data = data.replace(b">1370076101<", f">{code}<".encode()).replace(
                    "วิทยาลัยเทคนิคทดสอบ".encode(), f"วิทยาลัย {code}".encode())
            zout.writestr(info.filename, data)
    return out.getvalue()


def generate(folder: Path, n: int, variants: int = 6) -> None:
    from vetqa_xl.writers.fill import write_filled

    folder.mkdir(parents=True, exist_ok=True)
    have = len(list(folder.glob("*.xlsx")))
    if have >= n:
        return
    t = time.perf_counter()
    src = [write_filled(folder.parent / f"variant{v}.xlsx", m_size(v)).read_bytes() for v in range(variants)]
    for i in range(n):
        (folder / f"{1300000000 + i}.xlsx").write_bytes(clone(src[i % variants], str(1300000000 + i)))
    print(f"generated {n} workbooks in {time.perf_counter() - t:.1f} s "
          f"({sum(p.stat().st_size for p in folder.glob('*.xlsx')) / 1e6:.0f} MB)", file=sys.stderr)


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(cmd: list[str]) -> tuple[float, float, float, str]:
    """(wall s, CPU s, peak summed PSS in MB, last line of stdout) of a command and its children.

    CPU time (user + system of the command and every process it waited for) is the fairer
    figure on a shared machine: wall time also counts the time other users had the cores."""
    import resource

    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_pss_kb(p) for p in _tree(proc.pid)))
            time.sleep(0.02)

    th = threading.Thread(target=sample)
    th.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    done.set()
    th.join()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed: {err[-2000:]}")
    return wall, cpu, peak / 1024, (out.strip().splitlines() or [""])[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--dir", type=Path, default=Path("/tmp/vetqa-bench"))
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    folder = args.dir / f"m{args.n}"
    generate(folder, args.n)
    py = sys.executable
    out = args.dir / "consolidated.xlsx"
    commands = {
        "python-calamine read (baseline)": [py, "-c", BASELINE, str(folder), str(args.jobs)],
        "vetqa-xl consolidate": [py, "-m", "vetqa_xl", "consolidate", str(folder), "-o", str(out),
                                 "--csv", str(args.dir / "consolidated.csv"), "--jobs", str(args.jobs)],
    }
    runs: dict[str, list] = {k: [] for k in commands}
    for _ in range(args.rounds):  # alternated, so both see the same shared machine
        for name, cmd in commands.items():
            runs[name].append(measure(cmd))
            print(name, "wall {:.1f} s, CPU {:.1f} s, peak {:.0f} MB".format(*runs[name][-1][:3]), file=sys.stderr)
    load = os.getloadavg()
    print(f"{args.n} M-size workbooks, --jobs {args.jobs}, {os.cpu_count()} cores, {args.rounds} alternated "
          f"rounds (best shown), load average {load[0]:.1f} at the end (shared machine)")
    print(f"{'':34}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}")
    best = {}
    for name, rs in runs.items():
        wall, cpu, mem = min(r[0] for r in rs), min(r[1] for r in rs), max(r[2] for r in rs)
        best[name] = (wall, cpu, mem)
        print(f"{name:34}{wall:8.1f}{cpu:8.1f}{mem:9.0f}   {rs[-1][3][:60]}")
    (bw, bc, _), (cw, cc, cm) = best.values()
    print(f"ratio: wall {cw / bw:.2f}×, CPU {cc / bc:.2f}× the baseline (goal ≤ 1.5×); "
          f"peak {cm:.0f} MB (goal ≤ 500)")


if __name__ == "__main__":
    main()
