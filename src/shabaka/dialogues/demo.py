"""Demo data of the second seed story: Libya in the Rabat and Khartoum Processes, its newly
appointed focal points (February 2022), and the JVAP and GCM frameworks.

Every fact comes from data/dialogues_facts.md (sources cited there); where the facts file marks
a doubt, the record's note says so. People are placeholders, never real-looking names."""

from datetime import date

import pycountry

from shabaka.content.models import Document
from shabaka.core.text import normalise
from shabaka.core.visibility import Visibility
from shabaka.dialogues import services
from shabaka.dialogues.frameworks import load_frameworks
from shabaka.dialogues.models import (
    Dialogue,
    FocalPointAppointment,
    FocalPointFunction,
    FrameworkItem,
    HandoverItem,
    PartnerState,
    PartnerStatus,
)
from shabaka.directory.models import Country, Organisation, OrganisationKind, Person

FACTS = "src/shabaka/dialogues/data/dialogues_facts.md"

# Names as the facts file lists them; resolved to ISO codes through pycountry's tables.
PYCOUNTRY_NAMES = {"Democratic Republic of the Congo": "Congo, The Democratic Republic of the"}

RABAT_AFRICAN = [
    "Algeria", "Benin", "Burkina Faso", "Cameroon", "Cabo Verde", "Congo", "Côte d'Ivoire",
    "Gabon", "Gambia", "Ghana", "Guinea", "Equatorial Guinea", "Guinea-Bissau", "Liberia",
    "Libya", "Mali", "Morocco", "Mauritania", "Niger", "Nigeria", "Central African Republic",
    "Democratic Republic of the Congo", "Sao Tome and Principe", "Senegal", "Sierra Leone",
    "Chad", "Togo", "Tunisia",
]  # fmt: skip
RABAT_OBSERVERS = {"Algeria", "Libya"}
RABAT_EUROPEAN = [
    "Germany", "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Denmark", "Spain",
    "Estonia", "Finland", "France", "Greece", "Hungary", "Ireland", "Italy", "Latvia",
    "Lithuania", "Luxembourg", "Malta", "Netherlands", "Norway", "Poland", "Portugal",
    "Czech Republic", "Romania", "Slovakia", "Slovenia", "Sweden", "Switzerland",
    "United Kingdom",
]  # fmt: skip
KHARTOUM_ROME_SIGNATORIES = [
    "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czech Republic", "Denmark",
    "Djibouti", "Egypt", "Eritrea", "Estonia", "Ethiopia", "Finland", "France", "Germany",
    "Greece", "Hungary", "Ireland", "Italy", "Kenya", "Latvia", "Lithuania", "Luxembourg",
    "Malta", "Netherlands", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Somalia",
    "South Sudan", "Spain", "Sudan", "Sweden", "Tunisia", "United Kingdom",
]  # fmt: skip
KHARTOUM_JOINED_LATER = ["Libya", "Norway", "Switzerland", "Uganda"]

ROME_DECLARATION = date(2014, 11, 28)
NEW_FOCAL_POINTS_FROM = date(2022, 2, 1)
EARLIER_FOCAL_POINTS_FROM = date(2017, 1, 1)  # placeholder: Libya takes part since 2017


def country(name: str) -> Country:
    entry = pycountry.countries.lookup(PYCOUNTRY_NAMES.get(name, name))
    return Country.objects.get(code=entry.alpha_2)


def organisation(name: str, *, acronym: str, kind: str, country_code: str, **extra):
    found = Organisation.objects.filter(normalised_name=normalise(name)).first()
    if found is not None:
        return found
    return Organisation.objects.create(
        name=name,
        name_en=name,
        name_language="en",
        acronym=acronym,
        kind=kind,
        country=Country.objects.get(code=country_code),
        **extra,
    )


