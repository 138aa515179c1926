"""Bulk import: upload -> preview per row -> apply in one transaction, or cancel."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shabaka.accounts.models import AuditEntry
from shabaka.directory import importing
from shabaka.directory.models import ImportStatus, Organisation, OrganisationImport, Place
from shabaka.networks.models import MembershipStatus
from tests.factories.directory import OrganisationFactory, PlaceFactory, TopicFactory
from tests.factories.networks import NetworkFactory

HEADER = "name,acronym,kind,places,topics,founded_year\n"


@pytest.fixture
def reference(transactional_db):
    PlaceFactory(code="LY021104", name="Tripoli")
    PlaceFactory(code="LY010304", name="Benghazi")
    TopicFactory(slug="protection", name="Protection")
    return OrganisationFactory(name="جمعية الهلال للإغاثة", acronym="")


def upload(client, content: bytes, name="orgs.csv", network=None):
    """Upload as the form does, let the worker read the file, and return the job's page (or the
    form, when it refused the file at once)."""
    data = {"upload": SimpleUploadedFile(name, content)}
    if network is not None:
        data["network"] = network.pk
    response = client.post(reverse("directory:import_upload"), data)
    if response.status_code != 302:
        return response
    run_batch_worker()
    return client.get(response["Location"])


def run_batch_worker():
    from django.core.management import call_command

    call_command("worker", batch=True, no_schedule=True, verbosity=0)


def apply(client, batch, **data):
    """Confirm the import as the preview's button does; the worker writes the rows."""
    url = reverse("directory:import_preview", args=[batch.token])
    response = client.post(url, {"action": "apply", **data})
    if response.status_code == 302 and "/jobs/" in response["Location"]:
        run_batch_worker()
        return client.get(response["Location"])
    return response


def latest():
    return OrganisationImport.objects.latest("created_at")


GOOD_AND_BAD = (
    HEADER
    + "Tripoli Relief Association,TRA,cso,LY021104,protection,2012\n"
    + "جمعيه الهلال للاغاثه,HRA,,LY010304,,\n"  # the existing one, other letter forms
    + ",NONAME,cso,,,\n"
    + "Bad Place Association,,cso,LY999999,,\n"
    + "tripoli  relief ASSOCIATION,,cso,,,\n"
    + "Odd Kind,,spaceship,,,\n"
).encode()


@pytest.mark.django_db(transaction=True)
def test_preview_shows_per_row_what_will_happen_and_why(client, staff_user, reference):
    client.force_login(staff_user)
    job_page = upload(client, GOOD_AND_BAD).content.decode()
    # The job that read the file sums it up and leads on to the preview.
    assert "1 to create, 1 to update, 4 refused." in job_page
    batch = latest()
    assert reverse("directory:import_preview", args=[batch.token]) in job_page
    plans = importing.import_plan(batch)
    assert [(p.line, p.action) for p in plans] == [
        (2, "create"),
        (3, "update"),
        (4, "refused"),
        (5, "refused"),
        (6, "refused"),
        (7, "refused"),
    ]
    assert plans[1].match == reference
    page = client.get(reverse("directory:import_preview", args=[batch.token])).content.decode()
    for reason in (
        "Missing name.",
        "Unknown place code: LY999999.",
        "Duplicate of row 2 in this file.",
        "Unknown kind: spaceship.",
        "1 to create, 1 to update, 4 refused.",
    ):
        assert reason in page
    # Nothing was written by the preview.
    assert Organisation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_apply_is_refused_while_rows_are_refused_unless_skipped(client, staff_user, reference):
    client.force_login(staff_user)
    upload(client, GOOD_AND_BAD)
    url = reverse("directory:import_preview", args=[latest().token])
    response = client.post(url, {"action": "apply"})
    assert "4 rows are refused" in response.content.decode()
    assert Organisation.objects.count() == 1
    assert latest().status == ImportStatus.PREVIEWED

    page = apply(client, latest(), skip_refused="on").content.decode()
    assert "Imported: 1 created, 1 updated, 4 skipped, 0 new memberships." in page
    assert Organisation.objects.count() == 2
    created = Organisation.objects.get(acronym="TRA")
    assert [p.code for p in created.places.all()] == ["LY021104"]
    assert created.founded_year == 2012 and created.visibility == "members"
    reference.refresh_from_db()
    assert reference.acronym == "HRA"
    assert [p.code for p in reference.places.all()] == ["LY010304"]
    batch = latest()
    assert batch.status == ImportStatus.APPLIED
    assert batch.summary["applied"] == {"created": 1, "updated": 1, "skipped": 4, "joined": 0}
    assert AuditEntry.objects.filter(
        object_id=str(created.pk), action="create", content_type__model="organisation"
    ).exists()
    assert AuditEntry.objects.filter(
        object_id=str(reference.pk), action="update", content_type__model="organisation"
    ).exists()
    # A second apply is refused and writes nothing.
    with pytest.raises(Exception, match="already Applied"):
        importing.import_apply(batch=batch, applied_by=staff_user, skip_refused=True)


