"""Job kinds for the tests of the job machinery itself (imported by the tests, and by the
worker started in a child process of the killed-worker test)."""

from shabaka.jobs import registry
from shabaka.jobs.progress import JobFailed
from tests.factories.directory import CountryFactory

COUNT = "tests.count"


def run_count(job, progress) -> dict:
    """Creates one country per unit, `params["units"]` of them; fails at unit `fail_at` the
    first time it is run when the parameter is given (the second run goes through)."""
    units = job.params["units"]
    progress.set_total(units)
    for index in range(progress.checkpoint.get("next", 0), units):
        if index == job.params.get("fail_at") and job.attempts == 1:
            raise JobFailed(f"Stopped on purpose at unit {index}.")
        with progress.unit() as checkpoint:
            CountryFactory(code=_code(index))
            checkpoint["next"] = index + 1
    return {"lines": [f"{units} units done."]}


def _code(index: int) -> str:
    """A country code of its own for each of up to 26 units."""
    return "Q" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


registry.register(registry.JobKind(name=COUNT, label="Count", run=run_count))
