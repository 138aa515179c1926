"""What a running job writes as it goes: the total, each unit committed, a heartbeat."""

from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from shabaka.jobs.models import Job, JobStatus


class JobFailed(Exception):
    """The job cannot be done, for a reason the person who started it can act on."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


class JobAbandoned(Exception):
    """The job was marked failed while it ran (it ran past its time): stop, write nothing more."""


class Progress:
    """Handed to a job's `run`. A unit of work is done inside `unit()`: its writes, the count of
    units done and the checkpoint commit together, so a worker killed at any moment leaves no
    half unit and a second run resumes from `checkpoint`."""

    def __init__(self, job: Job):
        self.job = job

    @property
    def checkpoint(self) -> dict:
        return self.job.checkpoint

    @property
    def done(self) -> int:
        return self.job.done

    def set_total(self, total: int) -> None:
        self.job.total = total
        self._write(total=total)

    def set_done(self, done: int) -> None:
        """Progress of work that is not done in units (an export writing rows)."""
        self.job.done = done
        self._write(done=done)

    def beat(self) -> None:
        """Tell the watchdog the job is alive during a long step that is not a unit."""
        self._write()

    @contextmanager
    def unit(self, *, count: int = 1):
        """Commit one unit of work; the body may update `self.checkpoint` (a dict) in place."""
        with transaction.atomic():
            yield self.checkpoint
            self.job.done += count
            self._write(done=self.job.done, checkpoint=self.job.checkpoint)

    def _write(self, **fields) -> None:
        updated = Job.objects.filter(pk=self.job.pk, status=JobStatus.RUNNING).update(
            heartbeat_at=timezone.now(), **fields
        )
        if not updated:
            raise JobAbandoned(self.job.pk)