def _dialogues(stdout):
    icmpd = organisation(
        "International Centre for Migration Policy Development",
        acronym="ICMPD",
        kind=OrganisationKind.INTERNATIONAL,
        country_code="AT",
    )
    rabat = Dialogue.objects.filter(slug="rabat-process").first() or services.dialogue_create(
        name="Euro-African Dialogue on Migration and Development (Rabat Process)",
        short_name="Rabat Process",
        slug="rabat-process",
        launched=2006,
        scope="Covers the migration routes linking Central, West and Northern Africa with "
        "Europe. Over 60 stakeholders take part, including the European Commission and ECOWAS.",
        secretariat=icmpd,
        secretariat_arrangement="Currently funded by the European Union and implemented by the "
        "International Centre for Migration Policy Development as part of the project 'Support "
        "to Africa-EU Migration and Mobility Dialogue (MMD)'.",
        website="https://www.rabat-process.org/en/about",
        source_note="rabat-process.org (about, secretariat, partners, governance pages); "
        f"IOM; commission.ge. See {FACTS}.",
        created_by=None,
    )
    khartoum = Dialogue.objects.filter(slug="khartoum-process").first() or (
        services.dialogue_create(
            name="EU-Horn of Africa Migration Route Initiative (Khartoum Process)",
            short_name="Khartoum Process",
            slug="khartoum-process",
            launched=2014,
            scope="Launched at a ministerial conference in Rome on 28 November 2014, under "
            "Italy's EU Council Presidency, where the Rome Declaration was adopted.",
            secretariat=icmpd,
            secretariat_arrangement="Jointly managed by the African Union Commission and the "
            "European Commission, with technical and logistical assistance provided by ICMPD "
            "through the Support Project of the Africa-EU Migration and Mobility Dialogue (MMD).",
            website="https://www.khartoumprocess.net/about/actors-and-governance",
            source_note="khartoumprocess.net (actors and governance, steering committee); "
            f"Italian Ministry of Foreign Affairs, 25 November 2014. See {FACTS}.",
            created_by=None,
        )
    )
    return rabat, khartoum


def _partners(rabat, khartoum):
    def admit(dialogue, name, status, **extra):
        c = country(name)
        if not PartnerState.objects.filter(dialogue=dialogue, country=c).exists():
            services.partner_state_admit(
                dialogue=dialogue, country=c, admitted_as=status, decided_by=None, **extra
            )

    for name in RABAT_AFRICAN + RABAT_EUROPEAN:
        extra = {}
        if name == "Libya":
            extra = {
                "joined_year": 2017,
                "note": "Observer on the current partners page; an older ICMPD page said Libya "
                "was no longer a member after November 2014. Supported to take part since 2017.",
            }
        elif name == "United Kingdom":
            extra = {"note": "Another version of the partners page lists it until 2014/2020."}
        status = PartnerStatus.OBSERVER if name in RABAT_OBSERVERS else PartnerStatus.MEMBER
        admit(rabat, name, status, **extra)
    for name in KHARTOUM_ROME_SIGNATORIES:
        admit(khartoum, name, PartnerStatus.MEMBER, joined_on=ROME_DECLARATION)
    for name in KHARTOUM_JOINED_LATER:
        extra = {"note": "Joined after the Rome Declaration."}
        if name == "Libya":
            extra = {
                "joined_year": 2017,
                "note": "Invited as a Member upon the establishment of a Government of National "
                "Accord. Supported to take part since 2017.",
            }
        admit(khartoum, name, PartnerStatus.MEMBER, **extra)

    orgs = {
        "European Commission": ("EC", "BE"),
        "ECOWAS Commission": ("", "NG"),
        "European External Action Service": ("EEAS", "BE"),
        "African Union Commission": ("AUC", "ET"),
    }

    def partner_org(dialogue, name):
        acronym, code = orgs[name]
        org = organisation(
            name, acronym=acronym, kind=OrganisationKind.INTERNATIONAL, country_code=code
        )
        services.partner_organisation_add(
            dialogue=dialogue, organisation=org, role=PartnerStatus.MEMBER, added_by=None
        )

    for name in ("European Commission", "ECOWAS Commission"):
        partner_org(rabat, name)
    for name in (
        "European Commission",
        "European External Action Service",
        "African Union Commission",
    ):  # noqa: E501
        partner_org(khartoum, name)

    if not rabat.chairmanships.exists():
        services.chairmanship_record(
            dialogue=rabat,
            country=country("Morocco"),
            started_on=date(2022, 12, 1),
            note="From the 6th Ministerial Conference in Cádiz, December 2022 (day not recorded).",
            recorded_by=None,
        )
        services.chairmanship_record(
            dialogue=rabat,
            country=country("Portugal"),
            started_on=date(2024, 2, 1),
            note="Morocco handed over to Portugal on 1 February 2024.",
            recorded_by=None,
        )


