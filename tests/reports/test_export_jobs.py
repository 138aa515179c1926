"""A list longer than EXPORT_DIRECT_MAX_ROWS is exported by a background job: the page says so
and offers the button; the job writes every row the person may see to a file they download
from the job's page; a visitor is asked to sign in."""

import pytest
from django.core.management import call_command

from shabaka.core.visibility import Visibility
from shabaka.jobs.models import Job, JobStatus
from tests.factories import bulk
from tests.reports.test_export_sizes import assert_table, csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_long_list_is_written_by_a_job_with_every_row_the_person_may_see(
    client, staff_user, settings, fmt
):
    settings.EXPORT_DIRECT_MAX_ROWS = 10
    bulk.organisations(8)
    bulk.organisations(7, visibility=Visibility.MEMBERS, start=8)
    client.force_login(staff_user)
    page = client.get(f"/exports/organisations.{fmt}")
    assert page.status_code == 200
    assert "more than 10 rows" in page.content.decode()
    assert not Job.objects.exists()  # a GET starts nothing
    job_page = client.post(f"/exports/organisations.{fmt}")["Location"]
    call_command("worker", batch=True, no_schedule=True, verbosity=0)
    job = Job.objects.get()
    assert (job.status, job.result_name) == (JobStatus.SUCCEEDED, f"organisations.{fmt}")
    assert job.done == 15
    assert "Download organisations." in client.get(job_page).content.decode()
    download = client.get(job_page + "download")
    rows = csv_rows(download) if fmt == "csv" else xlsx_rows(download)
    assert_table(rows, kind="org", count=15)


def test_the_job_keeps_the_filters_of_the_page(client, staff_user, settings):
    settings.EXPORT_DIRECT_MAX_ROWS = 2
    bulk.organisations(4)
    client.force_login(staff_user)
    client.post("/exports/organisations.csv?q=zq-org-00001")
    call_command("worker", batch=True, no_schedule=True, verbosity=0)
    job = Job.objects.get()
    assert job.params["query"] == "q=zq-org-00001"
    download = client.get(f"/jobs/{job.pk}/download")
    rows = csv_rows(download)
    assert len(rows) == 2 and "zq-org-00001" in " ".join(rows[1])


def test_a_visitor_is_asked_to_sign_in_for_a_long_list(client, settings):
    settings.EXPORT_DIRECT_MAX_ROWS = 2
    bulk.organisations(3)
    page = client.get("/exports/organisations.csv").content.decode()
    assert "Sign in to export the whole list." in page
    response = client.post("/exports/organisations.csv")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    assert not Job.objects.exists()


def test_a_list_at_the_limit_is_sent_at_once(client, settings):
    settings.EXPORT_DIRECT_MAX_ROWS = 3
    bulk.organisations(3)
    response = client.get("/exports/organisations.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert_table(csv_rows(response), kind="org", count=3)
