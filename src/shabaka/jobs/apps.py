from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Long work in the background: jobs with progress, the email outbox and daily schedules.

    The queue is django-tasks (the backport of Django 6's `django.tasks`); this app keeps what
    the user sees (a job's progress, its summary or its reason for failing, the file it wrote)
    and runs every job through one task, `run_job`. Domain apps register their kinds of job
    in their own `ready()`, so dependencies point down to this app, never up from it."""

    name = "shabaka.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from datetime import timedelta

        from shabaka.jobs import registry, services

        registry.register_schedule(
            registry.RecurringTask(
                name="jobs.watchdog", run=services.watchdog, every=timedelta(minutes=5)
            )
        )
