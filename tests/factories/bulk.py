"""Many rows at once, for tests of lists and exports at sizes (0, 1, 256, 257, 5,000 rows).

Rows are inserted with `bulk_create` (one statement per batch, no services, no audit), each
with a title holding a marker and its number (`zq-org-00042`), so a test can count the distinct
rows a page or a file shows. Everything is public unless said otherwise."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from shabaka.core.text import normalise
from shabaka.core.visibility import Visibility

BATCH = 1000
START = dt.datetime(2021, 3, 1, 9, 0, tzinfo=dt.UTC)


def marker(kind: str, n: int) -> str:
    return f"zq-{kind}-{n:05d}"


def _libya():
    from tests.factories.directory import CountryFactory

    return CountryFactory(code="LY")


def organisations(
    count: int, *, visibility=Visibility.PUBLIC, kind: str = "cso", start: int = 0
) -> list:
    """`count` organisations, marked from `start` on."""
    from shabaka.directory.models import Organisation

    country = _libya()
    rows = []
    for n in range(start, start + count):
        name = f"Association {marker('org', n)}"
        rows.append(
            Organisation(
                name=name,
                name_language="en",
                normalised_name=normalise(name)[:250],
                acronym=f"A{n}",
                kind=kind,
                country=country,
                visibility=visibility,
            )
        )
    return Organisation.objects.bulk_create(rows, batch_size=BATCH)


def networks(count: int, *, start: int = 0) -> list:
    from shabaka.networks.models import Network, NetworkStatus

    country = _libya()
    rows = [
        Network(
            name=f"Network {marker('net', n)}",
            slug=marker("net", n),
            country=country,
            status=NetworkStatus.ACTIVE,
            visibility=Visibility.PUBLIC,
        )
        for n in range(start, start + count)
    ]
    return Network.objects.bulk_create(rows, batch_size=BATCH)


def members(network, count: int, *, start: int = 0) -> list:
    """`count` new public organisations (marked from `start`), active members of `network`."""
    from shabaka.networks.models import Membership, MembershipRole, MembershipStatus

    rows = [
        Membership(
            network=network,
            organisation=org,
            status=MembershipStatus.ACTIVE,
            role=MembershipRole.MEMBER,
            visibility=Visibility.PUBLIC,
            joined_on=dt.date(2020, 1, 1),
        )
        for org in organisations(count, start=start)
    ]
    return Membership.objects.bulk_create(rows, batch_size=BATCH)


def events(count: int, *, visibility=Visibility.PUBLIC, start: int = 0, project=None) -> list:
    """Public events in 2021, one an hour from 1 March (Tripoli is UTC+2 all year)."""
    from shabaka.events.models import Event, EventStatus, EventType

    rows = []
    for n in range(start, start + count):
        starts = START + dt.timedelta(hours=n)
        ends = starts + dt.timedelta(hours=2)
        rows.append(
            Event(
                title=f"Workshop {marker('event', n)}",
                slug=marker("event", n),
                type=EventType.WORKSHOP,
                starts_at=starts,
                ends_at=ends,
                start_date=(starts + dt.timedelta(hours=2)).date(),
                end_date=(ends + dt.timedelta(hours=2)).date(),
                status=EventStatus.HELD,
                visibility=visibility,
                project=project,
            )
        )
    return Event.objects.bulk_create(rows, batch_size=BATCH)


def news(count: int) -> list:
    from shabaka.content.models import NewsItem, NewsStatus

    now = timezone.now()
    rows = [
        NewsItem(
            title=f"News {marker('news', n)}",
            slug=marker("news", n),
            summary="A summary.",
            body="Some news.",
            body_html="<p>Some news.</p>",
            language="en",
            status=NewsStatus.PUBLISHED,
            published_at=now - dt.timedelta(minutes=n + 1),
        )
        for n in range(count)
    ]
    return NewsItem.objects.bulk_create(rows, batch_size=BATCH)


def documents(count: int) -> list:
    from shabaka.content.models import Document

    now = timezone.now()
    rows = [
        Document(
            title=f"Document {marker('doc', n)}",
            language="en",
            visibility=Visibility.PUBLIC,
            link=f"https://documents.example.org/{n}.pdf",
            uploaded_at=now - dt.timedelta(minutes=n),
        )
        for n in range(count)
    ]
    return Document.objects.bulk_create(rows, batch_size=BATCH)


def projects(count: int) -> list:
    from shabaka.projects.models import Project, ProjectStatus

    rows = [
        Project(
            title=f"Project {marker('project', n)}",
            slug=marker("project", n),
            status=ProjectStatus.IMPLEMENTATION,
            planned_start=dt.date(2020, 1, 1),
            planned_end=dt.date(2023, 12, 31),
            currency="EUR",
            visibility=Visibility.PUBLIC,
        )
        for n in range(count)
    ]
    return Project.objects.bulk_create(rows, batch_size=BATCH)


def plans(count: int, *, network=None) -> list:
    """Adopted public plans of one public network."""
    from shabaka.plans.models import ActionPlan, PlanStatus

    network = network or networks(1)[0]
    rows = [
        ActionPlan(
            network=network,
            title=f"Plan {marker('plan', n)}",
            period_start=dt.date(2021, 1, 1),
            period_end=dt.date(2023, 12, 31),
            status=PlanStatus.ADOPTED,
            visibility=Visibility.PUBLIC,
            adopted_on=dt.date(2021, 1, 28),
        )
        for n in range(count)
    ]
    return ActionPlan.objects.bulk_create(rows, batch_size=BATCH)


def activities(plan, count: int, *, start: int = 0) -> list:
    """`count` activities of `plan` (marked from `start`) under one new objective, all led by
    one new public member."""
    from shabaka.plans.models import Activity, ActivityStatus, Objective

    lead = members(plan.network, 1, start=90_000 + start)[0].organisation
    number = Objective.objects.filter(plan=plan).count() + 1
    objective = Objective.objects.create(
        plan=plan, code=str(number), title=f"Objective {number}", order=number
    )
    rows = [
        Activity(
            plan=plan,
            objective=objective,
            code=f"{number}.{n + 1}",
            title=f"Activity {marker('activity', n)}",
            lead=lead,
            planned_start=dt.date(2021, 2, 1),
            planned_end=dt.date(2021, 6, 30),
            status=ActivityStatus.PLANNED,
            order=n,
        )
        for n in range(start, start + count)
    ]
    return Activity.objects.bulk_create(rows, batch_size=BATCH)


def dialogues(count: int) -> list:
    from shabaka.dialogues.models import Dialogue

    rows = [
        Dialogue(
            name=f"Dialogue {marker('dialogue', n)}",
            short_name=f"D{n}",
            slug=marker("dialogue", n),
            launched=2006,
        )
        for n in range(count)
    ]
    return Dialogue.objects.bulk_create(rows, batch_size=BATCH)


def audit_entries(count: int) -> list:
    from shabaka.accounts.models import AuditEntry
    from shabaka.directory.models import Organisation

    content_type = ContentType.objects.get_for_model(Organisation)
    now = timezone.now()
    rows = [
        AuditEntry(
            created_at=now - dt.timedelta(seconds=n),
            actor_label="Test",
            action="changed",
            content_type=content_type,
            object_id=str(n + 1),
            object_repr=f"Association {marker('audit', n)}",
        )
        for n in range(count)
    ]
    return AuditEntry.objects.bulk_create(rows, batch_size=BATCH)
