"""A counting fake of Excel's COM object model, under xlwings' real Windows engine.

``load_engine()`` imports the installed ``xlwings/_xlwindows.py`` on Linux with pywin32
(pywintypes, pythoncom, win32api, win32con, win32com.client, win32gui, win32process,
win32timezone) stubbed in ``sys.modules`` and the Windows-only ctypes loaders stood in for
while it imports. ``FakeExcel`` is the object model xlwings talks to; every COM member touched
(a property get or set, or a method call; calling a Range is its default member ``Item``;
each item of an enumeration) is one round trip and is counted in ``FakeExcel.calls``.

Faithful where the buttons depend on it:
* Range addresses: A1, $A$1, A1:C3, whole rows/columns, multi-area "A1,B3:B5" (≤ 255
  characters, like Excel's Range(), which raises beyond that), ``Areas``, ``Cells``, ``Rows``
  and ``Columns`` with ``Count``, ``EntireRow``/``EntireColumn``;
* ``Value``/``Formula`` read and written as blocks (tuples of tuples; one cell gives a scalar;
  a formula cell's Value is the value given to the fake, it does not calculate);
  ``Value`` returns ``decimal.Decimal`` for a number in a Currency or Accounting format and the
  error int (e.g. -2146826281 for #DIV/0!) for an error cell, as pywin32 does;
* ``Interior.Color``/``ColorIndex`` (xlColorIndexNone = -4142), ``Font.Bold``/``Color``,
  ``NumberFormat``, ``WrapText``, ``RowHeight``, ``ColumnWidth``, ``Hidden``, ``Merge``;
* ``Worksheets``: ``Count``, ``Item`` by name or 1-based index, enumeration, ``Add(Before=)``,
  ``Move``, ``Delete``, ``Visible`` (hidden sheets stay in the collection), ``Activate``;
* conditional formats: ``Range.FormatConditions`` (the rules touching the range, in priority
  order) with ``Count``, ``Item``, ``Add(Type=xlExpression, Formula1=)``, ``Delete``; a rule's
  ``Type``, ``Formula1``, ``Font``/``Interior`` (``Color``, ``ColorIndex``, ``Bold``),
  ``StopIfTrue``, ``AppliesTo``, ``SetFirstPriority``, ``Delete``. As Excel does (Microsoft
  KB 895562), Formula1's relative references are read from the active cell
  (``Application.ActiveCell``; a sheet's ``active_cell``, A1 unless a test sets it), and the
  rule is kept relative to its range's first cell (``Worksheet.rules``, test side);
* sheet protection: formatting a cell of a protected sheet raises a com_error; ``Unprotect``
  without the password raises one for a sheet protected with a password;
* injected failures: ``FakeExcel.fail_at(member, n)`` makes the n-th use of a member raise.

Not modelled (limits): calculation (formula cells keep the value given; conditional formats
are kept, not evaluated or painted), rule types other than expressions (refused), ``Delete`` of
a rule reaching outside the range (Excel trims it; the fake refuses), where ``Add`` puts a rule
among others (last here), the ``Hyperlinks`` collection, number formats' effect on text, styles, data validation,
merged-cell semantics beyond recording them, events, the clipboard, Protected View and
``Workbook.Saved`` changes; a Range spanning several sheets; the timing of a real round trip
(only the count is measured).
"""
from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import importlib
import sys
import types
from collections import Counter
from decimal import Decimal

from openpyxl.utils.cell import get_column_letter, range_boundaries

XL_NONE = -4142  # xlColorIndexNone, also xlCalculationManual
ERRORS = {"#DIV/0!": -2146826281, "#N/A": -2146826246, "#NAME?": -2146826259,
          "#NULL!": -2146826288, "#NUM!": -2146826252, "#REF!": -2146826265, "#VALUE!": -2146826273}


# --- pywin32 stubs ------------------------------------------------------------------------

