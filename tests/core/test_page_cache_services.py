"""Every service write shows on a signed-out visitor's next visit: nothing stale, ever (issue 18).

For each public function of the service modules that writes, a case warms a public page as a
signed-out visitor (the page is kept in the "pages" cache: checked), calls the service, and
reads the page again: the change is there (a new name, a new status, a record appearing or
disappearing). A write that changes nothing a visitor can see raises the generation number of
its kind instead (or, for accounts, which no visitor's page shows, keeps every number as it
was). The guard at the end fails when a service module gains a public function that has no
case here and is not in SKIPPED, so no service can be added without its cache test.

The tests commit for real (transaction=True): the numbers are raised once a write commits.
Each service is called inside transaction.atomic(), as a view does."""

import datetime as dt
import importlib
import inspect
import json
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import RequestFactory

from shabaka.accounts import services as account_services
from shabaka.content import services as content_services
from shabaka.core import pagecache
from shabaka.core.visibility import Visibility
from shabaka.dialogues import meeting_services
from shabaka.dialogues import services as dialogue_services
from shabaka.directory import importing
from shabaka.directory import services as directory_services
from shabaka.events.services import events as event_services
from shabaka.events.services import feedback as feedback_services
from shabaka.events.services import nominations as nomination_services
from shabaka.events.services import participation as participation_services
from shabaka.jobs import services as job_services
from shabaka.networks import conduct
from shabaka.networks import services as network_services
from shabaka.plans.services import indicators as indicator_services
from shabaka.plans.services import plan as plan_services
from shabaka.projects import services as project_services
from shabaka.projects.iati import importer as iati_importer
from shabaka.search import services as search_services
from tests.factories.content import NewsFactory
from tests.factories.dialogues import DialogueFactory, OfficialFactory, PartnerStateFactory
from tests.factories.directory import CountryFactory, OrganisationFactory, PersonFactory
from tests.factories.events import EventFactory, InvitationFactory, ParticipationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory, adopted_code
from tests.factories.plans import (
    make_activity,
    make_indicator,
    make_objective,
    make_plan,
)
from tests.factories.projects import FundingFactory, ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

SERVICE_MODULES = [
    account_services,
    job_services,
    content_services,
    dialogue_services,
    meeting_services,
    directory_services,
    importing,
    network_services,
    conduct,
    indicator_services,
    plan_services,
    importlib.import_module("shabaka.events.services.emails"),
    event_services,
    feedback_services,
    nomination_services,
    participation_services,
    project_services,
    iati_importer,
    search_services,
]

# Public functions of the service modules that write nothing, with the reason.
JOBS_NOT_SHOWN = "jobs and emails are never shown to signed-out visitors (pagecache.NOT_SHOWN)"
SKIPPED = {
    "shabaka.jobs.services.job_start": JOBS_NOT_SHOWN,
    "shabaka.jobs.services.job_retry": JOBS_NOT_SHOWN,
    "shabaka.jobs.services.job_run": JOBS_NOT_SHOWN,
    "shabaka.jobs.services.jobs_mark_stalled": JOBS_NOT_SHOWN,
    "shabaka.jobs.services.jobs_requeue_waiting": JOBS_NOT_SHOWN,
    "shabaka.jobs.services.email_queue": JOBS_NOT_SHOWN,
    "shabaka.jobs.services.email_send": JOBS_NOT_SHOWN,
    "shabaka.jobs.services.emails_requeue_waiting": JOBS_NOT_SHOWN,
    "shabaka.jobs.services.schedules_ensure": JOBS_NOT_SHOWN,
    "shabaka.jobs.services.schedule_run": JOBS_NOT_SHOWN,
    "shabaka.jobs.services.watchdog": JOBS_NOT_SHOWN,
    "shabaka.directory.importing.check_can_apply": "checks a batch before a job, writes nothing",
    "shabaka.accounts.services.invitation_token_make": "makes a signed token, writes nothing",
    "shabaka.accounts.services.invitation_user_for_token": "reads the user a token was made for",
    "shabaka.content.services.lead_image_file": "turns an upload into a file, writes nothing",
    "shabaka.directory.services.organisation_duplicate": "reads the organisation of the same "
    "name (a check before a write)",
    "shabaka.directory.importing.import_plan": "reads what each row of a batch would do",
    "shabaka.directory.importing.parse_file": "parses the uploaded bytes, writes nothing",
    "shabaka.directory.importing.plan_summary": "counts the rows' plans, writes nothing",
    "shabaka.networks.conduct.code_in_force": "reads the adoption in force",
    "shabaka.plans.services.indicators.plan_of": "reads the plan an indicator belongs to",
    "shabaka.events.services.emails.notify_nominee": "sends an email once committed, writes no "
    "record",
    "shabaka.events.services.events.local_to_aware": "converts a date and time, writes nothing",
    "shabaka.events.services.events.zone_for": "reads a time zone, writes nothing",
    "shabaka.events.services.nominations.link_timeout": "reads a setting",
    "shabaka.events.services.nominations.nomination_token_make": "makes a signed token, writes "
    "nothing",
    "shabaka.events.services.nominations.nomination_for_token": "reads the nomination a token "
    "was made for",
    "shabaka.projects.services.check_amount": "validates an amount, writes nothing",
    "shabaka.projects.services.check_currency": "validates a currency code, writes nothing",
    "shabaka.projects.services.transitions_from": "lists the steps allowed from a status",
    "shabaka.projects.iati.importer.project_state": "reads a project's values to compare them",
}

COVERED: set[str] = set()


def covers(*functions):
    """Marks the test as the cache case of `functions` (the guard test reads these)."""

    def mark(test):
        for function in functions:
            COVERED.add(f"{function.__module__}.{function.__name__}")
        return test

    return mark


# --- helpers --------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True
    caches[pagecache.CACHE_ALIAS].clear()
    yield
    caches[pagecache.CACHE_ALIAS].clear()


@pytest.fixture
def staff(staff_user):
    return staff_user


def _kept(path: str) -> bool:
    request = RequestFactory().get(path)
    key = pagecache.PageCacheMiddleware(lambda request: None)._key(request)
    return key is not None and caches[pagecache.CACHE_ALIAS].get(key) is not None


