"""bench/stages.py's critical chain (CHAIN) does the check the command does: the docs bound the
wall time of hold-out 5 with it (docs/performance.md), so it must not drift from api.check."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vetqa_xl import api
from vetqa_xl.form import FORM

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from stages import CHAIN  # noqa: E402


@pytest.mark.parametrize("sample", ["college", "college_mistakes"])
def test_the_chain_checks_what_the_command_checks(tmp_path, sample):
    book = api.fill_sample(tmp_path / f"{sample}.xlsx", sample)
    out = tmp_path / "chain"
    run = subprocess.run([sys.executable, "-c", CHAIN, "8", str(book), str(out)], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    ready, parse, after, findings, longest = out.read_text(encoding="utf-8").split(" ", 4)
    assert min(float(ready), float(parse), float(after)) > 0
    assert longest in [sheet.name for sheet in FORM.sheets]
    assert int(findings) == len(api.check(book).findings)