class com_error(Exception):  # noqa: N801 - pywin32's name
    """DISP_E_EXCEPTION carrying Excel's 0x800A03EC, as Excel raises for a refused member
    (xlwings retries only a busy Excel, so this reaches the caller)."""

    def __init__(self, hresult=-2147352567, msg="Exception occurred.", exc=None, arg=None):
        if exc is None:
            exc = (0, "Microsoft Excel", msg, None, 0, -2146827284)
        super().__init__(hresult, "Exception occurred.", exc, arg)
        self.hresult = hresult


class CDispatch:
    """pywin32's late-bound dispatch class: xlwings wraps every instance in its retry wrapper."""


def _module(name: str, **attrs) -> types.ModuleType:
    mod = types.ModuleType(name)
    mod.__dict__.update(attrs)
    return mod


def _stubs() -> dict[str, types.ModuleType]:
    class TimeType(dt.datetime):
        pass

    class TimeZoneInfo:
        @staticmethod
        def utc():
            return dt.UTC

    pywintypes = _module("pywintypes", com_error=com_error, error=OSError, TimeType=TimeType,
                         IID=lambda s: s)
    pythoncom = _module("pythoncom", com_error=com_error, ole_error=com_error,
                        CoInitialize=lambda: None, __file__="pythoncom.dll")
    client = _module("win32com.client", CDispatch=CDispatch, CoClassBaseClass=object,
                     DispatchBaseClass=type("DispatchBaseClass", (), {}),
                     Dispatch=None, DispatchEx=None)
    win32com = _module("win32com", client=client)
    win32con = _module("win32con", MB_OK=0, MB_OKCANCEL=1, MB_YESNOCANCEL=3, MB_YESNO=4,
                       MB_ICONWARNING=0x30, MB_ICONINFORMATION=0x40)
    return {"pywintypes": pywintypes, "pythoncom": pythoncom, "win32com": win32com,
            "win32com.client": client, "win32con": win32con,
            "win32api": _module("win32api", MessageBox=None),
            "win32gui": _module("win32gui", FindWindowEx=lambda *a: 0),
            "win32process": _module("win32process", GetWindowThreadProcessId=lambda hwnd: (1, 4242)),
            "win32timezone": _module("win32timezone", TimeZoneInfo=TimeZoneInfo)}


def load_engine(monkeypatch):
    """xlwings' real ``_xlwindows`` module, imported over the stubs (undone after the test)."""
    for name, mod in _stubs().items():
        monkeypatch.setitem(sys.modules, name, mod)
    monkeypatch.delitem(sys.modules, "xlwings._xlwindows", raising=False)
    ole = types.SimpleNamespace(ole32=types.SimpleNamespace(CLSIDFromString=lambda *a: 0),
                                oleacc=types.SimpleNamespace(AccessibleObjectFromWindow=lambda *a: 0))
    user32 = types.SimpleNamespace(GetForegroundWindow=lambda: 1001, SetForegroundWindow=lambda h: 1,
                                   SetWindowPos=lambda *a: 1)
    with monkeypatch.context() as m:
        m.setattr(ctypes, "oledll", ole, raising=False)
        m.setattr(ctypes, "windll", types.SimpleNamespace(user32=user32), raising=False)
        m.setattr(ctypes, "PyDLL", lambda path: types.SimpleNamespace(
            PyCom_PyObjectFromIUnknown=types.SimpleNamespace()))
        engine = importlib.import_module("xlwings._xlwindows")
    monkeypatch.delitem(sys.modules, "xlwings._xlwindows")  # the next test imports it afresh
    return engine


# --- addresses ------------------------------------------------------------------------------

MAX_ROW, MAX_COL = 1048576, 16384


def parse_area(text: str) -> tuple[int, int, int, int]:
    """(r1, c1, r2, c2) of one area as Excel's Range reads it: "A1", "$B$2:C9", "A:C", "4:4"
    (openpyxl parses; whole columns and rows are filled in here)."""
    try:
        c1, r1, c2, r2 = range_boundaries(text.strip().upper() or "?")
    except (ValueError, TypeError):
        raise com_error(msg=f"bad address {text!r}") from None
    r1, r2 = (1, MAX_ROW) if r1 is None else (r1, r2)
    c1, c2 = (1, MAX_COL) if c1 is None else (c1, c2)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def area_address(a) -> str:
    r1, c1, r2, c2 = a
    one = f"${get_column_letter(c1)}${r1}"
    return one if (r1, c1) == (r2, c2) else f"{one}:${get_column_letter(c2)}${r2}"


