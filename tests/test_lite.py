"""The Lite copy (vetqa_xl.lite): web-extension parts, what is kept, the command, and the whole
Lite flow through xlwings' remote engine (the Book that xlwings Lite hands to a script).

The Pyodide run of the same main.py is tests/test_lite_pyodide.py. Expected counts and figures
come from tests/data/sample_expected.json and the sample JSON, never from the program's output.
"""
from __future__ import annotations

import ast
import base64
import io
import json
import re
import subprocess
import sys
import tokenize
import zipfile
import zlib
from importlib.metadata import version as _dist_version
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema

import vetqa_xl
from vetqa_xl import api, excel, lite
from vetqa_xl.lite import scripts
from vetqa_xl.writers.ooxml import Package
from vetqa_xl.writers.summary import COL_CHECKER, COL_KEY

from .excel_harness import (  # noqa: F401
    actions,
    expected_counts,
    expected_fills,
    expected_summary,
    fills,
    names,
    open_book,
    payload_of,
    replay,
    sample_files,
    sample_json,
    sheet_of,
    xw,
)


def xlwings_version() -> str:
    return _dist_version("xlwings")


SCHEMAS = Path("/work/shared/ooxml-schemas/ecma/fouth-edition")
WE_PARTS = {"xl/webextensions/taskpanes.xml", "xl/webextensions/webextension1.xml",
            "xl/webextensions/_rels/taskpanes.xml.rels"}


@pytest.fixture(scope="module")
def copies(tmp_path_factory, sample_files):  # noqa: F811
    out = tmp_path_factory.mktemp("lite")
    return {"college": (sample_files["college"], api.lite(sample_files["college"], out / "college-lite.xlsx")),
            "template": (None, api.lite(None, out / "template-lite.xlsx"))}


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


# --- (a) the web-extension parts round-trip --------------------------------------------------

@pytest.mark.parametrize("which", ["college", "template"])
def test_main_py_and_requirements_read_back_byte_identical(copies, which):
    _src, out = copies[which]
    props = lite.properties(Package(out.read_bytes()))
    assert props["main.py"].encode("utf-8") == lite.main_py().encode("utf-8")
    assert props["requirements.txt"].encode("utf-8") == lite.requirements().encode("utf-8")
    assert props["Office.AutoShowTaskpaneWithDocument"] is True  # opens with the document
    assert (props["pyodideVersion"], props["addinVersion"]) == ("0.27.5", "1.0.0.0-18")

    # the stored form, read with a plain XML parser: JSON strings, as xlwings Lite writes them
    root = ET.fromstring(_parts(out)["xl/webextensions/webextension1.xml"])
    we = "{http://schemas.microsoft.com/office/webextensions/webextension/2010/11}"
    raw = {p.get("name"): p.get("value") for p in root.iter(we + "property")}
    assert raw["main.py"].startswith('"') and raw["main.py"].endswith('"')
    assert json.loads(raw["requirements.txt"]) == ("xlwings==0.37.8  # required\npython-dotenv==1.1.1  # required\n"
                                                   "pyodide-http  # required\nblack  # required\n"
                                                   "defusedxml==0.7.1\n")
    # Lite's order (LITE.md: the six public workbooks Lite saved), then the auto-show property
    assert list(raw) == ["main.py", "pyodideVersion", "addinVersion", "requirements.txt",
                         "Office.AutoShowTaskpaneWithDocument"]
    refs = [(r.get("id").upper(), r.get("storeType")) for r in root.iter(we + "reference")]
    assert set(refs) == {("WA200008175", "OMEX")}


