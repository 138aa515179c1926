"""Demo events from the two seed stories (DESIGN.md "Data from the seed documents").

The seeds give the Tripoli workshop's dates (26-28 January 2021) and the month of the Focal
Points' workshop (February 2022: ICMPD reported it on 10 February, so the demo holds it on 8-9
February, days not recorded); the other dates are illustrative within the periods the seeds
name (coaching 2019-2020, a 2019 study visit to Italy, consultations in spring 2020). People are
placeholders only. Idempotent: an event whose slug exists is left as it is; networks, projects
and organisations are found by the shared stable keys and created only when missing.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from shabaka.accounts.models import User
from shabaka.core.text import normalise
from shabaka.core.visibility import Visibility
from shabaka.directory.models import Country, Gender, Organisation, OrganisationKind, Person, Place
from shabaka.events import services
from shabaka.events.models import (
    AttendanceMode,
    Event,
    EventFormat,
    EventType,
    ParticipationRole,
)

TRIPOLI = ZoneInfo("Africa/Tripoli")
ROME = ZoneInfo("Europe/Rome")
NETWORK_SLUGS = ["demo-net-tripoli", "demo-net-benghazi", "demo-net-sabha", "demo-net-misrata"]
# Seven representatives from the four networks.
SEATS = {"demo-net-tripoli": 2, "demo-net-benghazi": 2, "demo-net-sabha": 2, "demo-net-misrata": 1}


def _country(code: str) -> Country:
    country = Country.objects.filter(code=code).first()
    if country is None:
        from shabaka.directory.reference import load_reference_data

        load_reference_data()
        country = Country.objects.get(code=code)
    return country


def _organisation(name: str, *, acronym: str, kind: str, country: str) -> Organisation:
    organisation = Organisation.objects.filter(normalised_name=normalise(name)).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=name,
            name_en=name,
            name_language="en",
            acronym=acronym,
            kind=kind,
            country=_country(country),
            visibility=Visibility.PUBLIC,
        )
    return organisation


def _networks():
    from shabaka.networks.models import Network, NetworkStatus

    libya = _country("LY")
    networks = []
    for slug in NETWORK_SLUGS:
        city = slug.removeprefix("demo-net-").capitalize()
        network, _created = Network.objects.get_or_create(
            slug=slug,
            defaults={
                "name": f"{city} CSO Network on Migration (demo)",
                "name_en": f"{city} CSO Network on Migration (demo)",
                "country": libya,
                "status": NetworkStatus.ACTIVE,
                "visibility": Visibility.PUBLIC,
            },
        )
        networks.append(network)
    return networks


def _projects():
    from shabaka.projects.models import Project, ProjectStatus

    simm, _ = Project.objects.get_or_create(
        slug="simm-libya",
        defaults={
            "title": "Strategic and Institutional Management of Migration in Libya",
            "status": ProjectStatus.IMPLEMENTATION,
        },
    )
    libmitaf, _ = Project.objects.get_or_create(
        slug="libmitaf",
        defaults={
            "title": "Libya's Migration Technical Assistance Facility",
            "acronym": "LIBMITAF",
            "status": ProjectStatus.IMPLEMENTATION,
        },
    )
    return simm, libmitaf


def _tripoli() -> Place | None:
    return Place.objects.filter(code="LY021104").first()


def _placeholder(name: str, *, organisation=None, gender=Gender.UNDISCLOSED) -> Person:
    person = Person.objects.filter(full_name=name).first()
    if person is None:
        person = Person.objects.create(full_name=name, organisation=organisation, gender=gender)
    return person


def _member_organisation(network):
    from shabaka.networks.models import MembershipStatus

    membership = (
        network.memberships.filter(status=MembershipStatus.ACTIVE, organisation__isnull=False)
        .select_related("organisation")
        .order_by("id")
        .first()
    )
    return membership.organisation if membership else None


def _record_attendance(participation, *, by, mode=AttendanceMode.IN_PERSON):
    for day in participation.event.days:
        services.attendance_record(participation=participation, day=day, mode=mode, recorded_by=by)


def _simple_event(*, staff, slug, **fields) -> Event | None:
    if Event.objects.filter(slug=slug).exists():
        return None
    organisers = fields.pop("organisers", [])
    networks = fields.pop("networks", [])
    event = services.event_create(
        created_by=staff, slug=slug, organisers=organisers, networks=networks, **fields
    )
    services.event_confirm(event=event, by=staff)
    services.event_mark_held(event=event, by=staff)
    return event


def _tripoli_workshop(*, staff, coordinator, icmpd, ntbsm, networks, simm) -> bool:
    slug = "tripoli-workshop-2021-01"
    if Event.objects.filter(slug=slug).exists():
        return False
    event = services.event_create(
        created_by=staff,
        slug=slug,
        title="Workshop of the four Libyan CSO networks: finalising the action plans",
        description=(
            "Three days in Tripoli with seven representatives nominated by the members of four "
            "Libyan CSO networks working on migration, to finalise the networks' action plans "
            "and adapt them to the COVID-19 situation. Long-term goal: a national platform of "
            "all CSO networks in Libya working on migration."
        ),
        type=EventType.WORKSHOP,
        format=EventFormat.IN_PERSON,
        place=_tripoli(),
        venue="Tripoli",
        starts_at=datetime(2021, 1, 26, 9, 0),
        ends_at=datetime(2021, 1, 28, 16, 0),
        time_zone="Africa/Tripoli",
        project=simm,
        languages="ar, en",
        visibility=Visibility.PUBLIC,
        organisers=[icmpd, ntbsm],
        networks=networks,
    )
    services.event_open_nominations(event=event, by=staff)
    agenda = [
        (datetime(2021, 1, 26, 9, 30), "Opening; where the networks stand after the coaching"),
        (datetime(2021, 1, 26, 11, 0), "The common Code of Conduct in practice"),
        (datetime(2021, 1, 27, 9, 30), "Action plans: objectives, activities, indicators"),
        (datetime(2021, 1, 27, 14, 0), "Adapting the plans to the COVID-19 situation"),
        (datetime(2021, 1, 28, 9, 30), "Towards a national platform of CSO networks"),
    ]
    for starts_at, title in agenda:
        services.event_add_session(
            event=event,
            added_by=staff,
            title=title,
            starts_at=starts_at,
            speakers="ICMPD project staff; network coordinators",
        )
    genders = [Gender.FEMALE, Gender.MALE]
    number = 0
    for network in networks:
        invitation = services.invitation_create(
            event=event, invited_by=staff, network=network, seats=SEATS[network.slug]
        )
        organisation = _member_organisation(network)
        for n in range(1, invitation.seats + 1):
            number += 1
            person = _placeholder(
                f"Representative {n}, {network.slug} (placeholder)",
                organisation=organisation,
                gender=genders[number % 2],
            )
            # A member proposes, the coordinator nominates, the organiser confirms.
            proposal = services.nomination_propose(
                invitation=invitation, proposed_by=coordinator, person=person
            )
            services.nomination_nominate(nomination=proposal, nominated_by=coordinator)
            services.nomination_confirm(nomination=proposal, decided_by=staff)
    services.event_confirm(event=event, by=staff)
    services.event_mark_held(event=event, by=staff)
    for participation in event.participations.select_related("event"):
        _record_attendance(participation, by=staff)
    return True


def _focal_points_workshop(*, staff, icmpd, libmitaf) -> bool:
    slug = "focal-points-workshop-2022-02"
    if Event.objects.filter(slug=slug).exists():
        return False
    event = services.event_create(
        created_by=staff,
        slug=slug,
        title="Introductory workshop for Libya's newly appointed Focal Points",
        description=(
            "An introduction for Libya's newly appointed Focal Points for the Rabat Process and "
            "the Khartoum Process, with the Dialogue Secretariats and the JVAP follow-up team "
            "joining in person and online. Libya has been supported to take part in the "
            "dialogues since 2017."
        ),
        type=EventType.WORKSHOP,
        format=EventFormat.HYBRID,
        place=_tripoli(),
        venue="Tripoli",
        starts_at=datetime(2022, 2, 8, 9, 0),
        ends_at=datetime(2022, 2, 9, 15, 0),
        time_zone="Africa/Tripoli",
        project=libmitaf,
        languages="ar, en, fr",
        visibility=Visibility.PUBLIC,
        organisers=[icmpd],
    )
    services.event_open_nominations(event=event, by=staff)
    invitation = services.invitation_create(
        event=event, invited_by=staff, country=_country("LY"), seats=2
    )
    for dialogue in ("Rabat Process", "Khartoum Process"):
        person = _placeholder(f"Focal Point, {dialogue} (placeholder)")
        nomination = services.nomination_create(
            invitation=invitation, nominated_by=staff, person=person
        )
        services.nomination_confirm(nomination=nomination, decided_by=staff)
    services.event_confirm(event=event, by=staff)
    services.event_mark_held(event=event, by=staff)
    for participation in event.participations.select_related("event"):
        _record_attendance(participation, by=staff)
    guests = [
        ("Rabat Process Secretariat officer (placeholder)", AttendanceMode.IN_PERSON),
        ("Khartoum Process Secretariat officer (placeholder)", AttendanceMode.ONLINE),
        ("JVAP follow-up team member (placeholder)", AttendanceMode.ONLINE),
    ]
    for name, mode in guests:
        participation = services.participation_add(
            event=event,
            person=_placeholder(name),
            added_by=staff,
            role=ParticipationRole.SPEAKER,
        )
        _record_attendance(participation, by=staff, mode=mode)
    return True


@transaction.atomic
def load(stdout) -> None:
    staff = User.objects.get(email="staff@demo.shabaka.invalid")
    coordinator = User.objects.get(email="coordinator@demo.shabaka.invalid")
    icmpd = _organisation(
        "International Centre for Migration Policy Development",
        acronym="ICMPD",
        kind=OrganisationKind.INTERNATIONAL,
        country="AT",
    )
    ntbsm = _organisation(
        "National Team for Border Security and Management",
        acronym="NTBSM",
        kind=OrganisationKind.GOVERNMENT,
        country="LY",
    )
    networks = _networks()
    simm, libmitaf = _projects()
    created = 0
    for number, (year, month, day) in enumerate(
        [(2019, 11, 12), (2020, 2, 18), (2020, 10, 6)], start=1
    ):
        event = _simple_event(
            staff=staff,
            slug=f"code-of-conduct-coaching-{number}",
            title=f"Coaching on the common Code of Conduct, session {number}",
            description="Coaching of the four networks on one Code of Conduct they share.",
            type=EventType.COACHING,
            format=EventFormat.IN_PERSON if number < 3 else EventFormat.ONLINE,
            place=_tripoli() if number < 3 else None,
            starts_at=datetime(year, month, day, 10, 0),
            ends_at=datetime(year, month, day, 15, 0),
            project=simm,
            languages="ar",
            organisers=[icmpd],
            networks=networks,
        )
        created += event is not None
    event = _simple_event(
        staff=staff,
        slug="study-visit-italy-2019",
        title="Study visit to Italy: how civil-society networks on migration work",
        description=(
            "Representatives of the Libyan networks meet Italian networks and institutions."
        ),
        type=EventType.STUDY_VISIT,
        country=_country("IT"),
        venue="Rome",
        starts_at=datetime(2019, 9, 23, 9, 0),
        ends_at=datetime(2019, 9, 27, 17, 0),
        time_zone="Europe/Rome",
        project=simm,
        languages="ar, en, it",
        organisers=[icmpd],
        networks=networks,
    )
    created += event is not None
    event = _simple_event(
        staff=staff,
        slug="consultations-spring-2020",
        title="Online consultations with the four networks (COVID-19)",
        description=(
            "With travel impossible because of COVID-19, the consultations on the networks' "
            "action plans moved online."
        ),
        type=EventType.CONSULTATION,
        format=EventFormat.ONLINE,
        starts_at=datetime(2020, 4, 21, 10, 0),
        ends_at=datetime(2020, 5, 12, 13, 0),
        project=simm,
        languages="ar",
        organisers=[icmpd],
        networks=networks,
    )
    created += event is not None
    created += _tripoli_workshop(
        staff=staff, coordinator=coordinator, icmpd=icmpd, ntbsm=ntbsm, networks=networks, simm=simm
    )
    created += _focal_points_workshop(staff=staff, icmpd=icmpd, libmitaf=libmitaf)
    stdout.write(f"  events: {created} created ({Event.objects.count()} in all)")


__all__ = ["load"]
