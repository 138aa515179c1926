"""The tasks the queue runs. Each takes ids, never records, and does its work in services."""

from django_tasks import task

from shabaka.jobs import services


@task()
def run_job(job_id: str) -> str:
    return services.job_run(job_id)


@task()
def send_email(email_id: int) -> str:
    return services.email_send(email_id)


@task()
def run_schedule(name: str) -> str:
    return services.schedule_run(name)