# --- the object model -----------------------------------------------------------------------

class Com(CDispatch):
    """Counts every COM member: names starting with a capital letter are Excel's."""

    _excel: FakeExcel

    def __getattribute__(self, name):
        if name[:1].isupper():
            object.__getattribute__(self, "_excel").touch("get", type(self).__name__, name, self)
        return object.__getattribute__(self, name)

    def __setattr__(self, name, value):
        if name[:1].isupper():
            self._excel.touch("set", type(self).__name__, name, self)
            setter = getattr(type(self), "set_" + name, None)
            if setter is None:
                raise com_error(msg=f"{type(self).__name__}.{name} is read-only")
            setter(self, value)
            return
        object.__setattr__(self, name, value)


class CellData:
    __slots__ = ("value", "formula", "fill", "numfmt", "bold", "font_color", "wrap")

    def __init__(self):
        self.value = None
        self.formula = None
        self.fill = None  # BGR int or None
        self.numfmt = "General"
        self.bold = False
        self.font_color = 0
        self.wrap = False


def _is_currency(fmt: str) -> bool:
    return "$" in fmt or "฿" in fmt or "_(" in fmt or "[$" in fmt


class Protection(Com):
    def __init__(self, excel):
        object.__setattr__(self, "_excel", excel)
        for k in ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
                  "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
                  "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
                  "AllowUsingPivotTables"):
            object.__setattr__(self, k, False)