def test_requirements_start_with_lites_required_lines_then_our_pins():
    """Every requirements.txt Lite saves starts with its own lines marked `# required` (LITE.md):
    xlwings, python-dotenv, pyodide-http, black; then ours: defusedxml only."""
    lines = lite.requirements().splitlines()
    names = [re.split(r"==|\s", line)[0] for line in lines]
    assert names == ["xlwings", "python-dotenv", "pyodide-http", "black", "defusedxml"]
    assert all(line.endswith("  # required") for line in lines[:4]) and "#" not in lines[4]
    assert lines[0] == f"xlwings=={xlwings_version()}  # required"
    assert re.fullmatch(r"defusedxml==\d+(\.\d+)+", lines[4])


def test_every_user_part_is_kept(copies):
    src, out = copies["college"]
    before, after = _parts(src), _parts(out)
    assert set(after) - set(before) == WE_PARTS
    assert set(before) <= set(after)
    changed = {n for n in before if before[n] != after[n]}
    protected = {n for n, b in before.items() if b"<sheetProtection" in b}
    assert protected and changed == {"[Content_Types].xml", "_rels/.rels"} | protected
    for name in protected:  # only the permission to format cells changes
        def strip(b):
            return re.sub(rb'\s*formatCells="[01]"', b"", b)
        assert strip(before[name]) == strip(after[name])
        assert re.search(rb'<sheetProtection[^>]*formatCells="0"', after[name])


def test_package_is_well_formed_and_schema_valid(copies):
    _src, out = copies["college"]
    parts = _parts(out)
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            ET.fromstring(data)  # well-formed
    types = xmlschema.XMLSchema(str(SCHEMAS / "opc-contentTypes.xsd"))
    rels = xmlschema.XMLSchema(str(SCHEMAS / "opc-relationships.xsd"))
    types.validate(parts["[Content_Types].xml"].decode("utf-8"))
    for name in parts:
        if name.endswith(".rels"):
            rels.validate(parts[name].decode("utf-8"))
    pkg = Package(out.read_bytes())
    overrides = re.findall(r'PartName="/([^"]+)"', pkg.text("[Content_Types].xml"))
    assert set(overrides) <= set(parts)
    for part in ("", "xl/webextensions/taskpanes.xml"):
        for rel in pkg.rels(part):
            assert rel["part"] in parts
    ct = pkg.text("[Content_Types].xml")
    assert 'PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"' in ct
    assert 'ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"' in ct
    # visible: a first-time user gets the pane with the document (README: the task pane)
    assert re.search(r'<wetp:taskpane [^>]*visibility="1"', pkg.text("xl/webextensions/taskpanes.xml"))


@pytest.fixture(scope="module")
def owexml(tmp_path_factory):
    """The [MS-OWEXML] schemas of the two web-extension parts (tests/lite/schemas), their
    DrawingML and relationship types from the ISO/IEC 29500 schemas the other parts use."""
    from lxml import etree

    from .ooxml_check import ISO

    folder = tmp_path_factory.mktemp("owexml")
    for xsd in (Path(__file__).parent / "lite/schemas").glob("*.xsd"):
        (folder / xsd.name).write_text(xsd.read_text("utf-8").replace('schemaLocation="ISO/',
                                                                       f'schemaLocation="{ISO.as_uri()}/'), "utf-8")
    return {name: etree.XMLSchema(etree.parse(str(folder / f"{name}.xsd"))) for name in ("webextension", "taskpanes")}


def _owexml_errors(schema, data: bytes) -> list[str]:
    from lxml import etree

    ok = schema.validate(etree.fromstring(data))
    return [] if ok else [str(e) for e in schema.error_log]


@pytest.mark.parametrize("which", ["college", "template"])
def test_web_extension_parts_are_valid_against_ms_owexml(owexml, copies, which):
    parts = _parts(copies[which][1])
    assert _owexml_errors(owexml["webextension"], parts["xl/webextensions/webextension1.xml"]) == []
    assert _owexml_errors(owexml["taskpanes"], parts["xl/webextensions/taskpanes.xml"]) == []


