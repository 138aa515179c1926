"""Pure computations on indicators and activities: no database, easy to test.

Percentage of target reached is always computed from baseline, target and value, never typed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class Achievement:
    """How far a value is towards the target.

    `percent` is the real figure (may exceed 100 or be negative when the value moved the wrong
    way), `bar` the same figure held between 0 and 100 for a progress bar, `reached` whether the
    target is met. `percent` is None when it cannot be computed (no target, no value, or a
    decreasing indicator without a baseline whose target is not yet met)."""

    percent: Decimal | None
    bar: int | None
    reached: bool

    @property
    def beyond_target(self) -> bool:
        return self.percent is not None and self.percent > HUNDRED


def _result(percent: Decimal | None, reached: bool) -> Achievement:
    if percent is None:
        return Achievement(None, None, reached)
    percent = percent.quantize(ONE_PLACE)
    bar = int(min(max(percent, Decimal(0)), HUNDRED))
    return Achievement(percent, bar, reached)


def achievement(*, value, baseline, target, direction: str, unit: str) -> Achievement:
    """Percentage of the target reached by `value`.

    - yes/no: 100 when the value equals the target (1 = yes), else 0.
    - increase: (value - baseline) / (target - baseline). A missing baseline counts as 0 (most
      increasing indicators count things that did not exist before the plan).
    - decrease: (baseline - value) / (baseline - target). A missing baseline gives no
      percentage (there is no starting point to measure the fall from), except that a value at
      or below the target is reported as 100: the target is met.
    - target equal to baseline (including a target of zero with a zero baseline): nothing to
      gain, so 100 when the value is at or beyond the target in the indicator's direction, else 0.
      A target of zero on a decreasing indicator ("no incidents") is measured from the baseline.
    Values beyond the target give more than 100 (the bar stops at 100).
    """
    if value is None or target is None:
        return Achievement(None, None, False)
    value, target = Decimal(value), Decimal(target)
    increasing = direction != "decrease"
    reached = value >= target if increasing else value <= target
    if unit == "yes_no":
        reached = value == target
        return _result(HUNDRED if reached else Decimal(0), reached)
    if baseline is None:
        if not increasing:
            return _result(HUNDRED if reached else None, reached)
        baseline = Decimal(0)
    baseline = Decimal(baseline)
    span = (target - baseline) if increasing else (baseline - target)
    if span <= 0:
        return _result(HUNDRED if reached else Decimal(0), reached)
    gained = (value - baseline) if increasing else (baseline - value)
    return _result(gained / span * HUNDRED, reached)


def value_problem(*, value, unit: str, label: str | None = None) -> str | None:
    """Why `value` does not fit the unit, or None. Percentages lie in 0-100, yes/no is 0 or 1,
    numbers are counts or amounts and so are never negative (a decrease is expressed by a lower
    value, not a negative one)."""
    if value is None:
        return None
    label = label or _("The value")
    value = Decimal(value)
    if unit == "percentage" and not (0 <= value <= 100):
        return _("%(label)s is a percentage: give a number from 0 to 100.") % {"label": label}
    if unit == "yes_no" and value not in (0, 1):
        return _("%(label)s is a yes/no answer: give 1 for yes or 0 for no.") % {"label": label}
    if unit == "number" and value < 0:
        return _("%(label)s cannot be negative.") % {"label": label}
    return None


class ScheduleState:
    ON_TRACK = "on_track"
    LATE = "late"
    DONE = "done"
    CANCELLED = "cancelled"


def schedule_state(*, status: str, planned_start: date, planned_end: date, today: date) -> str:
    """Where an activity stands against its planned dates on `today`.

    done: its status is done. cancelled: its status is cancelled (counted apart).
    late: not done nor cancelled, and either it has not started (planned or postponed) although
    its planned start has passed, or it is ongoing after its planned end.
    on track: every other activity (not yet due to start, or ongoing within its dates)."""
    if status == "done":
        return ScheduleState.DONE
    if status == "cancelled":
        return ScheduleState.CANCELLED
    if status == "ongoing":
        return ScheduleState.LATE if today > planned_end else ScheduleState.ON_TRACK
    return ScheduleState.LATE if today > planned_start else ScheduleState.ON_TRACK
