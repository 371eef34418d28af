"""Rendering a SheetModel (writers.sheetxml) into a live xlwings sheet: values, formulas, links,
looks and conditional formats in as few round trips as the engine allows; and finding, adding
and removing sheets."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..core.a1 import parse_cell
from ..core.ir import column_letter
from ..core.normalise import fold_text
from ..core.problems import read_problem
from ..form import FORM
from ..writers.keep import keep_as
from ..writers.sheetxml import Formula, SheetModel
from ..writers.styles import LOOKS
from .app import app_of

# Text Excel would turn into something else when written as typed (a formula, a number,
# a date, a boolean) gets a leading apostrophe: Excel keeps the rest as text.
_NUMBER_LIKE = re.compile(r"[\d\s.,:/%()$+\-]*\d[\d\s.,:/%()$+\-]*")

def as_typed(value: object) -> object:
    """A model value as it must be written into a cell: formulas with "=", text as text."""
    if isinstance(value, Formula):
        return "=" + value.text
    if isinstance(value, str):
        s = value.strip()
        if value[:1] and value[0] in "=+-@'" or _NUMBER_LIKE.fullmatch(s) or s.upper() in ("TRUE", "FALSE"):
            return "'" + value
    return value


def _hyperlink(location: str, text: str) -> str:
    q = lambda s: s.replace('"', '""')  # noqa: E731
    return f'=HYPERLINK("#{q(location)}","{q(text)}")'


_LOCATION = re.compile(r"^'((?:[^']|'')*)'!(.+)$")
MAX_ADDRESS = 255  # Excel's Range() takes at most 255 characters


def _runs(numbers: Iterable[int], together: Callable[[int, int], bool] = lambda first, n: True
          ) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive numbers; ``together(first, n)`` may also end a
    run before ``n``."""
    out: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if out and n == out[-1][1] + 1 and together(out[-1][0], n):
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def _blocks(cells: dict[tuple[int, int], str]) -> list[tuple[int, int, int, int, str]]:
    """Rectangles (r1, c1, r2, c2, style) covering cells of the same style: runs of columns
    in a row, then runs of rows with the same columns."""
    by_row: dict[int, list[int]] = {}
    for r, c in cells:
        by_row.setdefault(r, []).append(c)
    runs: dict[tuple[int, int, str], list[int]] = {}
    for r in sorted(by_row):
        same = lambda first, c, r=r: cells[(r, c)] == cells[(r, first)]  # noqa: E731
        for c1, c2 in _runs(by_row[r], same):
            runs.setdefault((c1, c2, cells[(r, c1)]), []).append(r)
    return sorted((r1, c1, r2, c2, style) for (c1, c2, style), rows in runs.items() for r1, r2 in _runs(rows))


def column_width(sheet, chars: float) -> float:
    """A model width (characters, as in the file) in the unit of the sheet's engine: characters
    on Windows and Mac; points for Office.js (remote engine, xlwings Lite), at the 7-pixel
    digit of the default font: 1 character = 7 px = 5.25 pt."""
    api = sheet.book.api
    if isinstance(api, dict) and api.get("client") == "Office.js":
        return round(int(chars * 7 + 0.5) * 0.75, 2)
    return chars


def _address(r1: int, c1: int, r2: int, c2: int) -> str:
    one = f"{column_letter(c1 - 1)}{r1}"
    return one if (r1, c1) == (r2, c2) else f"{one}:{column_letter(c2 - 1)}{r2}"


def _row_runs(rows) -> list[str]:
    """Addresses in column A ("A5:A7") covering the given row numbers in runs (a row height
    set on a cell sets its row's)."""
    return [_address(a, 1, b, 1) for a, b in _runs(set(rows))]


def joined(parts: list[str]) -> list[str]:
    """Multi-area addresses ("A1,C3:D4,…") of at most MAX_ADDRESS characters."""
    out: list[str] = []
    for p in parts:
        if out and len(out[-1]) + 1 + len(p) <= MAX_ADDRESS:
            out[-1] += "," + p
        else:
            out.append(p)
    return out


class Target:
    """Where a button writes: the sheet, and how many rectangles one range may cover.
    Excel's COM and AppleScript engines take multi-area addresses; others one rectangle."""

    def __init__(self, sheet, multi_area: bool):
        self.sheet, self.multi_area = sheet, multi_area

    def ranges(self, parts: list[str]):
        for address in (joined(parts) if self.multi_area else parts):
            yield address, self.sheet.range(address)


def multi_area(book) -> bool:
    try:
        return app_of(book).engine.type == "desktop"
    except Exception:
        return False


