"""List exports: the same rows as the page for the same filters, round trips through csv and
openpyxl, formula injection escaped, what the viewer may not see left out."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from shabaka.core.visibility import Visibility
from shabaka.events.models import EventType
from tests.factories.content import NewsFactory
from tests.factories.directory import OrganisationFactory
from tests.factories.networks import MembershipFactory
from tests.factories.projects import ProjectFactory
from tests.reports.conftest import SECRET_EMAIL, SECRET_PHONE, make_event

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def export_url(key: str, fmt: str) -> str:
    return reverse("reports:list_export", kwargs={"key": key, "fmt": fmt})


def test_events_export_has_the_page_rows_for_the_same_filters(client, world):
    make_event(title='=HYPERLINK("http://evil.example","x")', type=EventType.TRAINING)
    filters = {"type": EventType.WORKSHOP}
    page = client.get(reverse("events:event_list"), filters)
    shown = [row["title"] for row in page.context["rows"]]
    rows = csv_rows(client.get(export_url("events", "csv"), filters))
    assert rows[0][0] == "Title"
    assert [r[0] for r in rows[1:]] == shown == ["Tripoli workshop"]
    # Without a filter: every public event, the formula escaped; never the staff-only one.
    rows = xlsx_rows(client.get(export_url("events", "xlsx")))
    titles = [r[0] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","x")' in titles
    assert "Closed consultation" not in titles
    assert len(titles) == 3


def test_staff_export_of_events_includes_staff_only_events(client, world, staff_user):
    client.force_login(staff_user)
    titles = [r[0] for r in csv_rows(client.get(export_url("events", "csv")))[1:]]
    assert "Closed consultation" in titles


def test_organisations_export_leaves_out_unlisted_ones_and_contact_details(client, world):
    OrganisationFactory(name="Quiet Unlisted Association", visibility=Visibility.MEMBERS)
    OrganisationFactory(name="-2+3 Association", email="x@org.example", phone="+218 1")
    rows = csv_rows(client.get(export_url("organisations", "csv"), {"q": "Association"}))
    names = [r[0] for r in rows[1:]]
    assert "'-2+3 Association" in names
    assert "Quiet Unlisted Association" not in names
    text = repr(rows)
    assert "x@org.example" not in text and "+218 1" not in text
    xlsx = xlsx_rows(client.get(export_url("organisations", "xlsx"), {"q": "Association"}))
    assert [r[0] for r in xlsx[1:]] == names


def test_network_members_export(client, world, staff_user):
    url = reverse("reports:network_members_export", kwargs={"slug": "net-a", "fmt": "csv"})
    rows = csv_rows(client.get(url))
    # Active members only (the one who left is not listed), with the endorsement date.
    assert len(rows) == 1 + 3
    assert sum(1 for r in rows[1:] if r[-1]) == 2
    hidden = reverse("reports:network_members_export", kwargs={"slug": "net-hidden", "fmt": "csv"})
    assert client.get(hidden).status_code == 404
    client.force_login(staff_user)
    assert len(csv_rows(client.get(hidden))) == 2


def test_members_only_membership_is_not_exported_to_the_public(client, world):
    MembershipFactory(
        network=world.network,
        organisation=OrganisationFactory(name="Members Only Org", visibility=Visibility.MEMBERS),
        visibility=Visibility.MEMBERS,
    )
    url = reverse("reports:network_members_export", kwargs={"slug": "net-a", "fmt": "xlsx"})
    assert "Members Only Org" not in repr(xlsx_rows(client.get(url)))


def test_news_and_projects_exports(client, world):
    NewsFactory(title="@news that looks like a command")
    rows = csv_rows(client.get(export_url("news", "csv")))
    titles = [r[0] for r in rows[1:]]
    assert "ورشة عمل في طرابلس" in titles and "'@news that looks like a command" in titles
    rows = csv_rows(client.get(export_url("news", "csv"), {"project": "proj"}))
    assert [r[0] for r in rows[1:]] == ["ورشة عمل في طرابلس"]
    ProjectFactory(title="Staff project", visibility=Visibility.STAFF)
    rows = xlsx_rows(client.get(export_url("projects", "xlsx")))
    titles = [r[0] for r in rows[1:]]
    assert "Project P" in titles and "Staff project" not in titles


def test_audit_export_is_for_staff(client, world, outsider, staff_user):
    url = export_url("audit", "csv")
    assert client.get(url).status_code in (302, 403)
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    rows = csv_rows(client.get(url, {"action": "create"}))
    assert rows[0][:3] == ["When", "By", "Action"]
    assert len(rows) > 1


def test_unknown_export_or_format_is_a_404(client, world):
    assert client.get(export_url("people", "csv")).status_code == 404
    assert client.get(export_url("events", "pdf")).status_code == 404


def test_exports_carry_no_personal_data(client, world, staff_user):
    client.force_login(staff_user)
    for key in ("organisations", "events", "news", "projects"):
        body = repr(csv_rows(client.get(export_url(key, "csv"))))
        assert SECRET_EMAIL not in body and SECRET_PHONE not in body


@pytest.mark.parametrize("key", ["organisations", "events", "news", "projects"])
def test_export_query_count_does_not_grow_with_rows(client, world, key):
    def run():
        with CaptureQueriesContext(connection) as queries:
            csv_rows(client.get(export_url(key, "csv")))
        return len(queries)

    few = run()
    for _n in range(30):
        org = OrganisationFactory()
        MembershipFactory(network=world.network, organisation=org)
        event = make_event(project=world.project)
        event.networks.add(world.network)
        news = NewsFactory()
        news.projects.add(world.project)
        ProjectFactory().countries.add(world.network.country)
    assert run() == few


def test_export_links_are_on_the_list_pages(client, world):
    for name, key in [
        ("events:event_list", "events"),
        ("directory:organisation_list", "organisations"),
        ("content:news_list", "news"),
        ("projects:project_list", "projects"),
    ]:
        body = client.get(reverse(name), {"q": "x"} if key == "organisations" else {}).content
        assert export_url(key, "csv").encode() in body, name
    body = client.get(reverse("networks:network_detail", args=["net-a"])).content.decode()
    assert (
        reverse("reports:network_members_export", kwargs={"slug": "net-a", "fmt": "xlsx"}) in body
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_network_members_through_the_generic_route_is_not_found(
    client, world, staff_user, method, fmt
):
    # The members of which network? The generic route has no slug: a 404, not a 500, and no job
    # started that could only fail.
    from shabaka.jobs.models import Job

    client.force_login(staff_user)
    url = reverse("reports:list_export", kwargs={"key": "network-members", "fmt": fmt})
    assert getattr(client, method)(url).status_code == 404
    assert not Job.objects.exists()
