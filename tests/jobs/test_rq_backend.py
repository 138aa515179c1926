"""With REDIS_URL set the queue is RQ on Redis: a job started by one process is run by
`shabaka worker` in another. Needs Redis on 127.0.0.1:6379 (skipped where none answers)."""

import socket
import subprocess
import sys

import pytest

from shabaka.jobs.models import Job, JobStatus
from tests.projects.test_iati_job import PROJECT_ROOT, _worker_environment, many_activities

pytestmark = pytest.mark.django_db(transaction=True)


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_a_job_goes_through_rq(staff_user, settings, tmp_path):
    environment = {
        **_worker_environment(settings),
        "TASKS_BACKEND": "rq",
        "REDIS_URL": "redis://127.0.0.1:6379/7",
    }
    upload = tmp_path / "two.xml"
    upload.write_bytes(many_activities(2))
    start = (
        "import django; django.setup();"
        "from django.core.files.uploadedfile import SimpleUploadedFile;"
        "from shabaka.accounts.models import User;"
        "from shabaka.jobs.services import job_start;"
        f"data = open({str(upload)!r}, 'rb').read();"
        f"job_start(kind='projects.iati_import', owner=User.objects.get(pk={staff_user.pk}),"
        " title='Through RQ', upload=SimpleUploadedFile('two.xml', data))"
    )
    for command in (
        [sys.executable, "-c", start],
        [sys.executable, "-m", "shabaka", "worker", "--batch", "--no-schedule"],
    ):
        done = subprocess.run(
            command, env=environment, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr[-2000:]
    job = Job.objects.get()
    assert (job.status, job.done, job.total) == (JobStatus.SUCCEEDED, 2, 2), job.error
