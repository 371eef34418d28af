"""Run every command of the CLI on damaged workbooks, in this one process, and print one JSON
line per (file, command): exit code, stderr, seconds and the files written.

    python tests/mutation_driver.py OUTDIR FILE...

The commands run through the CLI's own entry (``Commands.main``: the same wrapper as the
``vetqa-xl`` process), so an exception that escapes a command shows here exactly as the user
would meet it. The test runs this in a subprocess with a timeout: an abort or a hang of one
batch is then a failure of the test, not of pytest.
"""
from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from pathlib import Path


def commands(src: Path, out: Path) -> dict[str, list[str]]:
    return {
        "check": ["check", str(src), "--json"],
        "report": ["report", str(src), "-o", str(out / "report.xlsx")],
        "fix": ["fix", str(src), "-o", str(out / "fixed.xlsx")],
        "export": ["export", str(src), "-o", str(out / "export"), "--force"],
        "lite": ["lite", str(src), "-o", str(out / "lite.xlsx")],
        "consolidate": ["consolidate", str(src), "-o", str(out / "consolidated.xlsx"), "--jobs", "1"],
    }


def run(args: list[str]) -> tuple[int, str, str]:
    from vetqa_xl.cli import main

    err, out = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            main(args, prog_name="vetqa-xl")
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        except BaseException as exc:  # noqa: BLE001 (what escaped the wrapper: a failure)
            import traceback

            err.write("Traceback (escaped the CLI wrapper)\n" + "".join(traceback.format_exception(exc)))
            code = 99
    if code == 3:  # a bug: its traceback is in the log the message names
        from vetqa_xl.cli import LOG_FILE

        err.write(LOG_FILE.read_text("utf-8")[-1500:])
    return code, err.getvalue(), out.getvalue()


def data_cells(path: Path) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """The form's data rows as the checker reads them: (row number, values) per sheet."""
    from vetqa_xl import api

    ir = api.read(path)
    return {key: [(r.number, tuple(repr(v) for v in r.values)) for r in sheet.rows]
            for key, sheet in ir.sheets.items()}


def output_problems(command: str, src: Path, written: list[str]) -> list[str]:
    """What is wrong with the files a command wrote: each must be a zip that openpyxl opens and
    the checker reads with the input's data rows (fix: the same rows, some values fixed)."""
    import warnings
    import zipfile

    import openpyxl

    problems = []
    try:
        before = data_cells(src)
    except Exception as exc:  # noqa: BLE001
        before = None
        if written and command != "consolidate":
            problems.append(f"wrote {written} from an input check cannot read ({exc})")
    for out in (Path(w) for w in written if w.endswith((".xlsx", ".xlsm"))):
        try:
            with zipfile.ZipFile(out) as z:
                assert z.testzip() is None, "a part fails its CRC"
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                openpyxl.load_workbook(out).close()
            after = data_cells(out)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{out.name}: {type(exc).__name__}: {exc}")
            continue
        if before is None or command == "consolidate":
            continue
        if command == "fix":
            before = {k: [n for n, _ in rows] for k, rows in before.items()}
            after = {k: [n for n, _ in rows] for k, rows in after.items()}
        if after != before:
            problems.append(f"{out.name}: the data rows differ from the input's")
    return problems


def main(argv: list[str]) -> None:
    outdir, files = Path(argv[0]), [Path(a) for a in argv[1:]]
    for src in files:
        for name, args in commands(src, outdir / src.stem / "out").items():
            (outdir / src.stem / "out").mkdir(parents=True, exist_ok=True)
            before, cpu = time.perf_counter(), time.process_time()
            code, err, out = run(args)
            cpu = time.process_time() - cpu
            written = sorted(str(p) for p in (outdir / src.stem / "out").rglob("*") if p.is_file())
            problems = output_problems(name, src, written) if code in (0, 1) else []
            if code not in (0, 1) and written:
                problems.append(f"exit {code} but wrote {written}")
            print(json.dumps({"file": str(src), "command": name, "code": code, "stderr": err[-2000:],
                              "stdout": out[-300:], "seconds": round(time.perf_counter() - before, 2), "cpu": round(cpu, 2),
                              "written": written, "problems": problems}, ensure_ascii=False),
                  flush=True)
            for p in (outdir / src.stem / "out").rglob("*"):  # each command starts from nothing
                if p.is_file():
                    p.rename(outdir / src.stem / f"{name}-{p.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
