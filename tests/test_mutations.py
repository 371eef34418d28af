"""Damaged workbooks through every command (issue 18): never a traceback, an abort or a hang,
never a changed input, never a broken output.

A seeded generator (tests/mutants.py) makes VETQA_FUZZ damaged copies (default 300) of the two
embedded samples, at zip, XML and value level, plus a few sparse sheets of up to 100,000 rows.
Each runs through check --json, report, fix, export --force, lite and consolidate in
tests/mutation_driver.py, in batches of child processes (two at a time, for 2 cores), each with
a timeout, so that an abort or a hang fails this test instead of killing pytest.

Pass: exit 0, 1 or 2; on 2 a Thai and English sentence; no traceback; no command over HANG
seconds; the input byte-identical; every file written a zip that openpyxl opens and the checker
reads with the input's data rows.

    VETQA_FUZZ=3000 VETQA_FUZZ_SEED=7 pytest tests/test_mutations.py   # a longer run
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.mutants import OPERATORS, SLOW, mutants
from vetqa_xl import api

N = int(os.environ.get("VETQA_FUZZ", "300"))
SEED = int(os.environ.get("VETQA_FUZZ_SEED", "18"))
BATCH = 20
HANG = 60  # processor seconds: the "hang"; a command normally takes well under one
DRIVER = Path(__file__).with_name("mutation_driver.py")
ROOT = DRIVER.parent.parent
COMMANDS = ("check", "report", "fix", "export", "lite", "consolidate")


def _run(outdir: Path, batch: list[Path]) -> tuple[list[dict], str | None]:
    """The driver's results for one batch, and what went wrong with the process itself."""
    try:
        proc = subprocess.run([sys.executable, str(DRIVER), str(outdir), *map(str, batch)],
                              check=False, capture_output=True, text=True, cwd=ROOT,
                              timeout=HANG * 10 + 30 * len(batch))
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        return [json.loads(line) for line in out.splitlines()], f"batch timed out: {batch}"
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    if proc.returncode != 0:  # an abort (SIGABRT, out of memory) inside a native library
        return results, f"exit {proc.returncode} after {len(results)} results: {proc.stderr[-1500:]}"
    return results, None


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mutants")
    samples = {s: api.fill_sample(folder / f"sample-{s}.xlsx", s).read_bytes()
               for s in ("college", "college_mistakes")}
    files = []
    made = [*mutants(samples, N, SEED), *mutants(samples, max(2, N // 150), SEED, SLOW)]
    for name, data in made:
        path = folder / "in" / f"{name}.xlsx"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        files.append(path)
    digests = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    batches = [files[i:i + BATCH] for i in range(0, len(files), BATCH)]
    with ThreadPoolExecutor(2) as pool:
        done = list(pool.map(lambda b: _run(folder / "out", b), batches))
    results = [r for rs, _ in done for r in rs]
    return {"files": files, "digests": digests, "results": results,
            "crashes": [c for _, c in done if c]}


def test_the_generator_makes_every_kind_of_damage(run):
    names = {p.name.split("-")[1] for p in run["files"]}
    assert len(run["files"]) >= N >= 1
    if N >= 300:
        assert names >= {op.__name__ for op in OPERATORS + SLOW}
        assert len(set(run["digests"].values())) > 0.9 * len(run["files"])  # not 300 copies of one


def test_no_abort_and_no_hang(run):
    assert run["crashes"] == []
    assert len(run["results"]) == len(run["files"]) * len(COMMANDS)
    # processor time: the machine may be shared, a hang is a loop of ours
    slow = [(Path(r["file"]).name, r["command"], r["cpu"]) for r in run["results"] if r["cpu"] > HANG]
    assert slow == []


def _bad_exit(r: dict) -> bool:
    err = r["stderr"]
    if r["code"] not in (0, 1, 2) or "Traceback" in err:
        return True
    # exit 2: one sentence in Thai and in English, no library text
    thai = any("\u0e00" <= ch <= "\u0e7f" for ch in err)
    return r["code"] == 2 and not (thai and " / " in err)


def test_every_failure_is_a_sentence_never_a_traceback(run):
    bad = [(Path(r["file"]).name, r["command"], r["code"], r["stderr"][-700:])
           for r in run["results"] if _bad_exit(r)]
    assert bad == []


def test_inputs_are_never_changed(run):
    changed = [p.name for p, digest in run["digests"].items()
               if hashlib.sha256(p.read_bytes()).hexdigest() != digest]
    assert changed == []


def test_every_output_opens_with_the_same_data(run):
    bad = [(Path(r["file"]).name, r["command"], r["problems"]) for r in run["results"] if r["problems"]]
    assert bad == []


def test_the_good_samples_still_pass_through_every_command(run):
    """The harness can tell a refusal from a success: a copy of each sample that no operator
    damaged is not refused (so the refusals above are the damage's)."""
    folder = run["files"][0].parent
    good = folder / "untouched.xlsx"
    good.write_bytes((folder.parent / "sample-college.xlsx").read_bytes())
    results, crash = _run(folder.parent / "good-out", [good])
    assert crash is None
    codes = {r["command"]: r["code"] for r in results}
    assert codes == dict.fromkeys(COMMANDS, 0)
    assert all(not r["problems"] for r in results)
