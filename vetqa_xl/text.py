"""The words of the tool's results, standard library only: status lines, verdicts, figure
lines and the console rendering of a report. The CLI, the e-mail draft, the summary and the
Excel layer take their text from here, so a new figure adds its line once."""
from __future__ import annotations

import unicodedata

from .form import FIGURES, ITEMS, LEVELS


def _width(text: str) -> int:
    """Display width: Thai vowel and tone marks take no column."""
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def render_report(report, lang: str = "th") -> str:
    """A readable text of a report: school, status, figures, findings (errors first)."""
    th = lang == "th"
    f = report.figures
    s = report.school
    out = []
    year = s.get("academic_year") or "-"
    out.append(f"{s.get('name') or '-'} ({s.get('code') or '-'}) "
               + (f"ปีการศึกษา {year}" if th else f"academic year {year}")
               + (f" · แบบฟอร์มรุ่น {report.form_version or '-'}" if th
                  else f" · form version {report.form_version or '-'}"))
    n_err, n_warn = len(report.errors), len(report.warnings)
    if th:
        out.append("สถานะ: พร้อมส่ง" if report.valid else f"สถานะ: ยังมีข้อผิดพลาด {n_err} รายการ")
    else:
        out.append("Status: ready to send" if report.valid else f"Status: {n_err} error(s) to fix")
    out.append("")
    name = lambda key: FIGURES[key][0 if th else 1]  # noqa: E731
    head = ["", *LEVELS, "รวม" if th else "total"]
    rows = [[name(k), *[str(f[k]["by_level"][lv]) for lv in LEVELS], str(f[k]["total"])]
            for k in ("dual_programmes", "resource_programmes")]
    widths = [max(_width(r[i]) for r in [head, *rows]) + 2 for i in range(len(head))]
    for r in [head, *rows]:
        out.append("".join(_pad(c, w) for c, w in zip(r, widths)).rstrip())
    a = f["activities"]
    out.append("")
    out.append(f"{name('activities')}: {a['total']}")
    out.append("   " + " · ".join(f"{t} {n}" for t, n in a["by_type"].items()))
    r = f["expert_ratio"]
    verdict = (("ผ่านเกณฑ์ร้อยละ 80" if r["met"] else "ไม่ผ่านเกณฑ์ร้อยละ 80") if th
               else ("meets the 80% rule" if r["met"] else "below the 80% rule"))
    out.append(f"{name('expert_ratio')}: {r['covered']}/{r['total']} = {r['percent']:.2f}% · {verdict}")
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