def read(client, path: str):
    """The page as a signed-out visitor gets it (parsed when it is JSON)."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    body = response.content.decode()
    return json.loads(body) if path.startswith(pagecache.API_PREFIX) else body


def warm(client, path: str):
    """Reads the page once, and checks it was kept: a later read of a stale key would be
    served from the cache."""
    body = read(client, path)
    assert _kept(path), f"{path} was not kept for signed-out visitors"
    return body


def write(service, /, **kwargs):
    """Calls the service as a view does, inside a transaction that then commits."""
    with transaction.atomic():
        return service(**kwargs)


def _text(body) -> str:
    return body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)


def shows(client, path: str, act, *, new=(), gone=()):
    """Warms `path`, runs `act`, and checks the texts `new` appear and `gone` disappear."""
    before = _text(warm(client, path))
    for text in new:
        assert text not in before, f"{text!r} already on {path}"
    for text in gone:
        assert text in before, f"{text!r} not on {path} before the write"
    act()
    after = _text(read(client, path))
    for text in new:
        assert text in after, f"{text!r} missing on {path}: stale page"
    for text in gone:
        assert text not in after, f"{text!r} still on {path}: stale page"


def changes(client, path: str, act, pick, *, before, after):
    """Warms the JSON `path`, runs `act`, and checks pick(body) went from `before` to `after`."""
    assert pick(warm(client, path)) == before
    act()
    assert pick(read(client, path)) == after, f"stale page {path}"


def raises_number(kind: str, act):
    """For a write no signed-out visitor sees: its kind gets a new generation number."""
    before = pagecache.generations().get(kind, 0)
    act()
    assert pagecache.generations().get(kind, 0) > before, f"{kind} number not raised"


def keeps_numbers(client, act):
    """For a write of accounts (never on a visitor's page): no number moves, pages stay kept."""
    path = "/organisations/"
    page = warm(client, path)
    numbers = pagecache.generations()
    act()
    assert pagecache.generations() == numbers
    assert _kept(path) and read(client, path) == page


# --- accounts: records no visitor's page shows ----------------------------------------------


@covers(account_services.role_grant)
def test_role_grant(client, staff):
    from tests.factories.accounts import UserFactory

    organisation = OrganisationFactory()
    editor = UserFactory()
    keeps_numbers(
        client,
        lambda: write(
            account_services.role_grant,
            user=editor,
            role="org_editor",
            scope=organisation,
            granted_by=staff,
        ),
    )


@covers(account_services.role_revoke)
def test_role_revoke(client, staff, make_user):
    organisation = OrganisationFactory()
    from shabaka.accounts.models import RoleAssignment

    editor = make_user(scoped=[("org_editor", organisation)])
    assignment = RoleAssignment.objects.get(user=editor)
    keeps_numbers(
        client,
        lambda: write(account_services.role_revoke, assignment=assignment, revoked_by=staff),
    )


@covers(account_services.user_invite, account_services.user_accept_invitation)
def test_user_invite_and_accept(client, staff):
    invited = {}

    def invite():
        invited["user"] = write(
            account_services.user_invite,
            email="new.person@example.org",
            full_name="New Person",
            invited_by=staff,
        )

    keeps_numbers(client, invite)
    keeps_numbers(
        client,
        lambda: write(
            account_services.user_accept_invitation,
            user=invited["user"],
            password="a long enough passphrase 2026",
        ),
    )


@covers(account_services.user_update_preferences)
def test_user_update_preferences(client, staff):
    keeps_numbers(
        client,
        lambda: write(
            account_services.user_update_preferences,
            user=staff,
            full_name="Sam Renamed",
            preferred_language="ar",
        ),
    )


# --- content ----------------------------------------------------------------------------------


def _public_document(staff, title="Public guide to services"):
    return write(
        content_services.document_create,
        title=title,
        uploaded_by=staff,
        link="https://example.org/guide",
        visibility=Visibility.PUBLIC,
    )


@covers(content_services.document_create)
def test_document_create(client, staff):
    shows(
        client,
        "/api/v1/documents",
        lambda: _public_document(staff),
        new=["Public guide to services"],
    )


@covers(content_services.document_delete)
def test_document_delete(client, staff):
    document = _public_document(staff)
    shows(
        client,
        "/api/v1/documents",
        lambda: write(
            content_services.document_delete, document=document, deleted_by=staff, reason="old"
        ),
        gone=["Public guide to services"],
    )


@covers(content_services.document_new_version)
def test_document_new_version(client, staff):
    document = _public_document(staff)
    shows(
        client,
        "/documents/",
        lambda: write(
            content_services.document_new_version,
            document=document,
            uploaded_by=staff,
            link="https://example.org/guide-2",
            title="Second edition of the guide",
        ),
        new=["Second edition of the guide"],
    )


@covers(content_services.news_create)
def test_news_create(client, staff):
    """A new item is a draft: no visitor sees it, its kind gets a new number."""
    raises_number(
        "content",
        lambda: write(
            content_services.news_create, title="Draft news", body="Text.", created_by=staff
        ),
    )


@covers(content_services.news_publish)
def test_news_publish(client, staff):
    news = write(
        content_services.news_create,
        title="Workshop in Misrata held",
        body="Text.",
        created_by=staff,
    )
    shows(
        client,
        "/news/",
        lambda: write(content_services.news_publish, news=news, published_by=staff),
        new=["Workshop in Misrata held"],
    )


@covers(content_services.news_unpublish)
def test_news_unpublish(client, staff):
    news = NewsFactory(title="Published by mistake")
    shows(
        client,
        "/news/",
        lambda: write(content_services.news_unpublish, news=news, by=staff, reason="error"),
        gone=["Published by mistake"],
    )


@covers(content_services.news_update)
def test_news_update(client, staff):
    news = NewsFactory(title="Old headline")
    shows(
        client,
        f"/news/{news.slug}/",
        lambda: write(
            content_services.news_update, news=news, updated_by=staff, title="New headline"
        ),
        new=["New headline"],
        gone=["Old headline"],
    )


# --- dialogues ----------------------------------------------------------------------------------


@pytest.fixture
def dialogue(db):
    dialogue = DialogueFactory(short_name="Rabat Process", slug="rabat-process")
    PartnerStateFactory(dialogue=dialogue, country=CountryFactory(code="LY"))
    return dialogue


def _dialogue_api(dialogue):
    return f"/api/v1/dialogues/{dialogue.slug}"


def _states(body):
    return {s["country"]: s["status"] for s in body["partner_states"]}


def _appoint(dialogue, staff, started_on=dt.date(2022, 2, 1)):
    return write(
        dialogue_services.appointment_create,
        dialogue=dialogue,
        country=CountryFactory(code="LY"),
        function="national",
        person=OfficialFactory(),
        started_on=started_on,
        act_reference="Decree 12/2022",
        act_date=started_on,
        created_by=staff,
    )


@covers(dialogue_services.dialogue_create)
def test_dialogue_create(client, staff):
    shows(
        client,
        "/dialogues/",
        lambda: write(
            dialogue_services.dialogue_create,
            name="Example Mediterranean Dialogue",
            short_name="Med Dialogue",
            slug="med-dialogue",
            launched=2010,
            created_by=staff,
        ),
        new=["Med Dialogue"],
    )


@covers(dialogue_services.partner_organisation_add)
def test_partner_organisation_add(client, staff, dialogue):
    organisation = OrganisationFactory(name="Partner Agency Of The Dialogue")
    shows(
        client,
        f"/dialogues/{dialogue.slug}/",
        lambda: write(
            dialogue_services.partner_organisation_add,
            dialogue=dialogue,
            organisation=organisation,
            role="observer",
            added_by=staff,
        ),
        new=["Partner Agency Of The Dialogue"],
    )


@covers(dialogue_services.chairmanship_record)
def test_chairmanship_record(client, staff, dialogue):
    chair = OrganisationFactory(name="Chairing Institute Of The Year")
    shows(
        client,
        f"/dialogues/{dialogue.slug}/",
        lambda: write(
            dialogue_services.chairmanship_record,
            dialogue=dialogue,
            started_on=dt.date(2023, 1, 1),
            organisation=chair,
            recorded_by=staff,
        ),
        new=["Chairing Institute Of The Year"],
    )


@covers(dialogue_services.partner_state_admit)
def test_partner_state_admit(client, staff, dialogue):
    changes(
        client,
        _dialogue_api(dialogue),
        lambda: write(
            dialogue_services.partner_state_admit,
            dialogue=dialogue,
            country=CountryFactory(code="IT"),
            admitted_as="member",
            decided_by=staff,
            joined_year=2015,
        ),
        lambda body: _states(body).get("IT"),
        before=None,
        after="member",
    )


@covers(dialogue_services.partner_state_make_observer)
def test_partner_state_make_observer(client, staff, dialogue):
    state = dialogue.partner_states.get()
    changes(
        client,
        _dialogue_api(dialogue),
        lambda: write(
            dialogue_services.partner_state_make_observer, partner_state=state, decided_by=staff
        ),
        lambda body: _states(body).get("LY"),
        before="member",
        after="observer",
    )


@covers(dialogue_services.partner_state_make_member)
def test_partner_state_make_member(client, staff, dialogue):
    state = PartnerStateFactory(
        dialogue=dialogue, country=CountryFactory(code="CH"), status="observer"
    )
    changes(
        client,
        _dialogue_api(dialogue),
        lambda: write(
            dialogue_services.partner_state_make_member, partner_state=state, decided_by=staff
        ),
        lambda body: _states(body).get("CH"),
        before="observer",
        after="member",
    )


@covers(dialogue_services.partner_state_withdraw)
def test_partner_state_withdraw(client, staff, dialogue):
    state = dialogue.partner_states.get()
    before = warm(client, _dialogue_api(dialogue))
    assert _states(before).get("LY") == "member"
    write(
        dialogue_services.partner_state_withdraw,
        partner_state=state,
        decided_by=staff,
        reason="Left the process",
    )
    assert _states(read(client, _dialogue_api(dialogue))).get("LY") != "member"


@covers(dialogue_services.appointment_create)
def test_appointment_create(client, staff, dialogue):
    changes(
        client,
        _dialogue_api(dialogue),
        lambda: _appoint(dialogue, staff),
        lambda body: len(body["focal_points"]),
        before=0,
        after=1,
    )


@covers(dialogue_services.appointment_end)
def test_appointment_end(client, staff, dialogue):
    appointment = _appoint(dialogue, staff)
    changes(
        client,
        _dialogue_api(dialogue),
        lambda: write(
            dialogue_services.appointment_end,
            appointment=appointment,
            ended_on=dt.date(2023, 1, 1),
            reason="Resigned",
            ended_by=staff,
        ),
        lambda body: len(body["focal_points"]),
        before=1,
        after=0,
    )


@covers(
    dialogue_services.handover_tick,
    dialogue_services.handover_untick,
    dialogue_services.handover_set,
)
def test_handover_checklist(client, staff, dialogue):
    """The handover checklist is for staff and the secretariat only."""
    appointment = _appoint(dialogue, staff)
    raises_number(
        "dialogues",
        lambda: write(
            dialogue_services.handover_tick,
            appointment=appointment,
            item="documents",
            done_by=staff,
        ),
    )
    raises_number(
        "dialogues",
        lambda: write(
            dialogue_services.handover_untick,
            appointment=appointment,
            item="documents",
            done_by=staff,
        ),
    )
    raises_number(
        "dialogues",
        lambda: write(
            dialogue_services.handover_set,
            appointment=appointment,
            done_items={"documents"},
            done_by=staff,
        ),
    )


@pytest.fixture
def framework_item(db):
    from shabaka.dialogues.models import Framework, FrameworkItem

    framework = Framework.objects.create(code="gcm", name="Global Compact for Migration")
    return FrameworkItem.objects.create(framework=framework, code="GCM-23", title="Cooperation")


@covers(dialogue_services.framework_tag)
def test_framework_tag(client, staff, framework_item):
    project = ProjectFactory()
    shows(
        client,
        f"/projects/{project.slug}/",
        lambda: write(
            dialogue_services.framework_tag, item=framework_item, target=project, tagged_by=staff
        ),
        new=["GCM-23"],
    )


@covers(dialogue_services.framework_untag)
def test_framework_untag(client, staff, framework_item):
    project = ProjectFactory()
    write(dialogue_services.framework_tag, item=framework_item, target=project, tagged_by=staff)
    shows(
        client,
        f"/projects/{project.slug}/",
        lambda: write(
            dialogue_services.framework_untag,
            item=framework_item,
            target=project,
            untagged_by=staff,
        ),
        gone=["GCM-23"],
    )


@covers(dialogue_services.framework_set_tags)
def test_framework_set_tags(client, staff, framework_item):
    project = ProjectFactory()
    shows(
        client,
        f"/projects/{project.slug}/",
        lambda: write(
            dialogue_services.framework_set_tags,
            target=project,
            items=[framework_item],
            tagged_by=staff,
        ),
        new=["GCM-23"],
    )


def _meeting(title="Senior officials meeting in Rabat"):
    return EventFactory(title=title, type="dialogue_meeting")


@covers(meeting_services.meeting_link)
def test_meeting_link(client, staff, dialogue):
    event = _meeting()
    shows(
        client,
        f"/dialogues/{dialogue.slug}/",
        lambda: write(
            meeting_services.meeting_link, dialogue=dialogue, event=event, linked_by=staff
        ),
        new=["Senior officials meeting in Rabat"],
    )


@covers(meeting_services.delegation_create, meeting_services.delegation_add_member)
def test_delegation_create_and_add_member(client, staff, dialogue):
    """Delegations are shown to staff and the dialogue's secretariat only."""
    event = _meeting()
    write(meeting_services.meeting_link, dialogue=dialogue, event=event, linked_by=staff)
    libya = CountryFactory(code="LY")
    made = {}

    def create():
        made["delegation"] = write(
            meeting_services.delegation_create, event=event, country=libya, created_by=staff
        )

    raises_number("dialogues", create)
    raises_number(
        "dialogues",
        lambda: write(
            meeting_services.delegation_add_member,
            delegation=made["delegation"],
            person=OfficialFactory(),
            added_by=staff,
        ),
    )


@covers(meeting_services.appointment_link_briefing)
def test_appointment_link_briefing(client, staff, dialogue):
    appointment = _appoint(dialogue, staff)
    workshop = EventFactory(
        starts_at=dt.datetime(2022, 2, 15, 9, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2022, 2, 16, 15, 0, tzinfo=dt.UTC),
    )
    raises_number(
        "dialogues",
        lambda: write(
            meeting_services.appointment_link_briefing,
            appointment=appointment,
            event=workshop,
            linked_by=staff,
        ),
    )


# --- directory --------------------------------------------------------------------------------


@covers(directory_services.organisation_create)
def test_organisation_create(client, staff):
    shows(
        client,
        "/organisations/",
        lambda: write(
            directory_services.organisation_create,
            created_by=staff,
            name="Brand New Relief Association",
            kind="cso",
            country=CountryFactory(code="LY"),
        ),
        new=["Brand New Relief Association"],
    )


@covers(directory_services.organisation_update)
def test_organisation_update(client, staff):
    organisation = OrganisationFactory(name="Old name of the association")
    shows(
        client,
        f"/organisations/{organisation.pk}/",
        lambda: write(
            directory_services.organisation_update,
            organisation=organisation,
            updated_by=staff,
            name="New name of the association",
        ),
        new=["New name of the association"],
        gone=["Old name of the association"],
    )


@covers(directory_services.person_create)
def test_person_create(client, staff):
    organisation = OrganisationFactory()
    shows(
        client,
        f"/organisations/{organisation.pk}/",
        lambda: write(
            directory_services.person_create,
            created_by=staff,
            full_name="Consenting New Contact",
            organisation=organisation,
            is_public=True,
        ),
        new=["Consenting New Contact"],
    )


@covers(directory_services.person_update)
def test_person_update(client, staff):
    organisation = OrganisationFactory()
    person = PersonFactory(organisation=organisation, full_name="Public Contact", is_public=True)
    shows(
        client,
        f"/organisations/{organisation.pk}/",
        lambda: write(
            directory_services.person_update,
            person=person,
            updated_by=staff,
            full_name="Renamed Public Contact",
        ),
        new=["Renamed Public Contact"],
    )


IMPORT_CSV = b"name,acronym,kind,places,topics,founded_year\nImported Coastal Association,,cso,,,\n"


def _upload(staff):
    return write(importing.import_upload, uploaded_by=staff, filename="orgs.csv", data=IMPORT_CSV)


@covers(importing.import_upload, importing.import_cancel)
def test_import_upload_and_cancel(client, staff):
    """A batch waiting for its preview, and its cancelling, are seen by staff only."""
    made = {}

    def upload():
        made["batch"] = _upload(staff)

    raises_number("directory", upload)
    raises_number(
        "directory",
        lambda: write(importing.import_cancel, batch=made["batch"], cancelled_by=staff),
    )


@covers(importing.import_apply)
def test_import_apply(client, staff):
    """Applying a batch (here its one row is refused and skipped) records it as applied."""
    batch = _upload(staff)
    raises_number(
        "directory",
        lambda: write(importing.import_apply, batch=batch, applied_by=staff, skip_refused=True),
    )


# --- networks ---------------------------------------------------------------------------------


@pytest.fixture
def network(db):
    return NetworkFactory(slug="net-one", name="Network One")


def _members(network):
    return f"/api/v1/networks/{network.slug}/members"


def _member_status(organisation):
    def pick(body):
        found = [m for m in body["items"] if m["organisation_id"] == organisation.pk]
        return (found[0]["status"], found[0]["role"]) if found else None

    return pick


@covers(network_services.network_create)
def test_network_create(client, staff):
    shows(
        client,
        "/networks/",
        lambda: write(
            network_services.network_create,
            created_by=staff,
            name="Coastal Network",
            slug="coastal",
            country=CountryFactory(code="LY"),
            visibility=Visibility.PUBLIC,
        ),
        new=["Coastal Network"],
    )


@covers(network_services.network_update)
def test_network_update(client, staff, network):
    shows(
        client,
        f"/networks/{network.slug}/",
        lambda: write(
            network_services.network_update,
            network=network,
            updated_by=staff,
            name="Network One Renamed",
        ),
        new=["Network One Renamed"],
    )


@covers(network_services.network_set_status)
def test_network_set_status(client, staff, network):
    changes(
        client,
        f"/api/v1/networks/{network.slug}",
        lambda: write(
            network_services.network_set_status,
            network=network,
            status="dormant",
            decided_by=staff,
            reason="No meeting for two years",
        ),
        lambda body: body["status"],
        before="active",
        after="dormant",
    )


@covers(network_services.membership_apply)
def test_membership_apply(client, staff, network):
    """An application is seen by the network's coordinators and staff only."""
    raises_number(
        "networks",
        lambda: write(
            network_services.membership_apply,
            network=network,
            organisation=OrganisationFactory(),
            applied_by=staff,
        ),
    )


def _application(network):
    return MembershipFactory(network=network, status="applied")


@covers(network_services.membership_approve)
def test_membership_approve(client, staff, network):
    membership = _application(network)
    changes(
        client,
        _members(network),
        lambda: write(network_services.membership_approve, membership=membership, decided_by=staff),
        _member_status(membership.organisation),
        before=None,  # an application is not listed to the public
        after=("active", "member"),
    )


@covers(network_services.membership_reject)
def test_membership_reject(client, staff, network):
    """A rejection: its kind gets a new number."""
    membership = _application(network)
    raises_number(
        "networks",
        lambda: write(
            network_services.membership_reject,
            membership=membership,
            decided_by=staff,
            reason="Not working on migration",
        ),
    )


@covers(network_services.membership_suspend)
def test_membership_suspend(client, staff, network):
    membership = MembershipFactory(network=network)
    pick = _member_status(membership.organisation)
    assert pick(warm(client, _members(network))) == ("active", "member")
    write(
        network_services.membership_suspend,
        membership=membership,
        decided_by=staff,
        reason="Did not report",
    )
    assert pick(read(client, _members(network))) != ("active", "member")


@covers(network_services.membership_reinstate)
def test_membership_reinstate(client, staff, network):
    membership = MembershipFactory(network=network, status="suspended")
    pick = _member_status(membership.organisation)
    assert pick(warm(client, _members(network))) != ("active", "member")
    write(network_services.membership_reinstate, membership=membership, decided_by=staff)
    assert pick(read(client, _members(network))) == ("active", "member")


@covers(network_services.membership_leave)
def test_membership_leave(client, staff, network):
    membership = MembershipFactory(network=network)
    pick = _member_status(membership.organisation)
    assert pick(warm(client, _members(network))) == ("active", "member")
    write(
        network_services.membership_leave, membership=membership, decided_by=staff, reason="Closed"
    )
    assert pick(read(client, _members(network))) != ("active", "member")


@covers(network_services.membership_set_role)
def test_membership_set_role(client, staff, network):
    membership = MembershipFactory(network=network)
    changes(
        client,
        _members(network),
        lambda: write(
            network_services.membership_set_role,
            membership=membership,
            role="coordinator",
            decided_by=staff,
        ),
        _member_status(membership.organisation),
        before=("active", "member"),
        after=("active", "coordinator"),
    )


@covers(conduct.code_create)
def test_code_create(client, staff):
    """A new code is a draft text until a network adopts it."""
    raises_number(
        "networks",
        lambda: write(
            conduct.code_create, title="Draft code", texts={"en": "We act."}, created_by=staff
        ),
    )


@covers(conduct.code_adopt)
def test_code_adopt(client, staff, network):
    code = write(
        conduct.code_create,
        title="Common Code Of Integrity",
        texts={"en": "We act with integrity."},
        created_by=staff,
    )
    version = code.versions.get(number=1)
    shows(
        client,
        f"/networks/{network.slug}/",
        lambda: write(conduct.code_adopt, version=version, network=network, adopted_by=staff),
        new=["Common Code Of Integrity"],
    )


@covers(conduct.code_version_draft, conduct.code_version_edit)
def test_code_version_draft_and_edit(client, staff, network):
    """A new version is a draft until adopted: seen by staff only."""
    code, _version = adopted_code(network, by=staff)
    made = {}

    def draft():
        made["version"] = write(conduct.code_version_draft, code=code, created_by=staff)

    raises_number("networks", draft)
    raises_number(
        "networks",
        lambda: write(
            conduct.code_version_edit,
            version=made["version"],
            edited_by=staff,
            texts={"en": "Version two."},
        ),
    )


@covers(conduct.endorsement_create)
def test_endorsement_create(client, staff, network):
    _code, version = adopted_code(network, by=staff, title="Common Code Of Integrity")
    membership = MembershipFactory(network=network)
    raises_number(
        "networks",
        lambda: write(
            conduct.endorsement_create, membership=membership, version=version, endorsed_by=staff
        ),
    )


# --- plans ------------------------------------------------------------------------------------


@pytest.fixture
def plan(network, staff):
    """An adopted public plan with one objective, one activity and one indicator on each."""
    plan = make_plan(network=network, by=staff, visibility="public", title="Coastal plan")
    objective = make_objective(plan, by=staff)
    make_indicator(objective, by=staff, title="Networks with an adopted plan")
    activity = make_activity(objective, by=staff, title="Awareness sessions", code="1.1")
    make_indicator(activity, by=staff, title="People trained")
    write(plan_services.plan_adopt, plan=plan, adopted_by=staff, adopted_on=dt.date(2021, 1, 28))
    plan.refresh_from_db()
    return plan


def _plan_api(plan):
    return f"/api/v1/plans/{plan.pk}"


def _activity(body):
    return body["objectives"][0]["activities"][0]


def _indicator(plan):
    from shabaka.plans.models import Indicator

    return Indicator.objects.get(title="People trained")


@covers(plan_services.plan_create)
def test_plan_create(client, staff, network):
    """A new plan is a draft: only the network's members see it."""
    raises_number("plans", lambda: make_plan(network=network, by=staff, visibility="public"))


@covers(plan_services.plan_update)
def test_plan_update(client, staff, plan):
    changes(
        client,
        _plan_api(plan),
        lambda: write(plan_services.plan_update, plan=plan, updated_by=staff, title="Renamed plan"),
        lambda body: body["title"],
        before="Coastal plan",
        after="Renamed plan",
    )


@covers(plan_services.plan_adopt)
def test_plan_adopt(client, staff, network):
    draft = make_plan(network=network, by=staff, visibility="public", title="Plan to adopt")
    make_objective(draft, by=staff)
    shows(
        client,
        "/api/v1/plans",
        lambda: write(
            plan_services.plan_adopt, plan=draft, adopted_by=staff, adopted_on=dt.date(2021, 1, 1)
        ),
        new=["Plan to adopt"],
    )


@covers(plan_services.plan_revise)
def test_plan_revise(client, staff, plan):
    changes(
        client,
        _plan_api(plan),
        lambda: write(plan_services.plan_revise, plan=plan, revised_by=staff, reason="Mid-term"),
        lambda body: body["status"],
        before="adopted",
        after="revised",
    )


@covers(plan_services.plan_close)
def test_plan_close(client, staff, plan):
    body = warm(client, _plan_api(plan))
    assert body["status"] == "adopted"
    write(plan_services.plan_close, plan=plan, closed_by=staff, reason="Ended")
    after = client.get(_plan_api(plan))
    assert after.status_code == 404 or json.loads(after.content)["status"] == "closed"


@covers(plan_services.objective_create)
def test_objective_create(client, staff, plan):
    changes(
        client,
        _plan_api(plan),
        lambda: write(
            plan_services.objective_create, plan=plan, title="Second objective", created_by=staff
        ),
        lambda body: [o["title"] for o in body["objectives"]][-1],
        before="Protect migrants' rights",
        after="Second objective",
    )


@covers(plan_services.objective_update)
def test_objective_update(client, staff, plan):
    objective = plan.objectives.get()
    changes(
        client,
        _plan_api(plan),
        lambda: write(
            plan_services.objective_update,
            objective=objective,
            updated_by=staff,
            title="Renamed objective",
        ),
        lambda body: body["objectives"][0]["title"],
        before="Protect migrants' rights",
        after="Renamed objective",
    )


@covers(plan_services.activity_create)
def test_activity_create(client, staff, plan):
    objective = plan.objectives.get()
    changes(
        client,
        _plan_api(plan),
        lambda: make_activity(objective, by=staff, title="Legal aid desk", code="1.2"),
        lambda body: [a["title"] for a in body["objectives"][0]["activities"]],
        before=["Awareness sessions"],
        after=["Awareness sessions", "Legal aid desk"],
    )


def _the_activity(plan):
    from shabaka.plans.models import Activity

    return Activity.objects.get(objective__plan=plan)


@covers(plan_services.activity_update)
def test_activity_update(client, staff, plan):
    changes(
        client,
        _plan_api(plan),
        lambda: write(
            plan_services.activity_update,
            activity=_the_activity(plan),
            updated_by=staff,
            title="Awareness sessions in schools",
        ),
        lambda body: _activity(body)["title"],
        before="Awareness sessions",
        after="Awareness sessions in schools",
    )


def _activity_status(client, plan, act, *, before, after, setup=None):
    activity = _the_activity(plan)
    if setup is not None:
        setup(activity)
    changes(
        client,
        _plan_api(plan),
        lambda: act(activity),
        lambda body: _activity(body)["status"],
        before=before,
        after=after,
    )


@covers(plan_services.activity_start)
def test_activity_start(client, staff, plan):
    _activity_status(
        client,
        plan,
        lambda a: write(plan_services.activity_start, activity=a, started_by=staff),
        before="planned",
        after="ongoing",
    )


@covers(plan_services.activity_finish)
def test_activity_finish(client, staff, plan):
    _activity_status(
        client,
        plan,
        lambda a: write(plan_services.activity_finish, activity=a, finished_by=staff),
        setup=lambda a: write(plan_services.activity_start, activity=a, started_by=staff),
        before="ongoing",
        after="done",
    )


@covers(plan_services.activity_postpone)
def test_activity_postpone(client, staff, plan):
    _activity_status(
        client,
        plan,
        lambda a: write(
            plan_services.activity_postpone, activity=a, postponed_by=staff, reason="Funding late"
        ),
        before="planned",
        after="postponed",
    )


@covers(plan_services.activity_reschedule)
def test_activity_reschedule(client, staff, plan):
    activity = _the_activity(plan)
    write(plan_services.activity_postpone, activity=activity, postponed_by=staff, reason="Late")
    changes(
        client,
        _plan_api(plan),
        lambda: write(
            plan_services.activity_reschedule,
            activity=activity,
            rescheduled_by=staff,
            planned_start=dt.date(2021, 9, 1),
            planned_end=dt.date(2021, 12, 31),
        ),
        lambda body: (_activity(body)["planned_start"], _activity(body)["planned_end"]),
        before=("2021-02-01", "2021-06-30"),
        after=("2021-09-01", "2021-12-31"),
    )


@covers(plan_services.activity_cancel)
def test_activity_cancel(client, staff, plan):
    _activity_status(
        client,
        plan,
        lambda a: write(
            plan_services.activity_cancel, activity=a, cancelled_by=staff, reason="No longer needed"
        ),
        before="planned",
        after="cancelled",
    )


def _adaptation(plan, staff, title="Sessions moved online"):
    return write(
        plan_services.adaptation_create,
        plan=plan,
        title=title,
        what_changed="Online instead of in person",
        why="Travel restrictions",
        decided_on=dt.date(2021, 3, 1),
        decided_by="Network assembly",
        recorded_by=staff,
    )


@covers(plan_services.adaptation_create)
def test_adaptation_create(client, staff, plan):
    shows(
        client,
        f"/plans/{plan.pk}/",
        lambda: _adaptation(plan, staff),
        new=["Sessions moved online"],
    )


@covers(plan_services.adaptation_update)
def test_adaptation_update(client, staff, plan):
    adaptation = _adaptation(plan, staff)
    shows(
        client,
        f"/plans/{plan.pk}/",
        lambda: write(
            plan_services.adaptation_update,
            adaptation=adaptation,
            updated_by=staff,
            title="Sessions moved to the radio",
        ),
        new=["Sessions moved to the radio"],
        gone=["Sessions moved online"],
    )


@covers(indicator_services.indicator_create)
def test_indicator_create(client, staff, plan):
    activity = _the_activity(plan)
    changes(
        client,
        _plan_api(plan),
        lambda: make_indicator(activity, by=staff, title="Sessions held"),
        lambda body: [i["title"] for i in _activity(body)["indicators"]],
        before=["People trained"],
        after=["People trained", "Sessions held"],
    )


@covers(indicator_services.indicator_update)
def test_indicator_update(client, staff, plan):
    changes(
        client,
        _plan_api(plan),
        lambda: write(
            indicator_services.indicator_update,
            indicator=_indicator(plan),
            updated_by=staff,
            target=250,
        ),
        lambda body: Decimal(_activity(body)["indicators"][0]["target"]),
        before=Decimal(100),
        after=Decimal(250),
    )


def _progress_path(plan):
    return f"/api/v1/indicators/{_indicator(plan).pk}/progress"


def _submit(plan, staff):
    return write(
        indicator_services.progress_submit,
        indicator=_indicator(plan),
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 6, 30),
        value=40,
        narrative="Four sessions held.",
        submitted_by=staff,
    )