@pytest.mark.django_db(transaction=True)
def test_import_into_a_network_makes_active_memberships(client, staff_user, reference):
    network = NetworkFactory()
    client.force_login(staff_user)
    content = (
        "Organisation,Place,Role\n"
        "Misrata Welfare Society,LY021104,coordinator\n"
        "جمعية الهلال للإغاثة,,member\n"
    ).encode()
    upload(client, content, network=network)
    batch = latest()
    apply(client, batch)
    memberships = network.memberships.order_by("role")
    assert [(m.organisation.name, m.status, m.role) for m in memberships] == [
        ("Misrata Welfare Society", MembershipStatus.ACTIVE, "coordinator"),
        ("جمعية الهلال للإغاثة", MembershipStatus.ACTIVE, "member"),
    ]
    assert memberships[0].steps.count() == 2  # applied, approved: dated, with who and why


@pytest.mark.django_db(transaction=True)
def test_cancel_writes_nothing_and_forgets_the_rows(client, staff_user, reference):
    client.force_login(staff_user)
    upload(client, (HEADER + "Tripoli Relief Association,,cso,,,\n").encode())
    batch = latest()
    response = client.post(
        reverse("directory:import_preview", args=[batch.token]), {"action": "cancel"}
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED and batch.rows == []
    assert Organisation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failure_half_way_rolls_back_every_row_already_written(client, staff_user, reference):
    """Rows are checked again as they are written; the third one now fails (its place was
    deleted after the preview): the two rows before it are undone."""
    doomed = PlaceFactory(code="LY777777", name="Doomed")
    client.force_login(staff_user)
    content = (
        HEADER
        + "First Association,,cso,LY021104,,\n"
        + "جمعية الهلال للإغاثة,UPD,,,,\n"
        + "Third Association,,cso,LY777777,,\n"
    ).encode()
    upload(client, content)
    batch = latest()
    assert [p.action for p in importing.import_plan(batch)] == ["create", "update", "create"]
    doomed.delete()
    entries = AuditEntry.objects.count()
    response = apply(client, batch)
    assert "Row 4: Unknown place code: LY777777. Nothing was imported." in response.content.decode()
    assert not Organisation.objects.filter(name="First Association").exists()
    reference.refresh_from_db()
    assert reference.acronym == ""
    assert AuditEntry.objects.count() == entries
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED


@pytest.mark.django_db(transaction=True)
def test_an_xlsx_file_is_read(client, staff_user, reference):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Kind", "Places", "Founded year"])
    sheet.append(["Sebha Route Assistance", "Civil-society organisation", "LY010304", 2015])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(staff_user)
    upload(client, buffer.getvalue(), name="orgs.xlsx")
    plan = importing.import_plan(latest())
    assert [(p.action, p.values["kind"], p.values["founded_year"]) for p in plan] == [
        ("create", "cso", 2015)
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "name,content,message",
    [
        ("orgs.csv", b"acronym,kind\nX,cso\n", "including a &#x27;name&#x27; column"),
        ("orgs.csv", b"name,colour\nX,red\n", "Unknown columns: colour"),
        ("orgs.pdf", b"%PDF-1.4", "Upload a .csv or .xlsx file."),
        ("orgs.xlsx", b"name\nX\n", "This file is not an XLSX workbook."),
        ("orgs.csv", "name\nأ\n".encode("cp1256"), "must be saved as UTF-8"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(client, staff_user, name, content, message):
    client.force_login(staff_user)
    response = upload(client, content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OrganisationImport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_only_the_uploader_sees_an_import(client, staff_user, make_user, reference, viewer_user):
    client.force_login(staff_user)
    upload(client, (HEADER + "X Association,,cso,,,\n").encode())
    url = reverse("directory:import_preview", args=[latest().token])
    client.force_login(make_user("staff"))
    assert client.get(url).status_code == 404
    client.force_login(viewer_user)
    assert client.get(url).status_code == 403
    assert client.get(reverse("directory:import_upload")).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert client.post(url, {"action": "apply"}).status_code == 302
    assert Organisation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_preview_runs_a_fixed_number_of_queries(staff_user, reference):
    def queries(rows: int) -> int:
        body = HEADER + "".join(f"Association {i},,cso,LY021104,protection,\n" for i in range(rows))
        batch = importing.import_upload(
            uploaded_by=staff_user, filename="x.csv", data=body.encode()
        )
        with CaptureQueriesContext(connection) as captured:
            importing.import_plan(batch)
        return len(captured)

    assert queries(3) == queries(60)


@pytest.mark.django_db(transaction=True)
def test_the_place_codes_are_case_insensitive(staff_user, reference):
    batch = importing.import_upload(
        uploaded_by=staff_user,
        filename="x.csv",
        data=(HEADER + "Lower Case Association,,cso,ly021104,,\n").encode(),
    )
    assert importing.import_plan(batch)[0].places == [Place.objects.get(code="LY021104")]
