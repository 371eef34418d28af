"""vetqa_xl.addin: the VetQA Excel add-in, built and checked without Excel."""

from __future__ import annotations

import re
import sys
import types
import zipfile
from importlib import metadata
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

import pytest

from vetqa_xl import addin

NS_CUI = "http://schemas.microsoft.com/office/2009/07/customui"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
XLWINGS_VERSION = metadata.version("xlwings")
MACROS = Path(__file__).resolve().parent.parent / "macros"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return addin.build_addin(tmp_path_factory.mktemp("a") / "vetqa_xl.xlam")


@pytest.fixture(scope="module")
def parts(built) -> dict[str, bytes]:
    with zipfile.ZipFile(built) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


@pytest.fixture(scope="module")
def modules(built) -> dict[str, str]:
    """VBA module name -> source, as olevba reads them from the .xlam."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(built))
    try:
        assert parser.detect_vba_macros()
        out = {}
        for _file, stream_path, _vba_filename, code in parser.extract_macros():
            name = stream_path.rsplit("/", 1)[-1]
            out[name] = code if isinstance(code, str) else code.decode("latin-1")
        return out
    finally:
        parser.close()


def _vba_constant(source: str, name: str) -> str:
    m = re.search(rf'^\s*Public Const {name} As String = "([^"]*)"', source, re.M)
    assert m, f"no constant {name}"
    return m.group(1)


def _ribbon_sub_exists(modules: dict[str, str], action: str) -> bool:
    module, _, proc = action.rpartition(".")
    sources = [modules[module]] if module else list(modules.values())
    pattern = re.compile(
        rf"^[ \t]*(?:Public[ \t]+)?Sub[ \t]+{re.escape(proc)}[ \t]*\("
        r"[ \t]*(?:ByVal[ \t]+|ByRef[ \t]+)?\w+[ \t]+As[ \t]+IRibbonControl[ \t]*\)",
        re.M | re.I,
    )
    return any(pattern.search(s) for s in sources)


# --------------------------------------------------------------------------- build


def test_two_builds_are_byte_identical(built, tmp_path):
    again = addin.build_addin(tmp_path)  # a directory: vetqa_xl.xlam goes inside
    assert again == tmp_path / "vetqa_xl.xlam"
    assert again.read_bytes() == built.read_bytes()


def test_zip_is_normalised(built):
    with zipfile.ZipFile(built) as zf:
        infos = zf.infolist()
        assert zf.testzip() is None
    names = [i.filename for i in infos]
    assert names[0] == "[Content_Types].xml"
    assert names[1:] == sorted(names[1:])
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.create_system for i in infos} == {0}


def test_build_rejects_other_suffix(tmp_path):
    with pytest.raises(addin.AddinError, match=r"\.xlam"):
        addin.build_addin(tmp_path / "vetqa.xlsm")


def test_olevba_lists_every_module(modules):
    assert set(modules) == {"ThisWorkbook", "Sheet1", "xlwings", "Dictionary", "VetQA"}


def test_xlwings_module_is_the_installed_custom_addin_vba(modules):
    src = modules["xlwings"]
    assert _vba_constant(src, "XLWINGS_VERSION") == XLWINGS_VERSION
    assert _vba_constant(src, "PROJECT_NAME") == addin.PROJECT_NAME
    assert re.search(r"^Public Function RunPython\(PythonCommand As String\)", src, re.M)
    assert f"xlwings64-{XLWINGS_VERSION}.dll" in src
    assert "VBA-Dictionary" in modules["Dictionary"]


def test_vetqa_module_has_generic_callback_and_versions(modules):
    src = modules["VetQA"]
    assert re.search(r"^Public Sub VetQA_OnAction\(control As IRibbonControl\)", src, re.M)
    assert """import vetqa_xl.excel as x; x.on_ribbon('" & control.Id & "')\"""" in src
    assert _vba_constant(src, "VETQA_XLWINGS_VERSION") == XLWINGS_VERSION
    assert _vba_constant(src, "VETQA_ADDIN_VERSION") == addin.versions._package_version()
    assert not re.search(r"@[A-Z_]+@", src)  # placeholders filled in
    assert src.isascii()


def test_versions_recorded_in_package(built):
    assert addin.addin_versions(built) == {
        "vetqa_xl": addin.versions._package_version(),
        "xlwings": XLWINGS_VERSION,
    }


# --------------------------------------------------------------------------- ribbon


def test_customui_part_well_formed_and_referenced(parts):
    rels = ET.fromstring(parts["_rels/.rels"])
    ui = [
        r for r in rels.iter(f"{{{NS_REL}}}Relationship")
        if r.get("Type") == "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
    ]
    assert len(ui) == 1
    target = ui[0].get("Target").lstrip("/")
    assert target == "customUI/customUI14.xml"
    root = ET.fromstring(parts[target])
    assert root.tag == f"{{{NS_CUI}}}customUI"
    assert parts[target] == (MACROS / "customUI14.xml").read_bytes()


def test_ribbon_tab_and_buttons(parts):
    root = ET.fromstring(parts["customUI/customUI14.xml"])
    tabs = root.findall(f".//{{{NS_CUI}}}tab")
    assert [t.get("label") for t in tabs] == ["VetQA ตรวจสอบ"]
    buttons = list(tabs[0].iter(f"{{{NS_CUI}}}button"))
    got = [(b.get("id"), b.get("label"), b.get("imageMso")) for b in buttons]
    assert got == [tuple(b) for b in addin.RIBBON_BUTTONS]
    assert addin.RIBBON_BUTTON_IDS == (
        "btnCheck", "btnSummary", "btnExport", "btnClearHighlights", "btnFix", "btnHelp",
    )
    assert [b.label for b in addin.RIBBON_BUTTONS] == [
        "ตรวจสอบข้อมูล", "สร้างสรุป", "ส่งออกไฟล์สำหรับส่งอีเมล", "ล้างไฮไลต์", "แก้ไขอัตโนมัติ", "วิธีใช้",
    ]
    assert all(b.get("image") is None and b.get("imageMso") for b in buttons)
    assert {b.get("onAction") for b in buttons} == {"VetQA_OnAction"}


def test_every_onaction_names_a_ribbon_sub(parts, modules):
    root = ET.fromstring(parts["customUI/customUI14.xml"])
    actions = [el.get("onAction") for el in root.iter() if el.get("onAction")]
    assert len(actions) == len(addin.RIBBON_BUTTONS)
    for action in actions:
        assert _ribbon_sub_exists(modules, action), action
    # the check itself can fail
    assert not _ribbon_sub_exists(modules, "VetQA_NoSuchCallback")
    assert not _ribbon_sub_exists(modules, "VetQA_AddinInfo")  # a Function, no IRibbonControl


def test_build_refuses_ribbon_naming_a_missing_callback(tmp_path, monkeypatch):
    macros = tmp_path / "macros"
    macros.mkdir()
    (macros / "VetQA.bas").write_bytes((MACROS / "VetQA.bas").read_bytes())
    xml = (MACROS / "customUI14.xml").read_text(encoding="utf-8")
    (macros / "customUI14.xml").write_text(
        xml.replace('onAction="VetQA_OnAction"', 'onAction="VetQA_Gone"', 1), encoding="utf-8"
    )
    monkeypatch.setattr(addin.build, "_macros_dir", lambda: macros)
    with pytest.raises(addin.AddinError, match="VetQA_Gone"):
        addin.build_addin(tmp_path / "x.xlam")


# --------------------------------------------------------------------------- package


def test_content_types_are_an_xlam(parts):
    root = ET.fromstring(parts["[Content_Types].xml"])
    defaults = {d.get("Extension"): d.get("ContentType") for d in root.iter(f"{{{NS_CT}}}Default")}
    overrides = {o.get("PartName"): o.get("ContentType") for o in root.iter(f"{{{NS_CT}}}Override")}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert defaults["bin"] == "application/vnd.ms-office.vbaProject"
    assert defaults["rels"] == "application/vnd.openxmlformats-package.relationships+xml"
    for part in parts:
        if part != "[Content_Types].xml":
            assert "/" + part in overrides or part.rsplit(".", 1)[-1] in defaults, part
    for name in overrides:
        assert name.lstrip("/") in parts, name


def test_every_relationship_target_exists(parts):
    for rels_name, data in parts.items():
        if not rels_name.endswith(".rels"):
            continue
        base = PurePosixPath(rels_name).parent.parent  # "xl/_rels/x.rels" -> "xl"
        for rel in ET.fromstring(data).iter(f"{{{NS_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            path = target.lstrip("/") if target.startswith("/") else str(base / target)
            assert path.lstrip("./") in parts, (rels_name, target)
    wb_rels = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
    assert any(r.get("Target") == "vbaProject.bin" for r in wb_rels)


def test_pyopenvba_package_check_finds_no_issue(built):
    from pyopenvba import check_file

    report = check_file(built)
    assert report.complete and report.checked_parts == 12
    assert report.issues == ()


# --------------------------------------------------------------------------- VBA -> Python


def test_callback_runs_the_dispatcher(modules, monkeypatch):
    """Run the add-in's VetQA module in pyopenvba's VBA interpreter with a
    stand-in RunPython, then run the Python it produced."""
    from pyopenvba.apps.excel import ExcelApplication

    app = ExcelApplication()
    app.add_workbook()
    body = modules["VetQA"].split("\n", 1)[1]  # drop Attribute VB_Name
    app.add_module(body, name="VetQA")
    app.add_module(
        f'Public Const XLWINGS_VERSION As String = "{XLWINGS_VERSION}"\n'
        "Public Function RunPython(PythonCommand As String)\n"
        '    Range("A1").Value = PythonCommand\n'
        "End Function\n"
        "Sub ClickCheck()\n"
        "    Dim c As New FakeControl\n"
        '    c.Id = "btnCheck"\n'
        "    VetQA_OnAction c\n"
        '    Range("A2").Value = VetQA_AddinInfo()\n'
        "End Sub\n",
        name="xlwings",
    )
    app.add_module("Public Id As String\n", name="FakeControl", kind="class")
    app.run("ClickCheck")
    command = app.sheet(1).value("A1")
    assert command.endswith("import vetqa_xl.excel as x; x.on_ribbon('btnCheck')")
    assert app.sheet(1).value("A2") == (
        f"vetqa_xl={addin.versions._package_version()};xlwings={XLWINGS_VERSION};xlwings_vba={XLWINGS_VERSION}"
    )

    # the real Excel layer runs the guard; only the button and the message box are stand-ins
    import vetqa_xl.excel
    import vetqa_xl.excel.app

    calls = []
    monkeypatch.setattr(vetqa_xl.excel, "on_ribbon", calls.append)
    exec(command, {})
    assert calls == ["btnCheck"]

    # the same command from an add-in built for another xlwings stops first
    # and stops quietly after a Thai and English message box (xlwings would show a traceback)
    stale = command.replace(f"'{XLWINGS_VERSION}'", "'0.0.1'", 1)
    assert stale != command
    shown: list[str] = []
    monkeypatch.setattr(vetqa_xl.excel.app, "message_box", shown.append)
    with pytest.raises(SystemExit) as stop:
        exec(stale, {})
    assert stop.value.code == 0
    assert calls == ["btnCheck"]
    (text,) = shown
    assert "xlwings: add-in 0.0.1" in text and "ติดตั้งใหม่" in text


def test_messages_without_a_workbook_are_thai_built_with_chrw(modules):
    """The VBA builds its Thai with ChrW: run in pyopenvba's interpreter, the Protected View
    message asks to click เปิดใช้งานการแก้ไข first."""
    from pyopenvba.apps.excel import ExcelApplication

    app = ExcelApplication()
    app.add_workbook()
    body = modules["VetQA"].split("\n", 1)[1]
    assert body.isascii()
    app.add_module(body, name="VetQA")
    app.add_module(
        f'Public Const XLWINGS_VERSION As String = "{XLWINGS_VERSION}"\n'
        "Sub Messages()\n"
        '    Range("A1").Value = VetQA_NoBookMessage(True)\n'
        '    Range("A2").Value = VetQA_NoBookMessage(False)\n'
        "End Sub\n",
        name="xlwings",
    )
    app.run("Messages")
    protected, no_book = app.sheet(1).value("A1"), app.sheet(1).value("A2")
    assert protected.startswith("ไฟล์นี้เปิดอยู่ในมุมมองที่ได้รับการป้องกัน คลิก เปิดใช้งานการแก้ไข ก่อน")
    assert "Protected View" in protected and "Enable Editing" in protected
    assert no_book.startswith("กรุณาเปิดไฟล์รายงานก่อน แล้วกดปุ่มอีกครั้ง")
    code = [line.strip() for line in body.splitlines() if not line.strip().startswith("'")]
    uses = [i for i, line in enumerate(code) if "MsgBox" in line]
    assert len(uses) == 1 and code[uses[0] - 1] == "#If Mac Then"  # ANSI MsgBox only on macOS
    assert "MessageBoxW" in body and "StrPtr(text)" in body


def test_check_addin_versions():
    addin.check_addin_versions(XLWINGS_VERSION, addin.versions._package_version())
    with pytest.raises(addin.AddinVersionMismatch, match=r"xlwings: add-in 0\.1\.2"):
        addin.check_addin_versions("0.1.2", addin.versions._package_version())
    with pytest.raises(addin.AddinVersionMismatch, match=r"vetqa_xl: add-in 9\.9\.9") as exc:
        addin.check_addin_versions(XLWINGS_VERSION, "9.9.9")
    assert "vetqa-xl addin install" in str(exc.value)


# --------------------------------------------------------------------------- install


def _conf(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text().splitlines():
        m = re.fullmatch(r'"([^"]*)","([^"]*)"', line)
        assert m, line
        out[m.group(1)] = m.group(2)
    return out


def test_install_and_remove(built, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("CONDA_DEFAULT_ENV", raising=False)
    xlstart, cfg = tmp_path / "XLSTART", tmp_path / "cfg"
    cfg.mkdir()
    (cfg / "vetqa_xl.conf").write_text('"INTERPRETER_WIN","C:\\old\\python.exe"\n"SHOW CONSOLE","True"\n'
                                       '"PYTHONPATH","C:\\old"\n"ADD_WORKBOOK_TO_PYTHONPATH","True"\n')

    installed = addin.install_addin(dir=xlstart, config_dir=cfg)
    assert installed == xlstart / "vetqa_xl.xlam"
    assert installed.read_bytes() == built.read_bytes()
    conf = _conf(cfg / "vetqa_xl.conf")
    assert conf == {
        "SHOW CONSOLE": "True",  # user keys are kept
        "INTERPRETER_WIN": sys.executable,  # as `xlwings config create` off macOS
        "ADD_WORKBOOK_TO_PYTHONPATH": "False",
    }  # no PYTHONPATH: this Python imports vetqa_xl without one (the test install)
    assert not [p for p in xlstart.iterdir() if p.name != "vetqa_xl.xlam"]

    assert addin.remove_addin(xlstart) is True
    assert not installed.exists()
    assert addin.remove_addin(xlstart) is False
    assert (cfg / "vetqa_xl.conf").exists()


def test_install_prebuilt_source(built, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    target = addin.install_addin(tmp_path / "x", tmp_path / "c", source=built)
    assert target.read_bytes() == built.read_bytes()
    assert addin.config_path(tmp_path / "c").is_file()


def test_install_needs_dir_off_windows(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    with pytest.raises(addin.AddinError, match="XLSTART"):
        addin.install_addin(config_dir=tmp_path)
    with pytest.raises(addin.AddinError, match="XLSTART"):
        addin.remove_addin()
    assert not (tmp_path / "vetqa_xl.conf").exists()


def test_windows_defaults(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "me"))
    assert addin.default_addin_dir() == tmp_path / "Roaming" / "Microsoft" / "Excel" / "XLSTART"
    assert addin.config_path() == tmp_path / "me" / ".vetqa_xl" / "vetqa_xl.conf"


def test_windows_conda_config(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("CONDA_DEFAULT_ENV", "vetqa")
    monkeypatch.setenv("CONDA_EXE", "/opt/miniconda3/Scripts/conda.exe")
    conf = _conf(addin.write_xlwings_config(tmp_path))
    assert conf["CONDA PATH"] == "/opt/miniconda3"
    assert conf["CONDA ENV"] == "vetqa"
    assert "INTERPRETER_WIN" not in conf


def test_source_checkout_gets_pythonpath(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("CONDA_DEFAULT_ENV", raising=False)
    monkeypatch.setattr(addin.install, "_importable_without_pythonpath", lambda: False)
    conf = _conf(addin.write_xlwings_config(tmp_path))
    assert conf["PYTHONPATH"] == str(Path(addin.__file__).resolve().parents[2])
    assert conf["ADD_WORKBOOK_TO_PYTHONPATH"] == "False"
    assert conf["INTERPRETER_WIN"] == sys.executable


def test_workbook_on_onedrive_needs_no_local_path(monkeypatch):
    """What xlwings' RunPython runs first with our settings (ADD_WORKBOOK_TO_PYTHONPATH,
    then the active and the add-in's FullName, the three OneDrive/SharePoint settings,
    PYTHONPATH): an https FullName is not mapped and nothing of the workbook's folder goes
    on sys.path. xlwings' default ("true") fails on the same workbook."""
    from xlwings.utils import prepare_sys_path

    monkeypatch.setattr(sys, "path", list(sys.path))
    before = list(sys.path)
    onedrive = "https://d.docs.live.net/0a1b2c3d/Documents/report.xlsx"
    prepare_sys_path(f"False;{onedrive};C:\\Users\\qa\\vetqa_xl.xlam;;;;")
    assert [p for p in sys.path if p not in before] in ([], [""])  # "" is Python's own folder (cwd)
    with pytest.raises(Exception, match="OneDrive"):
        prepare_sys_path(f"True;{onedrive};C:\\Users\\qa\\vetqa_xl.xlam;;;;")


