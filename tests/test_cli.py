"""The command line, run as a user runs it (a subprocess): output, JSON shape, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from vetqa_xl import fill_sample


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "vetqa_xl", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    return {"clean": fill_sample(d / "college.xlsx", "college"),
            "mistakes": fill_sample(d / "mistakes.xlsx", "college_mistakes"), "dir": d}


def test_check_json_shape_and_exit_0(files):
    p = run("check", files["clean"], "--json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)  # exactly one JSON object
    assert data["valid"] is True and data["form_version"] == "1.0"
    assert set(data["school"]) >= {"code", "name", "academic_year"}
    f = data["figures"]
    assert set(f["dual_programmes"]) == {"total", "by_level"}
    assert set(f["activities"]["by_type"]) == {"บริการชุมชน", "บริการวิชาการ", "บริการวิชาชีพ", "จิตอาสา"}
    assert set(f["expert_ratio"]) == {"covered", "total", "percent", "met"}
    assert f["criteria"]["2"]["of"] == 5 and "detail" in f["criteria"]["3"]
    assert "aspect" in f["levels"]
    for x in data["findings"]:
        assert set(x) == {"code", "severity", "sheet", "cell", "message_th", "message_en"}


def test_check_errors_exit_1_thai_text(files):
    p = run("check", files["mistakes"])
    assert p.returncode == 1
    assert "ยังมีข้อผิดพลาด 10 รายการ" in p.stdout
    lines = p.stdout.splitlines()
    first_warning = next(i for i, line in enumerate(lines) if "[เตือน]" in line)
    last_error = max(i for i, line in enumerate(lines) if "[ผิด]" in line)
    assert last_error < first_warning  # errors first
    assert "ข้อมูลสถานศึกษา!B4 E_SCHOOL_CODE" in p.stdout


def test_check_english(files):
    p = run("check", files["clean"], "--lang", "en")
    assert p.returncode == 0 and "Status: ready to send" in p.stdout
    assert "17/20 = 85.00% · meets the 80% rule" in p.stdout


@pytest.mark.parametrize("content,expect", [
    (None, "file not found"),
    (b"this is not a workbook", "cannot read"),
])
def test_unreadable_exit_2_no_traceback(files, content, expect):
    path = files["dir"] / "broken.xlsx"
    if content is None:
        path = files["dir"] / "nothing-here.xlsx"
    else:
        path.write_bytes(content)
    p = run("check", path)
    assert p.returncode == 2
    assert expect in p.stderr and "Traceback" not in p.stderr
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in p.stderr)  # Thai too


def test_not_this_form_exit_2(files):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active["A1"] = "งบประมาณ"
    path = files["dir"] / "other.xlsx"
    wb.save(path)
    p = run("check", path)
    assert p.returncode == 2 and "not the cooperation form" in p.stderr and "Traceback" not in p.stderr


def test_bad_rubric_exit_2(files):
    bad = files["dir"] / "rubric.json"
    bad.write_text("{", "utf-8")
    p = run("check", files["clean"], "--rubric", bad)
    assert p.returncode == 2 and "rubric" in p.stderr


def test_demo_prints_figures_and_files(tmp_path):
    p = run("demo", "--out", tmp_path / "d")
    assert p.returncode == 0, p.stderr
    assert "สถานะ: พร้อมส่ง" in p.stdout and "17/20" in p.stdout
    assert (tmp_path / "d" / "college.xlsx").is_file()
    assert str(tmp_path / "d" / "workbook_template.xlsx") in p.stdout
    assert (tmp_path / "d" / "college-report.xlsx").is_file()
    assert str(tmp_path / "d" / "VETQA-coop-1370076101-2568.xlsx") in p.stdout


def test_demo_with_mistakes_writes_no_email_copy(tmp_path):
    p = run("demo", "--out", tmp_path / "d", "--sample", "college_mistakes", "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert "Status: 10 error(s) to fix" in p.stdout and "no email-ready workbook" in p.stdout
    assert not list((tmp_path / "d").glob("VETQA-*.xlsx"))


def test_template_command(tmp_path):
    p = run("template", tmp_path / "t.xlsx")
    assert p.returncode == 0 and (tmp_path / "t.xlsx").stat().st_size > 10_000


def test_check_path_stays_free_of_heavy_imports(files):
    """The check path reads with calamine only: no openpyxl, pandas or xlwings is imported."""
    code = ("import sys, vetqa_xl; r = vetqa_xl.check(sys.argv[1]); "
            "print(sorted(m for m in ('openpyxl', 'pandas', 'xlwings', 'numpy') if m in sys.modules))")
    p = subprocess.run([sys.executable, "-c", code, str(files["clean"])],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"


def test_core_is_standard_library_only():
    """core/ and form.py import nothing outside the standard library (Pyodide target)."""
    import ast
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent / "vetqa_xl"
    files = [root / "form.py", *(root / "core").rglob("*.py")]
    for f in files:
        for node in ast.walk(ast.parse(f.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names, (f, name)
