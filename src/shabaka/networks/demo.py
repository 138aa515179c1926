"""Demo networks: four Libyan CSO networks on migration (fictional, marked as examples), their
members, a common Code of Conduct adopted by each before the January 2021 Tripoli workshop and
endorsed by most members, the national platform being formed, and a pending application."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from shabaka.accounts.models import Role, RoleAssignment, User
from shabaka.core.visibility import Visibility
from shabaka.directory.demo import (
    APPLICANT,
    EDITED_ORGANISATION,
    EXAMPLE,
    MEMBER_ORGANISATIONS,
    get_by_name,
)
from shabaka.directory.models import Country, Place
from shabaka.networks import conduct, services
from shabaka.networks.models import (
    CodeOfConduct,
    CodeVersion,
    Membership,
    MembershipRole,
    MembershipStatus,
    Network,
    NetworkKind,
    NetworkStatus,
)

D = datetime.date
# slug: (English name, Arabic name, acronym, founded, places, adoption of the code)
NETWORKS = {
    "demo-net-tripoli": (
        "Tripoli Civil Society Network on Migration (example)",
        "شبكة طرابلس للمجتمع المدني حول الهجرة (مثال)",
        "TCSNM",
        D(2018, 5, 14),
        ["LY-TB", "LY-ZA", "LY-NQ"],
        D(2020, 6, 18),
    ),
    "demo-net-benghazi": (
        "Benghazi Migration Network (example)",
        "شبكة بنغازي للهجرة (مثال)",
        "BMN",
        D(2018, 9, 3),
        ["LY-BA", "LY-BU", "LY-WA", "LY-JA", "LY-DR"],
        D(2020, 7, 2),
    ),
    "demo-net-sabha": (
        "Fezzan Network for Migrants' Protection (example)",
        "شبكة فزان لحماية المهاجرين (مثال)",
        "FNMP",
        D(2019, 2, 20),
        ["LY-SB", "LY-GT", "LY-WD", "LY-MQ", "LY-WS"],
        D(2020, 9, 10),
    ),
    "demo-net-misrata": (
        "Central Coast Migration Network (example)",
        "شبكة الساحل الأوسط للهجرة (مثال)",
        "CCMN",
        D(2019, 4, 8),
        ["LY-MI", "LY-MB", "LY-SR"],
        D(2020, 11, 25),
    ),
}
PLATFORM = "libya-national-platform"
CODE_TITLE = "Common Code of Conduct of Libyan CSO networks on migration (example)"
CODE_TEXT_EN = """\
1. We serve migrants, refugees and host communities without discrimination.
2. We protect the personal data and the safety of the people we assist and of our members.
3. We act independently of any party to a conflict and refuse any form of exploitation.
4. We are transparent about our funding and report honestly on our activities.
5. We coordinate within the network and share information that helps protection.
(Demonstration text.)"""
CODE_TEXT_AR = """\
١. نخدم المهاجرين واللاجئين والمجتمعات المضيفة دون تمييز.
٢. نحمي البيانات الشخصية وسلامة من نساعدهم وأعضائنا.
٣. نعمل باستقلال عن أي طرف في النزاع ونرفض أي شكل من أشكال الاستغلال.
٤. نلتزم بالشفافية في تمويلنا ونقدم تقارير صادقة عن أنشطتنا.
٥. ننسق داخل الشبكة ونتبادل المعلومات التي تساعد على الحماية.
(نص للعرض التوضيحي.)"""
CODE_TEXT_FR = """\
1. Nous servons les migrants, les réfugiés et les communautés d'accueil
   sans discrimination.
