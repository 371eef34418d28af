"""vetqa_xl — the cooperation report (ข้อมูลด้านความร่วมมือ) of Thai vocational colleges in Excel.

Pipeline: form definition (form.py) → readers (file or live Excel) → IR (core/ir.py)
→ checks and figures (core/) → writers (template, summary, export) → CLI and Excel layer.
Everything outside goes through :mod:`vetqa_xl.api`; its public names are re-exported here,
except ``lite`` and ``consolidate``, whose names are subpackages (call ``vetqa_xl.api.lite``).
"""
from .version import __version__  # first: the writers stamp it, and api imports them

from .api import (NotThisForm, ReadError, UserError, build_template, check,
                  default_report_path, email_address, email_draft, export, fill_sample, fix, fix_changes, new_year,
                  read, render_report, report)
from .core.check import Report
from .core.fixes import Change
from .core.ir import WorkbookIR
from .core.messages import Finding
from .form import FORM

__all__ = ["Change", "FORM", "Finding", "NotThisForm", "ReadError", "Report", "UserError",
           "WorkbookIR", "__version__", "build_template", "check", "default_report_path",
           "email_address", "email_draft", "export", "fill_sample", "fix", "fix_changes", "new_year", "read",
           "render_report", "report"]
