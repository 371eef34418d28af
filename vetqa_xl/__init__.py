"""vetqa_xl — the cooperation report (ข้อมูลด้านความร่วมมือ) of Thai vocational colleges in Excel.

Pipeline: form definition (form.py) → readers (file or live Excel) → IR (core/ir.py)
→ checks and figures (core/) → writers (template, summary, export) → CLI and Excel layer.
"""
from .api import NotThisForm, build_template, check, export, fill_sample, read, report
from .core.check import Report
from .form import FORM

__version__ = "0.1.0"
__all__ = ["FORM", "NotThisForm", "Report", "build_template", "check", "export", "fill_sample", "read",
           "report"]
