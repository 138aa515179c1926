"""Every export holds every row it should, whatever the number of rows: 0, 1, 256, 257 (one
past a power of two, where a batch or a prepared read can stop short) and 5,000.

What is asserted is what the person downloading sees: the answer is 200, and the file (read
with the csv module, openpyxl, or as the calendar / feed / IATI file it is) has one data row per
record, each record once. Rows are inserted in bulk (tests.factories.bulk)."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from shabaka.core.visibility import Visibility
from tests.factories import bulk

SIZES = [0, 1, 256, 257, 5000]


@pytest.fixture(params=SIZES, ids=lambda n: f"{n}-rows")
def size(request):
    return request.param


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response, sheet: str | None = None) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    return [row for row in worksheet.iter_rows(values_only=True) if any(v is not None for v in row)]


def markers_in(rows, kind: str) -> set[str]:
    """The distinct record markers (zq-org-00042) found in the rows (lists of cells, or text)."""
    found = set()
    pattern = re.compile(rf"zq-{kind}-\d{{5}}")
    for row in rows:
        text = row if isinstance(row, str) else " ".join(str(v) for v in row if v is not None)
        found.update(pattern.findall(text))
    return found


def expected_markers(kind: str, count: int) -> set[str]:
    return {bulk.marker(kind, n) for n in range(count)}


def assert_table(rows, *, kind: str, count: int) -> None:
    """A header, then exactly one row per record, every record there."""
    assert rows, "not even a header"
    data = rows[1:]
    assert len(data) == count
    assert markers_in(data, kind) == expected_markers(kind, count)


# --- The list exports (reports.exports): the same rows as the list page ---------------------


def _network_with_members(count: int) -> str:
    network = bulk.networks(1)[0]
    bulk.members(network, count)
    return f"/exports/networks/{network.slug}/members"


def _simple(make, path):
    def build(count: int) -> str:
        make(count)
        return path

    return build


# key: (makes `count` records and gives the export's path without its format, marker kind)
LIST_EXPORTS = {
    "organisations": (_simple(bulk.organisations, "/exports/organisations"), "org"),
    "network-members": (_network_with_members, "org"),
    "events": (_simple(bulk.events, "/exports/events"), "event"),
    "news": (_simple(bulk.news, "/exports/news"), "news"),
    "projects": (_simple(bulk.projects, "/exports/projects"), "project"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("key", list(LIST_EXPORTS))
def test_list_export_holds_every_public_row_for_a_visitor(client, key, fmt, size):
    build, kind = LIST_EXPORTS[key]
    path = build(size)
    response = client.get(f"{path}.{fmt}")
    assert response.status_code == 200
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert_table(rows, kind=kind, count=size)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_organisations_export_holds_unlisted_rows_for_staff(client, staff_user, fmt, size):
    # Half public, half unlisted: staff see both halves.
    public = size - size // 2
    bulk.organisations(public)
    bulk.organisations(size // 2, visibility=Visibility.MEMBERS, start=public)
    client.force_login(staff_user)
    response = client.get(f"/exports/organisations.{fmt}")
    assert response.status_code == 200
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert_table(rows, kind="org", count=size)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_audit_export_holds_every_entry_for_staff(client, staff_user, fmt, size):
    bulk.audit_entries(size)
    client.force_login(staff_user)
    response = client.get(f"/exports/audit.{fmt}")
    assert response.status_code == 200
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    # Signing in may itself be audited: count the rows made here, by their markers.
    data = [row for row in rows[1:] if markers_in([row], "audit")]
    assert len(data) == size
    assert markers_in(data, "audit") == expected_markers("audit", size)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_audit_export_is_refused_to_a_visitor(client, fmt):
    bulk.audit_entries(3)
    response = client.get(f"/exports/audit.{fmt}")
    assert response.status_code in (403, 404)
    assert b"zq-audit-" not in body(response)


# --- The action plan's own export: one row per activity --------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_plan_export_holds_every_activity(client, fmt, size, settings):
    # Sent at once here whatever the size (a larger plan goes through a job: the test below).
    settings.EXPORT_DIRECT_MAX_ROWS = 10 * 5000
    plan = bulk.plans(1)[0]
    bulk.activities(plan, size)
    response = client.get(f"/plans/{plan.pk}/export.{fmt}")
    assert response.status_code == 200
    assert_plan_rows(response, fmt, size)


def assert_plan_rows(response, fmt, size):
    if fmt == "csv":
        rows = csv_rows(response)
    else:
        workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
        sheets = [ws for ws in workbook.worksheets if ws.title == "Activities"]
        assert len(sheets) == 1, workbook.sheetnames
        rows = [r for r in sheets[0].iter_rows(values_only=True) if any(r)]
    assert_table(rows, kind="activity", count=size)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_large_plan_is_exported_by_a_job(client, fmt, settings, make_user, run_worker):
    settings.EXPORT_DIRECT_MAX_ROWS = 100  # plans of more than 10 activities go to a job
    plan = bulk.plans(1)[0]
    bulk.activities(plan, 11)
    url = f"/plans/{plan.pk}/export.{fmt}"
    assert "more than 10 activities" in client.get(url).content.decode()
    assert "/accounts/sign-in/" in client.post(url)["Location"]  # a visitor signs in first
    client.force_login(make_user())
    job_page = client.post(url)["Location"]
    run_worker()
    assert_plan_rows(client.get(job_page + "download"), fmt, 11)


# --- Calendars, feeds and the IATI file ------------------------------------------------------

EVENTS_FEED_LIMIT = 500  # events.selectors.public_feed_events: the latest 500
NEWS_FEED_LIMIT = 50  # content.selectors.news_feed_items


@pytest.mark.django_db
def test_events_calendar_feed_holds_the_latest_public_events(client, size):
    bulk.events(size)
    response = client.get("/events/feed.ics")
    assert response.status_code == 200
    text = body(response).decode()
    expected = min(size, EVENTS_FEED_LIMIT)
    assert text.count("BEGIN:VEVENT") == expected
    # The latest first: with more than the limit, the last ones made (latest start) are in.
    shown = set(re.findall(r"zq-event-\d{5}", text))
    assert shown == expected_markers("event", size) - expected_markers("event", size - expected)


@pytest.mark.django_db
def test_news_feed_holds_the_latest_news(client, size):
    bulk.news(size)
    response = client.get("/news/feed.atom")
    assert response.status_code == 200
    root = ET.fromstring(body(response))
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    expected = min(size, NEWS_FEED_LIMIT)
    assert len(entries) == expected
    # bulk.news makes item 0 the newest.
    assert markers_in([ET.tostring(e, encoding="unicode") for e in entries], "news") == (
        expected_markers("news", expected)
    )


@pytest.mark.django_db
def test_iati_file_holds_every_public_project(client, size):
    bulk.projects(size)
    response = client.get("/projects/iati.xml")
    assert response.status_code == 200
    root = ET.fromstring(body(response))
    activities = root.findall("iati-activity")
    assert len(activities) == size
    assert markers_in([ET.tostring(a, encoding="unicode") for a in activities], "project") == (
        expected_markers("project", size)
    )
