"""Background jobs end to end on the database queue: a job is started by a request, run by the
worker (`shabaka worker --batch`), followed on its page; failures give a reason and can be run
again from where they stopped; a stalled job is marked failed."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from shabaka.directory.models import Country
from shabaka.jobs import services
from shabaka.jobs.models import Job, JobStatus
from tests.jobs.kinds import COUNT

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("worker", batch=True, no_schedule=True, verbosity=0)


def start(owner, **params):
    return services.job_start(kind=COUNT, owner=owner, title="Counting", params=params)


def test_a_job_runs_on_the_worker_and_its_page_shows_the_summary(client, staff_user):
    job = start(staff_user, units=5)
    client.force_login(staff_user)
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "Waiting for a worker" in page
    # Without JavaScript the page reloads itself while the job is not finished.
    assert 'http-equiv="refresh"' in page and "hx-trigger" in page
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempts) == (JobStatus.SUCCEEDED, 5, 5, 1)
    assert Country.objects.filter(code__startswith="Q").count() == 5
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "5 units done." in page
    assert 'http-equiv="refresh"' not in page and "hx-trigger" not in page
    fragment = client.get(reverse("jobs:job_detail", args=[job.pk]), headers={"HX-Request": "1"})
    assert fragment.content.decode().lstrip().startswith('<section id="job-status"')


def test_a_running_job_shows_rows_done_of_rows_total(client, staff_user):
    job = start(staff_user, units=4)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=1, total=4)
    client.force_login(staff_user)
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "1 of 4 done" in page and '<progress id="job-progress" max="4" value="1">' in page


def test_a_failed_job_gives_its_reason_and_runs_again_from_where_it_stopped(client, staff_user):
    job = start(staff_user, units=6, fail_at=3)
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.done, job.error) == (
        JobStatus.FAILED,
        3,
        "Stopped on purpose at unit 3.",
    )
    assert Country.objects.filter(code__startswith="Q").count() == 3
    client.force_login(staff_user)
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "Stopped on purpose at unit 3." in page and "3 of 6 were finished and are kept." in page
    response = client.post(reverse("jobs:job_retry", args=[job.pk]))
    assert response.status_code == 302
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.done, job.attempts) == (JobStatus.SUCCEEDED, 6, 2)
    # The units of the first run were not done twice.
    assert Country.objects.filter(code__startswith="Q").count() == 6


def test_an_unexpected_error_fails_the_job_with_a_plain_reason(staff_user):
    job = start(staff_user)  # no "units": the handler raises KeyError
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "unexpected error" in job.error and "KeyError" not in job.error


def test_a_job_delivered_twice_is_done_once(staff_user):
    job = start(staff_user, units=2)
    run_worker()
    assert services.job_run(job.pk) == JobStatus.SUCCEEDED
    job.refresh_from_db()
    assert (job.attempts, job.done) == (1, 2)


def test_a_stalled_job_is_marked_failed(staff_user, settings):
    quiet = start(staff_user, units=2)
    alive = start(staff_user, units=2)
    now = timezone.now()
    Job.objects.filter(pk=quiet.pk).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now - timedelta(hours=1)
    )
    Job.objects.filter(pk=alive.pk).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    assert services.jobs_mark_stalled() == 1
    quiet.refresh_from_db()
    alive.refresh_from_db()
    assert quiet.status == JobStatus.FAILED and "stopped without finishing" in quiet.error
    assert alive.status == JobStatus.RUNNING
    # Past its kind's time limit (30 minutes by default) even a job that still writes is stopped.
    Job.objects.filter(pk=alive.pk).update(started_at=now - timedelta(hours=1))
    assert services.jobs_mark_stalled() == 1


def test_people_see_their_own_jobs_and_staff_see_all(client, make_user, staff_user):
    member = make_user()
    other = make_user()
    mine = start(member, units=1)
    theirs = start(other, units=1)
    client.force_login(member)
    listing = client.get(reverse("jobs:job_list")).content.decode()
    assert str(mine.pk) in listing and str(theirs.pk) not in listing
    assert client.get(reverse("jobs:job_detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("jobs:job_retry", args=[theirs.pk])).status_code == 404
    client.force_login(staff_user)
    listing = client.get(reverse("jobs:job_list")).content.decode()
    assert str(mine.pk) in listing and str(theirs.pk) in listing
    assert client.get(reverse("jobs:job_detail", args=[theirs.pk])).status_code == 200


def test_the_result_file_is_for_the_person_who_started_the_job(client, make_user, staff_user):
    from django.core.files.base import ContentFile

    member = make_user()
    job = start(member, units=1)
    job.result_file.save("rows.csv", ContentFile(b"a,b\n"), save=False)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED, result_file=job.result_file.name, result_name="rows.csv"
    )
    client.force_login(staff_user)
    assert client.get(reverse("jobs:job_download", args=[job.pk])).status_code == 403
    client.force_login(member)
    response = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"a,b\n"
    assert 'filename="rows.csv"' in response["Content-Disposition"]


def test_the_job_list_is_empty_for_a_new_person_and_needs_a_sign_in(client, make_user):
    assert client.get(reverse("jobs:job_list")).status_code == 302
    client.force_login(make_user())
    assert "No jobs yet" in client.get(reverse("jobs:job_list")).content.decode()


def test_the_recurring_tasks_are_queued_once(settings):
    from shabaka.jobs.models import Schedule

    first = services.schedules_ensure()
    assert {"jobs.watchdog", "operations.retention"} <= set(first)
    assert services.schedules_ensure() == []  # already waiting on the queue
    retention = Schedule.objects.get(name="operations.retention")
    assert retention.next_run_at > timezone.now()
    # A run that is not due (a second worker queued it too) does nothing.
    assert services.schedule_run("operations.retention") == "not due"
    assert services.schedule_run("jobs.watchdog") == "ran"


def test_a_queued_job_whose_task_was_lost_is_sent_again(staff_user, run_worker):
    from django_tasks_db.models import DBTaskResult

    job = start(staff_user, units=1)
    DBTaskResult.objects.all().delete()  # the queue lost it
    assert services.jobs_requeue_waiting() == 0  # not yet: it may still be on its way
    later = timezone.now() + timedelta(minutes=11)
    assert services.jobs_requeue_waiting(now=later) == 1
    assert services.jobs_requeue_waiting(now=later) == 0  # now waiting on the queue
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_the_search_index_rebuild_can_be_queued_from_the_command_line(run_worker):
    import io

    out = io.StringIO()
    call_command("rebuild_search_index", background=True, stdout=out)
    job = Job.objects.get(kind="search.rebuild")
    assert str(job.pk) in out.getvalue() and job.owner is None
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and "records indexed" in job.summary["lines"][0]


def test_the_daily_anonymisation_runs_as_a_job(run_worker):
    """The schedule starts it (operations.jobs.start_daily_retention); the worker runs it."""
    from shabaka.operations.jobs import start_daily_retention

    job = start_daily_retention()
    assert job.owner is None
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.done == 1 and any("anonymised" in line for line in job.summary["lines"])
