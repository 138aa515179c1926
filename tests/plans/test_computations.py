"""Percentage of target reached and schedule states: pure functions, every edge."""

import datetime as dt
from decimal import Decimal

import pytest

from shabaka.plans.computations import achievement, schedule_state, value_problem


def pct(value, baseline, target, direction="increase", unit="number"):
    return achievement(
        value=value, baseline=baseline, target=target, direction=direction, unit=unit
    )


def test_increasing_indicator_share_of_the_way_from_baseline_to_target():
    a = pct(60, 20, 100)
    assert a.percent == Decimal("50.0") and a.bar == 50 and not a.reached


def test_decreasing_indicator_counts_the_fall_from_the_baseline():
    # Detention cases: from 40 down to a target of 10; now 25 -> half way.
    a = pct(25, 40, 10, direction="decrease")
    assert a.percent == Decimal("50.0") and not a.reached
    assert pct(10, 40, 10, direction="decrease").reached
    # Going the wrong way gives a negative figure; the bar stays at 0.
    worse = pct(50, 40, 10, direction="decrease")
    assert worse.percent == Decimal("-33.3") and worse.bar == 0


def test_target_of_zero_on_a_decreasing_indicator_is_measured_from_the_baseline():
    assert pct(5, 10, 0, direction="decrease").percent == Decimal("50.0")
    assert pct(0, 10, 0, direction="decrease").percent == Decimal("100.0")


def test_target_equal_to_baseline_is_met_or_not_without_dividing_by_zero():
    assert pct(0, 0, 0).percent == Decimal("100.0")
    assert pct(5, 5, 5).percent == Decimal("100.0")
    assert pct(4, 5, 5).percent == Decimal("0.0")
    assert pct(6, 5, 5, direction="decrease").percent == Decimal("0.0")


def test_missing_baseline_counts_as_zero_when_increasing():
    assert pct(30, None, 120).percent == Decimal("25.0")


def test_missing_baseline_on_a_decreasing_indicator_gives_no_share_until_the_target_is_met():
    assert pct(30, None, 10, direction="decrease").percent is None
    met = pct(8, None, 10, direction="decrease")
    assert met.percent == Decimal("100.0") and met.reached


def test_yes_no_is_all_or_nothing():
    assert pct(1, 0, 1, unit="yes_no").percent == Decimal("100.0")
    assert pct(0, 0, 1, unit="yes_no").percent == Decimal("0.0")


def test_beyond_the_target_the_bar_stops_at_100_but_the_figure_is_real():
    a = pct(150, 0, 100)
    assert a.percent == Decimal("150.0") and a.bar == 100 and a.beyond_target and a.reached


def test_no_target_or_no_value_gives_nothing():
    assert pct(None, 0, 100).percent is None
    assert pct(10, 0, None).percent is None


@pytest.mark.parametrize(
    "unit,value,ok",
    [
        ("percentage", 0, True),
        ("percentage", 100, True),
        ("percentage", "100.5", False),
        ("percentage", -1, False),
        ("yes_no", 1, True),
        ("yes_no", 0, True),
        ("yes_no", 2, False),
        ("yes_no", "0.5", False),
        ("number", 12345, True),
        ("number", -3, False),
    ],
)
def test_values_must_fit_the_unit(unit, value, ok):
    assert (value_problem(value=value, unit=unit) is None) == ok


def test_late_is_defined_by_the_planned_dates():
    start, end = dt.date(2021, 3, 1), dt.date(2021, 6, 30)

    def state(status, today):
        return schedule_state(status=status, planned_start=start, planned_end=end, today=today)

    assert state("planned", dt.date(2021, 3, 1)) == "on_track"
    assert state("planned", dt.date(2021, 3, 2)) == "late"  # should have started
    assert state("postponed", dt.date(2021, 4, 1)) == "late"
    assert state("ongoing", dt.date(2021, 6, 30)) == "on_track"
    assert state("ongoing", dt.date(2021, 7, 1)) == "late"  # should have ended
    assert state("done", dt.date(2030, 1, 1)) == "done"
    assert state("cancelled", dt.date(2030, 1, 1)) == "cancelled"