def _fake_xlwings(monkeypatch, count: int, fail: bool = False) -> list:
    opened: list = []

    def open_(path):
        if fail:
            raise RuntimeError("Call was rejected by callee.")
        opened.append(path)

    api = types.SimpleNamespace(Workbooks=types.SimpleNamespace(Open=open_))
    apps = types.SimpleNamespace(count=count, active=types.SimpleNamespace(api=api))
    monkeypatch.setitem(sys.modules, "xlwings", types.SimpleNamespace(apps=apps))
    monkeypatch.setattr(sys, "platform", "win32")
    return opened


def test_install_loads_into_a_running_excel(monkeypatch, tmp_path):
    opened = _fake_xlwings(monkeypatch, count=1)
    assert addin.load_addin(tmp_path / "vetqa_xl.xlam") == addin.LOADED
    assert opened == [str(tmp_path / "vetqa_xl.xlam")]


def test_install_says_to_start_or_restart_excel(monkeypatch, tmp_path):
    _fake_xlwings(monkeypatch, count=0)
    assert addin.load_addin(tmp_path / "x.xlam") == addin.START
    _fake_xlwings(monkeypatch, count=1, fail=True)
    message = addin.load_addin(tmp_path / "x.xlam")
    assert message == addin.RESTART
    assert "เปิดใหม่" in message and "start Excel again" in message


