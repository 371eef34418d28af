"""readers/calamine.py reads an .xlsx a sheet at a time: calamine opens the workbook only once
every part that is no sheet is vetted, parses each sheet (in a thread of its own, while the next
is vetted) only once the vetting has passed it, and a refusal or a parse error stops that thread
and reaches the caller as one sentence naming the file."""
from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from tests.mutants import parts_of, zipped
from vetqa_xl import api
from vetqa_xl.core.errors import ReadError
from vetqa_xl.readers import calamine, package
from vetqa_xl.readers.package import PackageRefused


@pytest.fixture(scope="module")
def resaved(tmp_path_factory, libreoffice) -> bytes:
    """The sample college as LibreOffice saves it: shared strings, its own order of the parts."""
    folder = tmp_path_factory.mktemp("pipe")
    src = api.fill_sample(folder / "college.xlsx", "college")
    (saved,) = libreoffice.convert(src, "xlsx", folder / "lo")
    return saved.read_bytes()


@pytest.fixture
def log(monkeypatch):
    """What the vetting inflates and what calamine is asked to do, in the order it happens."""
    import python_calamine

    events = Log()
    real_read_part = package._read_part
    real_book = python_calamine.CalamineWorkbook

    def read_part(zf, info, name, sheet, *args, **kwargs):
        got = real_read_part(zf, info, name, sheet, *args, **kwargs)
        events.add(("vetted", info.filename))
        return got

    class Book:
        def __init__(self, book):
            self.book = book
            self.sheet_names = book.sheet_names

        @classmethod
        def from_path(cls, path):
            events.add(("open", ""))
            return cls(real_book.from_path(path))

        def get_sheet_by_name(self, name):
            events.add(("parse", name))
            return Sheet(name, self.book.get_sheet_by_name(name))

    class Sheet:
        def __init__(self, name, sheet):
            self.name, self.sheet = name, sheet

        def to_python(self, **kwargs):
            events.add(("values", self.name))
            return self.sheet.to_python(**kwargs)

    monkeypatch.setattr(package, "_read_part", read_part)
    monkeypatch.setattr(package, "_VETTED", {})
    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Book)
    return events


class Log(list):
    """Events in order (from both threads), and a hook a test may set."""

    hook = staticmethod(lambda event: None)

    def add(self, event: tuple[str, str]) -> None:
        self.append(event)
        self.hook(event)


def _threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name == "calamine"]


def _sheet_parts(data: bytes) -> dict[str, str]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return package._sheet_parts(zf, "x.xlsx")


def test_calamine_opens_the_book_after_every_other_part_and_a_sheet_after_its_vetting(resaved, tmp_path, log):
    src = tmp_path / "resaved.xlsx"
    src.write_bytes(resaved)
    ir = calamine.read_workbook(src)
    assert set(ir.sheets) >= {"school", "programmes", "experts", "activities"}
    sheets = {part: name for name, part in _sheet_parts(resaved).items()}
    opened = log.index(("open", ""))
    assert ("vetted", "xl/sharedStrings.xml") in log[:opened]
    assert all(part in sheets for kind, part in log[opened:] if kind == "vetted")  # sheets only
    parsed = [name for kind, name in log if kind == "parse"]
    assert len(parsed) == 10  # the form's nine data sheets and ข้อมูลแบบฟอร์ม, each once
    for name in parsed:
        part = next(p for p, n in sheets.items() if n == name)
        assert log.index(("vetted", part)) < log.index(("parse", name))
    assert _threads() == []


def test_the_first_sheet_is_parsed_while_the_next_are_vetted(resaved, tmp_path, log, monkeypatch):
    """The point of the thread: calamine starts on the first sheet before the vetting reaches the
    last (a read that vets everything first waits here 10 s and fails)."""
    src = tmp_path / "resaved.xlsx"
    src.write_bytes(resaved)
    last = _vetted_sheets(src)[-1]
    first_parsed = threading.Event()
    under_way: list[bool] = []  # whether calamine was parsing when the last sheet came to be vetted
    vetted = package._read_part

    def wait_before_the_last(zf, info, name, sheet, *args, **kwargs):
        if info.filename == last:
            under_way.append(first_parsed.wait(10))
        return vetted(zf, info, name, sheet, *args, **kwargs)

    monkeypatch.setattr(package, "_read_part", wait_before_the_last)
    log.hook = lambda event: event[0] == "parse" and first_parsed.set()
    calamine.read_workbook(src)
    assert under_way == [True]
    assert _threads() == []


