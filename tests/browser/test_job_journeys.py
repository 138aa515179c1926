"""The journey of long work: project staff send an IATI file, land on the job's page, and watch
it update itself (htmx) from "waiting" to the import's summary while a worker runs it; the job
is then in their list of jobs. In English on a laptop and in Arabic on a phone."""

import pytest

from shabaka.accounts.models import Role
from shabaka.jobs.models import Job, JobStatus
from shabaka.projects.models import Project
from tests.browser.conftest import JOURNEY_SETUPS, click_and_wait, go, sign_in
from tests.browser.test_network_journeys import seen, translated
from tests.factories import TEST_PASSWORD
from tests.projects.test_iati_results import activity, iati_file

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("language", "viewport"), JOURNEY_SETUPS)
def test_staff_follow_an_iati_import_on_its_page(
    open_page, make_user, run_worker, language, viewport, tmp_path
):
    staff = make_user(Role.STAFF, password=TEST_PASSWORD, preferred_language=language)
    upload = tmp_path / "partner.xml"
    upload.write_bytes(iati_file(activity(identifier="XM-DAC-47137-JOURNEY", title="Journey")))
    page = open_page(language, viewport)
    sign_in(page, staff.email, TEST_PASSWORD)
    go(page, "/projects/iati/import/")
    seen(page, f"job-{language}-1-upload", f"IATI import form ({language})")
    page.set_input_files("#id_file", str(upload))
    click_and_wait(page, "main form button[type=submit]")

    job = Job.objects.get()
    assert page.url.endswith(f"/jobs/{job.pk}/")
    waiting = translated(
        language, "Waiting for a worker. It starts as soon as one is free; you can leave this page."
    )
    assert waiting in page.inner_text("#job-status")
    seen(page, f"job-{language}-2-queued", f"job queued ({language})")

    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    # The page asks for news every two seconds and swaps in the summary, without a reload.
    page.wait_for_selector("#job-status:not([hx-trigger])", timeout=15_000)
    assert "XM-DAC-47137-JOURNEY" in page.inner_text("#job-status")
    assert Project.objects.filter(iati_identifier="XM-DAC-47137-JOURNEY").exists()
    seen(page, f"job-{language}-3-finished", f"job finished ({language})")

    go(page, "/jobs/")
    assert job.title in page.inner_text("main")
    seen(page, f"job-{language}-4-list", f"job list ({language})")
