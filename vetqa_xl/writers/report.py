"""The report: a copy of the user's workbook with สรุป, ผลการตรวจสอบ and highlights added.

Nothing of the user's is lost: the package is edited part by part (see ooxml.py), the user's
file is never overwritten (``--in-place`` keeps a .bak first), and the output is written
atomically. A report of a report replaces the generated sheets and the old highlights; a
sheet of the user's with a generated sheet's name is kept, renamed (keep.py).
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import quoteattr

from defusedxml import ElementTree as SafeET

from ..core.check import Report
from ..core.errors import UserError
from ..core.ir import WorkbookIR, build_ir, wanted_sheets
from ..core.messages import SEVERITY_TH, thai_date
from ..core.normalise import fold_text
from ..core.problems import read_problem, say
from ..core.rubric import load_rubric
from ..form import FORM, Form
from ..version import __version__
from . import xmltags
from .keep import generated_titles, make_room
from .ooxml import NS_REL, Package, Streamed
from .partnames import free_number
from .sheetxml import DATE_LINE, SheetModel, footer, render, render_chunks
from .styles import LOOKS, StyleSheet, fit_height, restyle, row_height
from .summary import CALC_SHEET, COL_MATCH, SummaryLayout, calc_sheet, file_layout, summary_sheet
from .summary.values import Live

HIGHLIGHTS_PROPERTY = "vetqa_highlights"  # before 0.2: {sheet: {cell: style}} as JSON (read, then dropped)
# What highlights replaced is kept in a custom XML part (no size limit, unlike a property):
# <highlights xmlns=NS><sheet name="สาขางาน"><cell r="E5" s="12" h="57"/>…</sheet></highlights>
# s: the cell's own style index, h: the highlight's. A cell is given s back only while it still
# has h: another application's save renumbers styles, and the user may restyle a cell.
HIGHLIGHTS_NS = "urn:vetqa-xl:highlights:1"
REL_CUSTOM_XML = NS_REL + "/customXml"
REL_CUSTOM_XML_PROPS = NS_REL + "/customXmlProps"
CT_CUSTOM_XML_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
NS_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
HIGHLIGHTS_ITEM_ID = "{6F1C3C52-9A43-4E37-8C6B-0B5E2D1A7C11}"
HIGHLIGHT_STORE = "ไฮไลต์เดิม"  # hidden sheet of the live-Excel layer: fills that highlights replaced
FORCED_PROPERTY = "vetqa_forced_export"


def _fill(look: str) -> str:
    """The fill (RRGGBB) of a look that highlights cells."""
    fill = LOOKS[look].fill
    if fill is None:
        raise ValueError(f"the look {look!r} has no fill to highlight cells with")
    return fill


HIGHLIGHT = {severity: _fill(severity) for severity in ("error", "warning")}  # severity -> RRGGBB
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
    return tuple(generated_titles(form))


class HighlightRecordWarning(UserWarning):
    """The record of an earlier report's highlights is missing, edited or cut short."""


def _record_part(pkg: Package) -> tuple[str, str, str] | None:
    """(source, relationship id, part) of the highlight record, if there is one. Excel relates
    custom XML to the workbook, LibreOffice's save to the package."""
    for source in ("xl/workbook.xml", ""):
        for rel in pkg.rels(source):
            part = rel.get("part")
            if rel.get("Type") == REL_CUSTOM_XML and part is not None and part in pkg.parts and \
                    HIGHLIGHTS_NS.encode() in pkg.parts[part][:300]:
                return source, rel["Id"], part
    return None


HighlightRecord = dict[str, dict[str, tuple[int, int | None]]]  # {sheet: {cell: (own style, highlight style)}}


def _parse_record(pkg: Package) -> HighlightRecord:
    """The highlight record; ValueError when it cannot be trusted."""
    saved: HighlightRecord = {}
    found = _record_part(pkg)
    if found:
        root = SafeET.fromstring(pkg.parts[found[2]])
        if root.tag != f"{{{HIGHLIGHTS_NS}}}highlights":
            raise ValueError("not a highlight record")
        for sheet in root:
            cells = saved.setdefault(sheet.attrib["name"], {})
            for cell in sheet:
                ref, style, high = cell.attrib["r"], cell.attrib["s"], cell.attrib["h"]
                if not re.fullmatch(r"[A-Z]{1,3}[1-9][0-9]*", ref) or not (style + high).isdigit():
                    raise ValueError(f"bad cell {ref}")
                cells[ref] = (int(style), int(high))
    legacy = pkg.custom_property(HIGHLIGHTS_PROPERTY)
    if legacy:  # written by an earlier version (cut at 255 characters by Office)
        for name, cells in json.loads(legacy).items():
            saved.setdefault(name, {}).update({ref: (int(s), None) for ref, s in cells.items()})
    return saved