def _vetted_sheets(src) -> list[str]:
    """The sheet parts check vets, in the order it vets them."""
    log: list[str] = []
    real = package._read_part

    def read_part(zf, info, name, sheet, *args, **kwargs):
        if sheet is not None:
            log.append(info.filename)
        return real(zf, info, name, sheet, *args, **kwargs)

    package._read_part = read_part
    try:
        list(package._vet(str(src), src.stat().st_size, 0, False))
    finally:
        package._read_part = real
    assert len(log) >= 10  # the form's sheets at least
    return log


def test_the_book_opens_while_the_first_sheet_is_vetted(resaved, tmp_path, log, monkeypatch):
    """calamine opens the book (parsing its shared strings) in a parsing thread as soon as every
    part but the sheets is vetted, while this thread vets the first sheet: the vetting of the
    first sheet below waits until the book is being opened, which a reader that opens it only
    after that vetting never lets happen (the wait times out after 10 s and the test fails)."""
    src = tmp_path / "resaved.xlsx"
    src.write_bytes(resaved)
    sheets = set(_sheet_parts(resaved).values())
    opening = threading.Event()
    waited: list[bool] = []
    vetted = package._read_part  # the log's

    def wait_for_the_book(zf, info, name, sheet, *args, **kwargs):
        if info.filename in sheets and not waited:
            waited.append(opening.wait(10))
        return vetted(zf, info, name, sheet, *args, **kwargs)

    monkeypatch.setattr(package, "_read_part", wait_for_the_book)
    log.hook = lambda event: event == ("open", "") and opening.set()
    ir = calamine.read_workbook(src)
    assert waited == [True] and len(ir.sheets) == 9
    assert _threads() == []


def _padded(resaved: bytes, sheets: list[str], size: int) -> bytes:
    """The package with an XML comment of ``size`` bytes at the end of each of ``sheets``: their
    uncompressed size grows, their cells stay (letters drawn at random, which deflate ~1.6×)."""
    import random

    letters = bytes(b"abcdefghijklmnopqrstuvwxyz"[i % 26] for i in range(256))
    comment = b"<!--" + random.Random(7).randbytes(size).translate(letters) + b"-->"
    parts = _sheet_parts(resaved)
    padded = {parts[name] for name in sheets}
    return zipped([(n, b.replace(b"</worksheet>", comment + b"</worksheet>") if n in padded else b)
                   for n, b in parts_of(resaved)])


def test_a_long_sheet_larger_than_all_the_others_together_is_vetted_and_parsed_first(resaved, tmp_path, log):
    """Its parse is the longest: it starts first, and the others, in the workbook's order, are
    made into values while it parses (package.vetting_order)."""
    parts = _sheet_parts(resaved)
    sizes = {name: len(body) for name, body in parts_of(resaved)}
    plain = _resaved_again(tmp_path, resaved)
    assert sum(sizes[part] for part in _vetted_sheets(plain)) < 1_000_000  # so 1 MB more is the most
    src = tmp_path / "experts.xlsx"
    src.write_bytes(_padded(resaved, ["2 ครูพิเศษ"], package.LONG_PARSE + 1_000_000))
    log.clear()
    ir = calamine.read_workbook(src)
    vetted = [part for kind, part in log if kind == "vetted" and part in parts.values()]
    in_workbook_order = [part for part in parts.values() if part in vetted]
    experts = parts["2 ครูพิเศษ"]
    assert vetted == [experts] + [part for part in in_workbook_order if part != experts]
    assert [name for kind, name in log if kind == "parse"][0] == "2 ครูพิเศษ"
    assert _rows(ir) == _rows(api.read(plain))


