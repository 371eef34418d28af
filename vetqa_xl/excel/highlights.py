"""Highlights in the live workbook: error and warning cells painted, their original fills kept
in the hidden sheet ไฮไลต์เดิม (HIGHLIGHT_STORE) so that ล้างไฮไลต์ gives them back, even after
Excel was closed; protected sheets are unprotected for the paint and protected again."""
from __future__ import annotations

from contextlib import ExitStack, contextmanager

from ..core.problems import read_problem
from ..writers.report import HIGHLIGHT, HIGHLIGHT_STORE, highlight_cells
from ..writers.sheetxml import SheetModel
from .app import Refusal
from .render import Target, add_sheet, find_sheet, multi_area


def _hex(rgb) -> str:
    """A fill as #RRGGBB, or "" for none (an Excel colour number is BGR)."""
    if rgb is None:
        return ""
    if isinstance(rgb, int):
        rgb = (rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF)
    return "#{:02X}{:02X}{:02X}".format(*tuple(rgb))


def fill_of(rng) -> str:
    """The cell's fill as #RRGGBB, or "" for none. Engines that cannot read fills (the
    remote engine) give "": ล้างไฮไลต์ then clears the fill instead of restoring it."""
    try:
        return _hex(rng.color)
    except NotImplementedError:
        return ""


_XL_NONE = -4142  # xlColorIndexNone


def _fills(sheet, address: str, rng, refs: list[str]) -> dict[str, str]:
    """The original fills of ``refs`` (all inside ``rng``): Excel answers for a whole range
    when its cells share one fill (none, or one colour) and with Null when they differ; only
    then is each cell read."""
    try:
        interior = rng.api.Interior
        if interior.ColorIndex == _XL_NONE:
            return dict.fromkeys(refs, "")
        colour = interior.Color
        if colour is not None:
            return dict.fromkeys(refs, _hex(int(colour)))
    except Exception:  # not Excel's COM engine, or Excel did not answer for the whole range
        pass
    return {ref: fill_of(sheet.range(ref)) for ref in refs}


PROTECTION_ALLOW = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
                     "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
                     "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
                     "AllowUsingPivotTables")


@contextmanager
def unprotected(sheet):
    """Lift the template's password-less sheet protection while fills change (Excel refuses to
    format cells of a protected sheet), then put it back with the same permissions. Only the
    Windows (COM) engine exposes protection; elsewhere this does nothing."""
    try:
        xl = sheet.api
        protected = bool(xl.ProtectContents)
    except Exception:
        protected = False
    if not protected:
        yield
        return
    allow = {k: bool(getattr(xl.Protection, k)) for k in PROTECTION_ALLOW}
    keep = {"DrawingObjects": bool(xl.ProtectDrawingObjects), "Scenarios": bool(xl.ProtectScenarios)}
    try:
        xl.Unprotect()
    except Exception:
        raise Refusal(read_problem("excel_password_sheet", sheet=sheet.name)) from None
    try:
        yield
    finally:
        xl.Protect(Contents=True, **keep, **allow)


def _unprotect_all(stack: ExitStack, sheets) -> None:
    """Unprotect every sheet about to change before the first change: a sheet that refuses
    (a password) stops the button while nothing has changed yet."""
    for sheet in sheets:
        stack.enter_context(unprotected(sheet))


def _paint(target: Target, cells: dict[str, str | None]) -> None:
    """Fill cells, {ref: "#RRGGBB" or None for no fill}, one range per fill and chunk."""
    by_fill: dict[str | None, list[str]] = {}
    for ref, fill in cells.items():
        by_fill.setdefault(fill, []).append(ref)
    for fill, refs in by_fill.items():
        for _, rng in target.ranges(refs):
            rng.color = fill


def highlight_live(book, report) -> int:
    """Fill error cells red and warning cells yellow; how many cells.

    Nothing half-done: every sheet to paint is unprotected first (a refusal stops before any
    change), and the original fills are read and kept in the hidden sheet HIGHLIGHT_STORE
    before the first cell is painted, so ล้างไฮไลต์ restores every painted cell even when
    painting stops half-way."""
    multi = multi_area(book)
    plan = []
    for name, cells in highlight_cells(report).items():
        sheet = find_sheet(book, name)
        if sheet is not None:
            plan.append((Target(sheet, multi), cells))
    if not plan:
        return 0
    store = SheetModel()
    for c, label in enumerate(("ชีต", "เซลล์", "สีเดิม"), start=1):
        store.set(1, c, label)
    row = 1
    with ExitStack() as stack:
        _unprotect_all(stack, [t.sheet for t, _ in plan])
        for target, cells in plan:
            refs, name = list(cells), target.sheet.name
            originals: dict[str, str] = {}
            for address, rng in target.ranges(refs):
                originals.update(_fills(target.sheet, address, rng, address.split(",")))
            for ref in refs:
                row += 1
                store.set(row, 1, name)
                store.set(row, 2, ref)
                store.set(row, 3, originals[ref])
        add_sheet(book, HIGHLIGHT_STORE, book.sheets[-1], store, hidden=True)
        for target, cells in plan:
            _paint(target, {ref: "#" + HIGHLIGHT[severity] for ref, severity in cells.items()})
    return row - 1


def clear_live_highlights(book) -> int:
    """Give highlighted cells their original fill back and drop the store; how many cells.
    The store goes only after every listed cell was restored."""
    store = find_sheet(book, HIGHLIGHT_STORE)
    if store is None:
        return 0
    last = store.used_range.last_cell
    rows = store.range((1, 1), (last.row, 3)).options(ndim=2).value[1:]
    by_sheet: dict[str, dict[str, str | None]] = {}
    for name, ref, fill in rows:
        if name and ref:
            by_sheet.setdefault(str(name), {})[str(ref)] = str(fill or "") or None
    multi = multi_area(book)
    plan = [(sheet, cells) for name, cells in by_sheet.items()
            if (sheet := find_sheet(book, name)) is not None]  # a sheet deleted since: nothing there
    with ExitStack() as stack:
        _unprotect_all(stack, [sheet for sheet, _ in plan])
        for sheet, cells in plan:
            _paint(Target(sheet, multi), cells)
    store.delete()
    return sum(len(cells) for _, cells in plan)


