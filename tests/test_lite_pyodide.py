"""main.py of a generated Lite workbook, run through xlwings Lite's own call path in real Pyodide
(the `pyodide` npm package under Node 20), queues the same Excel actions as under CPython, on
payloads recorded from both samples.

The path is Lite's (tests/lite/drive.py): XLWINGS_ON_SERVER=true, ``import main`` (main.py taken
from the workbook's property), the scripts listed by ``xlwings.server.custom_scripts_meta`` and
each run by ``custom_scripts_call``. Two Pyodides run it, one boot each (tests/lite/run.mjs): the
one the workbook's ``pyodideVersion`` names (tests/lite/package.json) and the newest on npm
(tests/lite/newest/package.json), each with the wheels of requirements.txt for its Python. The
same driver runs in a CPython subprocess, so no run sees the installed vetqa_xl: all import the
copy embedded in main.py. Node, the npm packages and the wheels are installed by .ci/run; when
one is missing these tests FAIL and say what to run.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vetqa_xl import excel, lite
from vetqa_xl.lite import scripts

from .excel_harness import (  # noqa: F401
    expected_counts,
    expected_fills,
    fills,
    payload_of,
    replay,
    sample_files,
)

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests/lite"
# {name: (folder with package.json and node_modules, wheels for its Python)}
PYODIDES = {"pyodideVersion": (HARNESS, HARNESS / "wheels"),
            "newest": (HARNESS / "newest", HARNESS / "newest/wheels")}
SAMPLES = ["college", "college_mistakes"]
OLDER_CLIENT = "0.33.15"  # the xlwings that Lite 1.0.0.0-18 gave new workbooks (Lite changelog)
# the time of the check, as ISO and as the Thai status line writes it (27 พ.ย. 2569 00:54): the
# two runs may fall in different minutes
STAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?|\d{1,2} \S+ \d{4} \d\d:\d\d")


def _pin(folder: Path) -> str:
    return json.loads((folder / "package.json").read_text("utf-8"))["dependencies"]["pyodide"]


def _wheel_names(reqs: str) -> set[str]:
    """{name-version or name} of requirements.txt's lines, as wheel file names start."""
    out = set()
    for line in reqs.splitlines():
        spec = line.split("#")[0].strip()
        if spec:
            name, _, pin = spec.partition("==")
            out.add(name.replace("-", "_").lower() + (f"-{pin}" if pin else ""))
    return out


def _need_harness() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed (Node 20 is needed): run `bash .ci/run`")
    major = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    if not major.startswith("v") or int(major[1:].split(".")[0]) < 20:
        pytest.fail(f"Node.js {major} is too old, Node 20 is needed")
    wanted = _wheel_names(lite.requirements())
    for folder, wheels in PYODIDES.values():
        if not (folder / "node_modules/pyodide/pyodide.mjs").is_file():
            pytest.fail(f"the pyodide npm package is missing in {folder}: run `bash .ci/run` (npm ci there)")
        found = {p.name.split("-")[0].lower() for p in wheels.glob("*.whl")}
        found |= {"-".join(p.name.split("-")[:2]).lower() for p in wheels.glob("*.whl")}
        if not wanted <= found:
            pytest.fail(f"the wheels of requirements.txt ({', '.join(sorted(wanted - found))}) are not in "
                        f"{wheels}: run `bash .ci/run`, which gets them with pip download")
    return node


def _older(payload: dict) -> dict:
    return {**payload, "version": OLDER_CLIENT}