@pytest.mark.parametrize("padded", [["1 สถานประกอบการ", "2 ครูพิเศษ"], ["2 ครูพิเศษ"]], ids=["two", "short"])
def test_two_long_sheets_or_a_short_one_are_vetted_in_the_workbooks_order(resaved, tmp_path, log, padded):
    """Two long sheets (neither larger than all the others together), or one larger than the
    others but short (its parse no longer than the checker's load): the workbook's order,
    which gives the main thread a sheet to make into values while the next parses."""
    parts = _sheet_parts(resaved)
    src = tmp_path / "padded.xlsx"
    src.write_bytes(_padded(resaved, padded, package.LONG_PARSE + 1_000_000 if len(padded) == 2 else 1_000_000))
    calamine.read_workbook(src)
    vetted = [part for kind, part in log if kind == "vetted" and part in parts.values()]
    assert vetted == [part for part in parts.values() if part in vetted] and len(vetted) >= 10


def test_vetting_order_puts_first_only_a_long_sheet_larger_than_the_others_together():
    sheets = [("a", "p1"), ("b", "p2"), ("c", "p3")]
    mb = 1 << 20
    assert package.LONG_PARSE == 4 * mb
    assert package.vetting_order(sheets, [1 * mb, 5 * mb, 3 * mb]) == [("b", "p2"), ("a", "p1"), ("c", "p3")]
    assert package.vetting_order(sheets, [1 * mb, 4 * mb, 3 * mb]) == sheets  # 4 = 1 + 3: not larger
    assert package.vetting_order(sheets, [1, 2, 4 * mb + 1]) == [("c", "p3"), ("a", "p1"), ("b", "p2")]
    assert package.vetting_order(sheets, [1, 2, 4 * mb]) == sheets  # larger, but not over LONG_PARSE
    assert package.vetting_order([], []) == []


def test_damaged_shared_strings_at_the_end_of_the_zip_are_refused_before_calamine_opens(resaved, tmp_path, log):
    parts = parts_of(resaved)
    strings = next(body for name, body in parts if name == "xl/sharedStrings.xml")
    damaged = [(n, b) for n, b in parts if n != "xl/sharedStrings.xml"]
    damaged.append(("xl/sharedStrings.xml", b'<!DOCTYPE sst [<!ENTITY e "x">]>' + strings))
    src = tmp_path / "strings.xlsx"
    src.write_bytes(zipped(damaged))
    with pytest.raises(PackageRefused, match="xl/sharedStrings.xml"):
        calamine.read_workbook(src)
    assert ("open", "") not in log and not any(kind == "parse" for kind, _ in log)
    assert _threads() == []


def test_a_far_corner_in_a_middle_sheet_stops_calamine_before_it(resaved, tmp_path, log):
    parts = _sheet_parts(resaved)
    experts = parts["2 ครูพิเศษ"]
    far = [(n, b.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
            if n == experts else b) for n, b in parts_of(resaved)]
    src = tmp_path / "far.xlsx"
    src.write_bytes(zipped(far))
    with pytest.raises(PackageRefused) as refused:
        calamine.read_workbook(src)
    assert "2 ครูพิเศษ" in str(refused.value) and "far.xlsx" in str(refused.value)
    parsed = [name for kind, name in log if kind == "parse"]
    assert "2 ครูพิเศษ" not in parsed and "3 กิจกรรม" not in parsed  # (the sheets before: maybe)
    assert _threads() == []


def test_a_sheet_calamine_cannot_parse_is_the_files_sentence(resaved, tmp_path, monkeypatch, log):
    src = tmp_path / "parse.xlsx"
    src.write_bytes(resaved)
    import python_calamine

    book_class = python_calamine.CalamineWorkbook  # the log's

    class Failing(book_class):  # type: ignore[misc, valid-type]
        def get_sheet_by_name(self, name):
            if name == "2 ครูพิเศษ":
                raise ValueError("calamine: unexpected end of XML")
            return super().get_sheet_by_name(name)

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Failing)
    with pytest.raises(ReadError) as failed:
        calamine.read_workbook(src)
    assert not isinstance(failed.value, PackageRefused)
    assert "parse.xlsx" in str(failed.value) and "calamine" not in str(failed.value)
    assert _threads() == []