def test_the_schemas_take_lites_own_part_and_refuse_a_broken_one(owexml):
    """What Lite saved passes the same schemas (they are not too strict); one without its
    reference, or a task pane without a width, does not (they can fail)."""
    assert _owexml_errors(owexml["webextension"], LITE_SAVED.encode()) == []
    broken = re.sub(r'<we:reference id="wa200008175"[^>]*/>', "", LITE_SAVED, count=1)
    assert _owexml_errors(owexml["webextension"], broken.encode())
    pane = (f'<wetp:taskpanes xmlns:wetp="{lite.NS_WETP}"><wetp:taskpane dockstate="right" visibility="0" '
            f'row="2"><wetp:webextensionref xmlns:r="{lite.NS_R}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>')
    assert _owexml_errors(owexml["taskpanes"], pane.encode())
    assert _owexml_errors(owexml["taskpanes"], pane.replace('row="2"', 'width="438" row="2"').encode()) == []


def test_rebuild_replaces_the_code_in_place(copies, tmp_path):
    """An upgrade: `vetqa-xl lite` on a Lite copy rewrites the same part, keeps its id."""
    _src, out = copies["college"]
    pkg = Package(out.read_bytes())
    lite.add_lite(pkg, main="print('old')\n", reqs="xlwings==0.1\n")
    old = tmp_path / "old.xlsx"
    old.write_bytes(pkg.to_bytes())
    again = api.lite(old, tmp_path / "new.xlsx")
    parts = _parts(again)
    assert {n for n in parts if "webextension" in n} == WE_PARTS
    assert parts["_rels/.rels"].count(b"webextensiontaskpanes") == 1
    assert parts["xl/webextensions/taskpanes.xml"].count(b"<wetp:taskpane ") == 1
    assert lite.properties(Package(again.read_bytes()))["main.py"] == lite.main_py()
    assert lite.EXTENSION_ID.encode() in parts["xl/webextensions/webextension1.xml"]


# A web extension in the form xlwings Lite saves it (public Lite workbooks): another store
# locale, the alternate reference in lower case, "\/" and ">" in a value, properties Lite adds.
LITE_SAVED = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" '
    'id="{11111111-2222-4333-8444-555555555555}"><we:reference id="wa200008175" version="1.0.0.0" '
    'store="en-IN" storeType="OMEX"/><we:alternateReferences><we:reference id="wa200008175" '
    'version="1.0.0.0" store="WA200008175" storeType="OMEX"/></we:alternateReferences><we:properties>'
    '<we:property name="main.py" value="&quot;import xlwings as xw\\n# a\\/b > c\\n&quot;"/>'
    '<we:property name="pyodideVersion" value="&quot;0.27.5&quot;"/>'
    '<we:property name="requirements.txt" value="&quot;xlwings==0.33.11  # required\\n&quot;"/>'
    '</we:properties><we:bindings/><we:snapshot xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"/><we:extLst><a:ext xmlns:a="http://schemas.openxmlformats.org/'
    'drawingml/2006/main" uri="{D87F86FE-615C-45B5-9D79-34F1136793EB}"><we:containsCustomFunctions/>'
    '</a:ext></we:extLst></we:webextension>')


def test_a_workbook_saved_by_lite_is_read_and_rebuilt_in_place(copies, tmp_path):
    _src, out = copies["college"]
    pkg = Package(out.read_bytes())
    pkg.put("xl/webextensions/webextension1.xml", LITE_SAVED)
    assert lite.properties(pkg) == {"main.py": "import xlwings as xw\n# a/b > c\n", "pyodideVersion": "0.27.5",
                                    "requirements.txt": "xlwings==0.33.11  # required\n"}
    saved = tmp_path / "saved-by-lite.xlsx"
    saved.write_bytes(pkg.to_bytes())
    rebuilt = Package(api.lite(saved, tmp_path / "rebuilt.xlsx").read_bytes())
    props = lite.properties(rebuilt)
    assert props["main.py"] == lite.main_py() and props["requirements.txt"] == lite.requirements()
    assert props["pyodideVersion"] == "0.27.5" and props["Office.AutoShowTaskpaneWithDocument"] is True
    assert props["addinVersion"] == lite.ADDIN_VERSION  # missing in the file: ours
    xml = rebuilt.text("xl/webextensions/webextension1.xml")
    assert xml.count("<we:property ") == 5 and "<we:containsCustomFunctions/>" in xml
    assert 'id="{11111111-2222-4333-8444-555555555555}"' in xml and 'store="en-IN"' in xml


