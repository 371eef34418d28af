"""The command line, run as a user runs it (a subprocess): output, JSON shape, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


def _zip(path, parts: dict[str, bytes]):
    import zipfile
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _encrypted(src, path):
    import msoffcrypto.format.ooxml  # test extra (oletools): the same encryption Excel writes
    with open(src, "rb") as fh, open(path, "wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(fh).encrypt("รหัส1234", out)
    return path


# Each kind of unreadable input, made as such a file really is, and the words its sentence uses.
UNREADABLE = {
    "folder": (lambda d, clean: d, "is a folder", "เป็นโฟลเดอร์"),
    "missing": (lambda d, clean: d / "nothing-here.xlsx", "File not found", "ไม่พบไฟล์"),
    "empty": (lambda d, clean: _write(d / "empty.xlsx", b""),
              "is empty (0 bytes)", "ว่างเปล่า"),
    "random bytes": (lambda d, clean: _write(d / "r.xlsx", bytes(range(256)) * 8),
                     "is not a spreadsheet file", "ไม่ใช่ไฟล์ Excel"),
    ".docx": (lambda d, clean: _zip(d / "letter.docx", {"[Content_Types].xml": b"<Types/>",
                                                     "word/document.xml": b"<w:document/>"}),
              "is a Word document", "เอกสาร Word"),
    ".csv": (lambda d, clean: _write(d / "t.csv", "ระดับ,สาขางาน\nปวช.,ช่างยนต์\n".encode()),
             "is plain text (such as CSV)", "ข้อความธรรมดา"),
    ".xls": (lambda d, clean: _write(d / "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
             "old-format Excel file (.xls)", "บันทึกเป็น"),
    ".ods": (lambda d, clean: _zip(d / "calc.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                                  "content.xml": b"<broken"}),
             "OpenDocument spreadsheet (.ods)", "OpenDocument"),
    "encrypted": (lambda d, clean: _encrypted(clean, d / "locked.xlsx"),
                  "protected with a password", "รหัสผ่าน"),
    "truncated": (lambda d, clean: _write(d / "cut.xlsx", clean.read_bytes()[:6000]),
                  "damaged or incomplete", "เสียหรือไม่ครบ"),
}


def excel_lock_file(folder, workbook: str, user: str = "ครูสมศรี") -> Path:
    """~$NAME.xlsx as Excel writes it beside NAME.xlsx while NAME.xlsx is open (165 bytes, the
    layout LibreOffice's svl/msodocumentlockfile.cxx reads and writes for Excel): the user name's
    length, the name in the Windows code page (Thai: cp874) padded with spaces to byte 55, its
    length again as 2 bytes, the name in UTF-16-LE, then space/NUL pairs to the end."""
    acp, wide = user.encode("cp874"), user.encode("utf-16-le")
    data = bytes([len(user)]) + acp.ljust(54, b" ") + bytes([len(user), 0]) + wide
    data += b" \0" * ((165 - len(data)) // 2) + b" " * ((165 - len(data)) % 2)
    assert len(data) == 165
    path = folder / f"~${workbook}"
    path.write_bytes(data)
    return path


UNREADABLE["Excel's lock file"] = (lambda d, clean: excel_lock_file(d, "college.xlsx"),
                                   "is the lock file Excel keeps while college.xlsx is open",
                                   "เป็นไฟล์ล็อกที่ Excel สร้างไว้ขณะเปิดไฟล์ college.xlsx")


@pytest.mark.parametrize("kind", list(UNREADABLE))
def test_every_unreadable_input_has_its_own_sentence(files, tmp_path, kind):
    make, english, thai = UNREADABLE[kind]
    path = make(tmp_path, files["clean"])
    for command in ("check", "report", "export", "fix"):
        p = run(command, path)
        assert p.returncode == 2, (command, p.stdout, p.stderr)
        assert english in p.stderr and thai in p.stderr, (command, p.stderr)
        assert "Traceback" not in p.stderr
        # no library text: none of calamine's or zipfile's words reach the user
        for leak in ("Cfb", "EOCD", "zip file", "XmlError", "Errno", "sector"):
            assert leak not in p.stderr


def test_the_sentences_differ(files, tmp_path):
    seen = {}
    for kind, (make, _, _) in UNREADABLE.items():
        p = run("check", make(tmp_path, files["clean"]))
        seen[kind] = p.stderr.replace(str(tmp_path), "").split(" / ")[0].split(" ", 2)[-1][:30]
    assert len(set(seen.values())) == len(seen), seen


def test_check_reads_xls_and_ods_and_says_which_commands_need_xlsx(files, libreoffice, tmp_path):
    for fmt in ("xls", "ods"):
        converted, = libreoffice.convert(files["clean"], fmt, tmp_path / fmt)
        p = run("check", converted)
        assert p.returncode == 0 and "พร้อมส่ง" in p.stdout
        assert "report, export and fix" in p.stderr and "Save As > Excel Workbook (*.xlsx)" in p.stderr
        for command in ("report", "export", "fix"):
            p = run(command, converted)
            assert p.returncode == 2 and "need an .xlsx" in p.stderr and "บันทึกเป็น" in p.stderr
        assert not [f for f in converted.parent.iterdir() if f != converted]  # nothing written


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
    assert p.returncode == 1, p.stderr  # the sample still has its 10 errors
    assert "Status: 10 error(s) to fix" in p.stdout and "no email-ready workbook" in p.stdout
    assert not list((tmp_path / "d").glob("VETQA-*.xlsx"))


def test_template_command(tmp_path):
    p = run("template", tmp_path / "t.xlsx")
    assert p.returncode == 0 and (tmp_path / "t.xlsx").stat().st_size > 10_000


COMMANDS = [("template",), ("check",), ("report",), ("export",), ("fix",), ("new",), ("demo",),
            ("addin",), ("addin", "build"), ("addin", "install"), ("addin", "remove"), ("lite",),
            ("consolidate",)]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_with_h_every_option_explained_and_an_example(command):
    import click

    from vetqa_xl.cli import main

    p = run(*command, "-h")
    assert p.returncode == 0 and "Usage:" in p.stdout
    assert "example:" in p.stdout and "vetqa-xl " + " ".join(command) in p.stdout
    cmd = main
    for name in command:
        cmd = cmd.commands[name]
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert param.help, f"{' '.join(command)} {param.opts} has no help text"


def test_main_help_lists_the_exit_codes():
    p = run("--help")
    assert p.returncode == 0
    for line in ("0  สำเร็จ", "1  ไฟล์ยังมีข้อผิดพลาดหลังทำคำสั่ง", "2  อ่านหรือเขียนไฟล์ไม่ได้"):
        assert line in p.stdout
    assert "every file but the export is still written" in p.stdout  # report, fix, new exit 1 after writing


def test_report_exits_1_after_writing_its_file(files, tmp_path):
    p = run("report", files["mistakes"], "-o", tmp_path / "r.xlsx")
    assert p.returncode == 1 and (tmp_path / "r.xlsx").is_file()


def test_to_must_be_an_address(files, tmp_path):
    p = run("export", files["clean"], "-o", tmp_path, "--to", "not-an-email")
    assert p.returncode == 2 and "not an e-mail address" in p.stderr
    assert list(tmp_path.iterdir()) == []  # refused before anything is written


# Commands that write a new file: (arguments, the file they write). `new` and `fix` of the
# mistakes sample exit 1 once written: the new year's counts are empty, the 10 errors stay.
WRITTEN_EXIT = {"template": 0, "new": 1, "report -o": 0, "export": 0, "fix -o": 1}


def _writers(files, d):
    return {
        "template": (("template", d / "t.xlsx"), d / "t.xlsx"),
        "new": (("new", d / "n.xlsx", "--from", files["clean"]), d / "n.xlsx"),
        "report -o": (("report", files["clean"], "-o", d / "r.xlsx"), d / "r.xlsx"),
        "export": (("export", files["clean"], "-o", d), d / "VETQA-coop-1370076101-2568.xlsx"),
        "fix -o": (("fix", files["mistakes"], "-o", d / "f.xlsx"), d / "f.xlsx"),
    }


@pytest.mark.parametrize("name", ["template", "new", "report -o", "export", "fix -o"])
def test_never_overwrites_without_force_then_keeps_bak(files, tmp_path, name):
    import os
    args, out = _writers(files, tmp_path)[name]
    out.write_bytes(b"the user's own file")
    os.chmod(out, 0o664)
    inputs = {p: p.read_bytes() for p in (files["clean"], files["mistakes"])}
    p = run(*args)
    assert p.returncode == 2 and "--force" in p.stderr and "ไม่เขียนทับ" in p.stderr
    assert out.read_bytes() == b"the user's own file"
    assert not out.with_name(out.name + ".bak").exists()
    p = run(*args, "--force")
    assert p.returncode == WRITTEN_EXIT[name], p.stderr
    assert out.with_name(out.name + ".bak").read_bytes() == b"the user's own file"
    assert out.read_bytes()[:2] == b"PK"
    assert os.stat(out).st_mode & 0o777 == 0o664  # the mode of the file it replaced
    assert {p: p.read_bytes() for p in inputs} == inputs  # inputs never modified


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_a_new_file_gets_the_umask(files, tmp_path, umask):
    import os
    old = os.umask(umask)
    try:
        for name, (args, out) in _writers(files, tmp_path / oct(umask)).items():
            out.parent.mkdir(exist_ok=True)
            p = run(*args)
            assert p.returncode == WRITTEN_EXIT[name], (name, p.stderr)
            assert os.stat(out).st_mode & 0o777 == 0o666 & ~umask, name
    finally:
        os.umask(old)


def test_in_place_keeps_the_mode_of_a_shared_file(files, tmp_path):
    import os
    import shutil
    shared = tmp_path / "shared.xlsx"
    shutil.copy(files["mistakes"], shared)
    os.chmod(shared, 0o664)
    for command in ("report", "fix"):
        run(command, shared, "--in-place")
        assert os.stat(shared).st_mode & 0o777 == 0o664, command
        assert shared.with_name("shared.xlsx.bak").is_file()


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


def test_ci_script_waits_for_the_dpkg_lock():
    from .conftest import ROOT
    script = (ROOT / ".ci/run").read_text("utf-8")
    calls = [line for line in script.splitlines() if "apt-get" in line and not line.lstrip().startswith("#")]
    assert calls and all('"${LOCK[@]}"' in line for line in calls)
    assert "LOCK=(-o DPkg::Lock::Timeout=600)" in script


# --- a staff member's console -----------------------------------------------------------------

def _run_encoded(encoding, *args):
    import os

    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "vetqa_xl", *map(str, args)], capture_output=True,
                          env=env, timeout=120)


def test_thai_windows_code_page_prints_without_a_traceback(files):
    """Thai Windows redirects output in cp874, which has Thai but not '·' or '→'."""
    p = _run_encoded("cp874", "check", files["mistakes"])
    assert p.returncode == 1 and b"Traceback" not in p.stderr, p.stderr.decode("cp874", "replace")
    text = p.stdout.decode("cp874")
    assert "สถานะ: ยังมีข้อผิดพลาด 10 รายการ" in text  # sample_expected.json: 10 errors


def test_a_code_page_without_thai_gets_utf8(files):
    p = _run_encoded("cp1252", "check", files["mistakes"])
    assert p.returncode == 1 and b"Traceback" not in p.stderr
    assert "สถานะ: ยังมีข้อผิดพลาด 10 รายการ" in p.stdout.decode("utf-8")


@pytest.mark.parametrize("args, english", [(("chek", "x.xlsx"), "No such command"),
                                           (("new", "x.xlsx"), "Missing option '--from'"),
                                           (("check", "x.xlsx", "--lang", "fr"), "'fr'")])
def test_a_mistyped_command_is_told_in_thai_and_english(args, english, tmp_path):
    p = run(*args, cwd=tmp_path)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr.startswith("คำสั่งหรือตัวเลือกไม่ถูกต้อง") and english in p.stderr


def test_report_refuses_out_with_in_place(files, tmp_path):
    src = tmp_path / "c.xlsx"
    src.write_bytes(files["clean"].read_bytes())
    p = run("report", src, "--in-place", "-o", tmp_path / "x.xlsx")
    assert p.returncode == 2 and "-o หรือ --in-place" in p.stderr
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "c.xlsx.bak").exists()


def test_file_system_refusals_name_the_folder_not_a_temporary_file(tmp_path):
    from vetqa_xl.cli import os_problem

    exc = PermissionError(13, "Permission denied", str(tmp_path / "ro" / ".c-report-4_o4o31v.xlsx.tmp"))
    text = os_problem(exc)
    assert text.startswith("ไม่มีสิทธิ์") and str(tmp_path / "ro") in text and ".tmp" not in text
    assert "Errno" not in text and "permission denied" in text


@pytest.mark.parametrize("exc, th, en", [
    (FileNotFoundError(2, "No such file", "/x/c.xlsx"), "ไม่พบ /x/c.xlsx", "/x/c.xlsx does not exist"),
    (IsADirectoryError(21, "Is a directory", "/x"), "/x เป็นโฟลเดอร์", "/x is a folder, not a file"),
    (OSError(28, "No space left on device", "/x/c.xlsx"), "อ่านหรือเขียน /x/c.xlsx ไม่ได้",
     "cannot read or write /x/c.xlsx (No space left on device)"),
])
def test_each_file_system_refusal_has_its_catalogue_sentence(exc, th, en):
    from vetqa_xl.cli import os_problem

    text = os_problem(exc)
    assert text.startswith(th) and text.endswith(en) and " / " in text


def test_our_warnings_print_as_their_sentence_alone():
    import warnings

    from vetqa_xl.cli import main

    @main.command("warn-once", hidden=True)
    def warn_once():
        warnings.warn(UserWarning("ประโยคเตือน / a warning sentence"), stacklevel=2)

    try:
        from click.testing import CliRunner

        result = CliRunner().invoke(main, ["warn-once"])
    finally:
        del main.commands["warn-once"]
    assert result.output.strip() == "ประโยคเตือน / a warning sentence"  # no file:line, no source


def test_addin_build_never_overwrites_without_force(tmp_path):
    out = tmp_path / "vetqa_xl.xlam"
    assert run("addin", "build", "-o", out).returncode == 0
    first = out.read_bytes()
    p = run("addin", "build", "-o", out)
    assert p.returncode == 2 and "--force" in p.stderr and not out.with_name(out.name + ".bak").exists()
    assert run("addin", "build", "-o", out, "--force").returncode == 0
    assert out.with_name(out.name + ".bak").read_bytes() == first == out.read_bytes()  # reproducible


@pytest.mark.parametrize("lang, e8", [("th", "1/7/2568 → 1 ก.ค. 2568"), ("en", "1/7/2568 → 2025-07-01")])
def test_fix_prints_each_change_with_readable_dates(files, tmp_path, lang, e8):
    """The mistakes sample's E8 is a date cell holding the พ.ศ. year 2568 (sample_expected.md
    row 7): shown as typed, and its ค.ศ. reading as a พ.ศ. date in Thai, ISO in English."""
    p = run("fix", files["mistakes"], "-o", tmp_path / "f.xlsx", "--lang", lang)
    assert p.returncode == 1, p.stderr  # E8 fixed; the sample's 10 errors need a person
    assert f"  1 ทวิภาคี!E8: {e8}\n" in p.stdout
    assert "2568-07-01" not in p.stdout


@pytest.mark.parametrize("args, name, suffixes", [
    (("template", "{d}/t.csv"), "t.csv", ".xlsx"),
    (("new", "{d}/n.xls", "--from", "{clean}"), "n.xls", ".xlsx"),
    (("report", "{clean}", "-o", "{d}/r.csv"), "r.csv", ".xlsx"),
    (("report", "{clean}", "-o", "{d}/r.xlsm"), "r.xlsm", ".xlsx"),  # no macros to keep
    (("fix", "{mistakes}", "-o", "{d}/f.txt"), "f.txt", ".xlsx"),
    (("lite", "{clean}", "-o", "{d}/l.xlsm"), "l.xlsm", ".xlsx"),
    (("consolidate", "{clean}", "-o", "{d}/c.csv"), "c.csv", ".xlsx"),
    (("consolidate", "{clean}", "-o", "{d}/c.xlsx", "--csv", "{d}/c.txt"), "c.txt", ".csv"),
])
def test_an_output_named_with_another_extension_is_refused(files, tmp_path, args, name, suffixes):
    """Excel picks how to open a file by its extension: a workbook saved as out.csv (or an
    .xlsx package named .xlsm) would not open. Refused before anything is written."""
    fill = {"d": tmp_path, "clean": files["clean"], "mistakes": files["mistakes"]}
    p = run(*(a.format(**fill) for a in args), "--force")
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert f"ชื่อไฟล์ผลลัพธ์ {name} ต้องลงท้ายด้วย {suffixes}" in p.stderr
    assert f"the output {name} must end in {suffixes}" in p.stderr
    assert list(tmp_path.iterdir()) == []


# --- issue 22: one exit-code table, one grammar for the output ---------------------------------

# Every command, and what its exit code must be. sample_expected.md counts the errors by hand:
# the clean sample has none, the mistakes sample 10, none of which fix may decide (a school code
# of 9 digits, an address without @, 2.5 and -5 learners, evidence, 2.3's ratio, an unknown
# programme, กีฬา, a nameless activity, dates in the wrong order). `new` clears this year's
# counts and answers, so its workbook has errors until they are filled in.
EXIT_CASES = {
    "check clean": (("check", "{clean}"), 0),
    "check mistakes": (("check", "{mistakes}"), 1),
    "report clean": (("report", "{clean}", "-o", "{d}/r.xlsx"), 0),
    "report mistakes": (("report", "{mistakes}", "-o", "{d}/r.xlsx"), 1),
    "export clean": (("export", "{clean}", "-o", "{d}"), 0),
    "export mistakes": (("export", "{mistakes}", "-o", "{d}"), 1),
    "export mistakes --force": (("export", "{mistakes}", "-o", "{d}", "--force"), 1),
    "fix clean": (("fix", "{clean}", "-o", "{d}/f.xlsx"), 0),
    "fix mistakes": (("fix", "{mistakes}", "-o", "{d}/f.xlsx"), 1),
    "new": (("new", "{d}/n.xlsx", "--from", "{clean}"), 1),
    "demo college": (("demo", "-o", "{d}/demo"), 0),
    "demo college_mistakes": (("demo", "-o", "{d}/demo", "--sample", "college_mistakes"), 1),
    "template": (("template", "-o", "{d}/t.xlsx"), 0),
    "lite": (("lite", "{mistakes}", "-o", "{d}/l.xlsx"), 0),
    "consolidate": (("consolidate", "{mistakes}", "-o", "{d}/c.xlsx"), 0),
    "addin build": (("addin", "build", "-o", "{d}/a.xlam"), 0),
}


@pytest.mark.parametrize("case", list(EXIT_CASES))
def test_exit_code_of_every_command(files, tmp_path, case):
    """0: done and the workbook has no error; 1: the workbook still has errors after the
    command (its output is written, except the export's), saying how many for fix and new."""
    args, code = EXIT_CASES[case]
    fill = {"d": tmp_path, "clean": files["clean"], "mistakes": files["mistakes"]}
    p = run(*(a.format(**fill) for a in args))
    assert p.returncode == code, p.stderr
    if case == "fix mistakes":
        assert (tmp_path / "f.xlsx").is_file()
        assert f"{tmp_path / 'f.xlsx'} still has 10 error(s)" in p.stderr
        assert f"{tmp_path / 'f.xlsx'} ยังมีข้อผิดพลาด 10 รายการ" in p.stderr
    if case == "new":
        assert (tmp_path / "n.xlsx").is_file() and "still has" in p.stderr


def test_the_readme_exit_code_table_names_every_command_that_exits_1():
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| 1 |"))
    ones = {args[0] for args, code in EXIT_CASES.values() if code == 1}
    assert all(f"`{c}`" in row for c in ones), row
    zeros = {args[0] for args, code in EXIT_CASES.values()} - ones
    assert not any(f"`{c}`" in row for c in zeros), row


# Every command that writes a file takes -o/--output; older spellings keep working.
OUTPUT_CASES = {
    "template": (("template", "{o}", "{d}/t.xlsx"), "{d}/t.xlsx"),
    "new": (("new", "--from", "{clean}", "{o}", "{d}/n.xlsx"), "{d}/n.xlsx"),
    "report": (("report", "{clean}", "{o}", "{d}/r.xlsx"), "{d}/r.xlsx"),
    "export": (("export", "{clean}", "{o}", "{d}/x"), "{d}/x/VETQA-coop-1370076101-2568.xlsx"),
    "fix": (("fix", "{mistakes}", "{o}", "{d}/f.xlsx"), "{d}/f.xlsx"),
    "demo": (("demo", "{o}", "{d}/demo"), "{d}/demo/college.xlsx"),
    "lite": (("lite", "{clean}", "{o}", "{d}/l.xlsx"), "{d}/l.xlsx"),
    "consolidate": (("consolidate", "{clean}", "{o}", "{d}/c.xlsx"), "{d}/c.xlsx"),
    "addin build": (("addin", "build", "{o}", "{d}/a.xlam"), "{d}/a.xlam"),
}


@pytest.mark.parametrize("spelling", ["-o", "--output"])
@pytest.mark.parametrize("case", list(OUTPUT_CASES))
def test_every_command_that_writes_takes_o_and_output(files, tmp_path, case, spelling):
    args, out = OUTPUT_CASES[case]
    (tmp_path / "x").mkdir()
    fill = {"d": tmp_path, "clean": files["clean"], "mistakes": files["mistakes"], "o": spelling}
    p = run(*(a.format(**fill) for a in args))
    assert p.returncode in (0, 1), p.stderr
    assert Path(out.format(**fill)).is_file()


@pytest.mark.parametrize("args", [("template", "{d}/t.xlsx"), ("new", "{d}/t.xlsx", "--from", "{clean}"),
                                  ("report", "{clean}", "--out", "{d}/t.xlsx"),
                                  ("demo", "--out", "{d}/demo"), ("export", "{clean}", "--out-dir", "{d}")])
def test_the_older_spellings_still_work(files, tmp_path, args):
    p = run(*(a.format(d=tmp_path, clean=files["clean"]) for a in args))
    assert p.returncode in (0, 1) and "Traceback" not in p.stderr and p.stderr.count("usage") == 0
    assert list(tmp_path.iterdir())


@pytest.mark.parametrize("args, th, en", [
    (("template",), "ระบุไฟล์ที่จะเขียนด้วย -o", "give the file to write with -o"),
    (("template", "{d}/a.xlsx", "-o", "{d}/b.xlsx"), "ระบุไฟล์ที่จะเขียนเพียงไฟล์เดียว", "not both"),
    (("new", "--from", "{clean}"), "ระบุไฟล์ที่จะเขียนด้วย -o", "give the file to write with -o"),
])
def test_template_and_new_need_one_output(files, tmp_path, args, th, en):
    p = run(*(a.format(d=tmp_path, clean=files["clean"]) for a in args))
    assert p.returncode == 2 and th in p.stderr and en in p.stderr
    assert list(tmp_path.iterdir()) == []


def test_consolidate_lists_an_excel_lock_file_with_checks_sentence(files, tmp_path):
    """A college's folder with its workbook open in Excel: the workbook is read, its lock file
    is listed as unreadable with the sentence check gives, naming the workbook."""
    import shutil

    from vetqa_xl import api

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(files["clean"], folder / "วิทยาลัยตัวอย่าง.xlsx")
    excel_lock_file(folder, "วิทยาลัยตัวอย่าง.xlsx")
    res = api.consolidate([folder], tmp_path / "o.xlsx", jobs=1)
    assert res.colleges == 1
    (file, _, reason), = res.unreadable
    assert file.endswith("~$วิทยาลัยตัวอย่าง.xlsx")
    assert reason == run("check", folder / "~$วิทยาลัยตัวอย่าง.xlsx").stderr.strip()
    assert "เป็นไฟล์ล็อกที่ Excel สร้างไว้ขณะเปิดไฟล์ วิทยาลัยตัวอย่าง.xlsx" in reason
    assert "the data is in วิทยาลัยตัวอย่าง.xlsx" in reason
