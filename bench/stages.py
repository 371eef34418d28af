"""Where the wall time of ``vetqa-xl check --json FILE`` goes: the same process cut short at each
stage (``os._exit`` there, as the command itself ends), in fresh processes, interleaved with the
bare python-calamine read of all sheets (the baseline of issue 24), medians of ``--rounds``.

    .venv/bin/python bench/stages.py --rounds 15 /tmp/holdout5-L.xlsx ...

Each stage is the process up to and including it:
  python        the interpreter, and ``re``, which pip's console script imports
  imports       + what vetqa_xl/__main__.py imports before a check (the API, the console)
  vet           + the package vetted (readers/package.py, imported then), nothing parsed
  read          + the workbook read to its IR (api.read: the reader imported, the package
                  vetted, the sheets parsed by calamine; the checker loaded while they parse)
  check         + the checks and the figures (api.check: the same read, then the checks)
  json          + the report written as JSON: the whole command, as the fast path runs it
The difference between two stages is that stage's cost; the last is the command's wall time.
One more line, no stage of the command: the floor of a check that vets with our reader, the
imports that come before the first sheet can be parsed (the ``imports`` stage and the reader's
modules; the checker's load while calamine parses) followed by the bare read of all sheets in
one thread, with no vetting and no check. And a last line: the CPU time of the whole command,
its main thread's and all its threads' (after the timed rounds): the main thread's work is
Python's (calamine parses in threads of its own), and the wall time cannot be below it. And the
critical chain (CHAIN), the other bound of this design: the imports, then what the sheet that
parses longest waits for (the book opened, that sheet vetted), its parse, and the main thread's
work that can begin only after it (its values, IR and cells, check_ir, the JSON), each part timed
alone in a process of its own; the wall time cannot be below their sum either.
The interpreter is the benchmark's install in bench/.venv-bench (bench/run.py).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import CALAMINE_ALL, INSTALLED, PY, install_bench_venv, interleaved, run  # noqa: E402

STAGES = ("python", "imports", "vet", "read", "check", "json")
# argv: the stage's number, the file. The collector is held off and the imports frozen as
# vetqa_xl/__main__.py does for a plain check.
HEAD = INSTALLED + """\
import gc, os, re, sys
stage, file = int(sys.argv[1]), sys.argv[2]
gc.disable()
if stage == 0:
    os._exit(0)
from pathlib import Path
from vetqa_xl import api
from vetqa_xl.console import check_command, run_command
gc.freeze()
"""
STAGE = HEAD + """\
if stage == 1:
    os._exit(0)
if stage == 6:  # the floor: the reader's modules too, then the bare read
    import vetqa_xl.readers.calamine
    from python_calamine import CalamineWorkbook
    b = CalamineWorkbook.from_path(file)
    [b.get_sheet_by_name(n).to_python() for n in b.sheet_names]
elif stage == 2:
    from vetqa_xl.readers.package import vet_package
    vet_package(file)
elif stage == 3:
    api.read(file)
elif stage == 4:
    api.check(file, keep=[])  # what it read left to the end, as the command does
else:
    code = run_command(check_command, Path(file), True, "th", None, [])  # as vetqa_xl/__main__.py
    sys.stdout.flush()
    if stage == 7:  # the CPU of the whole command: this thread's, and all threads' together
        import time
        Path(sys.argv[3]).write_text(f"{time.thread_time()} {time.process_time()}", encoding="utf-8")
    os._exit(code)
os._exit(0)
"""
# The critical chain (HEAD, the imports, then this; its stage number 8): what the longest path
# of a check cannot do without, each part timed in this process with nothing else beside it.
# Written to argv[3]: ms (a) till the book is open (its shared strings parsed, in a thread) and
# the sheet that parses longest is vetted (the package's other parts vetted first, as the reader
# does); (b) that sheet's parse by calamine alone; (c) the main thread's work that can begin
# only after it: its values, IR and cells, then check_ir and the JSON (the other sheets were
# read before, untimed: a reader does them while that sheet parses); then the report's number of
# findings and that sheet's name.
CHAIN = HEAD + """\
import threading, time
from python_calamine import CalamineWorkbook
from vetqa_xl.core import check as ck
from vetqa_xl.core.ir import build_ir, data_sheet, sheet_ir, wanted_sheets
from vetqa_xl.readers.errorcells import put_error_cells
from vetqa_xl.readers.package import vet_sheets
now, opened, vetted, errors = time.perf_counter, {}, {}, {}
def open_book():
    opened["book"] = CalamineWorkbook.from_path(file)
    opened["at"] = now()
start = now()
opener = threading.Thread(target=open_book)
for name, errors[name] in vet_sheets(file, on_parts=opener.start):
    vetted[name] = now()