class Worksheet(Com):
    def __init__(self, excel, book, name):
        object.__setattr__(self, "_excel", excel)
        object.__setattr__(self, "_book", book)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "cells", {})  # (r, c) -> CellData
        object.__setattr__(self, "heights", {})
        object.__setattr__(self, "widths", {})
        object.__setattr__(self, "hidden_cols", set())
        object.__setattr__(self, "merges", [])
        object.__setattr__(self, "visible", -1)
        object.__setattr__(self, "protected", False)
        object.__setattr__(self, "password", None)
        object.__setattr__(self, "protect_args", None)
        object.__setattr__(self, "_protection", Protection(excel))
        object.__setattr__(self, "active_cell", (1, 1))  # (row, col): a new sheet's is A1
        object.__setattr__(self, "rules", [])  # conditional formats (CfRule), in priority order

    # test-side helpers (lower case: not COM, not counted)
    def cell(self, r, c) -> CellData:
        return self.cells.setdefault((r, c), CellData())

    def put(self, ref: str, value=None, numfmt=None, fill=None, error=None):
        r, c, _, _ = parse_area(ref)
        cell = self.cell(r, c)
        cell.value = ("#ERR", error) if error else value
        if numfmt:
            cell.numfmt = numfmt
        if fill is not None:
            cell.fill = fill

    def fill_at(self, ref: str):
        r, c, _, _ = parse_area(ref)
        return self.cells[(r, c)].fill if (r, c) in self.cells else None

    def protect(self, password=None):
        object.__setattr__(self, "protected", True)
        object.__setattr__(self, "password", password)

    def check_format(self):
        if self.protected:
            raise com_error(msg="Unable to set the property of the Range class (sheet is protected)")

    # COM members
    @property
    def Name(self):
        return self._name

    def set_Name(self, value):
        if len(value) > 31 or any(ch in value for ch in ":\\/?*[]"):
            raise com_error(msg="bad sheet name")
        if any(s._name.lower() == value.lower() for s in self._book.sheets if s is not self):
            raise com_error(msg="name taken")
        object.__setattr__(self, "_name", value)

    @property
    def Index(self):
        return self._book.sheets.index(self) + 1

    @property
    def Visible(self):
        return self.visible

    def set_Visible(self, value):
        object.__setattr__(self, "visible", -1 if value is True or value == -1 else (value or 0))

    @property
    def Parent(self):
        return self._book

    @property
    def Application(self):
        return self._excel.app

    @property
    def ProtectContents(self):
        return self.protected

    ProtectDrawingObjects = property(lambda self: self.protected)
    ProtectScenarios = property(lambda self: self.protected)

    @property
    def Protection(self):
        return self._protection

    def Unprotect(self, Password=None):  # noqa: N803 - COM names
        if self.password is not None and Password != self.password:
            raise com_error(msg="The password you supplied is not correct.")
        object.__setattr__(self, "protected", False)

    def Protect(self, Password=None, DrawingObjects=True, Contents=True, Scenarios=True, **allow):  # noqa: N803
        object.__setattr__(self, "protected", True)
        object.__setattr__(self, "password", Password)
        object.__setattr__(self, "protect_args", dict(allow))

    def Range(self, a, b=None):
        a, b = _unwrap(a), _unwrap(b)
        if isinstance(a, XlRange):
            areas = [a.areas[0]]
        else:
            if len(a) > 255:
                raise com_error(msg="Method 'Range' of object '_Worksheet' failed")
            areas = [parse_area(p) for p in a.split(",")]
        if b is not None:
            other = b.areas[0] if isinstance(b, XlRange) else parse_area(b)
            r1, c1, r2, c2 = areas[0]
            areas = [(min(r1, other[0]), min(c1, other[1]), max(r2, other[2]), max(c2, other[3]))]
        return XlRange(self._excel, self, areas)

    def Cells(self, r=None, c=None):
        if r is None:
            return XlRange(self._excel, self, [(1, 1, MAX_ROW, MAX_COL)])
        return XlRange(self._excel, self, [(r, c, r, c)])

    @property
    def UsedRange(self):
        keys = [k for k, v in self.cells.items() if v.value is not None or v.formula is not None
                or v.fill is not None]
        if not keys:
            return XlRange(self._excel, self, [(1, 1, 1, 1)])
        return XlRange(self._excel, self, [(min(r for r, _ in keys), min(c for _, c in keys),
                                            max(r for r, _ in keys), max(c for _, c in keys))])

    def Activate(self):
        self._book.active = self

    def Select(self):
        self._book.active = self

    def Delete(self):
        self._book.sheets.remove(self)
        if self._book.active is self:
            self._book.active = self._book.sheets[0]

    def Move(self, Before=None, After=None):  # noqa: N803
        sheets = self._book.sheets
        sheets.remove(self)
        if Before is not None:
            sheets.insert(sheets.index(Before._inner if hasattr(Before, "_inner") else Before), self)
        else:
            after = After._inner if hasattr(After, "_inner") else After
            sheets.insert(sheets.index(after) + 1, self)


def _unwrap(x):
    return object.__getattribute__(x, "_inner") if type(x).__name__ == "COMRetryObjectWrapper" else x


class Interior(Com):
    def __init__(self, rng):
        object.__setattr__(self, "_excel", rng._excel)
        object.__setattr__(self, "_rng", rng)

    @property
    def Color(self):
        fills = {self._rng._sheet.cells.get(rc, CellData()).fill for rc in self._rng.each()}
        return 16777215 if fills == {None} else (fills.pop() if len(fills) == 1 else None)

    def set_Color(self, value):
        self._rng.format(lambda cell: setattr(cell, "fill", int(value)))

    @property
    def ColorIndex(self):
        fills = {self._rng._sheet.cells.get(rc, CellData()).fill for rc in self._rng.each()}
        return XL_NONE if fills == {None} else (1 if None not in fills else None)

    def set_ColorIndex(self, value):
        if value != XL_NONE:
            raise com_error(msg="only xlColorIndexNone is modelled")
        self._rng.format(lambda cell: setattr(cell, "fill", None))


