"""Journeys of a network: a coordinator approves an application and nominates two
representatives to a workshop; a member organisation's editor endorses the Code of Conduct in
force. Each runs in English on a laptop and in Arabic on a phone; axe-core checks every page."""

import pytest
from django.utils import translation

from shabaka.accounts.models import Role
from shabaka.events.models import NominationStatus
from shabaka.networks.models import MembershipStatus
from tests.browser.conftest import (
    JOURNEY_SETUPS,
    check_accessibility,
    click_and_wait,
    go,
    screenshot,
    sign_in,
)
from tests.factories import TEST_PASSWORD
from tests.factories.directory import OrganisationFactory, PersonFactory
from tests.factories.events import EventFactory, InvitationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory, adopted_code

pytestmark = pytest.mark.django_db(transaction=True)


def seen(page, name: str, label: str) -> None:
    """What every step does: axe-core finds no serious violation, and a screenshot is kept."""
    check_accessibility(page, label)
    screenshot(page, name)


def translated(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize(("language", "viewport"), JOURNEY_SETUPS)
def test_a_coordinator_approves_an_application_and_nominates_two_representatives(
    open_page, make_user, language, viewport
):
    network = NetworkFactory(name="Tripoli Migration Network", slug="tripoli-net")
    member = OrganisationFactory(name="Sea Rescue Association")
    MembershipFactory(network=network, organisation=member)
    applicant = OrganisationFactory(name="Women and Migration Forum")
    application = MembershipFactory(
        network=network, organisation=applicant, status=MembershipStatus.APPLIED
    )
    first = PersonFactory(organisation=member, full_name="Representative One (placeholder)")
    second = PersonFactory(organisation=applicant, full_name="Representative Two (placeholder)")
    event = EventFactory(title="Action plans workshop", slug="action-plans-workshop")
    invitation = InvitationFactory(event=event, network=network, seats=2)
    coordinator = make_user(scoped=[(Role.COORDINATOR, network)], email="coordinator@example.org")
    tag = f"coordinator-{language}"

    page = open_page(language, viewport)
    sign_in(page, coordinator.email, TEST_PASSWORD)
    go(page, f"/networks/{network.slug}/")
    seen(page, f"{tag}-1-network", f"network page as coordinator ({language})")

    # The application waits under "Applications"; approving it swaps the row in place (htmx).
    row = page.locator(f"#membership-{application.pk}")
    assert "Women and Migration Forum" in row.inner_text()
    row.locator("button[value=approve]").click()
    done = page.locator(f"#membership-{application.pk} [role=status]")
    done.wait_for()
    assert done.inner_text() == translated(language, "Done.")
    application.refresh_from_db()
    assert application.status == MembershipStatus.ACTIVE
    assert application.steps.last().decided_by == coordinator
    seen(page, f"{tag}-2-approved", f"network page after approval ({language})")

    # The event page offers the network's nominations to its coordinator.
    go(page, f"/events/{event.slug}/")
    seen(page, f"{tag}-3-event", f"event page as coordinator ({language})")
    click_and_wait(page, f"main a[href='/events/invitations/{invitation.pk}/']")
    seen(page, f"{tag}-4-invitation", f"invitation page ({language})")

    for person in (first, second):
        page.select_option("#id_person", str(person.pk))
        click_and_wait(page, "main button[name=nominate]")
        assert translated(language, "The nomination has been sent.") in page.inner_text(
            "[role=status]"
        )
    table = page.locator("main table").inner_text()
    assert first.full_name in table and second.full_name in table
    seats = translated(language, "%(taken)s of %(seats)s seats taken") % {"taken": 2, "seats": 2}
    assert seats in page.inner_text("main")
    seen(page, f"{tag}-5-nominated", f"invitation page after nominating ({language})")

    nominations = invitation.nominations.order_by("pk")
    assert [n.person for n in nominations] == [first, second]
    assert {n.status for n in nominations} == {NominationStatus.NOMINATED}
    assert {n.nominated_by for n in nominations} == {coordinator}


@pytest.mark.parametrize(("language", "viewport"), JOURNEY_SETUPS)
def test_an_editor_endorses_the_code_of_conduct_in_force(open_page, make_user, language, viewport):
    network = NetworkFactory(name="Benghazi Migration Network", slug="benghazi-net")
    member = OrganisationFactory(name="Desert Aid Association")
    membership = MembershipFactory(network=network, organisation=member)
    code, version = adopted_code(network, title="Common Code of Conduct")
    editor = make_user(scoped=[(Role.ORG_EDITOR, member)], email="editor@example.org")
    tag = f"editor-endorses-{language}"

    page = open_page(language, viewport)
    sign_in(page, editor.email, TEST_PASSWORD)
    go(page, f"/networks/{network.slug}/")
    assert (
        translated(language, "not endorsed")
        in page.locator(f"#membership-{membership.pk}").inner_text()
    )
    seen(page, f"{tag}-1-network", f"network page as editor ({language})")

    click_and_wait(page, f"#membership-{membership.pk} a[href$='/endorse/']")
    assert "We act with integrity." in page.inner_text("main") or "نعمل بنزاهة." in page.inner_text(
        "main"
    )
    seen(page, f"{tag}-2-form", f"endorsement form ({language})")
    page.fill("#id_signatory", "Chair of the board")
    click_and_wait(page, "main form.stacked button[type=submit]")

    assert translated(language, "The endorsement has been recorded.") in page.inner_text(
        "[role=status]"
    )
    assert (
        translated(language, "endorsed")
        in page.locator(f"#membership-{membership.pk}").inner_text()
    )
    seen(page, f"{tag}-3-endorsed", f"network page after endorsing ({language})")
    endorsement = membership.endorsements.get()
    assert endorsement.version == version
    assert endorsement.signatory == "Chair of the board"
    assert endorsement.endorsed_by == editor
