"""The words of the tool's results, standard library only: status lines, verdicts, figure
lines and the console rendering of a report. The CLI, the e-mail draft, the summary and the
Excel layer take their text from here, so a new figure adds its line once."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .core.messages import cell_text
from .form import FIGURES, FORM, ITEMS, LEVELS


def _width(text: str) -> int:
    """Display width: Thai vowel and tone marks take no column."""
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def school_line(school: dict) -> str:
    """ชื่อสถานศึกษา (รหัส), as the summary, the console and the e-mail name the school."""
    return f"{school.get('name') or '-'} ({school.get('code') or '-'})"


def status_line(report, lang: str = "th", forced: bool = False) -> str:
    """สถานะ: พร้อมส่ง, or the number of errors to fix (``forced``: exported with them)."""
    if lang != "th":
        return "Status: ready to send" if report.valid else f"Status: {len(report.errors)} error(s) to fix"
    line = "สถานะ: พร้อมส่ง" if report.valid else f"สถานะ: ยังมีข้อผิดพลาด {len(report.errors)} รายการ"
    return line + (" (ส่งออกโดยไม่แก้ไข --force)" if forced and not report.valid else "")


def send_status(report) -> str:
    """The status sentence of the e-mail draft: ready or not, with the errors and warnings."""
    warnings = f"คำเตือน {len(report.warnings)} รายการ"
    if report.valid:
        return f"พร้อมส่ง (ไม่มีข้อผิดพลาด, {warnings})"
    return f"ยังไม่พร้อมส่ง: มีข้อผิดพลาด {len(report.errors)} รายการ, {warnings}"


def checked_message(report, findings_sheet: str) -> str:
    """What the Excel button ตรวจสอบข้อมูล says when it is done."""
    verdict = "พร้อมส่ง" if report.valid else "ต้องแก้ข้อผิดพลาดก่อนส่ง"
    return (f"ตรวจสอบแล้ว: ข้อผิดพลาด {len(report.errors)} รายการ · คำเตือน {len(report.warnings)} "
            f"รายการ · {verdict}\nเซลล์ที่ผิดเป็นสีแดง เซลล์ที่ควรตรวจดูเป็นสีเหลือง รายละเอียดและลิงก์ไปยังเซลล์"
            f"อยู่ในชีต {findings_sheet} (ปุ่ม ล้างไฮไลต์ คืนสีเดิม)")


def figure_name(key: str, lang: str = "th") -> str:
    """A figure's name (form.FIGURES) in Thai or English."""
    return FIGURES[key][0 if lang == "th" else 1]


def ratio_verdict(met: bool, lang: str = "th") -> str:
    """The 80 % rule of the expert ratio, met or not."""
    if lang == "th":
        return "ผ่านเกณฑ์ร้อยละ 80" if met else "ไม่ผ่านเกณฑ์ร้อยละ 80"
    return "meets the 80% rule" if met else "below the 80% rule"


def ratio_line(figures: dict, lang: str = "th") -> str:
    """ครูพิเศษ: covered/total = percent% · verdict."""
    r = figures["expert_ratio"]
    return (f"{figure_name('expert_ratio', lang)}: {r['covered']}/{r['total']} = {r['percent']:.2f}% · "
            f"{ratio_verdict(r['met'], lang)}")


def by_type_line(figures: dict) -> str:
    """Activities per ประเภทกิจกรรม: type n · type n …"""
    return " · ".join(f"{t} {n}" for t, n in figures["activities"]["by_type"].items())


def by_level_line(figures: dict, key: str) -> str:
    """A distinct-สาขาวิชา figure per ระดับ: ปวช. n · ปวส. n …"""
    return " · ".join(f"{lv} {figures[key]['by_level'][lv]}" for lv in LEVELS)


def change_line(change, lang: str = "th") -> str:
    """One change of fix, for the console: dates as พ.ศ. in Thai, ISO in English."""
    shown = cell_text if lang == "th" else _iso
    return f"  {change.sheet}!{change.cell}: {shown(change.before)} → {shown(change.after)}"


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) and value.year < 2400 else cell_text(value)


def render_report(report, lang: str = "th") -> str:
    """A readable text of a report: school, status, figures, findings (errors first)."""
    th = lang == "th"
    f = report.figures
    s = report.school
    out = []
    year = s.get("academic_year") or "-"
    out.append(f"{school_line(s)} "
               + (f"ปีการศึกษา {year}" if th else f"academic year {year}")
               + (f" · แบบฟอร์มรุ่น {report.form_version or '-'}" if th
                  else f" · form version {report.form_version or '-'}"))
    n_err, n_warn = len(report.errors), len(report.warnings)
    out.append(status_line(report, lang))
    out.append("")
    name = lambda key: figure_name(key, lang)  # noqa: E731
    head = ["", *LEVELS, "รวม" if th else "total"]
    rows = [[name(k), *[str(f[k]["by_level"][lv]) for lv in LEVELS], str(f[k]["total"])]
            for k in ("dual_programmes", "resource_programmes")]
    widths = [max(_width(r[i]) for r in [head, *rows]) + 2 for i in range(len(head))]
    for r in [head, *rows]:
        out.append("".join(_pad(c, w) for c, w in zip(r, widths)).rstrip())
    a = f["activities"]
    out.append("")
    out.append(f"{name('activities')}: {a['total']}")
    out.append("   " + by_type_line(f))
    out.append(ratio_line(f, lang))
    st = f["stages"]
    out.append(f"{name('stages')}: {st['count']}/5 "
               f"({', '.join(map(str, st['complete'])) or '-'})")
    out.append("")
    lv = f["levels"]
    for key, item in f["criteria"].items():
        level = lv["items"][key]
        met = ", ".join(k for k, v in item["detail"].items() if v) or "-"
        out.append(f"{'ข้อ' if th else 'Item'} {key} {ITEMS[key][0 if th else 1]}: "
                   f"{item['met']}/{item['of']} ({met}) → {level['level']} {level['name']}")
    out.append(("ระดับคุณภาพด้านความร่วมมือ" if th else "Aspect level")
               + f": {lv['aspect']['percent']:.2f}% → {lv['aspect']['level']} {lv['aspect']['name']}")
    out.append(("เกณฑ์: " if th else "Rubric: ") + lv["rubric"])
    out.append("")
    out.append((f"ผลการตรวจสอบ: ข้อผิดพลาด {n_err} · คำเตือน {n_warn} · ข้อมูล "
                f"{len(report.findings) - n_err - n_warn}") if th else
               (f"Findings: {n_err} error(s) · {n_warn} warning(s) · "
                f"{len(report.findings) - n_err - n_warn} info"))
    sev = {"error": "ผิด" if th else "ERR", "warning": "เตือน" if th else "WARN",
           "info": "ข้อมูล" if th else "INFO"}
    for x in report.findings:
        where = f"{x.sheet}!{x.cell}" if x.cell else x.sheet
        out.append(f"  [{sev[x.severity]}] {where} {x.code}: "
                   f"{x.message_th if th else x.message_en}")
    return "\n".join(out)


def export_name(report) -> str:
    """VETQA-coop-1370076101-2568.xlsx (ASCII: safe in any mail system and file system)."""
    code = str(report.school.get("code") or "unknown")
    year = str(report.school.get("academic_year") or "unknown")
    slug = re.sub(r"[^A-Za-z0-9]+", "", code) or "unknown"
    return f"VETQA-{FORM.id.split('-')[-1].lower()}-{slug}-{re.sub(r'[^0-9]', '', year) or 'unknown'}.xlsx"
