"""main.py of a generated Lite workbook, run in real Pyodide (the `pyodide` npm package under
Node 20), queues the same Excel actions as under CPython, on payloads recorded from both samples.

One Pyodide boot runs every script (tests/lite/run.mjs); the same driver (tests/lite/drive.py)
runs in a CPython subprocess, so neither run sees the installed vetqa_xl: both import the copy
embedded in main.py. Node, the npm package and the wheels are installed by .ci/run; when one is
missing these tests FAIL and say what to run.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vetqa_xl import lite
from vetqa_xl.lite import scripts

from .excel_harness import expected_counts, expected_fills, fills, payload_of, replay, sample_files  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests/lite"
WHEELS = HARNESS / "wheels"
SAMPLES = ["college", "college_mistakes"]
# the time of the check, as ISO and as the Thai status line writes it (27 พ.ย. 2569 00:54): the
# two runs may fall in different minutes
STAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?|\d{1,2} \S+ \d{4} \d\d:\d\d")


def _need_harness() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed (Node 20 is needed): run `bash .ci/run`")
    major = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    if not major.startswith("v") or int(major[1:].split(".")[0]) < 20:
        pytest.fail(f"Node.js {major} is too old, Node 20 is needed")
    if not (HARNESS / "node_modules/pyodide/pyodide.mjs").is_file():
        pytest.fail("the pyodide npm package is missing: run `bash .ci/run` (npm ci in tests/lite)")
    pins = dict(line.split("==") for line in lite.requirements().split())
    wanted = {f"{n}-{v}" for n, v in pins.items()}
    found = {"-".join(p.name.split("-")[:2]).lower() for p in WHEELS.glob("*.whl")}
    if not wanted <= found:
        pytest.fail(f"the wheels of requirements.txt ({', '.join(sorted(wanted))}) are not in {WHEELS} "
                    f"(found {sorted(found) or 'none'}): run `bash .ci/run`, which gets them with pip download")
    return node


@pytest.fixture(scope="module")
def runs(tmp_path_factory, sample_files):  # noqa: F811
    """Jobs (sample, script) on recorded payloads, run under Pyodide and under CPython."""
    node = _need_harness()
    work = tmp_path_factory.mktemp("lite-run")
    book = work / "lite.xlsx"
    lite.write_lite(sample_files["college"], book)
    from vetqa_xl.writers.ooxml import Package

    main = lite.properties(Package(book.read_bytes()))["main.py"]  # main.py from the workbook
    (work / "main.py").write_text(main, encoding="utf-8")
    jobs, payloads = [], {}
    for sample in SAMPLES:
        p0 = payload_of(sample_files[sample])
        payloads[sample] = p0
        (work / f"{sample}.json").write_text(json.dumps(p0, ensure_ascii=False), encoding="utf-8")
        jobs += [{"sample": sample, "payload": f"{sample}.json", "script": s}
                 for s in ("ตรวจสอบ", "แก้ไขอัตโนมัติ", "สรุป", "ส่งออก")]
        # ล้างไฮไลต์ on the payload after ตรวจสอบ as CPython queued it (replayed as Excel would)
        jobs.append({"sample": sample, "payload": f"{sample}-checked.json", "script": "ล้างไฮไลต์"})
    (work / "jobs.json").write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")

    cpython_dir = work / "cpython"
    shutil.copytree(work, cpython_dir, ignore=shutil.ignore_patterns("cpython", "*.xlsx"))
    env = {"XLWINGS_LICENSE_KEY": "noncommercial", "PATH": "/usr/bin:/bin", "TMPDIR": str(work)}
    # First, ตรวจสอบ alone under CPython, to record the payloads after it (replayed as Excel would).
    first = work / "first"
    first.mkdir()
    shutil.copy(work / "main.py", first / "main.py")
    for sample in SAMPLES:
        shutil.copy(work / f"{sample}.json", first / f"{sample}.json")
    (first / "jobs.json").write_text(json.dumps([{"payload": f"{s}.json", "script": "ตรวจสอบ"}
                                                 for s in SAMPLES]), encoding="utf-8")
    subprocess.run([sys.executable, "-I", str(HARNESS / "drive.py"), str(first)], check=True, env=env,
                   capture_output=True)
    results = json.loads((first / "results.json").read_text(encoding="utf-8"))["results"]
    for sample, result in zip(SAMPLES, results):
        checked = json.dumps(_jsonable(replay(payloads[sample], result["actions"])), ensure_ascii=False)
        for d in (work, cpython_dir):
            (d / f"{sample}-checked.json").write_text(checked, encoding="utf-8")

    proc = subprocess.run([sys.executable, "-I", str(HARNESS / "drive.py"), str(cpython_dir)],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    proc = subprocess.run([node, str(HARNESS / "run.mjs"), str(work), str(WHEELS)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = {name: json.loads((d / "results.json").read_text(encoding="utf-8"))
           for name, d in (("pyodide", work), ("cpython", cpython_dir))}
    out["jobs"] = jobs
    out["payloads"] = payloads
    out["console"] = proc.stderr
    return out


def _jsonable(payload: dict) -> dict:
    """replay() keys fills by (row, column); the payload Excel sends has none of them."""
    for s in payload["sheets"]:
        s["_colors"] = {}
    return payload


def _normal(actions: list[dict]) -> str:
    return STAMP.sub("<time>", json.dumps(actions, ensure_ascii=False, sort_keys=True))


def test_both_runs_use_the_embedded_package(runs):
    py, cp = runs["pyodide"], runs["cpython"]
    assert py["platform"] == "emscripten" and cp["platform"] != "emscripten"
    for run in (py, cp):
        assert ".zip" in run["vetqa_xl"] and "site-packages" not in run["vetqa_xl"]
    assert scripts.VERSION_LINE in runs["console"]  # printed to the Lite console
    assert "ยังส่งออกไม่ได้: มีข้อผิดพลาด 10 รายการ" in runs["console"]
    assert "แก้ไขอัตโนมัติแล้ว 5 เซลล์" in runs["console"]  # the mistakes sample: sample_expected.md
    assert "ไม่มีสิ่งที่ต้องแก้ไขอัตโนมัติ" in runs["console"]  # the clean sample


def test_pyodide_queues_the_same_actions_as_cpython(runs):
    for job, py, cp in zip(runs["jobs"], runs["pyodide"]["results"], runs["cpython"]["results"]):
        # nothing to queue, the reason is printed: export with errors; fix of the clean sample
        # (its sheets hold nothing fix changes, and it has no findings sheet for the message)
        refused = (job["sample"], job["script"]) in {("college_mistakes", "ส่งออก"),
                                                     ("college", "แก้ไขอัตโนมัติ")}
        assert bool(py["actions"]) != refused, job
        assert _normal(py["actions"]) == _normal(cp["actions"]), job


def test_pyodide_check_highlights_the_expected_cells(runs):
    """The Pyodide run, replayed, fills exactly the cells the samples were built to have wrong."""
    for job, result in zip(runs["jobs"], runs["pyodide"]["results"]):
        funcs = [a["func"] for a in result["actions"]]
        assert "alert" not in funcs  # Lite has no message boxes
        if job["script"] != "ตรวจสอบ":
            continue
        n_err, n_warn = expected_counts(job["sample"])
        after = replay(runs["payloads"][job["sample"]], result["actions"])
        assert fills(after) == expected_fills(job["sample"])
        messages = [a for a in result["actions"] if a["func"] == "setValues"
                    and a["values"] and str(a["values"][0][0]).startswith("ตรวจสอบแล้ว")]
        assert len(messages) == 1
        assert f"ข้อผิดพลาด {n_err} รายการ · คำเตือน {n_warn} รายการ" in messages[0]["values"][0][0]


def test_a_missing_harness_fails_not_skips(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="Node.js is not installed"):
        _need_harness()
    monkeypatch.undo()
    monkeypatch.setattr(sys.modules[__name__], "WHEELS", HARNESS / "no-such-folder")
    with pytest.raises(pytest.fail.Exception, match="pip download"):
        _need_harness()


def test_pyodide_summary_queues_the_red_rule(runs):
    """สรุป under Pyodide asks Excel for the conditional format of the file's สรุป (the red
    "ต่างกัน ดู CODE"), its formula from column D's first row as the file has it."""
    from vetqa_xl.writers.styles import LOOKS
    from vetqa_xl.writers.summary import SUMMARY_HEADER_ROW

    for job, result in zip(runs["jobs"], runs["pyodide"]["results"]):
        if job["script"] != "สรุป":
            continue
        (rule,) = [a["args"][0] for a in result["actions"] if a["func"] == "addConditionalFormat"]
        first = SUMMARY_HEADER_ROW + 1
        assert (rule["type"], rule["formula"]) == ("Custom", f'=ISNUMBER(SEARCH("ต่างกัน",D{first}))')
        assert rule["font_color"].upper() == "#" + LOOKS["bad"].color
