"""The retention anonymisation as a background job, started daily by the worker's schedule."""

from datetime import time

from django.utils.translation import gettext_lazy as _

from shabaka.jobs import registry
from shabaka.jobs.services import job_start
from shabaka.operations.retention import anonymise_past_participants

RETENTION = "operations.retention"


def run_retention(job, progress) -> dict:
    # One transaction for the whole pass: a person is anonymised together with their audit
    # entries, and a pass stopped half way leaves everyone as they were (the next day retries).
    with progress.unit():
        report = anonymise_past_participants(dry_run=bool(job.params.get("dry_run")))
    return {"lines": report.lines(), "anonymised": len(report.anonymised)}


def start_daily_retention():
    return job_start(
        kind=RETENTION, owner=None, title=str(_("Daily anonymisation of past participants"))
    )


def register() -> None:
    registry.register(
        registry.JobKind(
            name=RETENTION, label=_("Anonymisation of past participants"), run=run_retention
        )
    )
    registry.register_schedule(
        registry.RecurringTask(name=RETENTION, run=start_daily_retention, daily_at=time(2, 0))
    )
