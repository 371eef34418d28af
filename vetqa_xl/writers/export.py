"""The email-ready workbook: a plain .xlsx (no macros) with the generated sheets, named in ASCII
from the school code, the academic year and the form, written next to the source or into DIR."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.check import Report
from ..core.problems import read_problem
from ..text import export_name
from .atomic import refuse_existing, write_new
from .report import FORCED_PROPERTY, ReportError, refuse_overwrite, report_package, strip_macros


def export_workbook(src: str | Path, ir, report: Report, rubric: dict,
                    out_dir: str | Path | None = None, force: bool = False,
                    overwrite: bool | None = None) -> tuple[Path | None, Report]:
    """Write the email-ready workbook of ``src`` (its IR and checked report); with errors and no
    ``force``, write nothing (None). An existing export is replaced only with ``force`` or
    ``overwrite`` (and kept as .bak)."""
    src = Path(src)
    if not report.valid and not force:
        return None, report
    pkg = report_package(src, ir, report, rubric, forced=force)
    out = Path(out_dir or src.parent) / export_name(report)
    refuse_overwrite(src, out)
    overwrite = force if overwrite is None else overwrite
    refuse_existing(out, overwrite)
    strip_macros(pkg)
    if not report.valid:
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        pkg.set_custom_property(FORCED_PROPERTY, read_problem("exported_with_errors", stamp=stamp,
                                                              n=len(report.errors)))
    write_new(out, pkg.to_bytes(), overwrite)
    return out, report


__all__ = ["ReportError", "export_name", "export_workbook", "strip_macros"]