def _style_back(own: int, high: int | None, current: int) -> int:
    """A highlighted cell's style after clearing: its own while it still has the highlight's
    (``high`` None: an earlier version's record, which did not say), else ``current``."""
    return own if high in (None, current) else current


def clear_file_highlights(pkg: Package) -> int:
    """Give every cell highlighted by an earlier report its own style back; how many.

    A record that is edited or cut short is not trusted: the old fills stay, with a warning."""
    try:
        saved = _parse_record(pkg)
    except (ValueError, KeyError, TypeError, AttributeError, SafeET.ParseError) as exc:
        warnings.warn(HighlightRecordWarning(read_problem("highlight_record_damaged", reason=exc)),
                      stacklevel=2)
        saved = {}
    count, kept = 0, 0
    by_name = folded_sheets(pkg)
    for name, cells in saved.items():
        if name in by_name and by_name[name].part in pkg.parts:
            part = by_name[name].part
            back: dict[str, int | Callable[[int], int]] = {
                ref: functools.partial(_style_back, own, high) for ref, (own, high) in cells.items()}
            xml, current = restyle(pkg.text(part), back)
            pkg.put(part, xml)
            restored = [ref for ref, (_, high) in cells.items() if high in (None, current[ref])]
            count += len(restored)
            kept += len(cells) - len(restored)
    if kept:
        warnings.warn(HighlightRecordWarning(read_problem("highlights_restyled", kept=kept)), stacklevel=2)
    _store_record(pkg, {})
    return count


def _store_record(pkg: Package, saved: HighlightRecord) -> None:
    """Replace the highlight record (nothing when ``saved`` is empty)."""
    pkg.set_custom_property(HIGHLIGHTS_PROPERTY, None)
    found = _record_part(pkg)
    if found:
        source, rid, part = found
        pkg.remove_rel(source, rid)
        for rel in pkg.rels(part):
            if "part" in rel:
                pkg.remove(rel["part"])
        pkg.remove(part)
    if not any(saved.values()):
        return
    n = free_number(pkg.parts, "customXml/item{n}.xml", "customXml/itemProps{n}.xml")
    part, props = f"customXml/item{n}.xml", f"customXml/itemProps{n}.xml"
    body = "".join(f"<sheet name={quoteattr(name)}>"
                   + "".join(f'<cell r="{ref}" s="{own}" h="{high}"/>' for ref, (own, high) in cells.items())
                   + "</sheet>" for name, cells in saved.items() if cells)
    pkg.put(part, f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  f'<highlights xmlns="{HIGHLIGHTS_NS}">{body}</highlights>', "application/xml")
    pkg.put(props, f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
                   f'<ds:datastoreItem ds:itemID="{HIGHLIGHTS_ITEM_ID}" xmlns:ds="{NS_DS}">'
                   f'<ds:schemaRefs><ds:schemaRef ds:uri="{HIGHLIGHTS_NS}"/></ds:schemaRefs>'
                   f'</ds:datastoreItem>', CT_CUSTOM_XML_PROPS)
    pkg.add_rel(part, REL_CUSTOM_XML_PROPS, props)
    pkg.add_rel("xl/workbook.xml", REL_CUSTOM_XML, part)


def highlight_record(pkg: Package) -> HighlightRecord:
    """What the highlights of the last report replaced: {sheet: {cell: (own, highlight)}}."""
    return _parse_record(pkg)


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


def highlight_file(pkg: Package, styles: StyleSheet, report: Report) -> int:
    """Fill error cells red and warning cells yellow (values untouched); how many cells."""
    colours = highlight_cells(report)
    by_name = folded_sheets(pkg)
    saved: HighlightRecord = {}
    for name, cells in colours.items():
        if name not in by_name:
            continue
        part = by_name[name].part
        xml = pkg.text(part)
        wanted: dict[str, int | Callable[[int], int]] = {
            ref: functools.partial(styles.highlight, color=HIGHLIGHT[sev]) for ref, sev in cells.items()}
        xml, old = restyle(xml, wanted)
        pkg.put(part, xml)
        saved[name] = {ref: (own, styles.highlight(own, HIGHLIGHT[cells[ref]])) for ref, own in old.items()}
    _store_record(pkg, saved)
    return sum(len(c) for c in saved.values())


