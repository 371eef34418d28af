"""Writers: template, report, export, next year's workbook (adapters around the core).

openpyxl writes differently shaped XML with lxml installed (Anaconda) than without; the writers
edit either correctly, but the committed template must be the same bytes on every machine, so
openpyxl is asked for its standard-library writer unless OPENPYXL_LXML is set explicitly. It
takes effect when a writer is imported before openpyxl (the CLI and the tests do so).
"""
import os

os.environ.setdefault("OPENPYXL_LXML", "False")
