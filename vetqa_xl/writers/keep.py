"""Ours or the user's: a sheet with a generated sheet's name is replaced only when it is ours.

A sheet the report, the template or an Excel button wrote starts with its title in A1
(``generated_titles``; fix's list รายการแก้ไขอัตโนมัติ with its own name). A sheet of that name
whose A1 holds anything else is the user's own (notes in a sheet they called ผลการตรวจสอบ): it
is kept under a free name, "ผลการตรวจสอบ (เดิม)", and the user is told. The file writers
(``make_room``: report, fix) and the Excel layer (excel.render.make_room) both decide by
``keep_as``.
"""
from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterable

from defusedxml import ElementTree as SafeET

from ..core.problems import read_problem
from ..form import FORM, Form
from .ooxml import NS_MAIN, NS_REL, Package
from .summary import CALC, CALC_SHEET

FIX_SHEET = "รายการแก้ไขอัตโนมัติ"  # the list of fix's changes (writers/fix.py, the แก้ไขอัตโนมัติ button)

REL_SHARED_STRINGS = NS_REL + "/sharedStrings"
M = "{" + NS_MAIN + "}"


class SheetKeptWarning(UserWarning):
    """A sheet of the user's had a generated sheet's name: it is kept under another name."""


def generated_titles(form: Form = FORM) -> dict[str, str]:
    """{name: the text its A1 starts with} of the generated sheets: the title the report, the
    template and the Excel buttons write there (the helper sheet's first heading)."""
    return {form.sheet("summary").name: form.sheet("summary").title,
            form.sheet("findings").name: form.sheet("findings").title,
            CALC_SHEET: CALC["pkey"][1]}


def keep_as(name: str, a1: object, taken: Iterable[str], form: Form = FORM) -> str | None:
    """Whether the sheet called ``name`` (a generated sheet's name) whose A1 holds ``a1`` is ours:
    None when it is (it is replaced); else it is the user's, and this is the name it is kept
    under: "ผลการตรวจสอบ (เดิม)", else "(เดิม 2)" …, at most 31 characters and none of
    ``taken`` (Excel compares sheet names ignoring case)."""
    ours = {**generated_titles(form), FIX_SHEET: FIX_SHEET}.get(name)  # fix's: "รายการแก้ไขอัตโนมัติ: n เซลล์"
    if ours is not None and isinstance(a1, str) and a1.strip().startswith(ours):
        return None
    used = {t.casefold() for t in taken}
    return next(kept for n in itertools.count(1) if (kept := _kept_name(name, n)).casefold() not in used)


def _kept_name(name: str, n: int) -> str:
    """The ``n``th name to keep a user's sheet under: "name (เดิม)", "name (เดิม 2)", … (31 at most)."""
    suffix = " (เดิม)" if n == 1 else f" (เดิม {n})"
    return name[:31 - len(suffix)] + suffix


def _text(item) -> str:
    """The text of a string item (<si> or <is>): its <t>, or its runs' (not phonetic <rPh>)."""
    return "".join(t.text or "" for t in item.findall(M + "t") + item.findall(f"{M}r/{M}t"))


def shared_string(pkg: Package, index: int) -> str:
    """Item ``index`` of the shared strings, read only as far as it."""
    part = next((r["part"] for r in pkg.rels("xl/workbook.xml")
                 if r.get("Type") == REL_SHARED_STRINGS and r.get("part") in pkg.parts), None)
    if part is not None:
        with pkg.parts.open(part) as fh:
            n = 0
            for _, el in SafeET.iterparse(fh):
                if el.tag == M + "si":
                    if n == index:
                        return _text(el)
                    n += 1
                    el.clear()
    return ""


def a1_text(pkg: Package, part: str) -> str:
    """The text in cell A1 of the worksheet ``part`` ("" when A1 is empty, not text, or the part
    cannot be read), from the head of the part only (a helper sheet may be hundreds of MB)."""
    row = 0
    try:
        with pkg.parts.open(part) as fh:
            for event, el in SafeET.iterparse(fh, events=("start", "end")):
                if event == "start" and el.tag == M + "row":
                    row = int(el.get("r", row + 1))
                elif event == "end" and el.tag == M + "c":
                    if el.get("r", f"A{row}") != "A1":
                        return ""
                    kind, v = el.get("t"), el.findtext(M + "v")
                    if kind == "inlineStr" and (item := el.find(M + "is")) is not None:
                        return _text(item)
                    if kind == "s" and v:
                        return shared_string(pkg, int(v))
                    return (v or "") if kind == "str" else ""
                elif event == "end" and el.tag == M + "sheetData":
                    return ""
    except (SafeET.ParseError, ValueError, KeyError):
        pass
    return ""


def make_room(pkg: Package, names: Iterable[str], form: Form = FORM) -> None:
    """Remove our sheets of these generated names before they are written anew; a sheet of the
    user's with such a name is renamed (``keep_as``), with its references, and a
    SheetKeptWarning says so."""
    for name in names:
        if (ref := pkg.sheet(name)) is None:
            continue
        kept = keep_as(name, a1_text(pkg, ref.part), [s.name for s in pkg.sheets()], form)
        if kept is None:
            pkg.remove_sheet(name)
        else:
            pkg.rename_sheet(name, kept)
            warnings.warn(SheetKeptWarning(read_problem("sheet_kept", name=name, kept=kept)), stacklevel=3)
