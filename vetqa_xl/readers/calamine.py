"""Read a workbook file (.xlsx, .xlsm, .xls, .ods) into the IR with python-calamine.

Fast, and it reads the cached values of formulas. Only the form's sheets are loaded.
"""
from __future__ import annotations

from pathlib import Path

from ..core.errors import UserError
from ..core.ir import WorkbookIR, build_ir, wanted_sheets
from .errorcells import with_error_cells


class ReadError(UserError):
    """The file cannot be read as a workbook; the message is Thai then English."""


def read_workbook(path: str | Path) -> WorkbookIR:
    from python_calamine import CalamineWorkbook

    path = Path(path)
    if not path.is_file():
        raise ReadError(f"ไม่พบไฟล์ {path} / file not found: {path}")
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        grids = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                 for name in wanted_sheets(names)}
    except Exception as exc:  # calamine raises several error types for broken files
        raise ReadError(f"อ่านไฟล์ {path.name} ไม่ได้ (ไม่ใช่ไฟล์ Excel หรือไฟล์เสีย) / "
                        f"cannot read {path.name} as a workbook: {exc}") from None
    grids = with_error_cells(path, grids)  # calamine gives error cells as ""
    return build_ir(grids, source=str(path), sheet_names=names)
