import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from shabaka.accounts.models import AuditEntry
from shabaka.core.errors import Refused
from shabaka.core.visibility import Visibility
from shabaka.dialogues import selectors, services
from shabaka.dialogues.frameworks import DATA_FILE, load_frameworks
from shabaka.dialogues.models import Framework, FrameworkItem, FrameworkTag
from tests.factories.directory import CountryFactory, OrganisationFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def file_items(code):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    framework = next(f for f in data["frameworks"] if f["code"] == code)
    return framework, {item["code"]: item for item in framework["items"]}


def test_jvap_and_gcm_are_loaded_from_the_data_file_with_their_wording():
    load_frameworks()
    jvap, gcm = Framework.objects.get(code="JVAP"), Framework.objects.get(code="GCM")
    assert jvap.items.filter(parent=None).count() == 5
    assert gcm.items.filter(parent=None).count() == 23
    for framework in (jvap, gcm):
        entry, items = file_items(framework.code)
        assert framework.name == entry["name"]
        assert framework.source_url == entry["source"]["url"]
        for item in framework.items.all():
            assert item.title == items[item.code]["title"]
    # A few items checked against the file's text, word for word.
    assert gcm.items.get(code="GCM-1").title == file_items("GCM")[1]["GCM-1"]["title"]
    assert gcm.items.get(code="GCM-23").title.startswith("Strengthen international cooperation")
    assert jvap.items.get(code="JVAP-2").title == "Legal migration and mobility"
    assert jvap.items.get(code="JVAP-4").note  # the doubt about its wording travels with it
    assert [i.position for i in gcm.items.order_by("position")] == list(range(1, 24))


def test_the_data_file_states_its_origin():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for framework in data["frameworks"]:
        assert framework["source"]["url"].startswith("http")
        assert framework["source"]["retrieved"]
        for item in framework["items"]:
            assert item["source_url"].startswith("http")
    assert (DATA_FILE.parent / "SOURCE.md").exists()


def test_loading_twice_creates_nothing_and_restores_the_official_wording():
    first = load_frameworks()
    assert first["created"] == 28
    FrameworkItem.objects.filter(code="GCM-5").update(title="edited by hand")
    second = load_frameworks()
    assert second == {"frameworks": 2, "created": 0, "updated": 1}
    assert FrameworkItem.objects.count() == 28
    assert FrameworkItem.objects.get(code="GCM-5").title == file_items("GCM")[1]["GCM-5"]["title"]


def test_the_management_command_loads_the_frameworks():
    out = io.StringIO()
    call_command("load_frameworks", stdout=out)
    assert "28 item(s) created" in out.getvalue()
    assert FrameworkItem.objects.count() == 28


def test_tagging_is_audited_and_idempotent(staff_user):
    load_frameworks()
    project = ProjectFactory()
    item = FrameworkItem.objects.get(code="GCM-11")
    tag = services.framework_tag(item=item, target=project, tagged_by=staff_user)
    again = services.framework_tag(item=item, target=project, tagged_by=staff_user)
    assert tag == again and FrameworkTag.objects.count() == 1
    assert AuditEntry.objects.filter(action="create", object_id=str(tag.pk)).count() == 1
    assert services.framework_untag(item=item, target=project, untagged_by=staff_user)
    assert not FrameworkTag.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(tag.pk)).exists()


def test_a_record_of_an_unregistered_kind_cannot_be_tagged(staff_user):
    load_frameworks()
    item = FrameworkItem.objects.get(code="GCM-11")
    with pytest.raises(Refused, match="cannot be tagged"):
        services.framework_tag(item=item, target=OrganisationFactory(), tagged_by=staff_user)
    assert not FrameworkTag.objects.exists()


