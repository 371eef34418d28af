"""Two versions of vetqa_xl side by side: ``check --json FILE`` of each, in fresh processes,
interleaved with the bare python-calamine read of all sheets (the baseline of issue 24), so that
the machine's drift falls on all three alike. Medians of ``--rounds``; the ratio to the read.

A version is a git revision (its vetqa_xl/ unpacked and byte-compiled in a temporary folder) or
a folder holding vetqa_xl/ (the working tree: ``.``). Each runs from the same interpreter, by
default the benchmark's install (bench/.venv-bench, made by bench/run.py), with the version
first on PYTHONPATH: the same interpreter, site-packages and start-up for both (``python -m
vetqa_xl``, which imports runpy: ~3 ms more than the console script bench/run.py times).

    .venv/bin/python bench/ab_wall.py --a ceba53d --b HEAD --rounds 11 /tmp/holdout5-XL.xlsx ...

Only the difference between A and B within one run is evidence of a change: the same file
measured in two runs may differ by 10 ms at L on a machine whose speed drifts
(docs/performance.md).
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_PY = ROOT / "bench" / ".venv-bench" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
READ = ("import sys\nfrom python_calamine import CalamineWorkbook\nb = CalamineWorkbook.from_path(sys.argv[1])\n"
        "[b.get_sheet_by_name(n).to_python() for n in b.sheet_names]")


def unpacked(version: str, into: Path) -> Path:
    """A folder whose vetqa_xl/ is ``version``'s, byte-compiled as pip compiles an install."""
    if (Path(version) / "vetqa_xl").is_dir():
        tree = Path(version).resolve()
    else:
        tree = into / version.replace("/", "_")
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", version, "vetqa_xl"], check=True,
                                 capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:  # our own repository's files
            tar.extractall(tree, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "vetqa_xl")], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return tree


def wall(cmd: list[str], tree: Path | None) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, cwd=tempfile.gettempdir(), env=env)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):  # check: 1 when the workbook has errors; else it failed
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}")
    return took


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="check --json of two versions of vetqa_xl, beside the bare read")
    parser.add_argument("--a", required=True, help="a git revision, or a folder holding vetqa_xl/")
    parser.add_argument("--b", required=True, help="the same, the version compared with A")
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--python", default=str(BENCH_PY) if BENCH_PY.exists() else sys.executable)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"A": unpacked(args.a, Path(tmp)), "B": unpacked(args.b, Path(tmp))}
        print(f"A {args.a}, B {args.b}; {args.rounds} rounds, medians; {args.python}")
        for path in args.files:
            check = [args.python, "-m", "vetqa_xl", "check", "--json", str(path.resolve())]
            times: dict[str, list[float]] = {"read": [], "A": [], "B": []}
            wall(check, trees["A"])  # the file into the page cache
            for _ in range(args.rounds):
                times["read"].append(wall([args.python, "-c", READ, str(path.resolve())], None))
                for name, tree in trees.items():
                    times[name].append(wall(check, tree))
            read, a, b = (statistics.median(times[k]) for k in ("read", "A", "B"))
            print(f"{path.name:34s} read {read:.3f} s  A {a:.3f} s ({a / read:.2f}x)  "
                  f"B {b:.3f} s ({b / read:.2f}x)  B-A {1000 * (b - a):+.1f} ms", flush=True)


if __name__ == "__main__":
    main()
