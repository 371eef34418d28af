"""Issue 24, the fixed cost of one `vetqa-xl check`: the command runs without click, the
writers or the consolidation, and says exactly what the click command says; the package
vetting reads in full only what check's readers open, and tells most sheets' far corner by one
search, refusing what it refused before."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.mutants import parts_of, zipped
from vetqa_xl import api
from vetqa_xl.__main__ import check_args
from vetqa_xl.readers import grid
from vetqa_xl.readers.package import PackageRefused, vet_package

# what `check` must not import: the CLI framework, the spreadsheet writers and their libraries,
# the commission's consolidation (tqdm), and the CLI module that builds the command group
NOT_FOR_CHECK = ("click", "openpyxl", "pandas", "numpy", "tqdm", "lxml", "vetqa_xl.writers",
                 "vetqa_xl.consolidate", "vetqa_xl.cli", "vetqa_xl.excel", "vetqa_xl.addin",
                 "dataclasses", "inspect")  # the last two: ~9 ms, loaded by a dataclass
CHILD = """
import json, os, sys
os._exit = sys.exit  # the fast path ends the process with os._exit: here, so that this goes on
sys.argv = ["vetqa-xl", *sys.argv[1:]]
from vetqa_xl.__main__ import main
try:
    main()
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""
CLICK = "import sys; from vetqa_xl.cli import main; main(sys.argv[1:], prog_name='vetqa-xl')"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("start")
    return {"clean": api.fill_sample(d / "college.xlsx", "college"),
            "mistakes": api.fill_sample(d / "mistakes.xlsx", "college_mistakes"), "dir": d}


def _imported(*args) -> tuple[int, list[str], str]:
    p = subprocess.run([sys.executable, "-c", CHILD, *map(str, args)], capture_output=True,
                       text=True, timeout=120)
    *err, last = p.stderr.split("\n")
    got = json.loads(last)
    return got["code"], got["modules"], p.stdout


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == x or m.startswith(x + ".") for x in NOT_FOR_CHECK)]


@pytest.mark.parametrize("args", [["--json"], ["--lang", "en"], []])
def test_check_imports_neither_click_nor_the_writers(files, args):
    code, modules, out = _imported("check", files["clean"], *args)
    assert code == 0 and out
    assert _heavy(modules) == []
    assert "python_calamine" in modules  # it did read the file


def test_the_import_test_sees_what_another_command_imports(files):
    """The control: through click, the same child process shows click and the CLI loaded."""
    code, modules, _ = _imported("check", files["clean"], "--lang", "xx")  # a usage error: click's
    assert code == 2
    assert {"click", "vetqa_xl.cli"} <= set(modules)


def test_check_json_renders_no_text(files):
    """--json prints no text table, so unicodedata (for the display width of Thai text) stays
    unloaded; the text output loads it, the control that the test sees it."""
    assert "unicodedata" not in _imported("check", files["clean"], "--json")[1]
    assert "unicodedata" in _imported("check", files["clean"], "--lang", "en")[1]


# Which modules have typing compile annotation text during a check: a NamedTuple whose field
# types are text (``from __future__ import annotations``) costs a compile() a field, and the
# process's first compile() also builds the ast module's types (docs/performance.md, "Start-up,
# second pass"). The child runs the check, or ``argv[1]`` as the module "probe" (the control).
COMPILES = """
import io, json, os, sys, typing
from contextlib import redirect_stdout
by = set()
def hook(event, args):
    if event == "compile" and sys._getframe(1).f_code is typing.ForwardRef.__init__.__code__:
        f = sys._getframe(1)
        while f is not None and not f.f_globals.get("__name__", "").startswith(("vetqa_xl", "probe")):
            f = f.f_back
        by.add(f.f_globals["__name__"] if f is not None else "?")
sys.addaudithook(hook)
if sys.argv[1].endswith(".xlsx"):
    sys.argv = ["vetqa-xl", "check", sys.argv[1], "--json"]
    os._exit = sys.exit  # as in CHILD
    from vetqa_xl.__main__ import main
    try:
        with redirect_stdout(io.StringIO()):
            main()
    except SystemExit:
        pass
else:
    exec(sys.argv[1], {"__name__": "probe"})
sys.stderr.write("\\n" + json.dumps(sorted(by)))
"""


