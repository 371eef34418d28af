"""The รายการแก้ไขอัตโนมัติ sheet: what `vetqa-xl fix` (writers/fix.py) and the แก้ไขอัตโนมัติ
button (vetqa_xl.excel) changed, one row per cell, as a SheetModel. Apart from the file patcher
so that the Lite copy, which fixes the live book, carries only this."""
from __future__ import annotations

from ..core.fixes import REASONS, Change
from ..core.messages import cell_text
from ..core.problems import say
from .keep import FIX_SHEET
from .sheetxml import SheetModel


def _shown(value: object) -> object:
    return value if isinstance(value, (int, float)) else cell_text(value)


def changes_sheet(changes: list[Change], names: dict[str, str]) -> SheetModel:
    """The รายการแก้ไขอัตโนมัติ sheet: one row per change, with a link to its cell."""
    sheet = SheetModel(landscape=True, freeze_row=3)
    sheet.set(1, 1, say("fix_title", sheet=FIX_SHEET, n=len(changes)), "title")
    heads = ("ชีต", "เซลล์", "ก่อนแก้ไข", "หลังแก้ไข", "เหตุผล")
    for c, (head, width) in enumerate(zip(heads, (24, 10, 28, 28, 60)), start=1):
        sheet.set(2, c, head, "header")
        sheet.widths[c] = width
    for r, ch in enumerate(changes, start=3):
        sheet.set(r, 1, ch.sheet, "text")
        sheet.set(r, 2, ch.cell, "link")
        # text, never a formula: a "before" such as "=1+1" stays as it was typed
        sheet.set(r, 3, str(_shown(ch.before)), "text")
        sheet.set(r, 4, _shown(ch.after), "text")
        sheet.set(r, 5, REASONS[ch.reason][0], "text")
        target = "'" + names.get(ch.sheet, ch.sheet).replace("'", "''") + "'!" + ch.cell
        sheet.links.append((f"B{r}", target, say("go_to", where=f"{ch.sheet}!{ch.cell}")))
    return sheet