# --------------------------------------------------------------------------- VBA storage

def _red_black_height(entries: dict, sid: int) -> int:
    """Black height of the subtree at ``sid``; fails on a red node with a red child."""
    if sid == 0xFFFFFFFF:
        return 1
    e = entries[sid]
    for child in (e.sid_left, e.sid_right):
        if child != 0xFFFFFFFF:
            assert not (e.color == 0 and entries[child].color == 0), f"two red nodes: {e.name}"
    left, right = _red_black_height(entries, e.sid_left), _red_black_height(entries, e.sid_right)
    assert left == right, f"unequal black heights under {e.name}"
    return left + (e.color == 1)


def test_vba_project_stream_and_directory_to_spec(built):
    """Read back with olefile: _VBA_PROJECT is MS-OVBA §2.3.4.1 with no cache (0x61CC, version
    0xFFFF, 0x00, Reserved3), as xlwings' own add-in; every storage's children form a valid
    red-black tree (MS-CFB 2.6.4)."""
    import io

    import olefile

    with zipfile.ZipFile(built) as zf:
        data = zf.read("xl/vbaProject.bin")
        xlwings_addin = zipfile.ZipFile(Path(addin.build._xlwings_dir()) / "quickstart_addin.xlam")
    ole = olefile.OleFileIO(io.BytesIO(data))
    stream = ole.openstream("VBA/_VBA_PROJECT").read()
    assert stream == bytes([0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x01, 0x00])
    theirs = olefile.OleFileIO(io.BytesIO(xlwings_addin.read("xl/vbaProject.bin")))
    assert stream == theirs.openstream("VBA/_VBA_PROJECT").read()
    entries = {e.sid: e for e in ole.direntries if e is not None}
    for e in entries.values():
        if e.sid_child != 0xFFFFFFFF:
            _red_black_height(entries, e.sid_child)
    assert sorted(ole.listdir(), key=str) == sorted(
        [["PROJECT"], ["PROJECTwm"], ["VBA", "Dictionary"], ["VBA", "Sheet1"], ["VBA", "ThisWorkbook"],
         ["VBA", "VetQA"], ["VBA", "_VBA_PROJECT"], ["VBA", "dir"], ["VBA", "xlwings"]], key=str)