def _documents(rabat, khartoum):
    from shabaka.content.selectors import documents_of  # noqa: F401
    from shabaka.content.services import document_create

    links = [
        (rabat, "About the Rabat Process", "https://www.rabat-process.org/en/about"),
        (
            rabat,
            "The Secretariat of the Rabat Process",
            "https://www.rabat-process.org/en/about/the-secretariat-initiatives/342-the-secretariat",
        ),
        (
            khartoum,
            "Khartoum Process: actors and governance",
            "https://www.khartoumprocess.net/about/actors-and-governance",
        ),
        (
            khartoum,
            "Valletta follow-up (Khartoum Process)",
            "https://www.khartoumprocess.net/valletta/valletta-follow-up",
        ),
    ]
    for owner, title, link in links:
        if Document.objects.filter(owner_id=owner.pk, link=link).exists():
            continue
        document_create(
            title=title, link=link, owner=owner, visibility=Visibility.PUBLIC, uploaded_by=None
        )


def _focal_points(rabat, khartoum):
    from shabaka.accounts.models import User

    libya = Country.objects.get(code="LY")
    body = organisation(
        "Libyan government body (demo placeholder)",
        acronym="",
        kind=OrganisationKind.GOVERNMENT,
        country_code="LY",
        visibility=Visibility.STAFF,
        description="A placeholder: the demo does not name the body the focal points serve in.",
    )
    focal_user = User.objects.filter(email="focalpoint@demo.shabaka.invalid").first()
    for dialogue in (rabat, khartoum):
        label = dialogue.short_name
        post = FocalPointAppointment.objects.filter(
            dialogue=dialogue, country=libya, function=FocalPointFunction.NATIONAL
        )
        if post.exists():
            continue
        earlier, _c = Person.objects.get_or_create(
            full_name=f"Former Focal Point, {label} (placeholder)",
            defaults={"organisation": body, "position": f"National focal point, {label}"},
        )
        current, _c = Person.objects.get_or_create(
            full_name=f"Focal Point, {label} (placeholder)",
            defaults={"organisation": body, "position": f"National focal point, {label}"},
        )
        if current.organisation_id is None:
            # The events demo nominated this placeholder to the February 2022 workshop before
            # the dialogues demo placed them in their government body.
            current.organisation = body
            current.position = current.position or f"National focal point, {label}"
            current.save(update_fields=["organisation", "position"])
        if dialogue == rabat and focal_user is not None and not hasattr(focal_user, "person"):
            current.user = focal_user
            current.save(update_fields=["user"])
        services.appointment_create(
            dialogue=dialogue,
            country=libya,
            function=FocalPointFunction.NATIONAL,
            person=earlier,
            started_on=EARLIER_FOCAL_POINTS_FROM,
            act_reference="Demo placeholder act (earlier appointment)",
            act_date=EARLIER_FOCAL_POINTS_FROM,
            created_by=None,
        )
        appointment = services.appointment_create(
            dialogue=dialogue,
            country=libya,
            function=FocalPointFunction.NATIONAL,
            person=current,
            started_on=NEW_FOCAL_POINTS_FROM,
            act_reference="Demo placeholder act (2022 appointment)",
            act_date=NEW_FOCAL_POINTS_FROM,
            created_by=None,
        )
        # ICMPD reported the introductory workshop with the secretariats on 10 February 2022.
        for item in (HandoverItem.BRIEFING, HandoverItem.SECRETARIAT):
            services.handover_tick(
                appointment=appointment,
                item=item,
                done_by=None,
                done_on=date(2022, 2, 10),
                note="Introductory workshop, Tripoli (ICMPD news item of 10 February 2022).",
            )