def test_a_rebuild_keeps_the_versions_lite_wrote(copies, tmp_path):
    """Lite stamps pyodideVersion and addinVersion when it saves: a rebuild keeps those (they
    name the Pyodide and add-in the workbook really ran on), and replaces main.py."""
    _src, out = copies["college"]
    pkg = Package(out.read_bytes())
    saved = LITE_SAVED.replace("&quot;0.27.5&quot;", "&quot;314.0.0&quot;").replace(
        '<we:property name="pyodideVersion"', '<we:property name="addinVersion" value="&quot;1.0.0.103&quot;"/>'
        '<we:property name="pyodideVersion"')
    pkg.put("xl/webextensions/webextension1.xml", saved)
    (tmp_path / "saved.xlsx").write_bytes(pkg.to_bytes())
    props = lite.properties(Package(api.lite(tmp_path / "saved.xlsx", tmp_path / "again.xlsx").read_bytes()))
    assert (props["pyodideVersion"], props["addinVersion"]) == ("314.0.0", "1.0.0.103")
    assert props["main.py"] == lite.main_py()


def test_embedded_package_is_small_and_without_file_readers():
    main = lite.main_py()
    blob = re.search(r'^_VETQA = """\n(.*?)\n"""$', main, flags=re.MULTILINE | re.DOTALL).group(1)
    files = json.loads(zlib.decompress(base64.b85decode("".join(blob.split()))))
    assert files == lite.package_files()
    assert "vetqa_xl/excel/__init__.py" in files and "vetqa_xl/lite/scripts.py" in files
    assert "vetqa_xl/readers/live.py" in files
    assert "vetqa_xl/core/rubric_default.json" in files
    for gone in ("vetqa_xl/readers/calamine.py", "vetqa_xl/addin/__init__.py", "vetqa_xl/cli.py",
                 "vetqa_xl/writers/lite.py", "vetqa_xl/writers/litebundle.py"):
        assert gone not in files
    assert files["vetqa_xl/lite/__init__.py"] == ""  # re-exports the builder: not needed in Lite
    size = len(main.encode("utf-8"))
    print(f"main.py: {size} bytes, modules {sum(len(t.encode()) for t in files.values())} bytes")
    assert size <= lite.MAIN_PY_LIMIT == 100_000  # the largest main.py Lite saved (README)
    assert f'VETQA_VERSION = "{vetqa_xl.__version__}"' in main
    for name, fn in scripts.SCRIPTS.items():
        assert f'@script(name="{name}")\ndef {fn.__name__}(book: xw.Book):' in main


def test_bundled_modules_are_the_same_code_without_docstrings_and_comments():
    """The cut copy compiles to the same code as the source, docstrings, the annotations of
    functions and ``if TYPE_CHECKING:`` blocks aside (ast compares; a class's fields keep
    theirs: NamedTuple reads them)."""
    files = lite.package_files()
    root = Path(vetqa_xl.__file__).parent

    def shape(text: str) -> str:
        tree = ast.parse(text)
        tree.body = [kept for node in tree.body for kept in
                     (node.orelse if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
                      else [node])]
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                    and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                node.returns = None
                for arg in ast.walk(node.args):
                    if isinstance(arg, ast.arg):
                        arg.annotation = None
                node.body = [ast.Assign([s.target], s.value, lineno=0) if isinstance(s, ast.AnnAssign) and s.value
                             else ast.Pass() if isinstance(s, ast.AnnAssign) else s for s in node.body]
        return ast.dump(tree)

    checked = 0
    for name, text in files.items():
        if name.endswith(".py") and text:
            source = (root / name.removeprefix("vetqa_xl/")).read_text("utf-8")
            assert shape(text) == shape(source), name
            assert "#" not in "".join(t.string for t in tokenize.generate_tokens(io.StringIO(text).readline)
                                      if t.type == tokenize.COMMENT), name
            checked += 1
    assert checked > 30