class Font(Com):
    def __init__(self, rng):
        object.__setattr__(self, "_excel", rng._excel)
        object.__setattr__(self, "_rng", rng)

    Bold = property(lambda self: all(self._rng._sheet.cell(*rc).bold for rc in self._rng.each()))

    def set_Bold(self, value):
        self._rng.format(lambda cell: setattr(cell, "bold", bool(value)))

    Color = property(lambda self: self._rng._sheet.cell(*next(self._rng.each())).font_color)

    def set_Color(self, value):
        self._rng.format(lambda cell: setattr(cell, "font_color", int(value)))


class XlRange(Com):
    def __init__(self, excel, sheet, areas):
        object.__setattr__(self, "_excel", excel)
        object.__setattr__(self, "_sheet", sheet)
        object.__setattr__(self, "areas", areas)

    def each(self):
        for r1, c1, r2, c2 in self.areas:
            for r in range(r1, min(r2, r1 + 100000) + 1):
                for c in range(c1, min(c2, c1 + 1000) + 1):
                    yield r, c

    def format(self, apply):
        self._sheet.check_format()
        for rc in self.each():
            apply(self._sheet.cell(*rc))

    def _block(self, read):
        r1, c1, r2, c2 = self.areas[0]
        rows = tuple(tuple(read(self._sheet.cells.get((r, c))) for c in range(c1, c2 + 1))
                     for r in range(r1, r2 + 1))
        return rows[0][0] if (r1, c1) == (r2, c2) else rows

    def _write(self, data, formula):
        r1, c1, r2, c2 = self.areas[0]
        if not isinstance(data, (list, tuple)):
            data = [[data] * (c2 - c1 + 1)] * (r2 - r1 + 1)
        elif data and not isinstance(data[0], (list, tuple)):
            data = [data]
        for i, row in enumerate(data):
            for j, v in enumerate(row):
                cell = self._sheet.cell(r1 + i, c1 + j)
                if isinstance(v, str) and v.startswith("=") and formula:
                    cell.formula, cell.value = v, None
                elif isinstance(v, str) and v.startswith("'"):
                    cell.formula, cell.value = None, v[1:]
                else:
                    cell.formula, cell.value = None, (None if v == "" else v)

    @staticmethod
    def _value_of(cell):
        if cell is None or cell.value is None:
            return None
        v = cell.value
        if isinstance(v, tuple) and v[:1] == ("#ERR",):
            return ERRORS[v[1]]
        if isinstance(v, (int, float)) and not isinstance(v, bool) and _is_currency(cell.numfmt):
            return Decimal(str(v))
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return dt.datetime.combine(v, dt.time())
        return v

    @property
    def Value(self):
        return self._block(self._value_of)

    def set_Value(self, data):
        self._write(data, formula=False)

    @property
    def Formula(self):
        return self._block(lambda cell: "" if cell is None else (cell.formula or cell.value or ""))

    def set_Formula(self, data):
        self._write(data, formula=True)

    @property
    def Row(self):
        return self.areas[0][0]

    @property
    def Column(self):
        return self.areas[0][1]

    @property
    def Count(self):
        return sum((r2 - r1 + 1) * (c2 - c1 + 1) for r1, c1, r2, c2 in self.areas)

    @property
    def Rows(self):
        return _Lines(self, rows=True)

    @property
    def Columns(self):
        return _Lines(self, rows=False)

    @property
    def EntireRow(self):
        return XlRange(self._excel, self._sheet, [(r1, 1, r2, MAX_COL) for r1, _, r2, _ in self.areas])

    @property
    def EntireColumn(self):
        return XlRange(self._excel, self._sheet, [(1, c1, MAX_ROW, c2) for _, c1, _, c2 in self.areas])

    @property
    def Areas(self):
        return _Areas(self)

    @property
    def Address(self):
        return ",".join(area_address(a) for a in self.areas)

    @property
    def Worksheet(self):
        return self._sheet

    @property
    def Interior(self):
        return Interior(self)

    @property
    def Font(self):
        return Font(self)

    @property
    def FormatConditions(self):
        return FormatConditions(self)

    @property
    def NumberFormat(self):
        return self._sheet.cell(*self.areas[0][:2]).numfmt

    def set_NumberFormat(self, value):
        for rc in self.each():
            self._sheet.cell(*rc).numfmt = value

    def set_WrapText(self, value):
        self.format(lambda cell: setattr(cell, "wrap", bool(value)))

    def set_RowHeight(self, value):
        self._sheet.check_format()
        for r1, _, r2, _ in self.areas:
            for r in range(r1, r2 + 1):
                self._sheet.heights[r] = value

    def set_ColumnWidth(self, value):
        self._sheet.check_format()
        for _, c1, _, c2 in self.areas:
            for c in range(c1, c2 + 1):
                self._sheet.widths[c] = value

    def set_Hidden(self, value):
        for _, c1, _, c2 in self.areas:
            if c2 - c1 < 1000:
                self._sheet.hidden_cols.update(range(c1, c2 + 1))

    def Merge(self, across=False):
        self._sheet.merges.append(self.Address)

    def __call__(self, r, c=1):
        self._excel.touch("call", "Range", "Item")
        r1, c1 = self.areas[0][:2]
        return XlRange(self._excel, self._sheet, [(r1 + r - 1, c1 + c - 1, r1 + r - 1, c1 + c - 1)])


