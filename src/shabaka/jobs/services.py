"""Starting, retrying and watching jobs; the email outbox; the recurring schedule.

The task queue is whatever `TASKS` names (django-tasks): the database backend by default, RQ
on Redis when `REDIS_URL` is set. With the database backend the task row is written in the
same transaction as the job, so neither exists without the other; with another backend the
task is sent once the transaction commits (a worker must never look for a job not yet
committed), and the watchdog sends again any job or email left waiting without one."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shabaka.jobs import registry
from shabaka.jobs.models import EmailStatus, Job, JobStatus, OutgoingEmail, Schedule
from shabaka.jobs.progress import JobAbandoned, JobFailed, Progress

logger = logging.getLogger(__name__)

# How long a claimed email is left to its sender before another task may try it.
EMAIL_LEASE_SECONDS = 120

STOPPED = _(
    "The job stopped without finishing: the worker running it was stopped, or it ran past its "
    "time. What it had finished is kept; run it again to finish the rest."
)
UNEXPECTED = _(
    "An unexpected error stopped the job; the administrators can read the details in the log. "
    "What it had finished is kept; you can run it again."
)


def _queue_writes_with_the_transaction() -> bool:
    from django_tasks_db import DatabaseBackend

    from shabaka.jobs.tasks import run_job

    return isinstance(run_job.get_backend(), DatabaseBackend)


def _send_to_queue(send) -> None:
    if _queue_writes_with_the_transaction():
        send()
    else:
        transaction.on_commit(send)


# --- Jobs ------------------------------------------------------------------------------------


@transaction.atomic
def job_start(
    *,
    kind: str,
    owner,
    title: str,
    params: dict | None = None,
    upload: UploadedFile | None = None,
    language: str | None = None,
) -> Job:
    """Records the job (and the uploaded file it works on) and puts it on the queue."""
    registry.get(kind)  # an unknown kind fails here, in the request, not later in the worker
    job = Job(
        kind=kind,
        owner=owner if getattr(owner, "is_authenticated", False) else None,
        title=title[:300],
        params=params or {},
        # The language the person is reading the site in: the summary and any file are in it.
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )
    if upload is not None:
        job.input_name = upload.name[:255]
        job.input_file.save(upload.name, upload, save=False)
    job.save()
    _enqueue_job(job)
    return job


def _enqueue_job(job: Job) -> None:
    from shabaka.jobs.tasks import run_job

    job_id = str(job.pk)

    def send():
        result = run_job.enqueue(job_id)
        Job.objects.filter(pk=job_id).update(task_id=result.id)

    _send_to_queue(send)


@transaction.atomic
def job_retry(*, job: Job) -> Job:
    """Puts a failed job back on the queue; it resumes from its checkpoint."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.FAILED:
        raise JobFailed(_("Only a job that failed can be run again."))
    job.status = JobStatus.QUEUED
    job.error = ""
    job.finished_at = None
    job.save(update_fields=["status", "error", "finished_at"])
    _enqueue_job(job)
    return job


def job_run(job_id) -> str:
    """Runs the job (called by the `run_job` task). A job already finished is left as it is, so
    a task delivered twice does the work once."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
            return job.status if job else "missing"
        now = timezone.now()
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.save(update_fields=["status", "attempts", "started_at", "heartbeat_at"])
    kind = registry.get(job.kind)
    try:
        with translation.override(job.language):
            summary = kind.run(job, Progress(job))
    except JobAbandoned:
        return JobStatus.FAILED
    except JobFailed as exc:
        _finish(job, JobStatus.FAILED, error=exc.message)
        return JobStatus.FAILED
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        with translation.override(job.language):
            _finish(job, JobStatus.FAILED, error=str(UNEXPECTED))
        return JobStatus.FAILED
    _finish(job, JobStatus.SUCCEEDED, summary=summary or {})
    return JobStatus.SUCCEEDED


def _finish(job: Job, status: str, *, error: str = "", summary: dict | None = None) -> None:
    fields = {"status": status, "error": error, "finished_at": timezone.now()}
    if summary is not None:
        fields["summary"] = summary
    if job.result_file:
        fields["result_file"] = job.result_file.name
        fields["result_name"] = job.result_name
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)


def jobs_mark_stalled(*, now=None) -> int:
    """Marks failed every running job whose worker has gone quiet (killed, or its machine lost)
    or that has run past its kind's time limit. Returns how many."""
    now = now or timezone.now()
    quiet_since = now - timedelta(seconds=settings.JOB_STALL_SECONDS)
    stalled = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING).only(
        "pk", "kind", "started_at", "heartbeat_at", "language"
    ):
        try:
            limit = registry.get(job.kind).time_limit
        except LookupError:
            limit = 0
        too_long = job.started_at and job.started_at < now - timedelta(seconds=limit)
        quiet = job.heartbeat_at is None or job.heartbeat_at < quiet_since
        if too_long or quiet:
            with translation.override(job.language):
                stalled += Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                    status=JobStatus.FAILED, error=str(STOPPED), finished_at=now
                )
    return stalled