def findings_sheet(report: Report, form: Form = FORM, names: dict[str, str] | None = None) -> SheetModel:
    """The ผลการตรวจสอบ sheet; ``names`` maps a form sheet name to the file's own spelling."""
    names = names or {}
    sheet = SheetModel(landscape=True, freeze_row=4, print_rows="3:3")
    spec = form.sheet("findings")
    widths = {c: col.width for c, col in enumerate(spec.columns, start=1)}
    sheet.set(1, 1, spec.title, "title")
    sheet.heights[1] = row_height(1, 20)
    n_err, n_warn = len(report.errors), len(report.warnings)
    note = say("findings_note", errors=n_err, warnings=n_warn, infos=len(report.findings) - n_err - n_warn)
    sheet.set(2, 1, note, "note")
    sheet.merges.append("A2:E2")
    sheet.heights[2] = fit_height([(note, sum(widths.values()))], 14)
    for c, col in enumerate(spec.columns, start=1):
        sheet.set(3, c, col.label, "header")
        sheet.widths[c] = col.width
    sheet.heights[3] = fit_height([(col.label, widths[c]) for c, col in enumerate(spec.columns, 1)],
                                  minimum=2)  # bold, centred labels wrap sooner
    for r, f in enumerate(report.findings, start=4):
        style = f.severity
        values = (SEVERITY_TH[f.severity], f.code, f.sheet, f.cell, f.message_th)
        for c, value in enumerate(values, start=1):
            sheet.set(r, c, value, "link" if c == 4 and f.cell else style)
        if f.cell:
            target = "'" + names.get(f.sheet, f.sheet).replace("'", "''") + "'!" + f.cell
            sheet.links.append((f"D{r}", target, say("go_to", where=f"{f.sheet}!{f.cell}")))
        sheet.heights[r] = fit_height([(str(v or ""), widths[c]) for c, v in enumerate(values, 1)])
    return sheet


def _insert_index(pkg: Package, form: Form) -> int:
    names = [s.name for s in pkg.sheets()]
    data = [i for i, n in enumerate(names) if n in {s.name for s in form.data_sheets}]
    return (max(data) + 1) if data else len(names)


def generated_sheets(layout: SummaryLayout, report: Report | None, rubric: dict, form: Form = FORM,
                     forced: bool = False, names: dict[str, str] | None = None, stream: bool = False,
                     live: Live | None = None) -> tuple[dict[str, SheetModel], dict[str, tuple[int, int]]]:
    """The models of the generated sheets for both the file writer and the Excel layer, by role:
    "summary" (สรุป), "findings" (ผลการตรวจสอบ, with a report), "calc" (the hidden คำนวณสรุป;
    with ``stream`` its rows are made only while it is rendered); and the rows of the summary's
    chart ranges. With ``live`` (the file writer) every formula carries its value; Excel
    computes the formulas the Excel layer writes."""
    summary, chart_rows = summary_sheet(layout, report, rubric, TOOL, form, forced, live)
    sheets = {"summary": summary}
    if report is not None:
        sheets["findings"] = findings_sheet(report, form, names)
    sheets["calc"] = calc_sheet(layout, form, stream=stream, live=live)
    return sheets, chart_rows


def _print_titles(pkg: Package, name: str, model: SheetModel) -> None:
    """The model's rows repeated on every printed page, if it has any."""
    if model.print_rows:
        pkg.set_print_titles(name, model.print_rows)