def render(model: SheetModel, target, tabs: dict[str, str] | None = None, multi: bool = False) -> None:
    """Write a SheetModel into a live (empty) xlwings sheet: values, formulas and links in one
    block, then widths, heights, merges and formats, each over many cells at once, then the
    conditional formats.

    ``tabs`` maps folded sheet names to the workbook's tab names, so a link reaches a tab
    renamed with stray spaces."""
    if not model.cells:
        return
    out = Target(target, multi)
    nrows = max(r for r, _ in model.cells)
    ncols = max(c for _, c in model.cells)
    grid: list[list[object]] = [[None] * ncols for _ in range(nrows)]
    for (r, c), (value, _) in model.cells.items():
        grid[r - 1][c - 1] = as_typed(value)
    for ref, location, _tip in model.links:
        r, c = parse_cell(ref)
        if tabs and (m := _LOCATION.match(location)):
            name = tabs.get(fold_text(m[1].replace("''", "'")), m[1].replace("''", "'"))
            location = "'" + name.replace("'", "''") + "'!" + m[2]
        grid[r - 1][c - 1] = _hyperlink(location, str(model.cells.get((r, c), (ref, ""))[0]))
    target.range((1, 1), (nrows, ncols)).formula = grid
    for width in sorted(set(model.widths.values())):
        cols = [f"{column_letter(c - 1)}1" for c, w in sorted(model.widths.items()) if w == width]
        for _, rng in out.ranges(cols):
            rng.column_width = column_width(target, width)
    for c in sorted(model.hidden_cols):
        target.range((1, c)).columns.hidden = True
    for height in sorted(set(model.heights.values())):
        rows = [r for r, h in model.heights.items() if h == height]
        for _, rng in out.ranges(_row_runs(rows)):
            rng.row_height = height
    for ref in model.merges:
        target.range(ref).merge()
    styled = {rc: style for rc, (_, style) in model.cells.items() if style in LOOKS}
    by_style: dict[str, list[str]] = {}
    for r1, c1, r2, c2, style in _blocks(styled) if styled else []:
        by_style.setdefault(style, []).append(_address(r1, c1, r2, c2))
    for style, parts in by_style.items():
        look = LOOKS[style]
        for _, rng in out.ranges(parts):
            if look.fill:
                rng.color = "#" + look.fill
            if look.bold:
                rng.font.bold = True
            if look.color:
                rng.font.color = "#" + look.color
            if look.numfmt:
                rng.number_format = look.numfmt
            if look.wrap:
                rng.wrap_text = True
    conditional(model, target)


def _com_anchor(sheet) -> str | None:
    """The active cell ("$B$2") where the sheet's engine is xlwings' Windows (COM) engine,
    else None. Three round trips."""
    if not type(sheet.impl).__module__.endswith("_xlwindows"):
        return None
    try:
        return sheet.api.Application.ActiveCell.Address
    except Exception:  # no window, so no active cell: that of a sheet just added
        return "$A$1"


def conditional(model: SheetModel, target) -> None:
    """The model's conditional formats (``SheetModel.conditional``: the red "ต่างกัน ดู CODE" of
    สรุป) as expression rules in the look the file writer's dxf has (styles.LOOKS), through
    xlwings' own API. Rules already on the range go first, so a second run leaves one rule.

    A rule's formula is relative to the first cell of its range, as in the file and in
    Office.js (xlwings Lite). Excel's COM reads it from the active cell instead (Microsoft
    KB 895562), so there it is moved to the active cell first (openpyxl's Translator). One
    rectangle per rule, which every model has; an engine without conditional formats
    (calamine) is left without them."""
    if not model.conditional:
        return
    anchor = _com_anchor(target)
    for sqref, formula, name in model.conditional:
        look = LOOKS[name]
        formula = "=" + formula
        if anchor is not None:
            from openpyxl.formula.translate import Translator

            formula = Translator(formula, origin=sqref.split(":")[0]).translate_formula(anchor.replace("$", ""))
        try:
            rules = target.range(sqref).conditional_formats
        except NotImplementedError:
            return
        rules.clear()
        rules.add_custom(formula, font_bold=look.bold or None,
                         font_color="#" + look.color if look.color else None,
                         fill_color="#" + look.fill if look.fill else None)


# --- sheets and highlights ------------------------------------------------------------------

def find_sheet(book, name: str):
    """The sheet called ``name``, comparing names as the reader does (stray spaces folded)."""
    want = fold_text(name)
    for sheet in book.sheets:
        if fold_text(sheet.name) == want:
            return sheet
    return None


def sheet_tabs(book) -> dict[str, str]:
    return {fold_text(s.name): s.name for s in book.sheets}


def make_room(book, *names: str) -> str:
    """Delete our sheets of these generated names before they are written anew. A sheet of the
    user's with such a name (writers.keep.keep_as: its A1 is not our title) is renamed
    instead, which Excel does with every formula that refers to it; a line telling so for each."""
    lines = ""
    for name in names:
        sheet = find_sheet(book, name)
        if sheet is None:
            continue
        kept = keep_as(name, sheet.range("A1").value, [s.name for s in book.sheets])
        if kept is None:
            sheet.delete()
        else:
            sheet.name = kept
            lines += "\n" + read_problem("sheet_kept", name=name, kept=kept)
    return lines


def after_data(book, *extra: str):
    """The sheet after which a generated sheet goes: the last of ``extra`` present, else the
    last form data sheet, else the last sheet."""
    for name in reversed(extra):
        if (sheet := find_sheet(book, name)) is not None:
            return sheet
    data = {s.name for s in FORM.data_sheets}
    placed = [s for s in book.sheets if fold_text(s.name) in data]
    return placed[-1] if placed else book.sheets[-1]


def add_sheet(book, name: str, after, model: SheetModel, hidden: bool = False, tabs=None):
    sheet = book.sheets.add(name, after=after)
    render(model, sheet, tabs, multi_area(book))
    if hidden:
        sheet.visible = False
    return sheet


def activate(sheet) -> None:
    """Show a sheet of the calling (already active) book: over COM one call; xlwings'
    Sheet.activate would also bring the book and Excel to the front."""
    try:
        sheet.api.Activate()
    except Exception:
        sheet.activate()