# --- conditional formats ----------------------------------------------------------------------

XL_EXPRESSION, XL_AUTOMATIC = 2, -4105  # xlExpression; xlColorIndexAutomatic


def _moved(formula: str, origin: tuple[int, int], to: tuple[int, int]) -> str:
    """A formula's relative references moved from cell ``origin`` to cell ``to`` (r, c)."""
    from openpyxl.formula.translate import Translator, TranslatorError

    a1 = lambda rc: f"{get_column_letter(rc[1])}{rc[0]}"  # noqa: E731
    try:
        return Translator(formula, origin=a1(origin)).translate_formula(a1(to))
    except TranslatorError:  # Excel wraps round the sheet's edge
        raise com_error(msg="fake: a reference moved off the sheet is not modelled") from None


class CfRule:
    """One conditional format as Excel keeps it (test side, not COM): ``formula`` relative to
    the first cell of ``areas`` (what the file and the rules dialog show for that cell),
    ``sent`` the Formula1 given to Add; ``None`` colours and bold are not set by the rule."""

    def __init__(self, type_, formula, sent, areas):
        self.type, self.formula, self.sent, self.areas = type_, formula, sent, areas
        self.bold = self.italic = self.font_color = self.fill = None
        self.stop_if_true = False


def _touches(a, b) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def _inside(a, b) -> bool:
    return b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]


class FormatConditions(Com):
    """``Range.FormatConditions``: the rules touching the range, in priority order."""

    def __init__(self, rng):
        object.__setattr__(self, "_excel", rng._excel)
        object.__setattr__(self, "_rng", rng)

    def _rules(self):
        return [r for r in self._rng._sheet.rules
                if any(_touches(a, b) for a in r.areas for b in self._rng.areas)]

    Count = property(lambda self: len(self._rules()))

    def Item(self, i):
        return FormatCondition(self._rng._sheet, self._rules()[i - 1])

    def __call__(self, i):
        self._excel.touch("call", "FormatConditions", "Item")
        return FormatCondition(self._rng._sheet, self._rules()[i - 1])

    def __iter__(self):
        self._excel.touch("call", "FormatConditions", "_NewEnum")
        for rule in self._rules():
            self._excel.touch("call", "FormatConditions", "Next")
            yield FormatCondition(self._rng._sheet, rule)

    def Add(self, Type, Operator=None, Formula1=None, Formula2=None):  # noqa: N803 - COM names
        """Excel reads Formula1's relative references from the active cell of the active
        sheet, not from the range's first cell (Microsoft KB 895562)."""
        if Type != XL_EXPRESSION or not str(Formula1).startswith("="):
            raise com_error(msg="fake: only xlExpression rules with a formula are modelled")
        first = self._rng.areas[0][:2]
        rule = CfRule(Type, _moved(Formula1, self._excel.book.active.active_cell, first), Formula1,
                      list(self._rng.areas))
        self._rng._sheet.rules.append(rule)
        return FormatCondition(self._rng._sheet, rule)

    def Delete(self):
        self._rng._sheet.check_format()
        for rule in self._rules():
            if not all(any(_inside(a, b) for b in self._rng.areas) for a in rule.areas):
                raise com_error(msg="fake: trimming a rule that reaches outside the range is not modelled")
            self._rng._sheet.rules.remove(rule)


