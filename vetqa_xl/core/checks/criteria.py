"""Checklist rules: evidence for every ใช่, dates for item 1, declarations against the data."""
from __future__ import annotations

from itertools import compress
from operator import gt

from ...form import COMMUNITY_CRITERION_TYPE, EXPERT_RULE_PERCENT, PARTICIPANT_KEYS, YES
from ..context import Context, emits
from ..messages import groups, reason
from ..registry import DUAL_PROGRAMMES, EXPERT_RATIO  # the declarations; the figures come on ctx
from ..sentences import Both
from .structure import sheet_missing

CHECKLISTS = ("dual", "resource_criteria", "community_criteria")


@emits("E_EVIDENCE_MISSING")
def check_evidence_for_yes(ctx: Context) -> None:
    """E_EVIDENCE_MISSING: a checklist item marked ใช่ without evidence."""
    for key in CHECKLISTS:
        for item, r in ctx.checklist(key).items():
            if r["done"] == YES and not r["evidence"] and "evidence" in r.values:
                ctx.add("E_EVIDENCE_MISSING", key, r, "evidence", item=item)


@emits("W_DATE_MISSING")
def check_dual_dates(ctx: Context) -> None:
    """W_DATE_MISSING: an item-1 activity marked ใช่ without the date it was done."""
    for item, r in ctx.checklist("dual").items():
        if r["done"] == YES and r["date"] is None and "date" in r.values:
            ctx.add("W_DATE_MISSING", "dual", r, "date", item=item)


# The data sheets each declaration is checked against: when one is missing, E_SHEET_MISSING
# says so once, and the declaration is not called contradicted by data that is not there.
EVIDENCE_SHEETS = {"1.3.4": ("programmes",), "1.1.2": ("partners",), "2.1": ("resource_projects",),
                   "2.4": ("resource_projects",), "2.3": ("programmes", "experts"),
                   **{item: ("activities",) for item in COMMUNITY_CRITERION_TYPE}}


def contradictions(ctx: Context) -> dict[tuple[str, str], Both]:
    """Declarations the data contradicts (the base figures are on ``ctx``):
    {(sheet key, item): reason}; none checked against a missing sheet."""
    figures = ctx.figures
    found = {}
    if DUAL_PROGRAMMES.of(figures)["total"] == 0:
        found[("dual", "1.3.4")] = reason("no_dual_programme")
    if not any(r["mou_date"] for r in ctx.rows("partners")):
        found[("dual", "1.1.2")] = reason("no_mou")
    if not ctx.rows("resource_projects"):
        found[("resource_criteria", "2.1")] = found[("resource_criteria", "2.4")] = reason("no_resource_project")
    ratio = EXPERT_RATIO.of(figures)
    if not ratio["met"]:
        found[("resource_criteria", "2.3")] = reason(
            "expert_ratio_below", covered=ratio["covered"], total=ratio["total"], percent=ratio["percent"],
            rule=EXPERT_RULE_PERCENT)
    for item, met in ctx.community_met.items():
        if not met:
            found[("community_criteria", item)] = reason("no_full_activity", kind=COMMUNITY_CRITERION_TYPE[item])
    return {(key, item): reason for (key, item), reason in found.items()
            if not sheet_missing(ctx, *EVIDENCE_SHEETS[item])}


@emits("E_DECLARED_CONTRADICTED")
def check_declared_contradicted(ctx: Context) -> None:
    """E_DECLARED_CONTRADICTED: a ใช่ that the data contradicts (kept in ``ctx.contradicted``:
    such an item is not met)."""
    items = ctx.contradicted
    for (key, item), why in contradictions(ctx).items():
        r = ctx.checklist(key).get(item)
        if r is not None and r["done"] == YES:
            ctx.add("E_DECLARED_CONTRADICTED", key, r, "done", item=item, reason=why)
            items.add(item)


ITEM_OF_TYPE: dict[object, str] = {t: item for item, t in COMMUNITY_CRITERION_TYPE.items()}


@emits("W_PARTICIPANTS_MISSING")
def check_participants(ctx: Context) -> None:
    """W_PARTICIPANTS_MISSING: a 3.1–3.4 activity without all four participant groups."""
    records = ctx.rows("activities", counted=False)
    types, *counts = ctx.columns_of("activities", ("activity_type", *PARTICIPANT_KEYS))
    full = list(map(all, zip(*counts)))  # every group took part (a count > 0)
    lacking = map(gt, map(ITEM_OF_TYPE.__contains__, types), full)  # a 3.1–3.4 activity, not full
    named: dict[tuple[str, ...], Both] = {}  # the groups missing, worded once per combination
    for r, kind, *taking in compress(zip(records, types, *counts), lacking):
        if not r.valid or r.duplicate:
            continue
        missing = tuple(k for k, n in zip(PARTICIPANT_KEYS, taking) if not (n or 0) > 0)
        words = named.get(missing) or named.setdefault(missing, groups(list(missing)))
        ctx.add_alike((kind, missing), "W_PARTICIPANTS_MISSING", "activities", r, missing[0],
                      item=ITEM_OF_TYPE[kind], missing=words)
