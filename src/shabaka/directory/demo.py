"""Demo directory: reference data, the real organisations named in the seed stories, and the
fictional member organisations of the four example networks (clearly marked as examples)."""

from django.db import transaction

from shabaka.core.text import normalise
from shabaka.core.visibility import Visibility
from shabaka.directory.models import Country, Organisation, OrganisationKind, Place, Topic
from shabaka.directory.reference import load_reference_data

K = OrganisationKind

# (name, acronym, kind, country code) — real organisations named in the seed documents.
REAL_ORGANISATIONS = [
    ("European Union", "EU", K.DONOR, "BE"),
    ("Swiss Confederation", "", K.DONOR, "CH"),
    ("State Secretariat for Migration (SEM)", "SEM", K.GOVERNMENT, "CH"),
    ("Federal Department of Foreign Affairs (FDFA)", "FDFA", K.GOVERNMENT, "CH"),
    ("International Centre for Migration Policy Development", "ICMPD", K.INTERNATIONAL, "AT"),
    ("National Team for Border Security and Management", "NTBSM", K.GOVERNMENT, "LY"),
]

# Fictional civil-society organisations, per example network: (English name, Arabic name,
# OCHA municipality code, topics, visibility). Every name says it is an example.
EXAMPLE = " (example)"
EXAMPLE_AR = " (مثال)"
MEMBER_ORGANISATIONS = {
    "demo-net-tripoli": [
        (
            "Tripoli Migrant Solidarity Association",
            "جمعية طرابلس للتضامن مع المهاجرين",
            "LY021104",
            ["protection", "legal-aid"],
            Visibility.PUBLIC,
        ),
        (
            "Tajoura Humanitarian Aid Society",
            "جمعية تاجوراء للإغاثة الإنسانية",
            "LY021102",
            ["health", "protection"],
            Visibility.PUBLIC,
        ),
        (
            "Suq Aljumaa Youth and Migration Forum",
            "منتدى سوق الجمعة للشباب والهجرة",
            "LY021101",
            ["advocacy"],
            Visibility.PUBLIC,
        ),
        (
            "Ain Zara Legal Aid Centre",
            "مركز عين زارة للمساعدة القانونية",
            "LY021103",
            ["legal-aid", "anti-trafficking"],
            Visibility.MEMBERS,
        ),
        (
            "Azzawya Return and Reintegration Initiative",
            "مبادرة الزاوية للعودة وإعادة الإدماج",
            "LY021301",
            ["return-reintegration"],
            Visibility.PUBLIC,
        ),
        (
            "Zwara Coastal Protection Group",
            "مجموعة زوارة الساحلية للحماية",
            "LY021503",
            ["protection", "anti-trafficking"],
            Visibility.PUBLIC,
        ),
    ],
    "demo-net-benghazi": [
        (
            "Benghazi Association for Migrant Rights",
            "جمعية بنغازي لحقوق المهاجرين",
            "LY010304",
            ["protection", "advocacy"],
            Visibility.PUBLIC,
        ),
        (
            "Tobruk Border Communities Network",
            "شبكة مجتمعات طبرق الحدودية",
            "LY010403",
            ["border-management"],
            Visibility.PUBLIC,
        ),
        (
            "Ejdabia Labour Migration Council",
            "مجلس إجدابيا لهجرة العمالة",
            "LY010504",
            ["labour-migration"],
            Visibility.PUBLIC,
        ),
        (
            "Albayda Health Volunteers",
            "متطوعو البيضاء للصحة",
            "LY010602",
            ["health"],
            Visibility.PUBLIC,
        ),
        (
            "Derna Women and Migration Circle",
            "حلقة درنة للمرأة والهجرة",
            "LY010102",
            ["protection"],
            Visibility.MEMBERS,
        ),
    ],
    "demo-net-sabha": [
        (
            "Sebha Desert Route Assistance",
            "مساعدة طريق الصحراء سبها",
            "LY031901",
            ["protection", "health"],
            Visibility.PUBLIC,
        ),
        (
            "Ghat Community Dialogue Association",
            "جمعية غات للحوار المجتمعي",
            "LY032101",
            ["advocacy"],
            Visibility.PUBLIC,
        ),
        (
            "Ubari Anti-Trafficking Watch",
            "مرصد أوباري لمكافحة الاتجار",
            "LY032003",
            ["anti-trafficking"],
            Visibility.PUBLIC,
        ),
        (
            "Murzuq Reintegration Support",
            "دعم إعادة الإدماج مرزق",
            "LY032204",
            ["return-reintegration"],
            Visibility.PUBLIC,
        ),
        (
            "Brak Rural Labour Association",
            "جمعية براك للعمالة الريفية",
            "LY031801",
            ["labour-migration"],
            Visibility.PUBLIC,
        ),
    ],
    "demo-net-misrata": [
        (
            "Misrata Migrant Welfare Society",
            "جمعية مصراتة لرعاية المهاجرين",
            "LY021401",
            ["protection", "health"],
            Visibility.PUBLIC,
        ),
        (
            "Zliten Legal Awareness Group",
            "مجموعة زليتن للتوعية القانونية",
            "LY021402",
            ["legal-aid"],
            Visibility.PUBLIC,
        ),
        (
            "Alkhums Labour Rights Forum",
            "منتدى الخمس لحقوق العمال",
            "LY021001",
            ["labour-migration", "advocacy"],
            Visibility.PUBLIC,
        ),
        (
            "Sirt Return Assistance Committee",
            "لجنة سرت لمساعدة العائدين",
            "LY020803",
            ["return-reintegration"],
            Visibility.PUBLIC,
        ),
        (
            "Bani Waleed Health Outreach",
            "التوعية الصحية بني وليد",
            "LY021404",
            ["health"],
            Visibility.PUBLIC,
        ),
    ],
}
# An organisation that applies to demo-net-tripoli during the demo (pending application).
APPLICANT = (
    "Hai Alandalus Migrant Education Project",
    "مشروع حي الأندلس لتعليم المهاجرين",
    "LY021106",
    ["advocacy"],
    Visibility.PUBLIC,
)
# The organisation whose editor is editor@demo.shabaka.invalid.
EDITED_ORGANISATION = "Tripoli Migrant Solidarity Association" + EXAMPLE