def test_a_type_checking_block_is_left_out_and_its_else_kept():
    from vetqa_xl.writers.litebundle import _strip

    source = ("import typing\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\n"
              "if typing.TYPE_CHECKING:\n    import b\nelse:\n    c = 1\nif DEBUG:\n    d = 2\n")
    assert _strip(source) == "import typing\nfrom typing import TYPE_CHECKING\nc = 1\nif DEBUG:\n    d = 2\n"


# --- the command --------------------------------------------------------------------------

def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vetqa_xl", "lite", *args], capture_output=True, text=True)


def test_cli_lite_file_and_template(sample_files, tmp_path):  # noqa: F811
    src = tmp_path / "วิทยาลัย.xlsx"
    src.write_bytes(sample_files["college"].read_bytes())
    proc = _cli(str(src))
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()) == tmp_path / "วิทยาลัย-lite.xlsx"
    assert src.read_bytes() == sample_files["college"].read_bytes()
    proc = _cli("--template", "-o", str(tmp_path / "t.xlsx"))
    assert proc.returncode == 0 and "main.py" in lite.properties(Package((tmp_path / "t.xlsx").read_bytes()))


@pytest.mark.parametrize("args, says", [
    ((), "--template"), (("--template",), "-o OUT"), (("SRC", "-o", "SRC"), "จะไม่เขียนทับ"),
    (("NOTFORM",), "ไม่ใช่แบบฟอร์ม"), (("MISSING",), "ไม่พบไฟล์"),
    (("RANDOM",), "ไฟล์ random.xlsx ไม่ใช่ไฟล์ Excel"),  # the reader's own sentence, no zipfile text
])
def test_cli_lite_refusals(sample_files, tmp_path, args, says):  # noqa: F811
    src = tmp_path / "src.xlsx"
    src.write_bytes(sample_files["college"].read_bytes())
    notform = tmp_path / "other.xlsx"
    pkg = Package(src.read_bytes())
    wb = pkg.text("xl/workbook.xml")
    for s in pkg.sheets():
        wb = wb.replace(f'name="{s.name}"', f'name="x{s.sheet_id}"')
    pkg.put("xl/workbook.xml", wb)
    notform.write_bytes(pkg.to_bytes())
    (tmp_path / "random.xlsx").write_bytes(bytes(range(256)) * 4)
    sub = {"SRC": str(src), "NOTFORM": str(notform), "MISSING": str(tmp_path / "none.xlsx"),
           "RANDOM": str(tmp_path / "random.xlsx")}
    proc = _cli(*[sub.get(a, a) for a in args])
    assert proc.returncode == 2 and says in proc.stderr and "Traceback" not in proc.stderr
    assert src.read_bytes() == sample_files["college"].read_bytes()


def test_libreoffice_reads_the_lite_copy_like_the_original(libreoffice, copies, tmp_path):
    src, out = copies["college"]
    assert libreoffice.csv_sheets(out, tmp_path / "lite") == libreoffice.csv_sheets(src, tmp_path / "src")


# --- (c) the whole Lite flow on the mistakes sample -----------------------------------------

def _messages(book) -> list[str]:
    return [a["values"][0][0] for a in actions(book) if a["func"] == "setValues"
            and a["start_row"] == 1 and a["start_column"] == 6]


