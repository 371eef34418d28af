"""The one check pipeline (vetqa_xl/core/pipeline.py): every step takes the Context and declares
the codes it may emit; every catalogue code has exactly one declaring check; a code's prefix is
its severity; every error that stops a row counting has a live-formula twin in สรุป or a reason."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from vetqa_xl.core import pipeline
from vetqa_xl.core.context import Context, emits
from vetqa_xl.core.ir import build_ir
from vetqa_xl.core.messages import CATALOGUE, ERROR, INFO, WARNING
from vetqa_xl.writers.summary import LIVE_TWINS, NO_LIVE_TWIN

CORE = Path(pipeline.__file__).parent


def test_every_step_takes_the_context_and_declares_its_codes():
    for step in pipeline.STEPS:
        assert list(inspect.signature(step).parameters) == ["ctx"], step.__name__
        assert isinstance(step.codes, tuple), step.__name__


def test_each_catalogue_code_is_declared_by_exactly_one_check():
    declared = [code for step in pipeline.STEPS for code in step.codes]
    assert sorted(declared) == sorted(set(declared)), "a code declared by two checks"
    assert set(declared) == set(CATALOGUE)


def test_each_declared_code_is_written_in_its_checks_own_code():
    """The code literal stands in the declaring check's module (or, for the cell codes, in the
    cell rules and parsers that check_cells records), and in no other check module."""
    sources = {p.name: p.read_text("utf-8") for p in [*(CORE / "checks").glob("*.py"), CORE / "normalise.py"]}
    cell_modules = {"structure.py", "cells.py", "normalise.py"}
    for step in pipeline.STEPS:
        home = Path(inspect.getsourcefile(step)).name
        allowed = cell_modules if step.__name__ == "check_cells" else {home}
        for code in step.codes:
            where = {name for name, text in sources.items() if f'"{code}"' in text}
            assert where and where <= allowed, (code, step.__name__, where)


def test_a_code_prefix_is_its_severity():
    prefix = {ERROR: "E_", WARNING: "W_", INFO: "I_"}
    for code, message in CATALOGUE.items():
        assert code.startswith(prefix[message.severity]), code


def test_a_step_emitting_an_undeclared_code_fails():
    @emits("W_DUPLICATE_ROW")
    def sloppy(ctx):
        ctx.add("E_DATE_ORDER", "activities", cell="A1")

    ctx = Context(build_ir({}, source="x.xlsx"))
    with pytest.raises(AssertionError, match="sloppy emits E_DATE_ORDER"):
        pipeline.run(ctx, steps=(sloppy,))


def test_every_row_error_has_a_live_twin_or_a_reason():
    errors = {code for code, m in CATALOGUE.items() if m.severity == ERROR}
    assert not set(LIVE_TWINS) & set(NO_LIVE_TWIN)
    assert set(LIVE_TWINS) | set(NO_LIVE_TWIN) == errors
    assert all(re.search(r"\w", why) for why in [*LIVE_TWINS.values(), *NO_LIVE_TWIN.values()])


def test_checks_and_figures_do_not_import_each_other():
    assert not re.search(r"^\s*from \.checks|^\s*from \. import checks", (CORE / "figures.py").read_text("utf-8"), re.M)
    for path in (CORE / "checks").glob("*.py"):
        assert not re.search(r"^\s*from \.\.figures|^\s*from \.\. import figures", path.read_text("utf-8"), re.M), path