def _statuses(body):
    return [u["status"] for u in body]


@covers(indicator_services.progress_submit)
def test_progress_submit(client, staff, plan):
    path = _progress_path(plan)
    before = warm(client, path)
    _submit(plan, staff)
    after = read(client, path)
    # Submitted progress is either listed for everyone or kept for the network: in both cases
    # the kept page must not hide it from whoever may see it; a visitor's page changes only if
    # it lists it.
    if _statuses(after) == _statuses(before):
        raises_number("plans", lambda: _submit_again(plan, staff))
    else:
        assert _statuses(after) == ["submitted"]


def _submit_again(plan, staff):
    write(
        indicator_services.progress_submit,
        indicator=_indicator(plan),
        period_start=dt.date(2021, 7, 1),
        period_end=dt.date(2021, 12, 31),
        value=60,
        narrative="Six sessions held.",
        submitted_by=staff,
    )


@covers(indicator_services.progress_validate)
def test_progress_validate(client, staff, plan):
    update = _submit(plan, staff)
    path = _progress_path(plan)
    warm(client, path)
    write(indicator_services.progress_validate, update=update, validated_by=staff)
    assert _statuses(read(client, path)) == ["validated"]


@covers(indicator_services.progress_reject)
def test_progress_reject(client, staff, plan):
    update = _submit(plan, staff)
    path = _progress_path(plan)
    before = warm(client, path)
    write(
        indicator_services.progress_reject, update=update, validated_by=staff, reason="No evidence"
    )
    after = read(client, path)
    assert _statuses(after) in (["rejected"], []) and _statuses(before) != ["rejected"]
    if not _statuses(before):
        pytest.fail("submitted progress not listed: the rejection cannot be seen on this page")