PROJECTS = {
    "simm-libya": "Strategic and Institutional Management of Migration in Libya",
    "libmitaf": "Libya's Migration Technical Assistance Facility",
}
# Illustrative tags for the demo (not an official mapping).
DEMO_TAGS = {"simm-libya": ["JVAP-4", "GCM-11"], "libmitaf": ["JVAP-1", "GCM-23"]}


def _tags():
    from shabaka.projects.models import Project

    libya = Country.objects.get(code="LY")
    for slug, title in PROJECTS.items():
        project, created = Project.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "acronym": "LIBMITAF" if slug == "libmitaf" else "",
                "visibility": Visibility.PUBLIC,
            },
        )
        if created:
            project.countries.add(libya)
        for code in DEMO_TAGS[slug]:
            item = FrameworkItem.objects.get(code=code)
            services.framework_tag(item=item, target=project, tagged_by=None)


# --- Meetings, delegations, briefings (they need the events app's demo, which runs first) ---

WORKSHOP_SLUG = "focal-points-workshop-2022-02"
# Illustrative meetings: the seeds say Libya has been supported to take part in the dialogues
# since 2017, not which meetings it attended nor when. Titles and descriptions say so.
ILLUSTRATIVE_MEETINGS = [
    ("demo-rabat-meeting-2017", "rabat-process", 2017, 11, 14),
    ("demo-khartoum-meeting-2018", "khartoum-process", 2018, 4, 17),
    ("demo-rabat-meeting-2019", "rabat-process", 2019, 3, 19),
    ("demo-khartoum-meeting-2019", "khartoum-process", 2019, 10, 8),
    ("demo-rabat-meeting-2021", "rabat-process", 2021, 6, 22),
]
ILLUSTRATIVE_NOTE = (
    "Illustrative demo record: the date is invented for the demonstration. The seed only says "
    "that Libya has been supported to take part in the dialogues since 2017."
)


def _staff():
    from shabaka.accounts.models import User

    return User.objects.filter(email="staff@demo.shabaka.invalid").first()


def _illustrative_meeting(slug, dialogue, year, month, day, staff):
    from datetime import datetime

    from shabaka.events import services as event_services
    from shabaka.events.models import Event, EventType

    event = Event.objects.filter(slug=slug).first()
    if event is None:
        event = event_services.event_create(
            created_by=staff,
            slug=slug,
            title=f"{dialogue.short_name} meeting, {year} (illustrative date)",
            description=ILLUSTRATIVE_NOTE,
            type=EventType.DIALOGUE_MEETING,
            starts_at=datetime(year, month, day, 9, 0),
            ends_at=datetime(year, month, day + 1, 17, 0),
            time_zone="Europe/Brussels",
            languages="en, fr",
        )
        event_services.event_confirm(event=event, by=staff)
        event_services.event_mark_held(event=event, by=staff)
    services.meeting_link(dialogue=dialogue, event=event, linked_by=staff, note="Illustrative")
    return event


def _delegation(event, libya, staff, *, head=None, members=()):
    from shabaka.dialogues.models import Delegation, DelegationMember

    delegation = Delegation.objects.filter(event=event, country=libya).first()
    if delegation is None:
        delegation = services.delegation_create(
            event=event, country=libya, head=head, created_by=staff
        )
    for person, role in members:
        if not DelegationMember.objects.filter(delegation=delegation, person=person).exists():
            services.delegation_add_member(
                delegation=delegation, person=person, role=role, added_by=staff
            )
    return delegation


