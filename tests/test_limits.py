"""govkit.limits: time and row limits raise InputError naming the limit; contexts nest cleanly."""

from __future__ import annotations

import time

import pytest

import govkit
from govkit import limits
from govkit.errors import InputError
from tests.conftest import SEED


def _spent(seconds: float = 0.001) -> None:
    time.sleep(seconds * 5)


def test_no_deadline_outside_a_budget():
    limits.check_time("anywhere")  # nothing set: never raises


def test_a_spent_budget_raises_naming_source_where_and_seconds():
    with limits.time_budget(0.001, "a.pdf"):
        _spent()
        with pytest.raises(InputError) as info:
            limits.check_time("第三部分")
    exc = info.value
    assert exc.source == "a.pdf" and exc.where == "第三部分"
    assert "0.001 秒" in exc.zh and "0.001 s" in exc.en and "time_budget" in exc.en


def test_budget_not_spent_is_quiet():
    with limits.time_budget(3600, "a.pdf"):
        limits.check_time()


@pytest.mark.parametrize("seconds", [0, -1])
def test_zero_or_negative_means_no_deadline(seconds):
    with limits.time_budget(seconds):
        _spent()
        limits.check_time()


def test_none_means_the_module_default(monkeypatch):
    monkeypatch.setattr(limits, "TIME_BUDGET", 0.001)
    with limits.time_budget(None, "x"):
        _spent()
        with pytest.raises(InputError):
            limits.check_time()


def test_budgets_nest_and_restore():
    with limits.time_budget(0.001, "inner"):
        _spent()
        with limits.time_budget(0):
            limits.check_time()  # the inner block lifted the deadline
        with pytest.raises(InputError):
            limits.check_time()  # … and leaving it restored the outer one
    limits.check_time()


def test_check_rows_at_and_over_the_limit(monkeypatch):
    limits.check_rows(limits.MAX_ROWS)
    with pytest.raises(InputError) as info:
        limits.check_rows(limits.MAX_ROWS + 1, "big.txt")
    assert info.value.source == "big.txt" and "MAX_ROWS" in info.value.en


def test_reading_a_report_honours_both_limits(monkeypatch):
    with pytest.raises(InputError, match="time budget"):
        govkit.read_report(SEED, time_budget=1e-9)
    monkeypatch.setattr(limits, "MAX_ROWS", 50)  # the seed has a few hundred lines
    with pytest.raises(InputError, match="MAX_ROWS"):
        govkit.read_report(SEED)


@pytest.mark.parametrize(("n", "shown"), [(2 * 2**30, "2 GiB"), (2**29, "0.5 GiB"), (0, "0 GiB")])
def test_gib(n, shown):
    assert limits.gib(n) == shown
