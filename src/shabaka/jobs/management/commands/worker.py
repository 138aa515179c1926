"""Run a worker for the background jobs: `shabaka worker`.

It marks failed what stalled, puts the recurring tasks (the watchdog, the daily retention) on
the queue, then runs the configured backend's own worker: django-tasks-db's `db_worker` on the
database, or RQ's worker (with its scheduler, for deferred tasks) when the backend is RQ."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from shabaka.jobs import services


class Command(BaseCommand):
    help = "Run a background worker (the database queue, or RQ when REDIS_URL is set)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="run what is queued now, then stop (for tests and scripts)",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="do not put the recurring tasks on the queue",
        )

    def handle(self, *args, batch=False, no_schedule=False, verbosity=1, **options):
        from django_tasks_db import DatabaseBackend

        from shabaka.jobs.tasks import run_job

        stalled = services.jobs_mark_stalled()
        if stalled:
            self.stdout.write(f"Marked {stalled} stalled job(s) failed.")
        if not no_schedule:
            services.schedules_ensure()
        if isinstance(run_job.get_backend(), DatabaseBackend):
            call_command(
                "db_worker",
                queue_name="*",
                batch=batch,
                reload=False,
                startup_delay=not batch,
                verbosity=verbosity,
            )
        else:
            rq_options = {"burst": True} if batch else {"with_scheduler": True}
            # RQ runs django-tasks' own job class, which knows how to call a Task.
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                verbosity=verbosity,
                **rq_options,
            )