def test_lite_flow_on_the_mistakes_sample(xw, sample_files, capsys):  # noqa: F811
    sample = "college_mistakes"
    payload = payload_of(sample_files[sample])
    n_err, n_warn = expected_counts(sample)
    assert (n_err, n_warn) == (10, 7)  # sample_expected.md: 2 พ.ศ. date texts are notes only

    # ตรวจสอบ: findings sheet, highlights, the message in G2 and on the console, no message box
    book = open_book(xw, payload)
    text = scripts.check(book)
    assert f"ข้อผิดพลาด {n_err} รายการ · คำเตือน {n_warn} รายการ" in text
    assert "alert" not in [a["func"] for a in actions(book)]
    assert _messages(book) == [excel.as_typed(text)]
    checked = replay(payload, actions(book))
    assert fills(checked) == expected_fills(sample)
    assert sheet_of(checked, excel.FINDINGS)["values"][0][6] == scripts.MESSAGE_LABEL
    console = capsys.readouterr().out
    assert scripts.VERSION_LINE in console and text in console
    findings_at = names(checked).index(excel.FINDINGS)
    widths = {a["start_column"] + 1: a["args"][0] for a in actions(book)
              if a["func"] == "setColumnWidth" and a["sheet_position"] == findings_at}
    chars = [c.width for c in vetqa_xl.FORM.sheet("findings").columns]
    # points: a character of the default font is 7 px, a pixel 0.75 pt
    assert widths == {c: pytest.approx(w * 7 * 0.75, abs=0.75) for c, w in enumerate(chars, start=1)}

    # ส่งออก with errors: a message, nothing else queued
    book = open_book(xw, checked)
    text = scripts.export(book)
    assert text.startswith(f"ยังส่งออกไม่ได้: มีข้อผิดพลาด {n_err} รายการ")
    assert [a["func"] for a in actions(book)] == ["setValues", "setValues"] and _messages(book) == [text]

    # แก้ไขอัตโนมัติ: the 5 changes of sample_expected.md (#3 G5, #5 E5, #6 E6, #7 E8, #14 F4)
    book = open_book(xw, checked)
    text = scripts.fix(book)
    assert text.startswith("แก้ไขอัตโนมัติแล้ว 5 เซลล์")
    fixed = replay(checked, actions(book))
    assert "รายการแก้ไขอัตโนมัติ" in names(fixed)
    dual = sheet_of(fixed, "1 ทวิภาคี")["values"]
    assert [str(dual[r][4])[:10] for r in (4, 5, 7)] == ["2025-06-15", "2025-06-15", "2025-07-01"]

    # then the user corrects the two errors of ข้อมูลสถานศึกษา, which need judgment
    info = sheet_of(fixed, "ข้อมูลสถานศึกษา")["values"]
    fixed_code = "1370076101"
    info[3][1], info[11][1] = fixed_code, "qa@nadee.ac.th"  # B4, B12
    book = open_book(xw, fixed)
    text = scripts.check(book)
    # two errors fewer; one warning fewer: E8 is a real ค.ศ. date now (W_BE_DATE gone)
    assert f"ข้อผิดพลาด {n_err - 2} รายการ · คำเตือน {n_warn - 1} รายการ" in text
    rechecked = replay(fixed, actions(book))
    want = {k: v for k, v in expected_fills(sample).items()
            if k not in {("ข้อมูลสถานศึกษา", "B4"), ("ข้อมูลสถานศึกษา", "B12"), ("1 ทวิภาคี", "E8")}}
    assert fills(rechecked) == want
    assert names(rechecked).count(excel.HIGHLIGHT_STORE) == 1

    # สรุป: the figures worked out by hand for the sample, the embedded version
    book = open_book(xw, rechecked)
    scripts.summary(book)
    summed = replay(rechecked, actions(book))
    rows = sheet_of(summed, excel.SUMMARY)["values"]
    by_key = {r[COL_KEY - 1]: r for r in rows if r[COL_KEY - 1] and "." in str(r[COL_KEY - 1])}
    want_figures = expected_summary(sample)
    assert {k: by_key[k][COL_CHECKER - 1] for k in want_figures} == want_figures
    school = sample_json(sample)["ข้อมูลสถานศึกษา"]["ชื่อสถานศึกษา"]
    assert rows[1][COL_CHECKER - 1] == f"{school} ({fixed_code})"
    assert f"vetqa_xl {vetqa_xl.__version__}" in rows[4][0]

    # ล้างไฮไลต์: from the stored fills, never reading a fill
    book = open_book(xw, summed)
    assert scripts.clear(book) == f"ล้างไฮไลต์แล้ว {len(want)} เซลล์ / {len(want)} highlighted cells cleared"
    cleared = replay(summed, actions(book))
    assert fills(cleared) == {} and excel.HIGHLIGHT_STORE not in names(cleared)


