"""The donor report: for project staff, a page and a PDF with the figures, the public events
held, the news published and the supported plans' progress; no personal data in either."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from shabaka.core.visibility import Visibility
from tests.factories.plans import make_activity, make_objective, make_plan
from tests.reports.conftest import SECRET_EMAIL, SECRET_NAME, SECRET_PHONE

pytestmark = pytest.mark.django_db(transaction=True)

PERIOD = {"date_from": "2019-01-01", "date_to": "2021-12-31"}


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return "\n".join(page.extract_text() for page in reader.pages)


def prepared_pdf(client, period=PERIOD):
    """Start the PDF job as the page's button does, run the worker, download the file."""
    from urllib.parse import urlencode

    from django.core.management import call_command

    url = reverse("reports:donor_report_pdf", args=["proj"]) + "?" + urlencode(period)
    assert client.get(url).status_code == 200  # the page with the button that starts the job
    job_page = client.post(url)["Location"]
    call_command("worker", batch=True, no_schedule=True, verbosity=0)
    assert "download" in client.get(job_page).content.decode()
    return client.get(job_page + "download")


def test_donor_report_is_for_project_staff(client, world, outsider, viewer_user, staff_user):
    url = reverse("reports:donor_report", args=["proj"])
    pdf = reverse("reports:donor_report_pdf", args=["proj"])
    assert client.get(url).status_code == 302  # sign in first
    assert client.get(pdf).status_code == 302
    for user in (outsider, viewer_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(pdf).status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_donor_report_page_lists_public_events_news_and_plans(client, world, staff_user):
    plan = make_plan(network=world.network, visibility="public", title="Network A plan")
    make_activity(
        make_objective(plan),
        code="1.1",
        planned_start=date(2099, 1, 1),
        planned_end=date(2099, 2, 1),
    )
    from shabaka.plans import services

    services.plan_adopt(plan=plan, adopted_by=None, adopted_on=date(2021, 1, 28))
    client.force_login(staff_user)
    response = client.get(reverse("reports:donor_report", args=["proj"]), PERIOD)
    body = response.content.decode()
    assert "Tripoli workshop" in body and "Coaching session" in body
    # Counted, but not listed: the staff-only consultation is in the figures only.
    assert "Closed consultation" not in body
    report = response.context["report"]
    assert report["events_total"] == 3
    assert report["participants"]["total"] == 5
    assert "ورشة عمل في طرابلس" in body
    assert [s["plan"].title for s in report["plans"]] == ["Network A plan"]
    assert report["plans"][0]["counts"]["on_track"] == 1
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE):
        assert secret not in body


def test_donor_report_pdf_renders_figures_and_arabic(client, world, staff_user):
    client.force_login(staff_user)
    response = prepared_pdf(client)
    assert response["Content-Disposition"].startswith('attachment; filename="proj-report-')
    text = pdf_text(response)
    assert "Donor report: Project P" in text
    assert "Tripoli workshop" in text
    assert "Participants" in text
    # The figures: 3 events, 5 participants (two women, ... as counted in the world).
    assert "Events\n3" in text.replace(" \n", "\n") or "Events 3" in text
    assert "ورشة عمل في طرابلس" in text or "طرابلس" in text
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE):
        assert secret not in text


def test_donor_report_pdf_in_arabic(client, world, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "ar"
    text = pdf_text(prepared_pdf(client))
    assert "طرابلس" in text


def test_donor_report_period_limits_events_and_news(client, world, staff_user):
    client.force_login(staff_user)
    response = client.get(
        reverse("reports:donor_report", args=["proj"]),
        {"date_from": "2020-01-01", "date_to": "2020-12-31"},
    )
    report = response.context["report"]
    assert [e.title for e in report["events_held"]] == ["Coaching session"]
    assert report["news"] == []
    assert report["events_total"] == 2  # coaching and the staff-only consultation, counted


def test_donor_report_of_a_hidden_project_is_a_404_even_for_a_member(client, world, make_user):
    world.project.visibility = Visibility.STAFF
    world.project.save()
    client.force_login(make_user("viewer"))
    assert client.get(reverse("reports:donor_report", args=["proj"])).status_code == 404
