"""The report: a copy of the user's workbook with สรุป, ผลการตรวจสอบ and highlights added.

Nothing of the user's is lost: the package is edited part by part (see ooxml.py), the user's
file is never overwritten (``--in-place`` keeps a .bak first), and the output is written
atomically. A report of a report replaces the generated sheets and the old highlights.
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..core.check import Report
from ..core.errors import UserError
from ..core.messages import SEVERITY_TH
from ..core.normalise import fold_text
from ..core.rubric import load_rubric
from ..form import FORM, Form
from .atomic import refuse_existing, write_output
from .charts import add_charts
from .ooxml import Package
from .sheetxml import Sheet, render
from .styles import LOOKS, StyleSheet, restyle
from .summary import (CALC_SHEET, COL_FORMULA, COL_LABEL, SUMMARY_HEADER_ROW, Layout, calc_sheet,
                      file_layout, summary_sheet)

HIGHLIGHTS_PROPERTY = "vetqa_highlights"  # {sheet: {cell: original style index}}
HIGHLIGHT_STORE = "ไฮไลต์เดิม"  # hidden sheet of the live-Excel layer: fills that highlights replaced
FORCED_PROPERTY = "vetqa_forced_export"
HIGHLIGHT = {"error": LOOKS["error"].fill, "warning": LOOKS["warning"].fill}
TOOL = f"vetqa_xl {__version__}"


class ReportError(UserError):
    """The report cannot be written; the message is Thai then English."""


def folded_sheets(pkg: Package) -> dict:
    """The package's sheets by name with spaces folded, as the checker matches them
    ("2 ครูพิเศษ " with a stray trailing space is the form's "2 ครูพิเศษ")."""
    return {fold_text(s.name): s for s in pkg.sheets()}


def generated_names(form: Form = FORM) -> tuple[str, ...]:
    """Sheets a report replaces. Not HIGHLIGHT_STORE: it holds the user's own fills from a
    check in Excel, which only the Excel layer's ล้างไฮไลต์ can give back."""
    return (form.sheet("summary").name, form.sheet("findings").name, CALC_SHEET)


def clear_highlights(pkg: Package) -> int:
    """Give every cell highlighted by an earlier report its own style back; how many."""
    saved = pkg.custom_property(HIGHLIGHTS_PROPERTY)
    if not saved:
        return 0
    count = 0
    by_name = folded_sheets(pkg)
    for name, cells in json.loads(saved).items():
        if name in by_name and by_name[name].part in pkg.parts:
            part = by_name[name].part
            xml, _ = restyle(pkg.text(part), {ref: int(s) for ref, s in cells.items()})
            pkg.put(part, xml)
            count += len(cells)
    pkg.set_custom_property(HIGHLIGHTS_PROPERTY, None)
    return count


def highlight_cells(report: Report) -> dict[str, dict[str, str]]:
    """{sheet: {cell: "error" | "warning"}} of the findings located in a data row; an error
    wins over a warning on the same cell. The file writer and the Excel layer both use it."""
    colours: dict[str, dict[str, str]] = {}
    for f in report.findings:
        if f.severity in HIGHLIGHT and f.row is not None and f.cell:
            cells = colours.setdefault(f.sheet, {})
            if cells.get(f.cell) != "error":
                cells[f.cell] = f.severity
    return colours


def highlight(pkg: Package, styles: StyleSheet, report: Report) -> int:
    """Fill error cells red and warning cells yellow (values untouched); how many cells."""
    colours = highlight_cells(report)
    by_name = folded_sheets(pkg)
    saved: dict[str, dict[str, int]] = {}
    for name, cells in colours.items():
        if name not in by_name:
            continue
        part = by_name[name].part
        xml = pkg.text(part)
        wanted = {ref: (lambda old, colour=HIGHLIGHT[sev]: styles.highlight(old, colour))
                  for ref, sev in cells.items()}
        xml, old = restyle(xml, wanted)
        pkg.put(part, xml)
        saved[name] = old
    if saved:
        pkg.set_custom_property(HIGHLIGHTS_PROPERTY, json.dumps(saved, ensure_ascii=False,
                                                                separators=(",", ":")))
    return sum(len(c) for c in saved.values())


def findings_sheet(report: Report, form: Form = FORM, names: dict[str, str] | None = None) -> Sheet:
    """The ผลการตรวจสอบ sheet; ``names`` maps a form sheet name to the file's own spelling."""
    names = names or {}
    sheet = Sheet(landscape=True, freeze_row=4)
    spec = form.sheet("findings")
    sheet.set(1, 1, spec.title, "title")
    sheet.heights[1] = 34
    n_err, n_warn = len(report.errors), len(report.warnings)
    sheet.set(2, 1, f"ข้อผิดพลาด {n_err} · คำเตือน {n_warn} · ข้อมูล {len(report.findings) - n_err - n_warn}"
                    " · คลิกที่เซลล์ในคอลัมน์ เซลล์ เพื่อไปยังจุดที่ต้องแก้", "note")
    sheet.merges.append("A2:E2")
    for c, col in enumerate(spec.columns, start=1):
        sheet.set(3, c, col.label, "header")
        sheet.widths[c] = col.width
    sheet.heights[3] = 50
    for r, f in enumerate(report.findings, start=4):
        style = f.severity
        sheet.set(r, 1, SEVERITY_TH[f.severity], style)
        sheet.set(r, 2, f.code, style)
        sheet.set(r, 3, f.sheet, style)
        sheet.set(r, 4, f.cell, "link" if f.cell else style)
        sheet.set(r, 5, f.message_th, style)
        if f.cell:
            target = "'" + names.get(f.sheet, f.sheet).replace("'", "''") + "'!" + f.cell
            sheet.links.append((f"D{r}", target, f"ไปที่ {f.sheet}!{f.cell}"))
        sheet.heights[r] = 26 * max(1, -(-len(f.message_th) // 95))
    return sheet


def _insert_index(pkg: Package, form: Form) -> int:
    names = [s.name for s in pkg.sheets()]
    data = [i for i, n in enumerate(names) if n in {s.name for s in form.data_sheets}]
    return (max(data) + 1) if data else len(names)


def write_generated(pkg: Package, layout: Layout, report: Report | None, rubric: dict | None = None,
                    form: Form = FORM, forced: bool = False) -> None:
    """Replace the generated sheets (and highlights) of a package with fresh ones."""
    rubric = rubric or load_rubric()
    clear_highlights(pkg)
    for name in generated_names(form):
        pkg.remove_sheet(name)
    styles = StyleSheet(pkg)
    index = _insert_index(pkg, form)
    summary, chart_rows = summary_sheet(layout, report, rubric, TOOL, form, forced)
    name = form.sheet("summary").name
    part = pkg.add_sheet(name, "", index)
    q = "'" + name + "'!"
    col_l, col_f = chr(64 + COL_LABEL), chr(64 + COL_FORMULA)
    rng = lambda col, rows: f"{q}${col}${rows[0]}:${col}${rows[1]}"  # noqa: E731
    summary.drawing_rid = add_charts(pkg, part, [
        ("กิจกรรมบริการชุมชนและจิตอาสา แยกตามประเภท", rng(col_l, chart_rows["activities"]),
         rng(col_f, chart_rows["activities"]), "bar"),
        ("สาขางานที่มีครูพิเศษ เทียบกับที่ยังไม่มี", rng(col_l, chart_rows["experts"]),
         rng(col_f, chart_rows["experts"]), "pie"),
        ("ขั้นตอนระบบทวิภาคีที่ดำเนินการครบ (1 = ครบ)", rng(col_l, chart_rows["stages"]),
         rng(col_f, chart_rows["stages"]), "bar"),
    ], col=COL_FORMULA + 4, row=SUMMARY_HEADER_ROW - 1)
    pkg.put(part, render(summary, styles))
    if report is not None:
        names = {folded: s.name for folded, s in folded_sheets(pkg).items()}
        pkg.add_sheet(form.sheet("findings").name, render(findings_sheet(report, form, names), styles),
                      index + 1)
        highlight(pkg, styles, report)
    pkg.add_sheet(CALC_SHEET, render(calc_sheet(layout, form), styles), len(pkg.sheets()), hidden=True)
    styles.save()
    pkg.set_full_calc_on_load()


def report_package(src: Path, rubric: str | Path | dict | None = None,
                   forced: bool = False) -> tuple[Package, Report]:
    """Check ``src`` and return its package with the generated sheets written, and the report."""
    from ..api import check, read

    ir = read(src)
    report = check(ir, rubric=rubric)
    pkg = Package(Path(src).read_bytes())
    rubric_data = rubric if isinstance(rubric, dict) else load_rubric(rubric)
    write_generated(pkg, file_layout(ir), report, rubric_data, forced=forced)
    return pkg, report


CT_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_MACRO_MAINS = ("application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                  "application/vnd.ms-excel.template.macroEnabled.main+xml")
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def strip_macros(pkg: Package) -> int:
    """Drop the VBA project so the file is a plain .xlsx; how many parts were removed."""
    import re

    removed = 0
    for rel in pkg.rels("xl/workbook.xml"):
        if rel.get("Type") == REL_VBA and "part" in rel:
            pkg.remove_rel("xl/workbook.xml", rel["Id"])
            pkg.remove(rel["part"])
            removed += 1
    ct = pkg.text("[Content_Types].xml")
    for macro in CT_MACRO_MAINS:
        ct = ct.replace(macro, CT_XLSX_MAIN)
    ct = re.sub(r'<Default\b[^>]*Extension="bin"[^>]*ContentType="application/vnd\.ms-office\.vbaProject"[^>]*/>',
                "", ct)
    pkg.parts["[Content_Types].xml"] = ct.encode("utf-8")
    return removed


def refuse_overwrite(src: Path, out: Path) -> None:
    if out.resolve() == src.resolve():
        raise ReportError(f"จะไม่เขียนทับไฟล์ต้นฉบับ {src.name} ใช้ -o ชื่อไฟล์อื่น หรือ --in-place "
                          f"(เก็บสำเนา .bak ไว้ก่อน) / refusing to overwrite {src.name}: give another "
                          f"-o, or --in-place (which keeps a .bak first)")


def write_report(src: str | Path, out: str | Path, in_place: bool = False,
                 rubric: str | Path | dict | None = None, force: bool = False) -> tuple[Path, Report]:
    """Check ``src`` and write the report workbook to ``out``; never overwrites ``src``
    (``in_place`` keeps ``src.bak`` first), nor an existing ``out`` unless ``force`` (.bak)."""
    src, out = Path(src), Path(out)
    if in_place:
        out = src
    else:
        refuse_overwrite(src, out)
        refuse_existing(out, force)
    pkg, report = report_package(src, rubric)
    if out.suffix.lower() == ".xlsx":
        strip_macros(pkg)  # Excel refuses a .xlsx whose content is macro-enabled
    return write_output(src, out, pkg.to_bytes(), in_place, force), report