class FormatCondition(Com):
    def __init__(self, sheet, rule):
        object.__setattr__(self, "_excel", sheet._excel)
        object.__setattr__(self, "_sheet", sheet)
        object.__setattr__(self, "rule", rule)

    Type = property(lambda self: self.rule.type)
    StopIfTrue = property(lambda self: self.rule.stop_if_true)
    AppliesTo = property(lambda self: XlRange(self._excel, self._sheet, self.rule.areas))
    Interior = property(lambda self: RuleFormat(self, "fill"))
    Font = property(lambda self: RuleFormat(self, "font_color"))

    @property
    def Formula1(self):  # read back from the active cell too (KB 895562; check)
        return _moved(self.rule.formula, self.rule.areas[0][:2], self._excel.book.active.active_cell)

    def set_StopIfTrue(self, value):
        self.rule.stop_if_true = bool(value)

    def SetFirstPriority(self):
        self._sheet.rules.remove(self.rule)
        self._sheet.rules.insert(0, self.rule)

    def Delete(self):
        self._sheet.rules.remove(self.rule)


class RuleFormat(Com):
    """A rule's Interior (``fill``) or Font (``font_color``, Bold, Italic)."""

    def __init__(self, condition, colour):
        object.__setattr__(self, "_excel", condition._excel)
        object.__setattr__(self, "rule", condition.rule)
        object.__setattr__(self, "_colour", colour)

    Color = property(lambda self: getattr(self.rule, self._colour))
    ColorIndex = property(lambda self: (XL_NONE if self._colour == "fill" else XL_AUTOMATIC)
                          if getattr(self.rule, self._colour) is None else 1)
    Bold = property(lambda self: self.rule.bold)
    Italic = property(lambda self: self.rule.italic)

    def set_Color(self, value):
        setattr(self.rule, self._colour, int(value))

    def set_Bold(self, value):
        self.rule.bold = bool(value)

    def set_Italic(self, value):
        self.rule.italic = bool(value)


class _Lines(Com):
    def __init__(self, rng, rows):
        object.__setattr__(self, "_excel", rng._excel)
        object.__setattr__(self, "_rng", rng)
        object.__setattr__(self, "_rows", rows)

    @property
    def Count(self):
        r1, c1, r2, c2 = self._rng.areas[0]
        return r2 - r1 + 1 if self._rows else c2 - c1 + 1


class _Areas(Com):
    def __init__(self, rng):
        object.__setattr__(self, "_excel", rng._excel)
        object.__setattr__(self, "_rng", rng)

    Count = property(lambda self: len(self._rng.areas))

    def Item(self, i):
        return XlRange(self._excel, self._rng._sheet, [self._rng.areas[i - 1]])


class Worksheets(Com):
    def __init__(self, book):
        object.__setattr__(self, "_excel", book._excel)
        object.__setattr__(self, "_book", book)

    Count = property(lambda self: len(self._book.sheets))
    Parent = property(lambda self: self._book)

    def __call__(self, key):
        self._excel.touch("call", "Worksheets", "Item")
        if isinstance(key, int):
            return self._book.sheets[key - 1]
        for s in self._book.sheets:
            if s._name.lower() == str(key).lower():
                return s
        raise com_error(msg="Subscript out of range")

    def __iter__(self):
        self._excel.touch("call", "Worksheets", "_NewEnum")
        for s in list(self._book.sheets):
            self._excel.touch("call", "Worksheets", "Next")
            yield s

    def Add(self, Before=None, After=None):  # noqa: N803
        n = 1
        while any(s._name == f"Sheet{n}" for s in self._book.sheets):
            n += 1
        sheet = Worksheet(self._excel, self._book, f"Sheet{n}")
        before = _unwrap(Before) if Before is not None else self._book.active
        self._book.sheets.insert(self._book.sheets.index(before), sheet)
        self._book.active = sheet
        return sheet