@pytest.fixture(scope="module")
def runs(tmp_path_factory, sample_files):  # noqa: F811
    """Jobs (sample, script) on recorded payloads, run under each Pyodide and under CPython."""
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
    # a client older than xlwings 0.37 (scripts.NEWER_ACTIONS): ตรวจสอบ and สรุป do without them
    payloads["older"] = _older(payloads["college_mistakes"])
    (work / "older.json").write_text(json.dumps(payloads["older"], ensure_ascii=False), encoding="utf-8")
    jobs += [{"sample": "college_mistakes", "payload": "older.json", "script": s, "older": True}
             for s in ("ตรวจสอบ", "สรุป")]
    (work / "jobs.json").write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")

    env = {"XLWINGS_LICENSE_KEY": "noncommercial", "PATH": "/usr/bin:/bin", "TMPDIR": str(work)}
    # First, ตรวจสอบ alone under CPython, to record the payloads after it (replayed as Excel would).
    first = work / "first"
    first.mkdir()
    shutil.copy(work / "main.py", first / "main.py")
    for sample in SAMPLES:
        shutil.copy(work / f"{sample}.json", first / f"{sample}.json")
    (first / "jobs.json").write_text(json.dumps([{"payload": f"{s}.json", "script": "ตรวจสอบ"}
                                                 for s in SAMPLES]), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-I", str(HARNESS / "drive.py"), str(first)], env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads((first / "results.json").read_text(encoding="utf-8"))["results"]
    for sample, result in zip(SAMPLES, results):
        checked = json.dumps(_jsonable(replay(payloads[sample], result["actions"])), ensure_ascii=False)
        (work / f"{sample}-checked.json").write_text(checked, encoding="utf-8")

    out = {"jobs": jobs, "payloads": payloads, "console": {}}
    for name in ("cpython", *PYODIDES):
        folder = work / name
        shutil.copytree(work, folder, ignore=shutil.ignore_patterns("first", "*.xlsx", *PYODIDES, "cpython"))
        if name == "cpython":
            cmd = [sys.executable, "-I", str(HARNESS / "drive.py"), str(folder)]
        else:
            package, wheels = PYODIDES[name]
            cmd = [node, str(HARNESS / "run.mjs"), str(folder), str(wheels), str(package)]
        proc = subprocess.run(cmd, env=env if name == "cpython" else None, capture_output=True, text=True,
                              timeout=300, check=False)
        assert proc.returncode == 0, (name, proc.stderr[-3000:])
        out[name] = json.loads((folder / "results.json").read_text(encoding="utf-8"))
        out["console"][name] = proc.stdout + proc.stderr
    return out


def _jsonable(payload: dict) -> dict:
    """replay() keys fills by (row, column); the payload Excel sends has none of them."""
    for s in payload["sheets"]:
        s["_colors"] = {}
    return payload


def _normal(actions: list[dict]) -> str:
    return STAMP.sub("<time>", json.dumps(actions, ensure_ascii=False, sort_keys=True))


def test_pyodide_versions_are_the_declared_one_and_a_newer_one(runs):
    """package.json pins the Pyodide that main.py's pyodideVersion names; newest/ a newer one
    (the newest on npm when written: `npm view pyodide version`), on another Python."""
    assert _pin(HARNESS) == lite.PYODIDE_VERSION
    newest = tuple(int(p) for p in _pin(HARNESS / "newest").split("."))
    assert newest > tuple(int(p) for p in lite.PYODIDE_VERSION.split("."))
    pythons = {name: runs[name]["python"] for name in PYODIDES}
    assert pythons["pyodideVersion"].startswith("3.12.") and pythons["newest"].startswith("3.14."), pythons


@pytest.mark.parametrize("name", list(PYODIDES))
def test_lite_lists_the_scripts_with_thai_names(runs, name):
    """custom_scripts_meta, as Lite lists the scripts: ASCII function names, Thai display names."""
    meta = {m["name"]: m["function_name"] for m in runs[name]["meta"]}
    assert meta == {display: fn.__name__ for display, fn in scripts.SCRIPTS.items()}
    assert all(fn.isascii() and fn.isidentifier() for fn in meta.values())
    assert runs[name]["meta"] == runs["cpython"]["meta"]


@pytest.mark.parametrize("name", list(PYODIDES))
def test_every_run_uses_the_embedded_package(runs, name):
    py, cp = runs[name], runs["cpython"]
    assert py["platform"] == "emscripten" and cp["platform"] != "emscripten"
    for run in (py, cp):
        assert f"vetqa_xl-{run['version']}-" in run["vetqa_xl"] and "site-packages" not in run["vetqa_xl"]
    console = runs["console"][name]
    assert scripts.VERSION_LINE in console  # printed to the Lite console
    assert "ยังส่งออกไม่ได้: มีข้อผิดพลาด 10 รายการ" in console
    assert "แก้ไขอัตโนมัติแล้ว 5 เซลล์" in console  # the mistakes sample: sample_expected.md
    assert "ไม่มีสิ่งที่ต้องแก้ไขอัตโนมัติ" in console  # the clean sample


def test_every_queued_action_has_a_stated_lite_version(runs):
    """Each action any script queues is in OLDER_LITE or NEWER_ACTIONS (README: their sources),
    and the newer ones are exactly the nine of xlwings 0.37."""
    queued = {a["func"] for result in runs["cpython"]["results"] for a in result["actions"]}
    assert queued <= scripts.OLDER_LITE | scripts.NEWER_ACTIONS, queued - scripts.OLDER_LITE - scripts.NEWER_ACTIONS
    assert queued & scripts.NEWER_ACTIONS == scripts.NEWER_ACTIONS  # all nine are really queued
    assert not scripts.OLDER_LITE & scripts.NEWER_ACTIONS


@pytest.mark.parametrize("name", list(PYODIDES))
def test_pyodide_queues_the_same_actions_as_cpython(runs, name):
    for job, py, cp in zip(runs["jobs"], runs[name]["results"], runs["cpython"]["results"]):
        # nothing to queue, the reason is printed: export with errors; fix of the clean sample
        # (its sheets hold nothing fix changes, and it has no findings sheet for the message)
        refused = (job["sample"], job["script"]) in {("college_mistakes", "ส่งออก"),
                                                     ("college", "แก้ไขอัตโนมัติ")}
        assert bool(py["actions"]) != refused, job
        assert _normal(py["actions"]) == _normal(cp["actions"]), job


@pytest.mark.parametrize("name", list(PYODIDES))
def test_pyodide_check_highlights_the_expected_cells(runs, name):
    """The Pyodide run, replayed, fills exactly the cells the samples were built to have wrong;
    on an older client too, which gets no action newer than it (scripts.NEWER_ACTIONS)."""
    for job, result in zip(runs["jobs"], runs[name]["results"]):
        funcs = [a["func"] for a in result["actions"]]
        assert "alert" not in funcs  # Lite has no message boxes
        if job["script"] != "ตรวจสอบ":
            continue
        n_err, n_warn = expected_counts(job["sample"])
        payload = runs["payloads"]["older" if job.get("older") else job["sample"]]
        after = replay(payload, result["actions"])
        assert fills(after) == expected_fills(job["sample"])
        messages = [a for a in result["actions"] if a["func"] == "setValues"
                    and a["values"] and str(a["values"][0][0]).startswith("ตรวจสอบแล้ว")]
        assert len(messages) == 1
        assert f"ข้อผิดพลาด {n_err} รายการ · คำเตือน {n_warn} รายการ" in messages[0]["values"][0][0]


@pytest.mark.parametrize("name", list(PYODIDES))
def test_an_older_client_gets_the_results_without_the_newer_actions(runs, name):
    """A Lite whose xlwings is older than 0.37: no action it has no handler for; the findings
    and สรุป as values (formulas included: setValues); one Thai line on the console and in G3."""
    older = [(job, result) for job, result in zip(runs["jobs"], runs[name]["results"]) if job.get("older")]
    assert [job["script"] for job, _ in older] == ["ตรวจสอบ", "สรุป"]
    full = {job["script"]: result for job, result in zip(runs["jobs"], runs["cpython"]["results"])
            if job["sample"] == "college_mistakes" and not job.get("older")}
    for job, result in older:
        funcs = {a["func"] for a in result["actions"]}
        assert funcs <= scripts.OLDER_LITE, job
        after = replay(runs["payloads"]["older"], result["actions"])
        # every value the full run writes is written, the formulas among them
        want = replay(runs["payloads"]["older"], full[job["script"]]["actions"])
        target = excel.FINDINGS if job["script"] == "ตรวจสอบ" else excel.SUMMARY
        got_values = next(s for s in after["sheets"] if s["name"] == target)["values"]
        want_values = next(s for s in want["sheets"] if s["name"] == target)["values"]
        if target == excel.FINDINGS:
            line = got_values[2][6]  # G3, empty in the full run
            assert want_values[2][6] == "" and line.startswith(
                f"xlwings Lite ในเครื่องนี้เป็นรุ่นเก่า (xlwings {OLDER_CLIENT})")
            got_values[2][6] = ""
        else:
            assert any(str(v).startswith("=") for row in got_values for v in row)  # formulas, as values
        assert _normal(got_values) == _normal(want_values)
        if target == excel.FINDINGS:
            assert line in runs["console"][name]



def test_a_missing_harness_fails_not_skips(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="Node.js is not installed"):
        _need_harness()
    monkeypatch.undo()
    monkeypatch.setattr(sys.modules[__name__], "PYODIDES", {"newest": (HARNESS, HARNESS / "no-such-folder")})
    with pytest.raises(pytest.fail.Exception, match="pip download"):
        _need_harness()


@pytest.mark.parametrize("name", list(PYODIDES))
def test_pyodide_summary_queues_the_red_rule(runs, name):
    """สรุป under Pyodide asks Excel for the conditional format of the file's สรุป (the red
    "ต่างกัน ดู CODE"), its formula from column D's first row as the file has it."""
    from vetqa_xl.writers.styles import LOOKS
    from vetqa_xl.writers.summary import SUMMARY_HEADER_ROW

    for job, result in zip(runs["jobs"], runs[name]["results"]):
        if job["script"] != "สรุป" or job.get("older"):
            continue
        (rule,) = [a["args"][0] for a in result["actions"] if a["func"] == "addConditionalFormat"]
        first = SUMMARY_HEADER_ROW + 1
        assert (rule["type"], rule["formula"]) == ("Custom", f'=ISNUMBER(SEARCH("ต่างกัน",D{first}))')
        assert rule["font_color"].upper() == "#" + LOOKS["bad"].color
