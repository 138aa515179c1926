"""Directory and network pages: what each viewer sees, personal data, unlisted records,
in-place membership decisions with and without htmx, fixed query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shabaka.accounts.models import AuditEntry, Role, RoleAssignment
from shabaka.core.visibility import Visibility
from shabaka.networks.models import MembershipStatus, Network, NetworkStatus
from tests.factories.directory import OrganisationFactory, PersonFactory, PlaceFactory, TopicFactory
from tests.factories.networks import MembershipFactory, NetworkFactory

PERSONAL = [
    "private.person@secret.example",
    "public.person@secret.example",
    "+218 91 123 4567",
    "+218 92 765 4321",
    "Private Person Name",
]


def every_page(client, world):
    """Every directory and network page reachable from the lists, plus the known records."""
    urls = {
        reverse("directory:organisation_list"),
        reverse("networks:network_list"),
        reverse("networks:code_detail", args=[world.code.pk]),
    }
    for start in list(urls):
        html = client.get(start).content.decode()
        urls |= set(re.findall(r'href="(/(?:organisations|networks|codes)/[^"?]+)"', html))
    for org in (world.member, world.unlisted, world.applicant, world.outside):
        urls.add(reverse("directory:organisation_detail", args=[org.pk]))
    for slug in ("net-one", "net-two", "platform"):
        urls.add(reverse("networks:network_detail", args=[slug]))
    for params in ("?kind=cso", f"?network={world.network.pk}", "?q=member"):
        urls.add(reverse("directory:organisation_list") + params)
    return sorted(urls)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "viewer", "other_coordinator"])
def test_no_page_shows_a_persons_email_or_phone_to_outsiders(world, as_role, role):
    client = as_role(role)
    pages = every_page(client, world)
    assert len(pages) >= 10
    for url in pages:
        response = client.get(url)
        html = response.content.decode()
        for secret in PERSONAL:
            assert secret not in html, (url, secret)
    # The person who agreed to be named may be named (without email or phone), on the page
    # of a public organisation.
    page = client.get(reverse("directory:organisation_detail", args=[world.member.pk]))
    assert "Consenting Public Person" in page.content.decode()


@pytest.mark.django_db
def test_people_and_their_contacts_follow_the_rules(world, as_role):
    url = reverse("directory:organisation_detail", args=[world.member.pk])
    html = as_role("coordinator").get(url).content.decode()
    assert "Private Person Name" in html  # a member of its network sees the people
    assert "private.person@secret.example" not in html  # but not their email
    html = as_role("editor").get(url).content.decode()
    assert "private.person@secret.example" in html and "+218 91 123 4567" in html
    html = as_role("staff").get(url).content.decode()
    assert "private.person@secret.example" in html


@pytest.mark.django_db
def test_an_unlisted_organisation_never_appears_on_public_pages(world, as_role):
    client = as_role("anonymous")
    for url in every_page(client, world):
        assert "Quiet Unlisted Association" not in client.get(url).content.decode(), url
    detail = reverse("directory:organisation_detail", args=[world.unlisted.pk])
    assert client.get(detail).status_code == 404
    # Members of its network see it; the list and the network page show it to them.
    client = as_role("editor")
    assert client.get(detail).status_code == 200
    assert (
        "Quiet Unlisted Association"
        in client.get(reverse("networks:network_detail", args=["net-one"])).content.decode()
    )
    assert (
        "Quiet Unlisted Association"
        in client.get(reverse("directory:organisation_list")).content.decode()
    )


@pytest.mark.django_db
def test_contact_details_follow_their_visibility(world, as_role):
    world.member.contact_visibility = Visibility.MEMBERS
    world.member.save()
    url = reverse("directory:organisation_detail", args=[world.member.pk])
    assert world.member.email not in as_role("anonymous").get(url).content.decode()
    assert world.member.email not in as_role("other_coordinator").get(url).content.decode()
    assert world.member.email in as_role("coordinator").get(url).content.decode()
    world.member.contact_visibility = Visibility.PUBLIC
    world.member.save()
    assert world.member.email in as_role("anonymous").get(url).content.decode()
    world.member.contact_visibility = Visibility.STAFF
    world.member.save()
    assert world.member.email not in as_role("coordinator").get(url).content.decode()
    assert world.member.email in as_role("editor").get(url).content.decode()
    assert world.member.email in as_role("staff").get(url).content.decode()


@pytest.mark.django_db
def test_the_directory_filters_by_kind_place_topic_and_network(client, world):
    district = PlaceFactory(code="LY-TB", level="district", name="Tripoli district")
    town = PlaceFactory(code="LY021104", parent=district, name="Tripoli")
    topic = TopicFactory(slug="health", name="Health")
    world.member.places.add(town)
    world.member.topics.add(topic)
    OrganisationFactory(name="Donor Agency", kind="donor")
    url = reverse("directory:organisation_list")

    def names(params):
        html = client.get(url, params).content.decode()
        return set(re.findall(r">([^<]*Association|Donor Agency)</a>", html))

    assert names({"place": district.pk}) == {"Public Member Association"}
    assert names({"topic": topic.pk}) == {"Public Member Association"}
    assert names({"kind": "donor"}) == {"Donor Agency"}
    # The network is typed: its short name, or part of its name or acronym.
    assert names({"network": "net-one"}) == {"Public Member Association"}
    assert names({"network": "network one"}) == {"Public Member Association"}
    assert names({"network": "no such network"}) == set()
    assert names({"q": "applicant"}) == {"Applicant Association"}


@pytest.mark.django_db
def test_the_directorys_network_filter_does_not_find_a_hidden_network(client, world):
    hidden = NetworkFactory(slug="quiet-net", name="Quiet Network", visibility=Visibility.STAFF)
    MembershipFactory(network=hidden, organisation=OrganisationFactory(name="Quiet Association"))
    html = client.get(reverse("directory:organisation_list"), {"network": "quiet"}).content
    assert "Quiet Association" not in html.decode()
    assert "No organisation matches." in html.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _populate(network, count):
    place, topic = PlaceFactory(), TopicFactory()
    for _ in range(count):
        organisation = OrganisationFactory()
        organisation.places.add(place, PlaceFactory())
        organisation.topics.add(topic)
        MembershipFactory(network=network, organisation=organisation)
        PersonFactory(organisation=organisation)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "coordinator", "staff"])
def test_list_and_network_pages_run_a_fixed_number_of_queries(world, as_role, role, settings):
    settings.SHABAKA_PAGE_SIZE = 100
    client = as_role(role)
    urls = [
        reverse("directory:organisation_list"),
        reverse("networks:network_list"),
        reverse("networks:network_detail", args=["net-one"]),
        reverse("networks:network_detail", args=["platform"]),
    ]
    _populate(world.network, 2)
    few = [_queries(client, url) for url in urls]
    _populate(world.network, 25)
    for _ in range(10):
        NetworkFactory().places.add(PlaceFactory())
        MembershipFactory(
            network=world.platform, organisation=None, member_network=NetworkFactory()
        )
    many = [_queries(client, url) for url in urls]
    assert few == many


@pytest.mark.django_db
def test_the_network_page_shows_the_code_in_force_and_who_endorsed_it(world, as_role):
    html = (
        as_role("anonymous")
        .get(reverse("networks:network_detail", args=["net-one"]))
        .content.decode()
    )
    assert "Common code, version 1" in html
    assert "Endorsed by 1 of 1 active members shown." in html  # the unlisted one is hidden
    coordinator_view = (
        as_role("coordinator")
        .get(reverse("networks:network_detail", args=["net-one"]))
        .content.decode()
    )
    assert "Endorsed by 1 of 2 active members shown." in coordinator_view
    assert "not endorsed" in coordinator_view
    assert "Applicant Association" in coordinator_view  # the pending application
    assert "Applicant Association" not in html  # applications are the coordinator's business


@pytest.mark.django_db
def test_the_platform_page_lists_its_member_networks(world, client):
    html = client.get(reverse("networks:network_detail", args=["platform"])).content.decode()
    assert "Member networks" in html and "Network One" in html
    network_page = client.get(reverse("networks:network_detail", args=["net-one"]))
    assert "National Platform" in network_page.content.decode()


@pytest.mark.django_db
def test_a_coordinator_approves_in_place_with_htmx(world, as_role):
    client = as_role("coordinator")
    url = reverse("networks:membership_decide", args=[world.application.pk])
    response = client.post(url, {"action": "approve"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<tr") and "Active member" in html and "<html" not in html
    world.application.refresh_from_db()
    assert world.application.status == MembershipStatus.ACTIVE
    step = world.application.steps.last()
    assert step.decided_by == world.coordinator
    assert AuditEntry.objects.filter(
        object_id=str(world.application.pk), action="transition", actor=world.coordinator
    ).exists()


@pytest.mark.django_db
def test_a_member_row_decided_with_htmx_keeps_the_code_of_conduct_column(world, as_role):
    client = as_role("coordinator")
    page = client.get(reverse("networks:network_detail", args=["net-one"])).content.decode()
    members_table = page[page.index('id="members-heading"') :]
    columns = members_table[: members_table.index("</thead>")].count("<th ")
    assert columns == 4  # member, membership, code of conduct, decisions

    url = reverse("networks:membership_decide", args=[world.membership.pk])
    suspend = {"action": "suspend", "reason": "No report"}
    row = client.post(url, suspend, HTTP_HX_REQUEST="true").content.decode()
    assert row.startswith("<tr") and row.count("<td") == columns
    assert "endorsed" in row and "not endorsed" not in row  # its endorsement of version 1

    # A row of the applications table has no such column.
    url = reverse("networks:membership_decide", args=[world.application.pk])
    row = client.post(url, {"action": "approve"}, HTTP_HX_REQUEST="true").content.decode()
    assert row.count("<td") == 3


@pytest.mark.django_db
def test_decisions_work_without_javascript_and_need_a_reason_to_reject(world, as_role):
    client = as_role("coordinator")
    url = reverse("networks:membership_decide", args=[world.application.pk])
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 409
    assert "Give the reason for this decision." in response.content.decode()
    world.application.refresh_from_db()
    assert world.application.status == MembershipStatus.APPLIED
    response = client.post(url, {"action": "reject", "reason": "Not working on migration"})
    assert response.status_code == 302
    world.application.refresh_from_db()
    assert world.application.status == MembershipStatus.REJECTED
    # Approving a rejected application: a clear error, nothing changed.
    steps = world.application.steps.count()
    response = client.post(url, {"action": "approve"}, HTTP_HX_REQUEST="true")
    assert "Only an application can be approved; this membership is Rejected." in (
        response.content.decode()
    )
    world.application.refresh_from_db()
    assert world.application.status == MembershipStatus.REJECTED
    assert world.application.steps.count() == steps


@pytest.mark.django_db
def test_suspend_reinstate_and_remove_from_the_page(world, as_role):
    client = as_role("coordinator")
    url = reverse("networks:membership_decide", args=[world.membership.pk])
    client.post(url, {"action": "suspend", "reason": "No report for a year"})
    world.membership.refresh_from_db()
    assert world.membership.status == MembershipStatus.SUSPENDED
    client.post(url, {"action": "reinstate"})
    client.post(url, {"action": "remove", "reason": "Dissolved"})
    world.membership.refresh_from_db()
    assert world.membership.status == MembershipStatus.LEFT
    assert [s.to_status for s in world.membership.steps.all()][-3:] == [
        "suspended",
        "active",
        "left",
    ]


@pytest.mark.django_db
def test_an_editor_applies_for_its_organisation_and_leaves(world, as_role):
    other = NetworkFactory(slug="net-three")
    client = as_role("editor")
    apply_url = reverse("networks:membership_apply", args=["net-three"])
    page = client.get(apply_url).content.decode()
    assert "Public Member Association" in page and "Outside Association" not in page
    # Another organisation's id is not a valid choice.
    response = client.post(apply_url, {"organisation": world.outside.pk})
    assert response.status_code == 200
    assert not other.memberships.exists()
    response = client.post(apply_url, {"organisation": world.member.pk, "reason": "We work here"})
    assert response.status_code == 302
    membership = other.memberships.get()
    assert membership.status == MembershipStatus.APPLIED
    assert membership.steps.get().decided_by == world.editor
    leave = reverse("networks:membership_leave", args=[world.membership.pk])
    assert client.post(leave, {"reason": "Refocusing"}).status_code == 302
    world.membership.refresh_from_db()
    assert world.membership.status == MembershipStatus.LEFT


@pytest.mark.django_db
def test_a_coordinator_applies_its_network_to_the_platform(world, as_role):
    world.platform_membership.delete()
    client = as_role("coordinator")
    url = reverse("networks:membership_apply", args=["platform"])
    response = client.post(url, {"member_network": world.other_network.pk})
    assert response.status_code == 200  # not a network it coordinates
    response = client.post(url, {"member_network": world.network.pk})
    assert response.status_code == 302
    assert world.platform.memberships.get().member_network == world.network


@pytest.mark.django_db
def test_a_post_carrying_status_changes_nothing(world, as_role):
    client = as_role("coordinator")
    response = client.post(
        reverse("networks:network_edit", args=["net-one"]),
        {
            "name": "Network One renamed",
            "country": world.network.country_id,
            "visibility": "public",
            "status": NetworkStatus.DORMANT,
        },
    )
    assert response.status_code == 302
    network = Network.objects.get(slug="net-one")
    assert network.name == "Network One renamed" and network.status == NetworkStatus.ACTIVE
    response = as_role("staff").post(
        reverse("directory:organisation_edit", args=[world.member.pk]),
        {
            "name": world.member.name,
            "name_language": "en",
            "kind": "cso",
            "country": world.member.country_id,
            "contact_visibility": "members",
            "visibility": "public",
            "status": "active",
            "normalised_name": "hijacked",
        },
    )
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.normalised_name == "public member association"


@pytest.mark.django_db
def test_the_admin_shows_statuses_read_only(world, as_role, admin_user):
    client = as_role("admin")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    url = reverse("admin:networks_network_change", args=[world.network.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    url = reverse("admin:networks_membership_change", args=[world.application.pk])
    assert 'name="status"' not in client.get(url).content.decode()


@pytest.mark.django_db
def test_an_admin_grants_roles_from_the_records_pages(world, as_role, make_user):
    newcomer = make_user(email="newcomer@example.org")
    client = as_role("admin")
    client.post(
        reverse("networks:network_coordinators", args=["net-one"]),
        {"email": "NEWCOMER@example.org"},
    )
    assignment = RoleAssignment.objects.get(user=newcomer, role=Role.COORDINATOR)
    assert assignment.scope == world.network
    page = client.get(reverse("networks:network_detail", args=["net-one"])).content.decode()
    assert "newcomer@example.org" in page
    client.post(
        reverse("networks:network_coordinators", args=["net-one"]), {"revoke": assignment.pk}
    )
    assert not RoleAssignment.objects.filter(user=newcomer).exists()
    client.post(
        reverse("directory:organisation_editors", args=[world.member.pk]),
        {"email": "newcomer@example.org"},
    )
    assert RoleAssignment.objects.get(user=newcomer, role=Role.ORG_EDITOR).scope == world.member
    response = client.post(
        reverse("directory:organisation_editors", args=[world.member.pk]),
        {"email": "nobody@example.org"},
        follow=True,
    )
    assert "No active account has this address" in response.content.decode()
    assert AuditEntry.objects.filter(content_type__model="roleassignment").count() == 3


@pytest.mark.django_db
def test_the_home_page_lists_public_networks_only(world, client):
    Network.objects.filter(slug="net-two").update(visibility=Visibility.MEMBERS)
    html = client.get(reverse("core:home")).content.decode()
    assert "Network One" in html and "Network Two" not in html


@pytest.mark.django_db
def test_the_network_page_shows_members_a_page_at_a_time_and_counts_them_all(
    world, as_role, monkeypatch
):
    from django.contrib.contenttypes.models import ContentType

    from shabaka.networks import selectors

    monkeypatch.setattr(selectors, "MEMBERS_PER_PAGE", 2)
    zetas = [OrganisationFactory(name=f"Zeta Member {n}") for n in range(3)]
    for organisation in zetas:
        MembershipFactory(network=world.network, organisation=organisation)
    RoleAssignment.objects.create(
        user=world.editor,
        role=Role.ORG_EDITOR,
        scope_type=ContentType.objects.get_for_model(zetas[2]),
        scope_id=zetas[2].pk,
    )
    url = reverse("networks:network_detail", args=["net-one"])
    client = as_role("anonymous")
    first = client.get(url).content.decode()
    assert "Endorsed by 1 of 4 active members shown." in first  # all pages, not only this one
    assert "Public Member Association" in first and "Zeta Member 0" in first
    assert "Zeta Member 1" not in first and "Page 1 of 2" in first
    second = client.get(url + "?page=2").content.decode()
    assert "Zeta Member 1" in second and "Zeta Member 2" in second
    assert "Public Member Association" not in second
    assert ">Endorse</a>" not in second  # no one signed out may endorse
    # The editor, a member, also sees the unlisted member: Zeta Member 2 is on page 3.
    third = as_role("editor").get(url + "?page=3").content.decode()
    endorse = reverse("networks:membership_endorse", args=[zetas[2].memberships.get().pk])
    assert "Zeta Member 2" in third and "Endorsed by 1 of 5 active members shown." in third
    assert f'href="{endorse}"' in third  # the editor of Zeta Member 2, for it alone
    assert third.count(">Endorse</a>") == 1


@pytest.mark.django_db
def test_the_network_list_filters_by_place_and_topic_in_the_readers_language(client, world):
    district = PlaceFactory(
        code="LY-TB", level="district", name="Tripoli district", name_ar="منطقة طرابلس"
    )
    town = PlaceFactory(code="LY021104", parent=district, name="Tripoli")
    topic = TopicFactory(slug="health", name="Health")
    world.network.places.add(town)
    world.other_network.topics.add(topic)
    url = reverse("networks:network_list")

    def names(params):
        html = client.get(url, params).content.decode()
        return set(re.findall(r">(Network One|Network Two|National Platform)</a>", html))

    assert names({}) == {"Network One", "Network Two", "National Platform"}
    assert names({"place": district.pk}) == {"Network One"}  # a place under the district
    assert names({"topic": topic.pk}) == {"Network Two"}
    assert names({"place": "junk"}) == {"Network One", "Network Two", "National Platform"}
    html = client.get(url, {"place": district.pk}).content.decode()
    assert f'<option value="{district.pk}" selected>Tripoli district</option>' in html
    assert re.search(r"<td>[^<]*Tripoli</td>", html)  # the row lists the network's places
    client.cookies["django_language"] = "ar"
    html = client.get(url, {"place": district.pk}, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert f'<option value="{district.pk}" selected>منطقة طرابلس</option>' in html


@pytest.mark.django_db
def test_member_rows_show_names_links_statuses_and_dates_made_once_in_python(world, as_role):
    """The rows are built by selectors.row_decorator (links reversed once, labels and dates in
    Python): what they show must stay what the template used to work out for itself."""
    from datetime import date

    organisation = OrganisationFactory(
        name="Rowan Aid Society", acronym="RAS", name_ar="جمعية روان"
    )
    membership = MembershipFactory(
        network=world.network, organisation=organisation, joined_on=date(2022, 3, 15)
    )
    member_network = NetworkFactory(slug="sub-net", name="Sub Network Alpha")
    MembershipFactory(
        network=world.platform, organisation=None, member_network=member_network, role="coordinator"
    )
    url = reverse("networks:network_detail", args=["net-one"])
    html = as_role("anonymous").get(url).content.decode()
    organisation_url = reverse("directory:organisation_detail", args=[organisation.pk])
    assert f'<a href="{organisation_url}">Rowan Aid Society (RAS)</a>' in html
    assert f'<tr id="membership-{membership.pk}">' in html
    assert "since Mar 2022" in html and '<span class="badge ok">Active member</span>' in html
    assert "decide" not in html  # no decision forms to those who do not manage the network
    arabic = as_role("anonymous").get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    # The Arabic name, and the month in the reader's language (the date filter's "M").
    assert "جمعية روان (RAS)" in arabic and "مارس 2022" in arabic and "Mar 2022" not in arabic
    platform = as_role("anonymous").get(reverse("networks:network_detail", args=["platform"]))
    network_url = reverse("networks:network_detail", args=["sub-net"])
    body = platform.content.decode()
    assert f'<a href="{network_url}">Sub Network Alpha</a>' in body
    assert '<span class="badge ok">coordinator</span>' in body
    # A manager gets the decision forms, their links made once too.
    manager = as_role("coordinator").get(url).content.decode()
    decide = reverse("networks:membership_decide", args=[membership.pk])
    role = reverse("networks:membership_role", args=[membership.pk])
    assert f'action="{decide}" hx-post="{decide}"' in manager and f'action="{role}"' in manager


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "places", "topics"),
    [
        ("en", "Misrata, Tripoli, Zuwara", ["Detention", "Return"]),
        ("ar", "مصراتة, طرابلس, Zuwara", ["الاحتجاز", "Return"]),
    ],
)
def test_the_page_names_places_and_topics_in_the_readers_language_and_order(
    client, language, places, topics
):
    from shabaka.directory.models import PlaceLevel

    network = NetworkFactory(slug="where-net")
    network.places.add(
        # By level ("district" before "municipality"), then name.
        PlaceFactory(name="Zuwara", level=PlaceLevel.MUNICIPALITY),
        PlaceFactory(name="Tripoli", name_ar="طرابلس", level=PlaceLevel.DISTRICT),
        PlaceFactory(name="Misrata", name_ar="مصراتة", level=PlaceLevel.DISTRICT),
    )
    network.topics.add(
        TopicFactory(name="Return"), TopicFactory(name="Detention", name_ar="الاحتجاز")
    )
    html = client.get("/networks/where-net/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"{places}</dd>" in html
    assert re.findall(r'<span class="badge">([^<]+)</span> ', html) == topics