def _meetings(rabat, khartoum) -> int:
    from shabaka.dialogues.models import DelegateRole
    from shabaka.events.models import Event

    staff = _staff()
    libya = Country.objects.get(code="LY")
    by_slug = {rabat.slug: rabat, khartoum.slug: khartoum}
    former = {
        d.slug: FocalPointAppointment.objects.filter(
            dialogue=d, country=libya, started_on=EARLIER_FOCAL_POINTS_FROM
        )
        .select_related("person")
        .first()
        for d in (rabat, khartoum)
    }
    count = 0
    for slug, dialogue_slug, year, month, day in ILLUSTRATIVE_MEETINGS:
        event = _illustrative_meeting(slug, by_slug[dialogue_slug], year, month, day, staff)
        appointment = former[dialogue_slug]
        head = appointment.person if appointment else None
        _delegation(event, libya, staff, head=head)
        count += 1
    workshop = Event.objects.filter(slug=WORKSHOP_SLUG).first()
    if workshop is None:
        return count
    for dialogue in (rabat, khartoum):
        services.meeting_link(dialogue=dialogue, event=workshop, linked_by=staff)
    current = (
        FocalPointAppointment.objects.filter(
            country=libya, started_on=NEW_FOCAL_POINTS_FROM, dialogue__in=[rabat, khartoum]
        )
        .select_related("person")
        .order_by("dialogue__short_name")
    )
    _delegation(
        workshop,
        libya,
        staff,
        members=[(a.person, DelegateRole.FOCAL_POINT) for a in current],
    )
    for appointment in current:
        if appointment.briefing_event_id is None and appointment.status == "appointed":
            services.appointment_link_briefing(
                appointment=appointment, event=workshop, linked_by=staff
            )
    return count + 1


# Illustrative tags for the demo (not an official mapping).
DEMO_EVENT_TAGS = {WORKSHOP_SLUG: ["JVAP-1", "GCM-23"], "tripoli-workshop-2021-01": ["GCM-23"]}
DEMO_ACTIVITY_TAGS = {
    "1.1": ["JVAP-4", "GCM-7"],
    "2.1": ["GCM-23"],
}


def _event_and_activity_tags() -> None:
    from shabaka.events.models import Event
    from shabaka.plans.models import Activity

    staff = _staff()
    for slug, codes in DEMO_EVENT_TAGS.items():
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            continue
        for code in codes:
            services.framework_tag(
                item=FrameworkItem.objects.get(code=code), target=event, tagged_by=staff
            )
    for code, item_codes in DEMO_ACTIVITY_TAGS.items():
        for activity in Activity.objects.filter(
            code=code, plan__network__slug__startswith="demo-net-"
        ):
            for item_code in item_codes:
                services.framework_tag(
                    item=FrameworkItem.objects.get(code=item_code), target=activity, tagged_by=staff
                )


def load(stdout) -> None:
    if not Country.objects.filter(code="LY").exists():
        from shabaka.directory.reference import load_reference_data

        load_reference_data()
    counts = load_frameworks()
    stdout.write(f"  frameworks: {counts['created']} item(s) created")
    rabat, khartoum = _dialogues(stdout)
    _partners(rabat, khartoum)
    _documents(rabat, khartoum)
    _focal_points(rabat, khartoum)
    _tags()
    from django.apps import apps

    meetings = 0
    if apps.is_installed("shabaka.events"):
        meetings = _meetings(rabat, khartoum)
    if apps.is_installed("shabaka.events") and apps.is_installed("shabaka.plans"):
        _event_and_activity_tags()
    stdout.write(f"  dialogues: {meetings} meeting(s) with Libya's delegation")
    stdout.write(
        f"  dialogues: {Dialogue.objects.count()}, partner states: "
        f"{PartnerState.objects.count()}, appointments: {FocalPointAppointment.objects.count()}"
    )
