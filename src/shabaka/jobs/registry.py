"""The kinds of job, registered by the app that owns the work (in its AppConfig.ready)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.utils.functional import Promise


@dataclass(frozen=True)
class JobKind:
    """`run(job, progress)` does the work and returns the summary shown when it finishes (a dict
    of JSON values). It raises `JobFailed` with a reason the user can act on.

    `time_limit`: seconds after which a job still running is marked failed.
    `summary_template`: renders the summary on the job page (context: job, summary).
    `next_url(job)`: where the finished job's page sends the user on (an import preview, say)."""

    name: str
    label: str | Promise
    run: Callable
    time_limit: int = 30 * 60
    summary_template: str = "jobs/summary_default.html"
    next_url: Callable | None = None


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    if kind.name in _KINDS and _KINDS[kind.name] != kind:
        raise ValueError(f"job kind {kind.name!r} is registered twice")
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"no job kind {name!r} is registered") from None


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)


@dataclass(frozen=True)
class RecurringTask:
    """Work the worker starts on its own: every `every`, or daily at `daily_at` (UTC hour)."""

    name: str
    run: Callable[[], object]
    every: timedelta | None = None
    daily_at: time | None = None

    def next_run(self, now: datetime) -> datetime:
        if self.every is not None:
            return now + self.every
        at = datetime.combine(now.date(), self.daily_at, tzinfo=UTC)
        return at if at > now else at + timedelta(days=1)

    def first_run(self, now: datetime) -> datetime:
        return now if self.every is not None else self.next_run(now)


_SCHEDULES: dict[str, RecurringTask] = {}


def register_schedule(entry: RecurringTask) -> RecurringTask:
    _SCHEDULES[entry.name] = entry
    return entry


def schedules() -> dict[str, RecurringTask]:
    return dict(_SCHEDULES)
