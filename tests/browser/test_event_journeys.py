"""A staff member creates an event, opens it for nominations, invites a network, confirms the
two nominations the network's coordinator made, and records attendance day by day. In English
on a laptop and in Arabic on a phone; axe-core checks every page."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from shabaka.accounts.models import Role
from shabaka.events import services
from shabaka.events.models import Attendance, Event, EventStatus, NominationStatus
from tests.browser.conftest import JOURNEY_SETUPS, click_and_wait, go, sign_in
from tests.browser.test_network_journeys import seen, translated
from tests.factories import TEST_PASSWORD
from tests.factories.directory import OrganisationFactory, PersonFactory
from tests.factories.networks import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("language", "viewport"), JOURNEY_SETUPS)
def test_staff_creates_an_event_confirms_nominations_and_records_attendance(
    open_page, make_user, language, viewport
):
    network = NetworkFactory(name="Sabha Migration Network", slug="sabha-net")
    member = OrganisationFactory(name="Southern Relief Association")
    MembershipFactory(network=network, organisation=member)
    people = [
        PersonFactory(organisation=member, full_name=f"Delegate {n} (placeholder)") for n in (1, 2)
    ]
    coordinator = make_user(scoped=[(Role.COORDINATOR, network)])
    staff = make_user("staff", email="organiser@example.org")
    tag = f"staff-event-{language}"
    # A two-day workshop that ended today in Tripoli: attendance is recorded afterwards.
    today = timezone.now().astimezone(ZoneInfo("Africa/Tripoli")).date()
    yesterday = today - timedelta(days=1)

    page = open_page(language, viewport)
    sign_in(page, staff.email, TEST_PASSWORD)
    go(page, "/events/")
    seen(page, f"{tag}-1-list", f"event list as staff ({language})")
    click_and_wait(page, "main a[href='/events/new/']")
    seen(page, f"{tag}-2-form", f"new event form ({language})")
    page.fill("#id_title", "Coaching on the Code of Conduct")
    page.fill("#id_slug", "coaching-code-of-conduct")
    page.select_option("#id_type", "coaching")
    page.select_option("#id_format", "hybrid")
    page.fill("#id_venue", "Sabha, community hall")
    page.fill("#id_starts_at", f"{yesterday.isoformat()}T09:00")
    page.fill("#id_ends_at", f"{today.isoformat()}T16:00")
    page.select_option("#id_networks", str(network.pk))
    page.select_option("#id_visibility", "public")
    click_and_wait(page, "main form.stacked button[type=submit]")

    event = Event.objects.get(slug="coaching-code-of-conduct")
    assert event.status == EventStatus.PLANNED and event.created_by == staff
    assert event.local_start.hour == 9 and event.time_zone == "Africa/Tripoli"
    assert translated(language, "The event has been created.") in page.inner_text("[role=status]")
    seen(page, f"{tag}-3-console", f"organiser's console ({language})")

    click_and_wait(page, "form[action$='/step/open/'] button")
    event.refresh_from_db()
    assert event.status == EventStatus.OPEN
    click_and_wait(page, f"a[href='/events/{event.slug}/invitations/']")
    page.select_option("#id_invite-network", str(network.pk))
    page.fill("#id_invite-seats", "2")
    click_and_wait(page, "form[action$='/invitations/'] button[type=submit]")
    invitation = event.invitations.get()
    assert invitation.network == network and invitation.seats == 2

    # Meanwhile the network's coordinator nominates two delegates.
    nominations = [
        services.nomination_create(invitation=invitation, nominated_by=coordinator, person=p)
        for p in people
    ]
    go(page, f"/events/{event.slug}/console/")
    for nomination in nominations:
        row = page.locator(f"#nomination-{nomination.pk}")
        assert nomination.person.full_name in row.inner_text()
        with page.expect_response(lambda r: "/confirm/" in r.url):
            row.locator("form[action$='/confirm/'] button").click()
        page.locator(f"#nomination-{nomination.pk} .badge.ok").first.wait_for()
        nomination.refresh_from_db()
        assert nomination.status == NominationStatus.CONFIRMED
    seen(page, f"{tag}-4-confirmed", f"console after confirming ({language})")

    # The confirmed delegates are participants: attendance is set per day, saved on change.
    page.reload()
    first, second = (event.participations.get(person=p) for p in people)
    plan = [(first, yesterday, "in_person"), (first, today, "online"), (second, today, "in_person")]
    for participation, day, mode in plan:
        cell = f"#mode-{participation.pk}-{day:%Y%m%d}"
        with page.expect_response(lambda r: r.url.endswith("/attendance/")) as response:
            page.select_option(cell, mode)
        assert response.value.status == 200
        assert page.locator(cell).input_value() == mode
    seen(page, f"{tag}-5-attendance", f"console after attendance ({language})")
    recorded = set(
        Attendance.objects.filter(participation__event=event).values_list(
            "participation__person__full_name", "day", "mode"
        )
    )
    assert recorded == {
        (first.person.full_name, yesterday, "in_person"),
        (first.person.full_name, today, "online"),
        (second.person.full_name, today, "in_person"),
    }

    # The public event page publishes counts, never the names.
    anonymous = open_page(language, viewport)
    go(anonymous, f"/events/{event.slug}/")
    text = anonymous.inner_text("main")
    assert "Coaching on the Code of Conduct" in text
    assert people[0].full_name not in text
    seen(anonymous, f"{tag}-6-public", f"public event page ({language})")