@covers(indicator_services.progress_import)
def test_progress_import(client, staff, plan):
    changes(
        client,
        _progress_path(plan),
        lambda: write(
            indicator_services.progress_import,
            indicator=_indicator(plan),
            period_start=dt.date(2021, 1, 1),
            period_end=dt.date(2021, 12, 31),
            value=75,
            external_ref="XM-EXAMPLE-1/2021",
            imported_by=staff,
        ),
        _statuses,
        before=[],
        after=["validated"],
    )


# --- events -----------------------------------------------------------------------------------


def _event_api(event):
    return f"/api/v1/events/{event.slug}"


@covers(event_services.event_create)
def test_event_create(client, staff):
    shows(
        client,
        "/api/v1/events",
        lambda: write(
            event_services.event_create,
            created_by=staff,
            title="Coastal Networks Forum",
            slug="coastal-forum",
            type="workshop",
            starts_at=dt.datetime(2021, 5, 3, 9, 0),
            ends_at=dt.datetime(2021, 5, 3, 17, 0),
        ),
        new=["Coastal Networks Forum"],
    )


@covers(event_services.event_update)
def test_event_update(client, staff):
    event = EventFactory(title="Old workshop title")
    shows(
        client,
        f"/events/{event.slug}/",
        lambda: write(
            event_services.event_update, event=event, updated_by=staff, title="New workshop title"
        ),
        new=["New workshop title"],
        gone=["Old workshop title"],
    )