def example_name(english: str) -> str:
    return english + EXAMPLE


def get_by_name(name: str) -> Organisation:
    return Organisation.objects.get(normalised_name=normalise(name))


def _upsert(name: str, **values) -> tuple[Organisation, bool]:
    organisation = Organisation.objects.filter(normalised_name=normalise(name)).first()
    if organisation is not None:
        return organisation, False
    organisation = Organisation(name=name, **values)
    organisation.save()
    return organisation, True


@transaction.atomic
def load(stdout) -> None:
    loaded = load_reference_data()
    stdout.write("  directory: reference data " + ", ".join(f"{n} {k}" for k, n in loaded.items()))
    countries = {c.code: c for c in Country.objects.filter(code__in=["BE", "CH", "AT", "LY"])}
    created = 0
    for name, acronym, kind, country in REAL_ORGANISATIONS:
        _org, was_created = _upsert(
            name,
            name_language="en",
            name_en=name,
            acronym=acronym,
            kind=kind,
            country=countries[country],
            visibility=Visibility.PUBLIC,
            contact_visibility=Visibility.PUBLIC,
        )
        created += was_created
    topics = {t.slug: t for t in Topic.objects.all()}
    places = {p.code: p for p in Place.objects.filter(country=countries["LY"])}
    everyone = [row for rows in MEMBER_ORGANISATIONS.values() for row in rows] + [APPLICANT]
    for index, (english, arabic, place, topic_slugs, visibility) in enumerate(everyone):
        organisation, was_created = _upsert(
            english + EXAMPLE,
            name_language="en",
            name_en=english + EXAMPLE,
            name_ar=arabic + EXAMPLE_AR,
            kind=K.CSO,
            country=countries["LY"],
            visibility=visibility,
            contact_visibility=Visibility.MEMBERS,
            founded_year=2012 + index % 8,
            email=f"contact{index + 1}@example.invalid",
            description="A fictional organisation of the demonstration data.",
        )
        if was_created:
            organisation.places.set([places[place]])
            organisation.topics.set([topics[s] for s in topic_slugs])
        created += was_created
    stdout.write(f"  directory: {created} organisations created")