def _compiled_by(arg: str) -> set[str]:
    p = subprocess.run([sys.executable, "-c", COMPILES, arg], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return set(json.loads(p.stderr.split("\n")[-1]))


def test_the_form_and_the_figures_compile_no_annotation_at_start_up(files):
    # core.messages (Both) is the one left, and branch work25's to change
    assert _compiled_by(str(files["clean"])) - {"vetqa_xl.core.messages"} == set()
    assert _compiled_by("from __future__ import annotations\nfrom typing import NamedTuple\n"
                        "class P(NamedTuple):\n    a: int") == {"probe"}  # the control


CASES = {"json": ["clean", "--json"], "text_en": ["--lang=en", "mistakes"],
         "text_th": ["mistakes", "--lang", "th"], "missing": ["missing.xlsx"],
         "rubric": ["clean", "--rubric", "rubric.json", "--json"], "bad_rubric": ["clean", "--rubric", "bad.json"]}


@pytest.mark.parametrize("case", CASES)
def test_the_fast_path_says_what_the_click_command_says(files, case):
    d = files["dir"]
    (d / "rubric.json").write_text(
        (Path(api.__file__).parent / "core" / "rubric_default.json").read_text("utf-8"), "utf-8")
    (d / "bad.json").write_text("{not json", "utf-8")
    args = [str(files[a]) if a in files else a for a in CASES[case]]
    assert check_args(["check", *args]) is not None  # this case does take the fast path
    fast = subprocess.run([sys.executable, "-m", "vetqa_xl", "check", *args], capture_output=True,
                          text=True, timeout=120, cwd=d)
    slow = subprocess.run([sys.executable, "-c", CLICK, "check", *args], capture_output=True,
                          text=True, timeout=120, cwd=d)

    def same(text: str) -> str:
        return re.sub(r'"checked_at": "[^"]*"', "", text)
    assert (fast.returncode, same(fast.stdout), fast.stderr) == (slow.returncode, same(slow.stdout), slow.stderr)
    assert fast.returncode == {"json": 0, "text_en": 1, "text_th": 1, "missing": 2, "rubric": 0,
                               "bad_rubric": 2}[case], fast.stderr


def test_the_fast_path_leaves_what_the_check_read_to_the_end_of_the_process(files):
    """What a plain check read (the IR: a 20,000-row sheet is 9–12 ms to free object by object)
    is still alive when the process ends (os._exit), left to the system; api.check itself
    keeps nothing unless asked."""
    script = """
import gc, os, sys
from vetqa_xl.core.check import Report
from vetqa_xl.core.ir import WorkbookIR
def alive():
    return [sum(type(o) is kind for o in gc.get_objects()) for kind in (WorkbookIR, Report)]
def _exit(code):
    print(*alive(), code)
    sys.exit(0)
os._exit = _exit
path = sys.argv[1]
sys.argv = ["vetqa-xl", "check", path, "--json"]
from vetqa_xl import api
api.check(path)
print(*alive())
from vetqa_xl.__main__ import main
main()
"""
    done = subprocess.run([sys.executable, "-c", script, str(files["clean"])],
                          capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split()[:2] == ["0", "0"]  # api.check returned: its IR and report freed
    assert done.stdout.split()[-3:] == ["1", "1", "0"]  # at the fast path's exit: both, exit code 0


@pytest.mark.parametrize("argv", [["check"], ["check", "-h"], ["check", "--help"], ["check", "a.xlsx", "b.xlsx"],
                                  ["check", "a.xlsx", "--lang", "xx"], ["check", "a.xlsx", "--lang"],
                                  ["check", "a.xlsx", "--rubric"], ["check", "a.xlsx", "--rubric="],
                                  ["check", "a.xlsx", "--jsn"], ["check", "--", "a.xlsx"], ["check", ""],
                                  ["check", "a\0.xlsx"], ["report", "a.xlsx"], ["--version"], []])
def test_anything_but_a_plain_check_goes_to_click(argv):
    assert check_args(argv) is None


def test_a_plain_check_in_any_order():
    assert check_args(["check", "--lang=en", "a.xlsx", "--json", "--rubric", "r.json"]) == \
        (Path("a.xlsx"), True, "en", Path("r.json"))
    assert check_args(["check", "a.xlsx"]) == (Path("a.xlsx"), False, "th", None)


# --- the package vetting ---------------------------------------------------------------------

def _edit(path: Path, out: Path, edits: dict, method: int = zipfile.ZIP_DEFLATED) -> Path:
    out.write_bytes(zipped([(n, edits[n](b) if n in edits else b) for n, b in parts_of(path.read_bytes())],
                           method))
    return out


def _check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vetqa_xl", "check", str(path), "--json"],
                          capture_output=True, text=True, timeout=120)


def test_a_damaged_part_check_never_opens_is_the_writers_to_refuse(files, tmp_path):
    """The theme is stored with bytes that no longer match its CRC: check reads the data (it
    never opens the theme); report, which would copy it, refuses it by name."""
    src = _edit(files["clean"], tmp_path / "stored.xlsx", {}, zipfile.ZIP_STORED)
    data = src.read_bytes()
    theme = zipfile.ZipFile(src).read("xl/theme/theme1.xml")
    at = data.index(theme) + len(theme) // 2  # past the first bytes, which check does read
    bad = tmp_path / "crc.xlsx"
    bad.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1:])
    assert _check(bad).returncode == 0
    p = subprocess.run([sys.executable, "-m", "vetqa_xl", "report", str(bad), "-o", str(tmp_path / "r.xlsx")],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and "xl/theme/theme1.xml" in p.stderr and "crc.xlsx" in p.stderr
    assert not (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize("edit, words", [
    (lambda x: b'<!DOCTYPE t [<!ENTITY a "b">]>' + re.sub(rb"^<\?xml[^>]*\?>", b"", x), "DOCTYPE"),
    (lambda x: x.decode().encode("utf-16"), "UTF-8")])
def test_a_part_check_never_opens_is_still_refused_for_what_its_first_bytes_show(files, tmp_path, edit, words):
    bad = _edit(files["clean"], tmp_path / "theme.xlsx", {"xl/theme/theme1.xml": edit})
    p = _check(bad)
    assert p.returncode == 2 and "xl/theme/theme1.xml" in p.stderr and words in p.stderr, p.stderr


SHEET = "xl/worksheets/sheet5.xml"  # 1 สถานประกอบการ, a sheet check reads


def _add(xml: bytes, rows: bytes) -> bytes:
    return xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)


@pytest.mark.parametrize("space", [b"\n", b"\t", b"\r\n"])
def test_a_far_reference_after_a_line_break_is_refused(files, tmp_path, space):
    """The one search looks for ' r="'; a reference after other white space is read the exact way."""
    bad = _edit(files["clean"], tmp_path / "far.xlsx",
                {SHEET: lambda x: _add(x, b'<row r="1048576"><c' + space + b'r="XFD1048576"><v>1</v></c></row>')})
    with pytest.raises(PackageRefused, match="XFD1048576"):
        vet_package(bad)


def test_a_long_sheet_with_one_wide_cell_is_read_exactly_not_refused(files, tmp_path):
    """Over 1 MB, the sheet is searched a chunk at a time: the first chunk's bound (99,999 rows ×
    26 columns) with the last chunk's column GS (201) would pass 20,000,000 cells; the sheet
    itself is 40,005 rows × 201 columns (8,041,005 cells), so it is read again exactly and passes.
    A cell at GS100000 makes it 100,000 × 201 = 20,100,000: refused."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(100, 40_005))
    assert len(rows) > 1.2 * (1 << 20)

    def long(last: bytes):
        return lambda x: _add(x, rows + last)
    ok = _edit(files["clean"], tmp_path / "long.xlsx",
               {SHEET: long(b'<row r="40005"><c r="GS40005"><v>1</v></c></row>')})
    vet_package(ok)
    too = _edit(files["clean"], tmp_path / "too.xlsx",
                {SHEET: long(b'<row r="100000"><c r="GS100000"><v>1</v></c></row>')})
    with pytest.raises(PackageRefused, match="GS100000"):
        vet_package(too)


def test_a_far_dimension_is_refused_before_the_cells_and_not_after(files, tmp_path):
    """The dimension is read where the schema puts it, before the cells (a reader that sized its
    grid by it would allocate 17 billion cells); after them no reader looks (calamine 0.9.1 reads
    the sheet as its cells say), and past the piece where the cells begin the vetting does not
    look either."""
    far = b'<dimension ref="A1:XFD1048576"/>'
    head = _edit(files["clean"], tmp_path / "head.xlsx",
                 {SHEET: lambda x: re.sub(rb"<dimension\b[^>]*/>", far, x, count=1)})
    assert far in dict(parts_of(head.read_bytes()))[SHEET]
    with pytest.raises(PackageRefused, match="XFD1048576"):
        vet_package(head)
    # a sheet over a piece (1 MB) long: the dimension after its cells lies in a later piece
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(100, 40_005))
    long = _edit(files["clean"], tmp_path / "long.xlsx", {SHEET: lambda x: _add(x, rows)})
    after = _edit(files["clean"], tmp_path / "after.xlsx",
                  {SHEET: lambda x: _add(x, rows).replace(b"</sheetData>", b"</sheetData>" + far, 1)})
    assert api.check(after).figures == api.check(long).figures


def test_the_far_corner_bound_and_the_exact_corner():
    small = b'<sheetData><row r="3"><c r="K3"><v>1</v></c></row></sheetData>'
    assert grid.far_corner(small, b"")[::3] == (grid.SMALL_GRID[0], False)
    assert grid.far_corner(small, b"", exact=True)[:2] == (3, 11)
    # operator="between" is no reference: still the one search
    valid = b'<dataValidation operator="between" sqref="A4:A9"/>'
    assert grid.far_corner(small + valid, b"")[3] is False
    wide = b'<c r="AB7"><v>1</v></c>'
    assert grid.far_corner(wide, b"")[:2] == (7, 28)
    dim = b'<dimension ref="A1:C90000"/><c r="A1"/>'  # the dimension counts either way
    assert grid.far_corner(dim, b"", exact=True)[:2] == (90000, 3)
    # whatever the "$"s, a reference past SMALL_GRID is never bounded by it
    for ref, corner in ((b"$AB$7", (7, 28)), (b"A$123456", (123456, 1)), (b"$A$100000", (100000, 1)),
                        (b"$Z99999", (99999, 26)), (b"Z$99999", (99999, 26)), (b"AA1", (1, 27)),
                        (b"a100000", (100000, 1)), (b"A99999", grid.SMALL_GRID)):
        rows, cols, _tail, _exact = grid.far_corner(b'<c r="' + ref + b'"><v>1</v></c>', b"")
        assert (rows, cols) == corner, ref