opener.join()
book = opened["book"]
names = wanted_sheets(book.sheet_names)
parsed, took = {}, {}
for name in names:
    began = now()
    parsed[name] = book.get_sheet_by_name(name)
    took[name] = now() - began
longest = max(names, key=took.__getitem__)
grids, built, ahead = {}, {}, {}
def read(name):
    grids[name] = put_error_cells(parsed[name].to_python(skip_empty_area=False), errors.get(name, {}))
    if (sheet := data_sheet(name)) is not None:
        built[sheet.key] = sheet_ir(grids[name], sheet)
        ahead[sheet.key] = ck.read_cells(sheet.key, built[sheet.key])
for name in names:
    if name != longest:
        read(name)
began = now()
read(longest)
ir = build_ir({name: grids[name] for name in names}, source=file, sheet_names=book.sheet_names, built=built)
report = ck.check_ir(ck.require_form(ir), api._rubric(None), ahead)
b"".join(report.json_chunks())
after = now() - began
ready = max(vetted[longest], opened["at"]) - start
Path(sys.argv[3]).write_text(f"{ready} {took[longest]} {after} {len(report.findings)} {longest}", encoding="utf-8")
os._exit(0)
"""


def _written(script: str, stage: str, file: str, rounds: int, codes: tuple[int, ...], fields: int) -> list[list[str]]:
    """What ``script`` run as ``stage`` on ``file`` wrote to its last argument, in each of
    ``rounds`` runs: ``fields`` fields split at spaces, the last one the rest. An exit code not
    in ``codes`` stops the benchmark."""
    seen: list[list[str]] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "written"
        for _ in range(rounds):
            _s, _mb, rc = run([PY, "-c", script, stage, file, str(out)])
            if rc not in codes:
                raise SystemExit(f"stage {stage} failed (exit {rc}) on {file}")
            seen.append(out.read_text(encoding="utf-8").split(" ", fields - 1))
    return seen


def _medians(seen: list[list[str]], fields: int) -> list[float]:
    return [statistics.median(float(t[i]) for t in seen) for i in range(fields)]


def cpu(file: str, rounds: int) -> tuple[float, float]:
    """Medians of (the main thread's CPU, every thread's CPU) of the whole command: the wall time
    is at least the first (a thread's work, in Python under the GIL, runs one piece at a time)."""
    main, every = _medians(_written(STAGE, "7", file, rounds, (0, 1), 2), 2)  # 1: errors found
    return main, every


def chain(file: str, rounds: int) -> tuple[float, float, float, str]:
    """Medians of the critical chain's parts (CHAIN) after the imports, in seconds, and the sheet
    that parses longest."""
    seen = _written(CHAIN, "8", file, rounds, (0,), 5)
    ready, parse, after = _medians(seen, 3)
    return ready, parse, after, seen[-1][4]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="check --json cut short at each stage, beside the bare read")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    install_bench_venv()
    print(f"{args.rounds} rounds, medians; {PY}")
    for path in args.files:
        file = str(path.resolve())
        commands = {"bare read": [PY, "-c", CALAMINE_ALL, file],
                    **{name: [PY, "-c", STAGE, str(i), file] for i, name in enumerate(STAGES)},
                    "floor": [PY, "-c", STAGE, str(len(STAGES)), file]}
        run(commands["json"])  # the file into the page cache
        got = interleaved(commands, args.rounds, ok=lambda name, rc: rc in (0, 1))  # 1: errors found
        read = got["bare read"]["s"]
        print(f"{path.name}: bare read {1000 * read:.1f} ms, 1.5x = {1500 * read:.1f} ms")
        before = 0.0
        for name in STAGES:
            s = got[name]["s"]
            print(f"  {name:8s} {1000 * s:7.1f} ms  {s / read:5.2f}x  +{1000 * (s - before):6.1f} ms")
            before = s
        floor = got["floor"]["s"]
        print(f"  floor: the imports before a parse, then the bare read (no vetting, no check) "
              f"{1000 * floor:7.1f} ms  {floor / read:5.2f}x")
        main, every = cpu(file, args.rounds)
        print(f"  CPU of the whole command: its main thread {1000 * main:.1f} ms ({main / read:.2f}x), "
              f"all threads {1000 * every:.1f} ms")
        ready, parse, after, longest = chain(file, args.rounds)
        total = got["imports"]["s"] + ready + parse + after
        print(f"  critical chain: imports {1000 * got['imports']['s']:.1f} + book open and {longest} vetted "
              f"{1000 * ready:.1f} + its parse alone {1000 * parse:.1f} + the work after it "
              f"{1000 * after:.1f} = {1000 * total:.1f} ms  {total / read:.2f}x")


if __name__ == "__main__":
    main()