@pytest.fixture
def tagged(staff_user):
    """Projects in several countries and periods, tagged with JVAP items."""
    load_frameworks()
    libya, tunisia = CountryFactory(code="LY"), CountryFactory(code="TN", name="Tunisia")
    specs = [
        ("a", [libya], date(2017, 1, 1), date(2020, 12, 31), ["JVAP-1", "JVAP-4"], "public"),
        ("b", [libya], date(2021, 1, 1), date(2024, 12, 31), ["JVAP-4"], "public"),
        ("c", [tunisia], date(2019, 1, 1), date(2022, 12, 31), ["JVAP-4", "JVAP-5"], "public"),
        ("d", [libya, tunisia], date(2022, 1, 1), None, ["JVAP-2"], "public"),
        ("e", [libya], date(2018, 1, 1), date(2019, 1, 1), ["JVAP-4"], "staff"),
    ]
    projects = {}
    for name, countries, start, end, codes, visibility in specs:
        project = ProjectFactory(
            title=f"Project {name}", planned_start=start, planned_end=end, visibility=visibility
        )
        project.countries.set(countries)
        for code in codes:
            services.framework_tag(
                item=FrameworkItem.objects.get(code=code), target=project, tagged_by=staff_user
            )
        projects[name] = project
    return projects


def expected_counts(viewer_is_staff, *, country=None, start=None, end=None):
    """The follow-up counts computed directly from the tags, independently of the selector."""
    counts = {}
    for tag in FrameworkTag.objects.select_related("item"):
        project = tag.target
        if project.visibility == Visibility.STAFF and not viewer_is_staff:
            continue
        if country is not None and country not in project.countries.all():
            continue
        if end is not None and project.planned_start > end:
            continue
        if start is not None and project.planned_end is not None and project.planned_end < start:
            continue
        counts[tag.item.code] = counts.get(tag.item.code, 0) + 1
    return counts


def follow_up_counts(viewer, **filters):
    result = selectors.framework_follow_up(
        framework=Framework.objects.get(code="JVAP"), viewer=viewer, **filters
    )
    return {
        row.item.code: row.counts["projects"] for row in result["rows"] if row.counts["projects"]
    }


def test_follow_up_counts_match_the_tagged_records(tagged, staff_user, viewer_user):
    from django.contrib.auth.models import AnonymousUser

    assert follow_up_counts(staff_user) == expected_counts(True)
    assert follow_up_counts(staff_user)["JVAP-4"] == 4
    # The public does not see the staff-only project.
    assert follow_up_counts(AnonymousUser()) == expected_counts(False)
    assert follow_up_counts(AnonymousUser())["JVAP-4"] == 3


def test_follow_up_filters_by_country_and_period(tagged, staff_user):
    libya = tagged["a"].countries.get()
    filters = {"country": libya, "start": date(2021, 6, 1), "end": date(2023, 1, 1)}
    assert follow_up_counts(staff_user, **filters) == expected_counts(True, **filters)
    assert follow_up_counts(staff_user, **filters) == {"JVAP-4": 1, "JVAP-2": 1}
    only_country = follow_up_counts(staff_user, country=libya)
    assert only_country == expected_counts(True, country=libya)


def test_the_follow_up_lists_items_in_order_with_the_tagged_projects(tagged, staff_user):
    result = selectors.framework_follow_up(
        framework=Framework.objects.get(code="JVAP"), viewer=staff_user
    )
    assert [row.item.code for row in result["rows"]] == [f"JVAP-{n}" for n in range(1, 6)]
    jvap4 = next(row for row in result["rows"] if row.item.code == "JVAP-4")
    assert {p.title for p in jvap4.records["projects"]} == {
        "Project a",
        "Project b",
        "Project c",
        "Project e",
    }


def test_the_xlsx_export_has_the_same_counts_and_filters(tagged, client, staff_user):
    client.force_login(staff_user)
    response = client.get("/frameworks/JVAP/export.xlsx?country=LY&start=2021-06-01&end=2023-01-01")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    summary = workbook.worksheets[0]
    rows = {r[0]: r for r in summary.iter_rows(values_only=True) if r and r[0]}
    assert rows["JVAP-4"][2] == 1 and rows["JVAP-2"][2] == 1 and rows["JVAP-1"][2] == 0
    records = list(workbook.worksheets[1].iter_rows(values_only=True))[1:]
    assert sorted((r[0], r[3]) for r in records) == [
        ("JVAP-2", "Project d"),
        ("JVAP-4", "Project b"),
    ]


def test_the_public_export_leaves_out_staff_only_projects(tagged, client):
    response = client.get("/frameworks/JVAP/export.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    titles = {r[3] for r in list(workbook.worksheets[1].iter_rows(values_only=True))[1:]}
    assert "Project e" not in titles and "Project a" in titles
