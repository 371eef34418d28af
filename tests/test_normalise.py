"""Reading typed values the way Thai staff type them."""
from __future__ import annotations

import datetime as dt

import pytest

from vetqa_xl.core.normalise import INVALID, fold_text, parse_date, parse_number

JUNE_15 = dt.date(2025, 6, 15)


@pytest.mark.parametrize("raw,notes", [
    ("15/6/2568", ("I_BE_DATE",)),
    ("15/06/68", ("I_BE_DATE",)),  # two-digit 50-99 = พ.ศ. 25xx
    ("15-6-2568", ("I_BE_DATE",)),
    ("15.6.2568", ("I_BE_DATE",)),
    ("15 มิ.ย. 2568", ("I_BE_DATE",)),
    ("15 มิ.ย.2568", ("I_BE_DATE",)),
    ("15 มิย 68", ("I_BE_DATE",)),
    ("15 มิถุนายน 2568", ("I_BE_DATE",)),
    ("15 มิถุนายน พ.ศ. 2568", ("I_BE_DATE",)),
    ("๑๕/๖/๒๕๖๘", ("I_THAI_DIGITS", "I_BE_DATE")),
    ("15/6/2025", ()),
    ("15/6/25", ()),  # two-digit 00-49 = ค.ศ. 20xx
    ("2025-06-15", ()),
    ("2025-06-15T00:00:00", ()),
    ("  15 / 6 / 2568 ", ("I_BE_DATE",)),
    (dt.datetime(2025, 6, 15), ()),
    (dt.date(2568, 6, 15), ("W_BE_DATE",)),
    (dt.datetime(2568, 6, 15, 0, 0), ("W_BE_DATE",)),
])
def test_dates_in_every_form(raw, notes):
    assert parse_date(raw) == (JUNE_15, notes)


@pytest.mark.parametrize("raw", ["31/2/2568", "15/13/2568", "hello", "15 มิ. 2568", 45823.0, "", "๓๒/๑/๒๕๖๘"])
def test_not_dates(raw):
    assert parse_date(raw)[0] is INVALID


def test_be_leap_day_that_is_no_ce_leap_day():
    # 29 Feb 2567 BE = 29 Feb 2024 CE exists; 29 Feb 2568 BE would be 2025: no such day
    assert parse_date("29/2/2567") == (dt.date(2024, 2, 29), ("I_BE_DATE",))
    assert parse_date("29/2/2568")[0] is INVALID


@pytest.mark.parametrize("raw,value", [
    (12, 12), (12.0, 12.0), ("12", 12), (" ๑๒ ", 12), ("1,200", 1200), ("2.5", 2.5), ("-3", -3),
])
def test_numbers(raw, value):
    assert parse_number(raw)[0] == value


@pytest.mark.parametrize("raw", ["twelve", "1e400", "nan", True, None, "12 คน"])
def test_not_numbers(raw):
    assert parse_number(raw)[0] is INVALID


def test_fold_text():
    assert fold_text("  ช่าง   ยนต์ \u00a0") == "ช่าง ยนต์"
