"""The two news items of the seed stories, published in English, linked to their projects,
Libya and (for the first) the four demo networks when the networks demo has created them.
Idempotent: keyed on the news slugs."""

import datetime

from django.db import transaction

from shabaka.content import services
from shabaka.content.models import NewsItem, NewsStatus

NETWORKS = ["demo-net-tripoli", "demo-net-benghazi", "demo-net-sabha", "demo-net-misrata"]

NEWS = [
    {
        "slug": "tripoli-workshop-cso-networks-2021-01",
        "title": "Four Libyan CSO networks finalise their action plans in Tripoli",
        "summary": (
            "From 26 to 28 January 2021, seven representatives of four civil-society networks "
            "working on migration met in Tripoli to finalise their action plans."
        ),
        "body": (
            "From **26 to 28 January 2021**, a three-day workshop in Tripoli brought together "
            "four Libyan civil-society networks working on migration. Seven representatives, "
            "nominated by the networks' members, finalised the networks' action plans and "
            "adapted them to the COVID-19 situation.\n\n"
            "The workshop followed coaching on a common Code of Conduct, a study visit to Italy "
            "in 2019 and consultations in spring 2020. It was held under the EU-funded project "
            "*Strategic and Institutional Management of Migration in Libya*, implemented with "
            "the Libyan National Team for Border Security and Management (NTBSM).\n\n"
            "The long-term goal: a national platform of all CSO networks in Libya working on "
            "migration."
        ),
        "project": "simm-libya",
        "networks": NETWORKS,
        "events": ["tripoli-workshop-2021-01"],
        "dialogues": [],
        # The seeds give the workshop's dates, not the publication's: approximate.
        "published": datetime.datetime(2021, 1, 29, 12, 0, tzinfo=datetime.UTC),
    },
    {
        "slug": "focal-points-workshop-2022-02",
        "title": (
            "Introductory workshop for Libya's new Focal Points for the Rabat and Khartoum "
            "Processes"
        ),
        "summary": (
            "In February 2022 in Tripoli, Libya's newly appointed Focal Points for the Rabat "
            "Process and the Khartoum Process met the Dialogue Secretariats and the JVAP "
            "follow-up team."
        ),
        "body": (
            "In **February 2022**, an introductory workshop in Tripoli welcomed Libya's newly "
            "appointed Focal Points for the Rabat Process and the Khartoum Process. The Dialogue "
            "Secretariats and the follow-up team of the Joint Valletta Action Plan (JVAP) joined "
            "in person and online.\n\n"
            "The workshop was held under LIBMITAF, *Libya's Migration Technical Assistance "
            "Facility*, co-funded by the European Union and the Swiss Confederation (State "
            "Secretariat for Migration; Federal Department of Foreign Affairs through its Peace "
            "and Human Rights Division). Libya has been supported to take part in the dialogues "
            "since 2017."
        ),
        "project": "libmitaf",
        "networks": [],
        "events": ["focal-points-workshop-2022-02"],
        "dialogues": ["rabat-process", "khartoum-process"],
        # February 2022; the day is approximate.
        "published": datetime.datetime(2022, 2, 28, 12, 0, tzinfo=datetime.UTC),
    },
]


def _linked(field: str, slugs) -> list:
    """The records of the model a news item's `field` links to (a project, events, dialogues)
    with these slugs: content sits below those apps and reads them through its own fields,
    never importing them."""
    model = NewsItem._meta.get_field(field).related_model
    return list(model._default_manager.filter(slug__in=slugs))


def _link_events_and_dialogues(news, item, by) -> None:
    """Links the news item to the events and dialogues it reports on, once they exist (the
    content demo runs after the events and dialogues demos)."""
    from django.apps import apps

    links = {}
    if apps.is_installed("shabaka.events"):
        links["events"] = _linked("events", item["events"])
    if apps.is_installed("shabaka.dialogues"):
        links["dialogues"] = _linked("dialogues", item["dialogues"])
    current = {name: set(getattr(news, name).values_list("pk", flat=True)) for name in links}
    if any({r.pk for r in records} != current[name] for name, records in links.items()):
        services.news_update(news=news, updated_by=by, **links)


@transaction.atomic
def load(stdout) -> None:
    from shabaka.accounts.models import User
    from shabaka.directory.models import Country
    from shabaka.networks.models import Network

    by = User.objects.filter(email="staff@demo.shabaka.invalid").first()
    libya = Country.objects.filter(code="LY").first()
    created = 0
    for item in NEWS:
        news = NewsItem.objects.filter(slug=item["slug"]).first()
        if news is None:
            news = services.news_create(
                slug=item["slug"],
                title=item["title"],
                summary=item["summary"],
                body=item["body"],
                language="en",
                created_by=by,
                projects=_linked("projects", [item["project"]]),
                networks=list(Network.objects.filter(slug__in=item["networks"])),
                countries=[libya] if libya else [],
            )
            created += 1
        _link_events_and_dialogues(news, item, by)
        if news.status == NewsStatus.DRAFT:
            services.news_publish(news=news, published_by=by, published_at=item["published"])
    stdout.write(f"  content: {created} news item(s) created and published")
