"""The compute functions of the figures of FORM.md section 3 (registry.FIGURES declares them),
from the checked records. Pure standard library.

Only valid rows count (no error finding on the row), and a duplicate row counts once.
"""
from __future__ import annotations

from collections import Counter
from itertools import compress
from typing import Any, TypeGuard

from ..form import (
    ACTIVITY_TYPES,
    COMMUNITY_CRITERIA,
    COMMUNITY_CRITERION_TYPE,
    EXPERT_RULE_PERCENT,
    LEVELS,
    PARTICIPANT_KEYS,
    RESOURCE_CRITERIA,
    STAGES,
    YES,
)
from .context import Context, Record


def _majors_by_level(pairs: set[tuple[str, str]]) -> dict[str, Any]:
    """{"total": n, "by_level": {ระดับ: n}} of distinct (ระดับ, สาขาวิชา) pairs."""
    by_level = {level: sum(1 for lv, _ in pairs if lv == level) for level in LEVELS}
    return {"total": len(pairs), "by_level": by_level}


def programmes(ctx: Context) -> dict[tuple[str, str], tuple[tuple[str, str], Any]]:
    """Programmes (ระดับ, สาขางาน) of the valid rows of สาขางาน, from the first row of each: its
    major (ระดับ, สาขาวิชา) and whether it is taught in the dual system. Text is read folded."""
    found: dict[tuple[str, str], tuple[tuple[str, str], Any]] = {}
    for level, name, major, dual in zip(*ctx.columns_of("programmes", ("level", "programme", "major", "dual"),
                                                       counted=True)):
        if level is not None and name is not None and major is not None and (level, name) not in found:
            found[level, name] = ((level, major), dual)
    return found


def dual_programmes(ctx: Context) -> dict[str, Any]:
    """F1: distinct (ระดับ, สาขาวิชา) with a programme taught in the dual system."""
    return _majors_by_level({major for major, dual in programmes(ctx).values() if dual == YES})


def resource_programmes(ctx: Context) -> dict[str, Any]:
    """F2: distinct (ระดับ, สาขาวิชา) of programmes named by a resource-mobilisation row."""
    known = programmes(ctx)
    return _majors_by_level({known[k][0] for k in ctx.pairs("resource_projects", counted=True) if k in known})


def activities(ctx: Context) -> dict[str, Any]:
    """F3: valid activity rows (duplicates once), in total and per ประเภทกิจกรรม."""
    types = ctx.column("activities", "activity_type", counted=True)
    found = Counter(types)
    return {"total": len(types), "by_type": {t: found[t] for t in ACTIVITY_TYPES}}


def expert_ratio(ctx: Context) -> dict[str, Any]:
    """R: programmes with at least one valid expert row ÷ all programmes (criterion 2.3)."""
    known = set(programmes(ctx))
    covered = known & set(ctx.pairs("experts", counted=True))
    total = len(known)
    return {
        "covered": len(covered),
        "total": total,
        "percent": round(100 * len(covered) / total, 2) if total else 0.0,
        "met": total > 0 and len(covered) * 100 >= EXPERT_RULE_PERCENT * total,
    }


def declared(record: Record | None) -> TypeGuard[Record]:
    """A checklist item marked ใช่ with evidence."""
    return record is not None and record["done"] == YES and bool(record["evidence"])


def stages(ctx: Context) -> dict[str, Any]:
    """Stage k is complete iff every activity of it is ใช่ with a date and evidence."""
    items = ctx.checklist("dual")
    sheet = ctx.form.sheet("dual")
    detail = {}
    for k, stage in enumerate(STAGES, start=1):
        its = [items.get(i.number) for i in sheet.items if i.stage == stage]
        detail[str(k)] = all(declared(r) and r["date"] is not None and r.valid for r in its)
    return {"complete": [int(k) for k, ok in detail.items() if ok],
            "count": sum(detail.values()), "detail": detail}


def community_met_by_data(ctx: Context) -> dict[str, bool]:
    """3.1–3.4: at least one valid activity of the type with all four groups taking part."""
    types, *counts = ctx.columns_of("activities", ("activity_type", *PARTICIPANT_KEYS), counted=True)
    full = set(compress(types, map(all, zip(*counts))))  # every group took part (a count > 0)
    return {item: t in full for item, t in COMMUNITY_CRITERION_TYPE.items()}


def criteria(ctx: Context, figures: dict[str, Any], contradicted: set[str]) -> dict[str, Any]:
    """Criteria met per item (FORM.md §3); a contradicted declaration is not met."""
    stage_detail = figures["stages"]["detail"]
    resource = ctx.checklist("resource_criteria")
    detail2 = {i.number: declared(resource.get(i.number)) and i.number not in contradicted
               for i in RESOURCE_CRITERIA}
    detail2["2.3"] = figures["expert_ratio"]["met"]
    community = ctx.checklist("community_criteria")
    detail3 = dict(ctx.community_met or community_met_by_data(ctx))  # the base figures' step made it
    for item in COMMUNITY_CRITERIA:
        if item.number not in detail3:
            detail3[item.number] = declared(community.get(item.number)) \
                and item.number not in contradicted
    result = {}
    for key, detail in (("1", stage_detail), ("2", detail2), ("3", detail3)):
        result[key] = {"met": sum(bool(v) for v in detail.values()), "of": len(detail),
                       "detail": dict(detail)}
    return result