def package_ir(pkg: Package, form: Form = FORM) -> WorkbookIR:
    """The IR of a package's data sheets, read as the checker reads a file (python-calamine):
    for the workbooks we fill ourselves (template, next year's), which have no IR yet."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(pkg.to_bytes()))
    names = list(book.sheet_names)
    grids = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wanted_sheets(names, form)}
    return build_ir(grids, form=form, sheet_names=names)


def write_generated(pkg: Package, layout: SummaryLayout, report: Report | None, rubric: dict | None = None,
                    form: Form = FORM, forced: bool = False, ir: WorkbookIR | None = None) -> None:
    """Replace the generated sheets (and highlights) of a package with fresh ones. Every formula
    carries the value it computes from ``ir`` (the package's IR, read from it when not given),
    and the workbook still recalculates when it opens (fullCalcOnLoad)."""
    rubric = rubric or load_rubric()
    live = Live(layout, ir if ir is not None else package_ir(pkg, form), form)
    clear_file_highlights(pkg)
    make_room(pkg, generated_names(form), form)
    pkg.drop_calc_chain()  # formulas and sheets change; Excel rebuilds it on the full calculation
    styles = StyleSheet(pkg)
    index = _insert_index(pkg, form)
    names = {folded: s.name for folded, s in folded_sheets(pkg).items()}
    sheets, chart_rows = generated_sheets(layout, report, rubric, form, forced, names, stream=True, live=live)
    summary = sheets["summary"]
    # a report's sheets carry the date of the check; a blank summary the line to write one on
    dated = (DATE_LINE if report is None
             else say("checked_on", date=thai_date(dt.datetime.fromisoformat(report.checked_at))))
    summary.footer = footer(say("form_version", form_id=form.id, version=form.version), dated)
    name = form.sheet("summary").name
    part = pkg.add_sheet(name, "", index)
    # only files get charts: the Lite copy leaves charts.py out
    from .charts import add_charts, summary_charts

    summary.drawing_rid = add_charts(pkg, part, summary_charts(name, summary, chart_rows),
                                     row=summary.row_breaks[-1],
                                     widths=[summary.widths[c] for c in range(1, COL_MATCH + 1)])
    pkg.put(part, render(summary, styles))
    _print_titles(pkg, name, summary)
    if report is not None:
        findings = sheets["findings"]
        findings.footer = footer(say("form_version", form_id=form.id, version=form.version), dated)
        pkg.add_sheet(form.sheet("findings").name, render(findings, styles), index + 1)
        _print_titles(pkg, form.sheet("findings").name, findings)
        highlight_file(pkg, styles, report)
    pkg.add_sheet(CALC_SHEET, Streamed(lambda: render_chunks(sheets["calc"], styles)), len(pkg.sheets()),
                  hidden=True)  # unstyled: rendered row by row as it is written
    styles.save()
    pkg.set_full_calc_on_load()


def report_package(src: Path, ir, report: Report, rubric: dict, forced: bool = False) -> Package:
    """The package of ``src`` with the generated sheets written for its IR and checked report."""
    from .fitrows import fit_rows  # a file's rows only: the Lite copy leaves fitrows.py out

    pkg = Package(Path(src).read_bytes())
    fit_rows(pkg, ir)  # typed text is cut at a row's height on paper: give it the lines it needs
    write_generated(pkg, file_layout(ir), report, rubric, forced=forced, ir=ir)
    return pkg


CT_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_MACRO_MAINS = ("application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                  "application/vnd.ms-excel.template.macroEnabled.main+xml")
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CT_VBA = "application/vnd.ms-office.vbaProject"


def strip_macros(pkg: Package) -> int:
    """Drop the VBA project so the file is a plain .xlsx; how many parts were removed."""
    removed = 0
    for rel in pkg.rels("xl/workbook.xml"):
        if rel.get("Type") == REL_VBA and "part" in rel:
            pkg.remove_rel("xl/workbook.xml", rel["Id"])
            pkg.remove(rel["part"])
            removed += 1
    ct = pkg.text("[Content_Types].xml")
    for macro in CT_MACRO_MAINS:
        ct = ct.replace(macro, CT_XLSX_MAIN)
    ct = xmltags.remove(ct, [t for t in xmltags.elements(ct, "Default", where={"ContentType": CT_VBA})
                             if (t.get("Extension") or "").lower() == "bin"])  # OPC: extensions match in any case
    pkg.parts["[Content_Types].xml"] = ct.encode("utf-8")
    return removed


# Below, the atomic writer is imported when called: the Lite copy leaves it out (litebundle.LEFT_OUT)
def refuse_overwrite(src: Path, out: Path) -> None:
    from .atomic import same_file

    if same_file(src, out):
        raise ReportError(read_problem("out_is_source", name=src.name))


def refuse_targets(src: Path, out: Path, in_place: bool, force: bool) -> Path:
    """Where to write: ``src`` itself with ``in_place``, else ``out`` (never ``src``, nor an
    existing file unless ``force``). Checked before any reading."""
    from .atomic import XLSX, XLSX_OR_XLSM, refuse_existing

    if in_place:
        return src
    refuse_overwrite(src, out)
    # an .xlsm may stay one (its macros kept) or become an .xlsx (macros dropped); an .xlsx
    # named .xlsm would be refused by Excel (its content type is not macro-enabled)
    refuse_existing(out, force, XLSX_OR_XLSM if src.suffix.lower() == ".xlsm" else XLSX)
    return out


def write_report(src: str | Path, out: str | Path, ir, report: Report, rubric: dict,
                 in_place: bool = False, force: bool = False) -> Path:
    """Write the report workbook of ``src`` (its IR and checked report) to ``out``; never
    overwrites ``src`` (``in_place`` keeps ``src.bak`` first), nor an existing ``out`` unless
    ``force`` (.bak)."""
    from .atomic import write_output

    src = Path(src)
    out = refuse_targets(src, Path(out), in_place, force)
    pkg = report_package(src, ir, report, rubric)
    if out.suffix.lower() == ".xlsx":
        strip_macros(pkg)  # Excel refuses a .xlsx whose content is macro-enabled
    return write_output(src, out, pkg.to_bytes(), in_place, force)