class Workbook(Com):
    def __init__(self, excel, name):
        object.__setattr__(self, "_excel", excel)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "sheets", [])
        object.__setattr__(self, "active", None)
        object.__setattr__(self, "full_name", name)
        object.__setattr__(self, "saved", True)

    def add_sheet(self, name) -> Worksheet:
        sheet = Worksheet(self._excel, self, name)
        self.sheets.append(sheet)
        if self.active is None:
            object.__setattr__(self, "active", sheet)
        return sheet

    def sheet(self, name) -> Worksheet:
        return next(s for s in self.sheets if s._name == name)

    Name = property(lambda self: self._name)
    FullName = property(lambda self: self.full_name)
    Saved = property(lambda self: self.saved)
    Worksheets = property(lambda self: Worksheets(self))
    Sheets = Worksheets
    Application = property(lambda self: self._excel.app)
    ActiveSheet = property(lambda self: self.active)


class Application(Com):
    def __init__(self, excel):
        object.__setattr__(self, "_excel", excel)
        object.__setattr__(self, "state", {"ScreenUpdating": True, "Calculation": -4105,
                                           "EnableEvents": True, "DisplayAlerts": True,
                                           "StatusBar": False, "Interactive": True})

    Hwnd = property(lambda self: 1001)
    ActiveWorkbook = property(lambda self: self._excel.book)

    @property
    def ActiveCell(self):
        sheet = self._excel.book.active
        return XlRange(self._excel, sheet, [sheet.active_cell * 2])


def _app_property(name):
    def get(self):
        return self.state[name]

    def set_(self, value):
        self.state[name] = value
    return property(get), set_


for _name in ("ScreenUpdating", "Calculation", "EnableEvents", "DisplayAlerts", "StatusBar", "Interactive"):
    _get, _set = _app_property(_name)
    setattr(Application, _name, _get)
    setattr(Application, "set_" + _name, _set)


def _sheet_of(obj):
    for attr in ("_rng", "_sheet"):
        try:
            obj = object.__getattribute__(obj, attr)
        except AttributeError:
            continue
    return object.__getattribute__(obj, "_name") if isinstance(obj, Worksheet) else None


class FakeExcel:
    """One Excel instance with one workbook; ``calls`` counts every round trip."""

    def __init__(self, book_name="book.xlsx"):
        self.calls: Counter = Counter()
        self.log: list[tuple] = []
        self.failures: dict[str, int] = {}
        self.app = Application(self)
        self.book = Workbook(self, book_name)
        self.alerts: list[tuple] = []

    def touch(self, kind, cls, name, obj=None):
        key = f"{cls}.{name}"
        self.calls[key] += 1
        for rule in list(self.failures):
            member, sheet, kinds = rule
            if key == member and kind in kinds and (sheet is None or _sheet_of(obj) == sheet):
                self.failures[rule] -= 1
                if self.failures[rule] == 0:
                    del self.failures[rule]
                    raise com_error(msg=f"injected failure at {key}")

    def fail_at(self, member: str, n: int = 1, sheet: str | None = None, kinds=("get", "set", "call")) -> None:
        """The n-th use of ``member`` (e.g. "Interior.Color"), on ``sheet`` if given, from
        now raises a com_error."""
        self.failures[(member, sheet, tuple(kinds))] = n

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    @contextlib.contextmanager
    def counting(self):
        self.calls.clear()
        yield self


def xw_book(engine, excel: FakeExcel, monkeypatch=None):
    """An ``xlwings.Book`` over the fake workbook through the real Windows engine. The
    message box goes to ``excel.alerts``."""
    import xlwings

    def message_box(hwnd, prompt, title, style):
        excel.alerts.append((prompt, title, style))
        return 1

    engine.win32api.MessageBox = message_box
    wrapped = engine.COMRetryObjectWrapper(excel.book)
    return xlwings.Book(impl=engine.Book(xl=wrapped))
