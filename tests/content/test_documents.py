import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shabaka.content import services
from shabaka.content.models import Document
from shabaka.core.errors import Refused
from tests.factories.directory import OrganisationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(staff_user, make_user, outsider):
    network, other_network = NetworkFactory(), NetworkFactory()
    editor_org = OrganisationFactory()
    MembershipFactory(network=network, organisation=editor_org)
    member = make_user(scoped=[("org_editor", editor_org)])
    other_member = make_user(scoped=[("coordinator", other_network)])

    def doc(title, visibility, network=None):
        return services.document_create(
            title=title,
            upload=SimpleUploadedFile(f"{title}.pdf", PDF),
            uploaded_by=staff_user,
            visibility=visibility,
            network=network,
        )

    return {
        "public": doc("public", "public"),
        "members": doc("members", "members", network),
        "staff": doc("staff", "staff"),
        "member": member,
        "other_member": other_member,
        "outsider": outsider,
        "staff_user": staff_user,
        "network": network,
    }


# (viewer, document) → may read
EXPECTED = {
    None: {"public": True, "members": False, "staff": False},
    "outsider": {"public": True, "members": False, "staff": False},
    "other_member": {"public": True, "members": False, "staff": False},
    "member": {"public": True, "members": True, "staff": False},
    "staff_user": {"public": True, "members": True, "staff": True},
}


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", list(EXPECTED))
def test_document_access_per_visibility_including_direct_urls(client, world, viewer):
    if viewer:
        client.force_login(world[viewer])
    listing = client.get(reverse("content:document_list")).content.decode()
    for name, allowed in EXPECTED[viewer].items():
        document = world[name]
        download = client.get(reverse("content:document_download", args=[document.public_id]))
        about = client.get(reverse("content:document_detail", args=[document.public_id]))
        if allowed:
            assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
            assert about.status_code == 200
            assert f">{name}</a>" in listing
        else:
            # 404, as if it did not exist: no hint for a guessed or leaked URL.
            assert (download.status_code, about.status_code) == (404, 404), name
            assert f">{name}</a>" not in listing


@pytest.mark.django_db
def test_members_only_files_have_no_guessable_url(client, world, settings):
    document = world["members"]
    # The stored path holds a random folder (uuid4), and the media folder itself is not served:
    # the only way to the file is the download view, which checks who asks.
    assert document.file.name.startswith(f"documents/{document.public_id.hex}/")
    direct = client.get(f"{settings.MEDIA_URL}{document.file.name}")
    assert direct.status_code == 404


@pytest.mark.django_db
def test_members_only_download_is_not_cached_by_proxies(client, world):
    client.force_login(world["member"])
    response = client.get(reverse("content:document_download", args=[world["members"].public_id]))
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_upload_new_version_and_history_pages(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("content:document_upload"),
        {
            "title": "Code of Conduct",
            "language": "ar",
            "visibility": "public",
            "file": SimpleUploadedFile("code.pdf", PDF),
        },
    )
    assert response.status_code == 302
    first = Document.objects.get()
    assert (first.language, first.visibility, first.version) == ("ar", "public", 1)
    response = client.post(
        reverse("content:document_new_version", args=[first.public_id]),
        {"file": SimpleUploadedFile("code-v2.pdf", PDF + b"%v2")},
    )
    assert response.status_code == 302
    latest = Document.objects.get(is_current=True)
    page = client.get(reverse("content:document_detail", args=[latest.public_id])).content.decode()
    assert "Version 2" in page and "Version 1" in page


@pytest.mark.django_db
def test_a_bad_upload_shows_the_reason_and_stores_nothing(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("content:document_upload"),
        {
            "title": "x",
            "language": "en",
            "visibility": "public",
            "file": SimpleUploadedFile("x.pdf", b"<script>"),
        },
    )
    assert response.status_code == 200
    assert "does not match its type" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_outsiders_cannot_upload_or_add_versions(client, outsider, world):
    client.force_login(outsider)
    assert client.get(reverse("content:document_upload")).status_code == 403
    public = world["public"]
    response = client.post(
        reverse("content:document_new_version", args=[public.public_id]),
        {"file": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert response.status_code == 403  # a public document they see, not theirs to change
    assert Document.objects.filter(series=public.series).count() == 1
    client.logout()
    assert client.get(reverse("content:document_upload")).status_code == 302  # sign in first


@pytest.mark.django_db
def test_a_javascript_link_is_refused(staff_user):
    with pytest.raises(Refused, match="https://"):
        services.document_create(title="x", link="javascript:alert(1)", uploaded_by=staff_user)
    assert not Document.objects.exists()
