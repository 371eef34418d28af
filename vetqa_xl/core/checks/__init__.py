"""The checks of FORM.md section 4, one small named function each, grouped by what they look at:

- structure.py  sheets, headers, checklist rows, form version, and the cells (check_cells)
- cells.py      one rule per column kind: required, type, list, count, date, code, e-mail …
- rows.py       references between sheets, duplicates, dates in the academic year …
- criteria.py   evidence for every ใช่, declarations that the data contradicts, participants

Each check declares the codes it may emit (``@emits``); their order is ../pipeline.py.
A finding's code leads to its function: grep the code. Messages live in ../messages.py.
"""