def jobs_requeue_waiting(*, now=None) -> int:
    """Sends again jobs queued long ago whose task is no longer waiting on the queue: lost
    between the commit and the send (a backend other than the database), or dropped by the
    queue itself (RQ refusing it). A task still waiting is left alone."""
    from shabaka.jobs.tasks import run_job

    now = now or timezone.now()
    waiting = Job.objects.filter(
        status=JobStatus.QUEUED, created_at__lt=now - timedelta(minutes=10)
    ).only("pk", "task_id")
    count = 0
    for job in waiting:
        if job.task_id and _task_waiting(run_job, job.task_id):
            continue
        _enqueue_job(job)
        count += 1
    return count


# --- Emails ----------------------------------------------------------------------------------


@transaction.atomic
def email_queue(*, recipient: str, language: str, subject: str, body: str) -> OutgoingEmail:
    """Puts an email in the outbox, inside the caller's transaction. Render it in the recipient's
    language before calling (jobs.mail.render_email does)."""
    email = OutgoingEmail.objects.create(
        recipient=recipient, language=language, subject=subject[:300], body=body
    )
    _enqueue_email(email.pk)
    return email


def _enqueue_email(email_id: int, run_after=None) -> None:
    from shabaka.jobs.tasks import send_email

    task = send_email.using(run_after=run_after) if run_after else send_email
    _send_to_queue(lambda: task.enqueue(email_id))


def email_send(email_id: int) -> str:
    """Sends one email of the outbox; on failure, tries again later with a growing delay and
    gives up after EMAIL_MAX_ATTEMPTS. An email already sent is not sent again.

    The email is claimed (its next attempt moved a lease ahead) in a short transaction and sent
    after it commits: the mail server's delays never hold a database lock, and a second task for
    the same email finds it not due."""
    now = timezone.now()
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != EmailStatus.PENDING:
            return email.status if email else "missing"
        if email.next_attempt_at and email.next_attempt_at > now + timedelta(seconds=5):
            return "not due"
        email.attempts += 1
        email.next_attempt_at = now + timedelta(seconds=EMAIL_LEASE_SECONDS)
        email.save(update_fields=["attempts", "next_attempt_at"])
    try:
        EmailMessage(email.subject, email.body, None, [email.recipient]).send()
    except Exception as exc:  # SMTP, DNS, TLS: all mean "try again later"
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            email.status = EmailStatus.FAILED
            logger.error("Gave up sending email %s: %s", email.pk, email.last_error)
        else:
            delay = settings.EMAIL_RETRY_SECONDS * 2 ** (email.attempts - 1)
            email.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    else:
        email.status = EmailStatus.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
    with transaction.atomic():
        email.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at"])
        if email.status == EmailStatus.PENDING:
            _enqueue_email(email.pk, run_after=email.next_attempt_at)
    return email.status


def emails_requeue_waiting(*, now=None) -> int:
    """Sends again pending emails whose retry is long past due (their task was lost)."""
    now = now or timezone.now()
    late = OutgoingEmail.objects.filter(status=EmailStatus.PENDING).filter(
        created_at__lt=now - timedelta(minutes=15)
    )
    count = 0
    for email in late:
        if email.next_attempt_at is None or email.next_attempt_at < now - timedelta(minutes=15):
            email.next_attempt_at = now
            email.save(update_fields=["next_attempt_at"])
            _enqueue_email(email.pk)
            count += 1
    return count


# --- Recurring work --------------------------------------------------------------------------


def schedules_ensure(*, now=None) -> list[str]:
    """Puts each recurring task on the queue unless it is already waiting there. Run when a
    worker starts; a duplicate sent by two workers starting together finds itself not due."""
    from shabaka.jobs.tasks import run_schedule

    now = now or timezone.now()
    sent = []
    for name, entry in registry.schedules().items():
        with transaction.atomic():
            row, _created = Schedule.objects.select_for_update().get_or_create(
                name=name, defaults={"next_run_at": entry.first_run(now)}
            )
            if row.task_id and _task_waiting(run_schedule, row.task_id):
                continue
            run_after = max(row.next_run_at, now)
            result = run_schedule.using(run_after=run_after).enqueue(name)
            row.task_id = result.id
            row.save(update_fields=["task_id"])
            sent.append(name)
    return sent


def _task_waiting(task, task_id: str) -> bool:
    from django_tasks import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    try:
        result = task.get_result(task_id)
    except TaskResultDoesNotExist:
        return False
    return result.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def schedule_run(name: str, *, now=None) -> str:
    """Runs a recurring task if it is due, after putting its next run on the queue."""
    from shabaka.jobs.tasks import run_schedule

    entry = registry.schedules().get(name)
    if entry is None:
        return "unknown"
    now = now or timezone.now()
    with transaction.atomic():
        row, _created = Schedule.objects.select_for_update().get_or_create(
            name=name, defaults={"next_run_at": now}
        )
        if row.next_run_at > now + timedelta(seconds=5):
            return "not due"
        row.last_run_at = now
        row.next_run_at = entry.next_run(now)
        result = run_schedule.using(run_after=row.next_run_at).enqueue(name)
        row.task_id = result.id
        row.save()
    entry.run()
    return "ran"


def watchdog() -> None:
    """Every few minutes: fail what stalled, send again what was lost."""
    jobs_mark_stalled()
    jobs_requeue_waiting()
    emails_requeue_waiting()
