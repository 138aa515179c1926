from django.db.models import QuerySet

from shabaka.jobs.models import Job

ALL_JOBS_PERMISSION = "jobs.view_all_jobs"


def jobs_visible_to(user) -> QuerySet[Job]:
    """The person's own jobs; staff see every job (the scheduled ones included)."""
    if not user.is_authenticated:
        return Job.objects.none()
    jobs = Job.objects.select_related("owner").defer("checkpoint", "params")
    if user.has_perm(ALL_JOBS_PERMISSION):
        return jobs
    return jobs.filter(owner=user)


def job_for(user, pk) -> Job | None:
    return jobs_visible_to(user).filter(pk=pk).first()
