"""The demo data, loaded once per module and rolled back after it, with the personal data the
security tests look for: every demo person gets an email and a phone, and the demo gets a
members-only and a staff-only document, and a coordinator of another network.

Each test still runs in its own savepoint (the `db` fixture), so writes made by a test (an
empty POST that publishes a news item, say) are undone before the next one.
"""

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

ROLES = [
    "anonymous",
    "viewer",
    "editor",
    "other_coordinator",
    "coordinator",
    "focal_point",
    "staff",
    "admin",
]

DEMO_EMAILS = {
    "viewer": "viewer@demo.shabaka.invalid",
    "editor": "editor@demo.shabaka.invalid",
    "coordinator": "coordinator@demo.shabaka.invalid",
    "focal_point": "focalpoint@demo.shabaka.invalid",
    "staff": "staff@demo.shabaka.invalid",
    "admin": "admin@demo.shabaka.invalid",
}


@dataclass
class Demo:
    users: dict = field(default_factory=dict)  # role -> User (None for anonymous)
    objects: dict = field(default_factory=dict)  # name -> object
    # Personal data to look for in responses, each with the roles that may see it.
    secrets: list = field(default_factory=list)  # (text, frozenset of roles allowed)
    media_root: object = None


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _load_demo() -> Demo:
    import io

    from shabaka.accounts.models import Role, RoleAssignment, User
    from shabaka.content.models import Document
    from shabaka.content.services import document_create
    from shabaka.core.visibility import Visibility
    from shabaka.directory.models import Organisation, Person
    from shabaka.networks.models import Membership, Network

    with override_settings(DEBUG=True):
        call_command("demo", stdout=io.StringIO())
    demo = Demo()
    demo.users = {"anonymous": None} | {
        role: User.objects.get(email=email) for role, email in DEMO_EMAILS.items()
    }
    tripoli = Network.objects.get(slug="demo-net-tripoli")
    sabha = Network.objects.get(slug="demo-net-sabha")
    other = User.objects.create_user(
        email="othercoordinator@demo.shabaka.invalid",
        password="shabaka-demo-2021",
        full_name="Demo Coordinator of Sabha",
    )
    from django.contrib.contenttypes.models import ContentType

    RoleAssignment.objects.create(
        user=other,
        role=Role.COORDINATOR,
        scope_type=ContentType.objects.get_for_model(Network),
        scope_id=sabha.pk,
    )
    demo.users["other_coordinator"] = other
    staff = demo.users["staff"]
    edited_org_ids = set(
        RoleAssignment.objects.filter(user=demo.users["editor"], role=Role.ORG_EDITOR).values_list(
            "scope_id", flat=True
        )
    )

    # Personal data: an email and a phone for every demo person, unique and easy to find.
    everyone = frozenset(ROLES)
    staff_roles = frozenset({"staff", "admin"})
    for person in Person.objects.select_related("organisation"):
        person.email = f"person{person.pk}.private@example.invalid"
        person.phone = f"+218 91 555 {person.pk:04d}"
        person.save(update_fields=["email", "phone"])
        contact_roles = set(staff_roles)
        if person.organisation_id in edited_org_ids:
            contact_roles.add("editor")
        demo.secrets.append((person.email, frozenset(contact_roles)))
        demo.secrets.append((person.phone, frozenset(contact_roles)))
        if not person.is_public:
            # Names of people who did not agree to be named: never to the public or a viewer.
            demo.secrets.append((person.full_name, everyone - {"anonymous", "viewer"}))

    # Contact details of organisations that keep them to members or staff.
    for org in Organisation.objects.exclude(contact_visibility=Visibility.PUBLIC):
        org.email = f"org{org.pk}.contact@example.invalid"
        org.phone = f"+218 21 444 {org.pk:04d}"
        org.address = f"{org.pk} Private Contact Street, Tripoli"
        org.save(update_fields=["email", "phone", "address"])

    # A members-only document of Tripoli's network and a staff-only document.
    members_doc = document_create(
        title="Tripoli members-only minutes SECRET-MEMBERS-7731",
        upload=SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf"),
        owner=tripoli,
        network=tripoli,
        visibility=Visibility.MEMBERS,
        uploaded_by=staff,
    )
    staff_doc = document_create(
        title="Staff-only risk assessment SECRET-STAFF-4410",
        upload=SimpleUploadedFile("risk.pdf", PDF, content_type="application/pdf"),
        owner=tripoli,
        network=tripoli,
        visibility=Visibility.STAFF,
        uploaded_by=staff,
    )
    tripoli_members = {"coordinator", "staff", "admin"}
    if Membership.objects.filter(
        network=tripoli, organisation_id__in=edited_org_ids, status="active"
    ).exists():
        tripoli_members.add("editor")
    demo.secrets.append((members_doc.title, frozenset(tripoli_members)))
    demo.secrets.append((staff_doc.title, staff_roles))

    public_org = (
        Organisation.objects.filter(
            visibility=Visibility.PUBLIC, memberships__network=tripoli, people__isnull=False
        )
        .distinct()
        .first()
    )
    members_org = Organisation.objects.filter(visibility=Visibility.MEMBERS).first()
    staff_org = Organisation.objects.filter(visibility=Visibility.STAFF).first()
    # Who may see the members-only organisation: staff, its editors, and the members of the
    # networks it belongs to (coordinators, editors of fellow member organisations).
    org_networks = set(
        Membership.objects.filter(
            organisation=members_org, status__in=("applied", "active", "suspended")
        ).values_list("network_id", flat=True)
    )
    editor_networks = set(
        Membership.objects.filter(organisation_id__in=edited_org_ids, status="active").values_list(
            "network_id", flat=True
        )
    )
    members_org_roles = {"staff", "admin"}
    if tripoli.pk in org_networks:
        members_org_roles.add("coordinator")
    if sabha.pk in org_networks:
        members_org_roles.add("other_coordinator")
    if org_networks & editor_networks or members_org.pk in edited_org_ids:
        members_org_roles.add("editor")
    demo.objects.update(
        members_org_roles=frozenset(members_org_roles),
        members_doc_roles=frozenset(tripoli_members),
        tripoli=tripoli,
        sabha=sabha,
        public_org=public_org,
        members_org=members_org,
        staff_org=staff_org,
        members_doc=members_doc,
        staff_doc=staff_doc,
        public_doc=Document.objects.filter(visibility=Visibility.PUBLIC).first(),
        edited_org_ids=edited_org_ids,
    )
    return demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the module inside a transaction that is rolled back at its end."""
    media = tmp_path_factory.mktemp("security-media")
    with (
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        data = _load_demo()
        data.media_root = media
        yield data
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo, db, settings):
    """The demo in this test's savepoint, with its uploaded files where the views look."""
    settings.MEDIA_ROOT = demo.media_root
    return demo