def test_export_when_clean_names_the_file_and_writes_the_sheets(xw, sample_files):  # noqa: F811
    payload = payload_of(sample_files["college"])
    book = open_book(xw, payload)
    text = scripts.export(book)
    school = sample_json("college")["ข้อมูลสถานศึกษา"]
    assert f"VETQA-coop-{school['รหัสสถานศึกษา']}-{school['ปีการศึกษา']}.xlsx" in text
    assert "บันทึกสำเนา" in text and _messages(book) == [text]
    after = replay(payload, actions(book))
    assert {excel.SUMMARY, excel.FINDINGS} <= set(names(after))


def test_a_failure_half_way_leaves_nothing_half_done(xw, sample_files, monkeypatch, capsys):  # noqa: F811
    payload = payload_of(sample_files["college_mistakes"])
    book = open_book(xw, payload)

    def boom(book, report):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(excel, "highlight_live", boom)
    text = scripts.check(book)  # no exception: Lite would drop the queue anyway
    assert "RuntimeError: disk on fire" in text and "ไม่มีการเปลี่ยนแปลง" in text
    assert actions(book) == []  # the findings sheet written before the failure is dropped
    assert text in capsys.readouterr().out


def test_widths_stay_in_characters_for_excel_on_the_desktop():
    """COM and AppleScript take characters: only an Office.js book gets points."""
    from types import SimpleNamespace

    desktop = SimpleNamespace(book=SimpleNamespace(api=object()))  # a COM Workbook is no dict
    office_js = SimpleNamespace(book=SimpleNamespace(api={"client": "Office.js"}))
    assert excel.column_width(desktop, 16) == 16
    assert excel.column_width(office_js, 16) == 84.0  # 16 × 7 px × 0.75 pt


def test_script_docs_read_from_source_equal_the_scripts():
    """main.py's wrappers take names and docstrings from scripts.py's source (no import cycle
    with api): they are exactly the SCRIPTS table and its functions' docstrings."""
    assert lite.script_docs() == {name: (fn.__name__, fn.__doc__) for name, fn in scripts.SCRIPTS.items()}


@pytest.mark.parametrize("sent, older", [("0.37.8", False), ("0.38.0", False), ("0.36.17", True),
                                         ("0.33.15", True), ("", True), (None, True), ("dev", True)])
def test_the_client_version_decides_the_newer_actions(sent, older):
    """The payload's xlwings version: before 0.37 (or unreadable) the script does without them."""
    from types import SimpleNamespace

    book = SimpleNamespace(api={"client": "Office.js", "version": sent})
    assert ((scripts.client_version(book) or (0,)) < scripts.NEWER_SINCE) is older


def test_readme_states_main_py_size():
    """README's Lite section gives main.py's size; it stays true within 2 KB."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    stated = int(re.search(r"\*\*Size: `main.py` is (\d+) KB\*\*", readme).group(1))
    assert abs(len(lite.main_py().encode("utf-8")) / 1000 - stated) <= 2, stated
