"""Apply the changes of core/fixes.py to a user's .xlsx, part by part, and list them.

Like the report, it never loads the workbook into a model that could drop what it does not
know: only the cells that change are rewritten in their sheet's XML (a cell holding a formula
is never touched), one cell format may be added to styles.xml (a date format for a date that
was text), and the sheet รายการแก้ไขอัตโนมัติ lists every change (sheet, cell, before, after,
why). Every other part stays byte for byte. A file with nothing to fix is not written at all.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from xml.sax.saxutils import escape

from ..core.fixes import Change
from . import xmltags
from .atomic import write_output
from .changes import changes_sheet
from .keep import FIX_SHEET, make_room
from .ooxml import Package
from .report import folded_sheets, refuse_targets
from .sheetxml import clean, render
from .styles import DATE_FORMAT, StyleSheet, with_attrs

EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (1900 date system)
# Built-in number formats that show a date (ECMA-376 §18.8.30, and the Thai/CJK date ids).
BUILTIN_DATE_FORMATS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))


def _is_date_format(styles: StyleSheet, s: int) -> bool:
    xfs = styles._children("cellXfs", "xf")
    xf = xmltags.find(xfs[s], "xf") if s < len(xfs) else None
    numfmt = xf.get("numFmtId") if xf else None
    numfmt_id = int(numfmt) if numfmt and numfmt.isdigit() else 0
    if numfmt_id in BUILTIN_DATE_FORMATS:
        return True
    custom = xmltags.find(styles.xml, "numFmt", {"numFmtId": str(numfmt_id)})
    # a date shows d or y outside [colour/locale], "literal text" and \escaped characters
    code = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", (custom.get("formatCode") or "") if custom else "")
    return bool(re.search(r"[dy]", code, re.I))


def _date_style(styles: StyleSheet, s: int, made: dict[int, int]) -> int:
    """Cell format ``s`` if it shows dates, else a copy of it that does (the template's format)."""
    if _is_date_format(styles, s):
        return s
    if s not in made:
        xfs = styles._children("cellXfs", "xf")
        xf = xfs[s] if s < len(xfs) else xfs[0]
        xf = with_attrs(xf, {"numFmtId": str(styles.add_numfmt(DATE_FORMAT)), "applyNumberFormat": "1"})
        made[s] = styles._append("cellXfs", xf, "xf", before=("cellStyles", "dxfs"))
    return made[s]


def _new_cell(prefix: str, ref: str, value: object, style: int | None) -> str:
    st = f' s="{style}"' if style is not None else ""
    tag = f"{prefix}c"
    if isinstance(value, dt.date):
        return f'<{tag} r="{ref}"{st}><{prefix}v>{(value - EPOCH).days}</{prefix}v></{tag}>'
    if isinstance(value, (int, float)):
        return f'<{tag} r="{ref}"{st}><{prefix}v>{value!r}</{prefix}v></{tag}>'
    text = escape(clean(str(value)))
    return (f'<{tag} r="{ref}"{st} t="inlineStr"><{prefix}is><{prefix}t xml:space="preserve">{text}'
            f'</{prefix}t></{prefix}is></{tag}>')


def apply_changes(pkg: Package, changes: list[Change]) -> list[Change]:
    """Rewrite the cells of ``changes`` in the package; the changes made (formula cells and
    cells not in the file are left alone)."""
    sheets = folded_sheets(pkg)
    styles = StyleSheet(pkg)
    made_styles: dict[int, int] = {}
    applied = []
    by_sheet: dict[str, list[Change]] = {}
    for change in changes:
        by_sheet.setdefault(change.sheet, []).append(change)
    for name, group in by_sheet.items():
        ref_sheet = sheets.get(name)
        if ref_sheet is None:
            continue
        wanted = {change.cell: change for change in group}
        xml = pkg.text(ref_sheet.part)
        edits = []
        # one pass over the sheet's cells, whatever the number of changes (linear, issue 18)
        for cell in xmltags.elements(xml, "c"):
            if not wanted:
                break
            todo = wanted.pop(cell.get("r") or "", None)  # the first cell of that address only
            if todo is None:
                continue
            end = cell.close().end
            if xmltags.find(xml, "f", start=cell.end, end=end):
                continue  # never replace a formula by its value
            s = cell.get("s")
            style = int(s) if s and s.isdigit() else None
            if isinstance(todo.after, dt.date):
                style = _date_style(styles, style or 0, made_styles)
            applied.append(todo)
            edits.append((cell.start, end, _new_cell(cell.prefix, todo.cell, todo.after, style)))
        pkg.put(ref_sheet.part, xmltags.splice(xml, edits))
    styles.save()
    return applied


def fix_package(src: Path, changes: list[Change]) -> tuple[Package, list[Change]]:
    """The package of ``src`` with every change (planned on its IR) made and listed;
    (package, the changes applied)."""
    pkg = Package(Path(src).read_bytes())
    applied = apply_changes(pkg, changes)
    if applied:
        names = {folded: s.name for folded, s in folded_sheets(pkg).items()}
        make_room(pkg, [FIX_SHEET])  # the list of an earlier fix is replaced by this one's
        styles = StyleSheet(pkg)
        pkg.add_sheet(FIX_SHEET, render(changes_sheet(applied, names), styles), len(pkg.sheets()))
        styles.save()
        pkg.set_full_calc_on_load()  # the live formulas of สรุป see the new values
    return pkg, applied


def fix_workbook(src: str | Path, changes: list[Change], out: str | Path, in_place: bool = False,
                 force: bool = False) -> tuple[Path, list[Change]]:
    """Make ``changes`` (planned on the IR of ``src``) into ``out`` (or into ``src`` itself with
    ``in_place``, keeping src.bak). Nothing to fix: nothing is written and (src, []) comes back."""
    src = Path(src)
    out = refuse_targets(src, Path(out), in_place, force)
    pkg, applied = fix_package(src, changes)
    if not applied:
        return src, []
    return write_output(src, out, pkg.to_bytes(), in_place, force), applied