@pytest.mark.parametrize(
    ("service", "start", "end"),
    [
        (event_services.event_open_nominations, "planned", "open"),
        (event_services.event_confirm, "open", "confirmed"),
        (event_services.event_mark_held, "confirmed", "held"),
        (event_services.event_cancel, "planned", "cancelled"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
@covers(
    event_services.event_open_nominations,
    event_services.event_confirm,
    event_services.event_mark_held,
    event_services.event_cancel,
)
def test_event_transitions(client, staff, service, start, end):
    event = EventFactory(status=start)
    changes(
        client,
        _event_api(event),
        lambda: write(service, event=event, by=staff, reason="Decided by the organisers"),
        lambda body: body["status"],
        before=start,
        after=end,
    )


@covers(event_services.event_add_session)
def test_event_add_session(client, staff):
    event = EventFactory()
    shows(
        client,
        _event_api(event),
        lambda: write(
            event_services.event_add_session,
            event=event,
            added_by=staff,
            title="Opening panel on protection",
            starts_at=dt.datetime(2021, 1, 26, 10, 0),
        ),
        new=["Opening panel on protection"],
    )


@covers(event_services.event_add_material)
def test_event_add_material(client, staff):
    event = EventFactory()
    shows(
        client,
        _event_api(event),
        lambda: write(
            event_services.event_add_material,
            event=event,
            uploaded_by=staff,
            title="Workshop report",
            link="https://example.org/report",
            visibility=Visibility.PUBLIC,
        ),
        new=["Workshop report"],
    )


def _participants(body):
    return body["participants"]


@covers(participation_services.participation_add)
def test_participation_add(client, staff):
    event = EventFactory()
    # Participant figures count the days attended, and the donor figures the budget
    # lines and transactions as reported: this write moves none of them on a visitor's page.
    raises_number(
        "events",
        lambda: write(
            participation_services.participation_add,
            event=event,
            person=PersonFactory(),
            added_by=staff,
        ),
    )


@covers(participation_services.participation_set_role)
def test_participation_set_role(client, staff):
    """Who spoke is on the organisers' console; visitors see counts only."""
    participation = ParticipationFactory()
    raises_number(
        "events",
        lambda: write(
            participation_services.participation_set_role,
            participation=participation,
            role="speaker",
            changed_by=staff,
        ),
    )


def _days_by_mode(body):
    return body["figures"]["attendance_days_by_mode"]


@covers(participation_services.attendance_record)
def test_attendance_record(client, staff):
    participation = ParticipationFactory()
    event = participation.event
    before = warm(client, _event_api(event))
    write(
        participation_services.attendance_record,
        participation=participation,
        day=dt.date(2021, 1, 26),
        mode="online",
        recorded_by=staff,
    )
    after = read(client, _event_api(event))
    assert _days_by_mode(after).get("online", 0) == _days_by_mode(before).get("online", 0) + 1


@covers(participation_services.attendance_clear)
def test_attendance_clear(client, staff):
    participation = ParticipationFactory()
    event = participation.event
    write(
        participation_services.attendance_record,
        participation=participation,
        day=dt.date(2021, 1, 26),
        mode="online",
        recorded_by=staff,
    )
    before = warm(client, _event_api(event))
    assert _days_by_mode(before).get("online") == 1
    write(
        participation_services.attendance_clear,
        participation=participation,
        day=dt.date(2021, 1, 26),
        cleared_by=staff,
    )
    assert _days_by_mode(read(client, _event_api(event))).get("online", 0) == 0


@covers(feedback_services.feedback_submit)
def test_feedback_submit(client, staff):
    """Feedback is read by the organisers only."""
    from shabaka.events.services.feedback import RATING_QUESTIONS

    participation = ParticipationFactory()
    write(
        participation_services.attendance_record,
        participation=participation,
        day=dt.date(2021, 1, 26),
        mode="in_person",
        recorded_by=staff,
    )
    ratings = {field: 4 for field, _question in RATING_QUESTIONS}
    raises_number(
        "events",
        lambda: write(
            feedback_services.feedback_submit, participation=participation, ratings=ratings
        ),
    )


@pytest.fixture
def invitation(db):
    return InvitationFactory(event=EventFactory(status="open"), seats=2)


def _nominate(invitation, staff):
    return write(
        nomination_services.nomination_create,
        invitation=invitation,
        nominated_by=staff,
        person=PersonFactory(),
    )


@covers(nomination_services.invitation_create)
def test_invitation_create(client, staff):
    """Invitations are seen by the organisers and the invited bodies only."""
    event = EventFactory(status="open")
    raises_number(
        "events",
        lambda: write(
            nomination_services.invitation_create,
            event=event,
            invited_by=staff,
            seats=3,
            network=NetworkFactory(),
        ),
    )


@covers(
    nomination_services.nomination_propose,
    nomination_services.nomination_nominate,
    nomination_services.nomination_create,
    nomination_services.nomination_decline,
    nomination_services.nomination_accept_by_token,
)
def test_nomination_steps_before_a_seat_is_confirmed(client, staff, invitation):
    """Until the organiser confirms it, a nomination is seen by the organisers, the nominating
    body and the nominee only."""
    made = {}

    def propose():
        made["proposal"] = write(
            nomination_services.nomination_propose,
            invitation=invitation,
            proposed_by=staff,
            person=PersonFactory(),
        )

    raises_number("events", propose)
    raises_number(
        "events",
        lambda: write(
            nomination_services.nomination_nominate,
            nomination=made["proposal"],
            nominated_by=staff,
        ),
    )

    def create():
        made["direct"] = _nominate(invitation, staff)

    raises_number("events", create)
    token = nomination_services.nomination_token_make(nomination=made["direct"])
    raises_number(
        "events", lambda: write(nomination_services.nomination_accept_by_token, token=token)
    )
    raises_number(
        "events",
        lambda: write(
            nomination_services.nomination_decline,
            nomination=made["direct"],
            decided_by=staff,
            reason="Profile does not fit",
        ),
    )


@covers(nomination_services.nomination_confirm)
def test_nomination_confirm(client, staff, invitation):
    nomination = _nominate(invitation, staff)
    # Participant figures count the days attended, and the donor figures the budget
    # lines and transactions as reported: this write moves none of them on a visitor's page.
    raises_number(
        "events",
        lambda: write(
            nomination_services.nomination_confirm, nomination=nomination, decided_by=staff
        ),
    )


def _confirmed(invitation, staff):
    nomination = _nominate(invitation, staff)
    write(nomination_services.nomination_confirm, nomination=nomination, decided_by=staff)
    return nomination


@covers(nomination_services.nomination_withdraw)
def test_nomination_withdraw(client, staff, invitation):
    nomination = _confirmed(invitation, staff)
    # Participant figures count the days attended, and the donor figures the budget
    # lines and transactions as reported: this write moves none of them on a visitor's page.
    raises_number(
        "events",
        lambda: write(
            nomination_services.nomination_withdraw,
            nomination=nomination,
            withdrawn_by=staff,
            reason="Cannot travel",
        ),
    )


@covers(nomination_services.nomination_withdraw_by_token)
def test_nomination_withdraw_by_token(client, staff, invitation):
    nomination = _confirmed(invitation, staff)
    token = nomination_services.nomination_token_make(nomination=nomination)
    # Participant figures count the days attended, and the donor figures the budget
    # lines and transactions as reported: this write moves none of them on a visitor's page.
    raises_number(
        "events",
        lambda: write(nomination_services.nomination_withdraw_by_token, token=token),
    )


# --- projects ---------------------------------------------------------------------------------


def _project_api(project):
    return f"/api/v1/projects/{project.slug}"


@covers(project_services.project_create)
def test_project_create(client, staff):
    shows(
        client,
        "/projects/",
        lambda: write(
            project_services.project_create,
            title="Safe Routes Programme",
            created_by=staff,
            slug="safe-routes",
        ),
        new=["Safe Routes Programme"],
    )


@covers(project_services.project_update)
def test_project_update(client, staff):
    project = ProjectFactory(title="Old project title")
    shows(
        client,
        f"/projects/{project.slug}/",
        lambda: write(
            project_services.project_update,
            project=project,
            updated_by=staff,
            title="New project title",
        ),
        new=["New project title"],
        gone=["Old project title"],
    )


@pytest.mark.parametrize(
    ("service", "start", "end"),
    [
        (project_services.project_start, "1", "2"),
        (project_services.project_suspend, "2", "6"),
        (project_services.project_finalise, "2", "3"),
        (project_services.project_close, "3", "4"),
        (project_services.project_cancel, "2", "5"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
@covers(
    project_services.project_start,
    project_services.project_suspend,
    project_services.project_finalise,
    project_services.project_close,
    project_services.project_cancel,
)
def test_project_transitions(client, staff, service, start, end):
    project = ProjectFactory(status=start)
    changes(
        client,
        _project_api(project),
        lambda: write(service, project=project, by=staff),
        lambda body: body["status"],
        before=start,
        after=end,
    )


@covers(project_services.project_set_status_from_import)
def test_project_set_status_from_import(client, staff):
    project = ProjectFactory(status="2")
    changes(
        client,
        _project_api(project),
        lambda: write(
            project_services.project_set_status_from_import,
            project=project,
            status="4",
            imported_by=staff,
        ),
        lambda body: body["status"],
        before="2",
        after="4",
    )


@covers(project_services.budget_add)
def test_budget_add(client, staff):
    project = ProjectFactory()
    # Participant figures count the days attended, and the donor figures the budget
    # lines and transactions as reported: this write moves none of them on a visitor's page.
    raises_number(
        "projects",
        lambda: write(
            project_services.budget_add,
            project=project,
            period_start=dt.date(2021, 1, 1),
            period_end=dt.date(2021, 12, 31),
            amount=Decimal("250000"),
            currency="EUR",
            added_by=staff,
        ),
    )


@covers(project_services.funding_add)
def test_funding_add(client, staff):
    project = ProjectFactory()
    funder = OrganisationFactory(name="Generous Example Donor", kind="donor")
    shows(
        client,
        f"/projects/{project.slug}/",
        lambda: write(
            project_services.funding_add,
            project=project,
            funder=funder,
            amount=Decimal("50000"),
            currency="EUR",
            committed_on=dt.date(2021, 1, 1),
            added_by=staff,
        ),
        new=["Generous Example Donor"],
    )


@covers(project_services.funding_remove)
def test_funding_remove(client, staff):
    funding = FundingFactory(funder=OrganisationFactory(name="Departing Donor", kind="donor"))
    shows(
        client,
        f"/projects/{funding.project.slug}/",
        lambda: write(project_services.funding_remove, funding=funding, removed_by=staff),
        gone=["Departing Donor"],
    )


@covers(project_services.identifier_add)
def test_identifier_add(client, staff):
    project = ProjectFactory()
    shows(
        client,
        f"/projects/{project.slug}/",
        lambda: write(
            project_services.identifier_add,
            project=project,
            ref="XM-OTHER-REF-77",
            added_by=staff,
        ),
        new=["XM-OTHER-REF-77"],
    )


@covers(project_services.participant_add)
def test_participant_add(client, staff):
    project = ProjectFactory()
    organisation = OrganisationFactory(name="Implementing Partner Society")
    shows(
        client,
        f"/projects/{project.slug}/",
        lambda: write(
            project_services.participant_add,
            project=project,
            organisation=organisation,
            role="4",
            added_by=staff,
        ),
        new=["Implementing Partner Society"],
    )


@covers(project_services.participant_remove)
def test_participant_remove(client, staff):
    participant = ParticipantFactory(
        organisation=OrganisationFactory(name="Leaving Partner Society")
    )
    shows(
        client,
        f"/projects/{participant.project.slug}/",
        lambda: write(
            project_services.participant_remove, participant=participant, removed_by=staff
        ),
        gone=["Leaving Partner Society"],
    )


@covers(project_services.sector_add)
def test_sector_add(client, staff):
    project = ProjectFactory()
    shows(
        client,
        f"/projects/{project.slug}/",
        lambda: write(
            project_services.sector_add,
            project=project,
            code="15190",
            name="Facilitation of orderly migration",
            added_by=staff,
        ),
        new=["15190"],
    )


@covers(project_services.transaction_add)
def test_transaction_add(client, staff):
    project = ProjectFactory()
    # Participant figures count the days attended, and the donor figures the budget
    # lines and transactions as reported: this write moves none of them on a visitor's page.
    raises_number(
        "projects",
        lambda: write(
            project_services.transaction_add,
            project=project,
            kind="3",
            date=dt.date(2021, 3, 1),
            amount=Decimal("12345"),
            currency="EUR",
            added_by=staff,
        ),
    )


IATI = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2022-03-01T00:00:00Z">
 <iati-activity default-currency="EUR" xml:lang="en">
  <iati-identifier>XM-DAC-47137-CACHETEST</iati-identifier>
  <reporting-org ref="XM-DAC-47137" type="40"><narrative>ICMPD</narrative></reporting-org>
  <title><narrative>Imported Cache Test Programme</narrative></title>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2020-01-01"/>
  <recipient-country code="LY"/>
 </iati-activity>
</iati-activities>
"""


@covers(iati_importer.import_activities, iati_importer.import_activity)
def test_import_activities(client, staff):
    CountryFactory(code="LY")
    shows(
        client,
        "/projects/",
        lambda: iati_importer.import_activities(IATI.encode(), imported_by=staff),
        new=["Imported Cache Test Programme"],
    )


# --- search -----------------------------------------------------------------------------------


def _search_path():
    return "/search/?q=Zanzibarian"


def _unindexed_organisation():
    from shabaka.search.models import SearchDocument

    organisation = OrganisationFactory(name="Zanzibarian Friendship Society")
    with transaction.atomic():
        search_services.unindex_object(organisation)
    assert not SearchDocument.objects.filter(title__contains="Zanzibarian").exists()
    return organisation


@covers(search_services.index_object)
def test_index_object(client):
    organisation = _unindexed_organisation()

    def index():
        with transaction.atomic():
            search_services.index_object(organisation)

    shows(client, _search_path(), index, new=["Friendship Society"])


@covers(search_services.unindex_object)
def test_unindex_object(client):
    organisation = OrganisationFactory(name="Zanzibarian Friendship Society")

    def unindex():
        with transaction.atomic():
            search_services.unindex_object(organisation)

    shows(client, _search_path(), unindex, gone=["Friendship Society"])


@covers(search_services.rebuild_index)
def test_rebuild_index(client):
    _unindexed_organisation()
    shows(client, _search_path(), search_services.rebuild_index, new=["Friendship Society"])


# --- the guard --------------------------------------------------------------------------------


def test_every_service_module_is_listed():
    from pathlib import Path

    import shabaka

    root = Path(shabaka.__file__).parent
    found = {
        ".".join(("shabaka", *path.relative_to(root).with_suffix("").parts))
        for path in [*root.glob("*/services.py"), *root.glob("*/services/*.py")]
        if path.name != "__init__.py"
    }
    listed = {module.__name__ for module in SERVICE_MODULES}
    assert found <= listed, f"service modules without cache cases: {sorted(found - listed)}"


def test_every_public_service_function_has_a_cache_case():
    public = {
        f"{module.__name__}.{name}"
        for module in SERVICE_MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }
    missing = sorted(public - COVERED - set(SKIPPED))
    assert not missing, f"service functions without a page cache case: {missing}"
    assert not COVERED & set(SKIPPED), "a function is both covered and skipped"
    unknown = sorted((COVERED | set(SKIPPED)) - public)
    assert not unknown, f"cases or skips for functions that are not public services: {unknown}"
