"""The สรุป sheet: every figure of FORM.md §3 as a live Excel formula, beside the checker's value.

- layout.py  where the form's columns and rows are in one workbook (template or user's file)
- calc.py    the hidden helper sheet คำนวณสรุป, row_valid, and the errors' live-formula twins
- rows.py    the summary rows (figure_rows) and the สรุป sheet model (summary_sheet)
- values.py  what each of their formulas computes from the IR (Live), written as its cached value

The sheets are built for both the file writer and the Excel layer by
``writers.report.generated_sheets``.
"""
from .calc import CALC, CALC_SHEET, LIVE_TWINS, NO_LIVE_TWIN, calc_sheet, row_valid
from .layout import Refs, SheetPlace, SummaryLayout, file_layout, template_layout
from .rows import (
                   COL_CHECKER,
                   COL_FORMULA,
                   COL_KEY,
                   COL_LABEL,
                   COL_MATCH,
                   DIFFERENT,
                   EXPLAINED_BY,
                   READ_BY_CHECKER_ONLY,
                   SUMMARY_HEADER_ROW,
                   WIDTHS,
                   SummaryRow,
                   explaining_code,
                   figure_rows,
                   summary_keys,
                   summary_sheet,
)

__all__ = ["CALC", "CALC_SHEET", "COL_CHECKER", "COL_FORMULA", "COL_KEY", "COL_LABEL", "COL_MATCH",
           "DIFFERENT", "EXPLAINED_BY", "LIVE_TWINS", "NO_LIVE_TWIN", "READ_BY_CHECKER_ONLY", "SummaryLayout",
           "Refs", "SummaryRow", "SUMMARY_HEADER_ROW", "SheetPlace", "WIDTHS", "calc_sheet", "explaining_code",
           "figure_rows", "file_layout", "row_valid", "summary_keys", "summary_sheet", "template_layout"]