def test_each_sheet_is_given_while_the_next_is_parsed(resaved, tmp_path, log):
    """on_sheet gets each data sheet's IR as soon as its values are made, before the next
    sheet's values: the work done there overlaps calamine's parse of the sheets after it."""
    src = tmp_path / "resaved.xlsx"
    src.write_bytes(resaved)
    given = {}

    def on_sheet(key, sheet_ir):
        log.add(("given", key))
        given[key] = sheet_ir

    ir = calamine.read_workbook(src, on_sheet=on_sheet)
    made = [(kind, name) for kind, name in log if kind in ("values", "given")]
    data = {sheet.name for sheet in ir.sheets.values()}
    # each data sheet's values, then at once its IR given (ข้อมูลแบบฟอร์ม is no data sheet: no IR),
    # in the order the two parsing threads finish them
    expected = [step for kind, name in made if kind == "values"
                for step in ([("values", name), ("given", name)] if name in data else [("values", name)])]
    assert [(kind, given[name].name if kind == "given" else name) for kind, name in made] == expected
    assert len(made) == 19 and given == ir.sheets and all(given[k] is ir.sheets[k] for k in given)


def test_check_loads_the_checker_while_calamine_parses(tmp_path):
    """``api.check`` on a file: core.check is loaded once every sheet is asked for (not before
    any of them: calamine parses while it loads) and before the first sheet's IR is made (a
    fresh interpreter, as the command runs). Nor are dataclasses (with inspect: ~4.6 ms) when a
    sheet is asked for: the reader's modules do without them."""
    src = api.fill_sample(tmp_path / "college.xlsx", "college")
    script = """if True:
        import sys
        from vetqa_xl.readers import calamine
        seen = []
        parse, sheet_ir = calamine._Parser.parse, calamine.sheet_ir
        def spy_parse(self, name):
            seen.append(("parse", "vetqa_xl.core.check" in sys.modules or "dataclasses" in sys.modules))
            return parse(self, name)
        def spy_sheet_ir(grid, sheet):
            seen.append(("ir", "vetqa_xl.core.check" in sys.modules))
            return sheet_ir(grid, sheet)
        calamine._Parser.parse, calamine.sheet_ir = spy_parse, spy_sheet_ir
        from vetqa_xl import api
        report = api.check(sys.argv[1])
        parses = [loaded for kind, loaded in seen if kind == "parse"]
        irs = [loaded for kind, loaded in seen if kind == "ir"]
        print(len(parses), any(parses), irs[0], all(irs), len(irs), report.valid)
    """
    done = subprocess.run([sys.executable, "-c", script, str(src)], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.split() == ["10", "False", "True", "True", "9", "True"]


def test_cells_read_ahead_are_taken_as_read_and_give_the_same_report(tmp_path, monkeypatch):
    """check_ir takes a sheet read ahead (structure.read_cells) instead of reading it again, and
    its report is the one it makes without; a read ahead of another IR of the sheet is not taken."""
    from vetqa_xl.core import check as checker
    from vetqa_xl.core.checks import structure

    src = api.fill_sample(tmp_path / "mistakes.xlsx", "college_mistakes")
    ir = calamine.read_workbook(src)
    plain = checker.check_ir(ir).to_dict()
    ahead = {key: checker.read_cells(key, sheet_ir) for key, sheet_ir in ir.sheets.items()}
    other = calamine.read_workbook(src)  # the same values, another IR
    stale = {key: checker.read_cells(key, sheet_ir) for key, sheet_ir in other.sheets.items()}
    read: list[str] = []
    real = structure.read_sheet
    monkeypatch.setattr(structure, "read_sheet", lambda sheet, *a: read.append(sheet.key) or real(sheet, *a))
    taken = checker.check_ir(ir, read_ahead=ahead).to_dict()
    assert read == []
    assert plain["counts"]["errors"] > 0  # the mistakes sample: findings of cells among them
    assert {**taken, "checked_at": ""} == {**plain, "checked_at": ""}
    assert {**checker.check_ir(ir, read_ahead=stale).to_dict(), "checked_at": ""} == {**plain, "checked_at": ""}
    assert sorted(read) == sorted(ir.sheets)  # each read again: not of this IR


def test_check_reads_each_sheets_cells_while_the_next_is_parsed(tmp_path, monkeypatch):
    """api.check reads a data sheet's cells in the reader's on_sheet, before check_ir runs."""
    from vetqa_xl.core import check as checker
    from vetqa_xl.core.checks import structure

    src = api.fill_sample(tmp_path / "college.xlsx", "college")
    events: list[str] = []
    real_read, real_check = structure.read_sheet, checker.check_ir
    monkeypatch.setattr(structure, "read_sheet", lambda sheet, *a: events.append(sheet.key) or real_read(sheet, *a))
    monkeypatch.setattr(checker, "check_ir", lambda *a, **k: events.append("check_ir") or real_check(*a, **k))
    report = api.check(src)
    assert report.valid
    data_sheets = [sheet.key for sheet in structure.FORM.data_sheets]
    assert sorted(events[:-1]) == sorted(data_sheets) and len(data_sheets) == 9
    assert events[-1] == "check_ir"  # which reads none again


def test_check_gives_what_it_read_to_keep_when_asked(tmp_path):
    """api.check(keep=[...]): the list is given the IR the check read and the cells it read
    ahead (the fast path holds them to the process's end)."""
    from vetqa_xl.core.ir import WorkbookIR

    src = api.fill_sample(tmp_path / "college.xlsx", "college")
    kept: list[object] = []
    report = api.check(src, keep=kept)
    ir, ahead = kept
    assert isinstance(ir, WorkbookIR) and ir.source == str(src) == report.source
    assert isinstance(ahead, dict) and sorted(ahead) == sorted(ir.sheets)
    assert all(ahead[key][1] is ir.sheets[key] for key in ahead)  # read ahead of this IR


def test_what_the_read_made_is_not_walked_again_by_the_collector():
    """collector_paused moves what was made while it held the collector off to the oldest
    generation: the youngest generation's next pass (at the first allocation after) would walk
    every row of the read once more and free nothing."""
    import gc

    from vetqa_xl.core.ir import collector_paused

    gc.collect()  # every generation's count at 0: the pass after would be the youngest's only
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        made = [[i] for i in range(10_000)]
    assert gc.isenabled()
    assert any(o is made[0] for o in gc.get_objects(generation=2))


def test_a_callers_frozen_objects_stay_frozen():
    import gc

    from vetqa_xl.core.ir import collector_paused

    def frozen(obj) -> bool:
        # gc.get_objects() lists generations 0-2, never the permanent one gc.freeze() fills.
        # Asked of the test's own object, not of the freeze count, which a thread left by
        # another test may lower by freeing a frozen object of its own.
        return not any(o is obj for o in gc.get_objects())

    kept = [[1]]
    gc.freeze()
    try:
        assert frozen(kept)
        with collector_paused():
            _made = [[i] for i in range(1_000)]
        assert gc.isenabled() and frozen(kept)
    finally:
        gc.unfreeze()
    assert not frozen(kept)


def test_two_sheets_are_parsed_at_once_each_with_a_book_of_its_own(resaved, tmp_path, monkeypatch):
    """Two threads parse (calamine.PARSERS): each parse below waits until another is under way,
    which a single thread never lets happen (the wait then times out and the test fails); a
    book is never asked for a second sheet while it parses one."""
    import python_calamine

    real_book = python_calamine.CalamineWorkbook
    both = threading.Barrier(2, timeout=10)
    met, busy = [], set()

    class Book:
        def __init__(self, book):
            self.book, self.sheet_names = book, book.sheet_names

        @classmethod
        def from_path(cls, path):
            return cls(real_book.from_path(path))

        def get_sheet_by_name(self, name):
            assert id(self) not in busy  # calamine: "Already mutably borrowed"
            busy.add(id(self))
            try:
                if not met:
                    both.wait()  # raises BrokenBarrierError after 10 s alone
                    met.append(name)
                return self.book.get_sheet_by_name(name)
            finally:
                busy.discard(id(self))

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Book)
    monkeypatch.setattr(package, "_VETTED", {})
    src = tmp_path / "resaved.xlsx"
    src.write_bytes(resaved)
    ir = calamine.read_workbook(src)
    assert met and not both.broken
    again = api.read(_resaved_again(tmp_path, resaved))
    assert _rows(ir) == _rows(again) and ir.meta == again.meta and len(ir.sheets) == 9
    assert _threads() == []


def _rows(ir) -> dict:
    return {key: [(row.number, tuple(row.values)) for row in sheet.rows] for key, sheet in ir.sheets.items()}


def _resaved_again(tmp_path, resaved: bytes):
    other = tmp_path / "again" / "resaved.xlsx"
    other.parent.mkdir()
    other.write_bytes(resaved)
    return other
