"""Benchmark: round trips to Excel (COM calls) per ribbon button on 2,000 activity rows with
400 errors, through xlwings' real Windows engine on the counting fake (tests/comfake.py),
beside a baseline in the same run: the one-module Excel layer (vetqa_xl/excel.py) of another
git revision; the default is the last one before issue 11 split it into the excel/ package
(issue 9's "before" counts, from the revision before its work, are in the README).

    python bench/bench_com_calls.py [--baseline REV]

The count, not the time, is what the fake can measure: on a college PC each call is a round
trip of roughly 0.1-1 ms to Excel, far more while Excel repaints. The baseline's
``Sheet.activate`` needs Windows' window functions, which the fake lacks, so there it is
replaced by the sheet's COM ``Activate`` (one call, as the new code does).
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.comfake import FakeExcel, load_engine, xw_book  # noqa: E402
from tests.test_excel_com import big_grids, load  # noqa: E402
from vetqa_xl.form import FORM  # noqa: E402

LAST_SINGLE_MODULE = "7a1ae9f"  # the last revision with vetqa_xl/excel.py
# The baseline imports today's package: its imports of names renamed since, as they are now
RENAMED = (("from .writers.sheetxml import Formula, Sheet\n",
            "from .writers.sheetxml import Formula, SheetModel as Sheet\n"),)


def excel_layer_at(rev: str):
    """vetqa_xl/excel.py of git revision ``rev``, imported as a module of this package."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:vetqa_xl/excel.py"],
                            check=True, capture_output=True, text=True).stdout
    for old, new in RENAMED:  # names the package has changed since (issue 23 item 7)
        source = source.replace(old, new)
    path = Path(tempfile.mkdtemp()) / "excel_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("vetqa_xl.excel_baseline", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def count(layer, engine, button: str) -> tuple[int, str]:
    xl = FakeExcel()
    load(xl, big_grids())
    for sheet in FORM.data_sheets:  # protected without a password, as in the template
        xl.book.sheet(sheet.name).protect()
    book = xw_book(engine, xl)
    if button == "clear":
        layer.check(book)
    with xl.counting():
        getattr(layer, button)(book)
    return xl.total, xl.alerts[-1][0].splitlines()[0][:60]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", default=LAST_SINGLE_MODULE)
    args = parser.parse_args()
    from vetqa_xl import excel

    mp = pytest.MonkeyPatch()
    try:
        engine = load_engine(mp)
        baseline = excel_layer_at(args.baseline)
        import xlwings

        mp.setattr(xlwings.main.Sheet, "activate", lambda self: self.impl.xl.Activate())
        print(f"{'button':<10}{args.baseline:>10}{'this':>10}   message (this)")
        for button in ("check", "summary", "clear"):
            before, _ = count(baseline, engine, button)
            after, text = count(excel, engine, button)
            print(f"{button:<10}{before:>10}{after:>10}   {text}")
    finally:
        mp.undo()


if __name__ == "__main__":
    main()
