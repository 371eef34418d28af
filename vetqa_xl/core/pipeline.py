"""The one ordered pipeline of a check (as FAC's runners.py): every step takes the Context and
declares the finding codes it may emit (``@emits``); the figures live on the Context, so the
checks and the figures never import each other. Pure standard library.

A new check is a function in checks/ with ``@emits("E_…")`` and a place in STEPS.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from . import registry
from .checks import cells, criteria, rows, structure  # noqa: F401  (cells: the rules of check_cells)
from .context import Context, emits


@emits()
def mark_validity(ctx: Context) -> None:
    """A row with an error finding so far stops counting; later findings do not change that."""
    ctx.mark_validity()


STEPS = (
    structure.check_sheets_present, structure.check_headers_present, structure.check_form_version,
    structure.check_cells, structure.check_checklist_rows,
    rows.check_programme_reference, rows.check_duplicate_rows, rows.check_duplicate_programmes,
    rows.check_dates_in_academic_year, rows.check_date_order, rows.check_dual_students,
    rows.check_has_programmes,
    criteria.check_evidence_for_yes, criteria.check_dual_dates,
    mark_validity,
    registry.compute_base_figures,
    criteria.check_declared_contradicted, criteria.check_participants,
    registry.compute_criteria,
)


def run(ctx: Context, steps: Iterable[Callable[[Context], None]] = STEPS) -> Context:
    """Run every step in order on ``ctx``; each may emit only the codes it declares."""
    for step in steps:
        ctx.step = step
        step(ctx)
    ctx.step = None
    return ctx
