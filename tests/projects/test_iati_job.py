"""The IATI import as a background job: the request only keeps the file; the worker imports
an activity per transaction; a worker killed half way leaves no half project and the job,
run again, finishes the rest; a hostile file is refused early with little memory."""

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shabaka.jobs import services
from shabaka.jobs.models import Job, JobStatus
from shabaka.plans.models import Indicator
from shabaka.projects.iati.parse import IatiFileError, scan_activity_file
from shabaka.projects.jobs import IATI_IMPORT
from shabaka.projects.models import Project
from tests.projects.test_iati_results import activity, iati_file

pytestmark = pytest.mark.django_db(transaction=True)
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def many_activities(count: int) -> bytes:
    return iati_file(
        *(activity(identifier=f"XM-TEST-{n:05d}", title=f"A{n}") for n in range(count))
    )


def test_the_request_keeps_the_file_and_returns_before_any_import(client, staff_user):
    """1,000 activities: the request stores the upload and queues the job; its queries do not
    depend on the size of the file (the import itself runs on the worker)."""
    client.force_login(staff_user)
    upload = SimpleUploadedFile("big.xml", many_activities(1000), content_type="text/xml")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("projects:iati_import"), {"file": upload})
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert (job.kind, job.status, job.input_name) == (IATI_IMPORT, JobStatus.QUEUED, "big.xml")
    assert not Project.objects.exists()
    assert len(queries) < 25


def test_the_worker_imports_and_the_page_shows_the_report(client, staff_user):
    client.force_login(staff_user)
    upload = SimpleUploadedFile("two.xml", many_activities(2), content_type="text/xml")
    job_page = client.post(reverse("projects:iati_import"), {"file": upload})["Location"]
    call_command("worker", batch=True, no_schedule=True, verbosity=0)
    job = Job.objects.get()
    assert (job.status, job.done, job.total) == (JobStatus.SUCCEEDED, 2, 2)
    page = client.get(job_page).content.decode()
    assert "XM-TEST-00000, XM-TEST-00001" in page
    assert Project.objects.count() == 2


def test_an_import_file_over_the_size_limit_is_refused_in_the_form(client, staff_user, settings):
    settings.IATI_IMPORT_MAX_BYTES = 1024
    client.force_login(staff_user)
    upload = SimpleUploadedFile("big.xml", many_activities(5), content_type="text/xml")
    response = client.post(reverse("projects:iati_import"), {"file": upload})
    assert response.status_code == 200
    assert "The file is too large" in response.content.decode()
    assert not Job.objects.exists()


def _indicators_per_project() -> set[int]:
    project_type = ContentType.objects.get_for_model(Project)
    return {
        Indicator.objects.filter(owner_type=project_type, owner_id=pk).count()
        for pk in Project.objects.values_list("pk", flat=True)
    }


def _worker_environment(settings) -> dict:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{database['NAME']}"
    else:
        url = (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shabaka.settings",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TASKS_BACKEND": "database",
        "PYTHONPATH": str(PROJECT_ROOT),
    }


def test_a_worker_killed_half_way_leaves_no_half_project_and_the_job_finishes_later(
    staff_user, settings
):
    count = 40
    job = services.job_start(
        kind=IATI_IMPORT,
        owner=staff_user,
        title="Killed import",
        upload=SimpleUploadedFile("forty.xml", many_activities(count)),
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "shabaka", "worker", "--no-schedule", "--verbosity", "0"],
        env=_worker_environment(settings),
        cwd=PROJECT_ROOT,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.done >= 3 or job.status != JobStatus.QUEUED and job.status != JobStatus.RUNNING:
                break
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING, job.error
    assert 3 <= job.done < count
    # Every activity committed with the checkpoint is whole; none is half written.
    assert Project.objects.count() == job.done
    assert _indicators_per_project() == {2}

    later = timezone.now() + timedelta(seconds=settings.JOB_STALL_SECONDS + 1)
    assert services.jobs_mark_stalled(now=later) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "stopped without finishing" in job.error
    services.job_retry(job=job)
    call_command("worker", batch=True, no_schedule=True, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.done, job.attempts) == (JobStatus.SUCCEEDED, count, 2)
    assert Project.objects.count() == count
    assert _indicators_per_project() == {2}
    assert len(job.summary["created"]) == count and not job.summary["refused"]


class CountingReader(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_a_file_with_too_many_activities_is_refused_before_it_is_read_through():
    data = many_activities(3000)
    reader = CountingReader(data)
    tracemalloc.start()
    try:
        with pytest.raises(IatiFileError, match="more than 100 activities"):
            scan_activity_file(reader, max_activities=100)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reader.bytes_read < len(data) / 10
    assert peak < 4 * 2**20


def _entity(n: int) -> bytes:
    """Entity n holds ten of entity n - 1."""
    inner = f"&lol{n - 1};" if n > 1 else "&lol;"
    return f'<!ENTITY lol{n} "{inner * 10}">'.encode()


def test_an_entity_bomb_is_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(_entity(n) for n in range(1, 10))
        + b"]><iati-activities><iati-activity>&lol9;</iati-activity></iati-activities>"
    )
    tracemalloc.start()
    try:
        with contextlib.suppress(IatiFileError):
            scan_activity_file(io.BytesIO(bomb), max_activities=10)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 2**20  # expanded, the ninth entity would be 10**9 × "lol"


def test_a_file_that_is_not_iati_is_refused_by_the_scan():
    with pytest.raises(IatiFileError, match="not <iati-activities>"):
        scan_activity_file(io.BytesIO(b"<html><body/></html>"), max_activities=10)
