"""Two versions of vetqa_xl side by side: ``check --json FILE`` of each, in fresh processes,
interleaved with the bare python-calamine read of all sheets (the baseline of issue 24), so that
the machine's drift falls on all three alike. Medians of ``--rounds``; the ratio to the read.
The commands run as bench/run.py runs its own (``interleaved``, the same read, the same
interpreter: the benchmark's install in bench/.venv-bench).

A version is a git revision (its vetqa_xl/ unpacked and byte-compiled in a temporary folder) or
a folder holding vetqa_xl/ (the working tree: ``.``), put first on sys.path and run as
``python -m vetqa_xl`` runs (runpy: ~3 ms more than the console script bench/run.py times, for
A and B alike).

    .venv/bin/python bench/ab_wall.py --a ceba53d --b HEAD --rounds 11 /tmp/holdout5-XL.xlsx ...

Only the difference between A and B within one run is evidence of a change: the same file
measured in two runs may differ by 10 ms at L on a machine whose speed drifts
(docs/performance.md).
"""
from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import CALAMINE_ALL, PY, ROOT, install_bench_venv, interleaved, run  # noqa: E402

# `python -m vetqa_xl` with the version's folder (argv[1]) first on sys.path
CHECK = ("import runpy, sys; sys.path.insert(0, sys.argv.pop(1)); "
         "runpy.run_module('vetqa_xl', run_name='__main__', alter_sys=True)")


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="check --json of two versions of vetqa_xl, beside the bare read")
    parser.add_argument("--a", required=True, help="a git revision, or a folder holding vetqa_xl/")
    parser.add_argument("--b", required=True, help="the same, the version compared with A")
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    install_bench_venv()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"A": unpacked(args.a, Path(tmp)), "B": unpacked(args.b, Path(tmp))}
        print(f"A {args.a}, B {args.b}; {args.rounds} rounds, medians; {PY}")
        for path in args.files:
            file = str(path.resolve())
            commands = {"read": [PY, "-c", CALAMINE_ALL, file],
                        **{name: [PY, "-c", CHECK, str(tree), "check", "--json", file]
                           for name, tree in trees.items()}}
            run(commands["A"])  # the file into the page cache
            # check exits 1 when the workbook has errors: any other code is a failure
            got = interleaved(commands, args.rounds, ok=lambda name, rc: rc in (0, 1))
            read, a, b = (got[k]["s"] for k in ("read", "A", "B"))
            print(f"{path.name:34s} read {read:.3f} s  A {a:.3f} s ({a / read:.2f}x)  "
                  f"B {b:.3f} s ({b / read:.2f}x)  B-A {1000 * (b - a):+.1f} ms", flush=True)


if __name__ == "__main__":
    main()