2. Nous protégeons les données personnelles et la sécurité des personnes aidées et de nos membres.
3. Nous agissons indépendamment de toute partie à un conflit et refusons toute exploitation.
4. Nous sommes transparents sur nos financements et rendons compte honnêtement de nos activités.
5. Nous nous coordonnons au sein du réseau et partageons l'information utile à la protection.
(Texte de démonstration.)"""
# Members who have not (yet) endorsed the code: the network page shows them as such.
NOT_ENDORSED = {"Zwara Coastal Protection Group", "Brak Rural Labour Association"}


def _grant(user: User, role: str, record) -> None:
    RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        scope_type=ContentType.objects.get_for_model(record, for_concrete_model=True),
        scope_id=record.pk,
    )


@transaction.atomic
def load(stdout) -> None:
    staff = User.objects.filter(email="staff@demo.shabaka.invalid").first()
    libya = Country.objects.get(code="LY")
    places = {p.code: p for p in Place.objects.filter(country=libya)}
    created = {"networks": 0, "memberships": 0, "endorsements": 0}
    networks = {}
    for slug, (name, arabic, acronym, founded, codes, _adopted) in NETWORKS.items():
        network, was_created = Network.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name,
                "name_ar": arabic,
                "acronym": acronym,
                "founded_on": founded,
                "country": libya,
                "status": NetworkStatus.ACTIVE,
                "visibility": Visibility.PUBLIC,
                "mission": "Civil-society organisations working together on migration "
                "(a fictional network of the demonstration data).",
            },
        )
        if was_created:
            network.places.set([places[c] for c in codes])
            created["networks"] += 1
        networks[slug] = network
    platform, was_created = Network.objects.get_or_create(
        slug=PLATFORM,
        defaults={
            "name": "National Platform of Libyan CSO Networks on Migration",
            "name_en": "National Platform of Libyan CSO Networks on Migration",
            "name_ar": "المنصة الوطنية لشبكات المجتمع المدني الليبية العاملة في مجال الهجرة",
            "kind": NetworkKind.PLATFORM,
            "country": libya,
            "status": NetworkStatus.FORMING,
            "area_description": "Libya",
            "mission": "The long-term goal of the four networks: one national platform of all "
            "civil-society networks working on migration in Libya.",
        },
    )
    created["networks"] += was_created

    # Members: active since the network's founding (steps recorded through the services).
    for slug, rows in MEMBER_ORGANISATIONS.items():
        network = networks[slug]
        for index, row in enumerate(rows):
            organisation = get_by_name(row[0] + EXAMPLE)
            if network.memberships.filter(organisation=organisation).exists():
                continue
            membership = services.membership_apply(
                network=network,
                organisation=organisation,
                applied_by=staff,
                visibility=row[4],
                reason="Founding member (demo data).",
            )
            services.membership_approve(membership=membership, decided_by=staff)
            Membership.objects.filter(pk=membership.pk).update(
                joined_on=network.founded_on, applied_at=_aware(network.founded_on)
            )
            if index == 0:
                services.membership_set_role(
                    membership=membership, role=MembershipRole.COORDINATOR, decided_by=staff
                )
            created["memberships"] += 1

    # One common code, adopted by each network before the January 2021 workshop.
    code = CodeOfConduct.objects.filter(title=CODE_TITLE).first()
    if code is None:
        code = conduct.code_create(
            title=CODE_TITLE,
            summary="One code shared by the four example networks.",
            texts={"en": CODE_TEXT_EN, "ar": CODE_TEXT_AR, "fr": CODE_TEXT_FR},
            network=networks["demo-net-tripoli"],
            created_by=staff,
        )
    version = CodeVersion.objects.get(code=code, number=1)
    for slug, (*_rest, adopted_on) in NETWORKS.items():
        network = networks[slug]
        if not network.code_adoptions.filter(version=version).exists():
            conduct.code_adopt(
                version=version,
                network=network,
                adopted_by=staff,
                adopted_on=adopted_on,
                decision="General assembly of the network (demo data)",
            )
        for membership in network.memberships.filter(status=MembershipStatus.ACTIVE):
            english = membership.organisation.name.removesuffix(EXAMPLE)
            if english in NOT_ENDORSED or membership.endorsements.filter(version=version).exists():
                continue
            conduct.endorsement_create(
                membership=membership,
                version=version,
                endorsed_by=staff,
                endorsed_on=adopted_on + datetime.timedelta(days=21),
                signatory="Chair of the board (placeholder)",
            )
            created["endorsements"] += 1

    # The platform forming: three networks active members, one application still open.
    for slug in ("demo-net-tripoli", "demo-net-benghazi", "demo-net-sabha", "demo-net-misrata"):
        network = networks[slug]
        if platform.memberships.filter(member_network=network).exists():
            continue
        membership = services.membership_apply(
            network=platform,
            member_network=network,
            applied_by=staff,
            reason="Towards a national platform of all CSO networks (demo data).",
        )
        if slug != "demo-net-misrata":
            services.membership_approve(membership=membership, decided_by=staff)
        created["memberships"] += 1

    # A pending application in demo-net-tripoli, for "a coordinator approves an application".
    applicant = get_by_name(APPLICANT[0] + EXAMPLE)
    tripoli = networks["demo-net-tripoli"]
    if not tripoli.memberships.filter(organisation=applicant).exists():
        services.membership_apply(
            network=tripoli,
            organisation=applicant,
            applied_by=staff,
            reason="We run classes for migrant children and would like to join (demo data).",
        )
        created["memberships"] += 1

    coordinator = User.objects.filter(email="coordinator@demo.shabaka.invalid").first()
    if coordinator is not None:
        _grant(coordinator, Role.COORDINATOR, tripoli)
    editor = User.objects.filter(email="editor@demo.shabaka.invalid").first()
    if editor is not None:
        _grant(editor, Role.ORG_EDITOR, get_by_name(EDITED_ORGANISATION))
    stdout.write("  networks: " + ", ".join(f"{n} {what} created" for what, n in created.items()))


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
