"""Demo projects from the seed stories: SIMM Libya (EU-funded, implemented by ICMPD with the
Libyan NTBSM) and LIBMITAF (co-funded by the EU and the Swiss Confederation acting through SEM and
through the FDFA's Peace and Human Rights Division). Idempotent: keyed on slugs and normalised
organisation names. No amounts are recorded: the seeds give none, and we invent no figures."""

import datetime

from django.db import transaction

from shabaka.core.text import normalise
from shabaka.core.visibility import Visibility
from shabaka.directory.models import Country, Organisation
from shabaka.projects import services
from shabaka.projects.models import OrganisationRole, Project

# (name, acronym, kind, country)
ORGANISATIONS = [
    ("European Union", "EU", "donor", "BE"),
    ("Swiss Confederation", "", "donor", "CH"),
    ("State Secretariat for Migration (SEM)", "", "government", "CH"),
    ("Federal Department of Foreign Affairs (FDFA)", "", "government", "CH"),
    ("International Centre for Migration Policy Development", "ICMPD", "international", "AT"),
    ("National Team for Border Security and Management", "NTBSM", "government", "LY"),
]


def organisation(name: str) -> Organisation:
    return Organisation.objects.filter(normalised_name=normalise(name)).order_by("pk").first()


def _organisations() -> dict[str, Organisation]:
    found = {}
    for name, acronym, kind, country in ORGANISATIONS:
        existing = organisation(name)
        if existing is None:
            existing = Organisation.objects.create(
                name=name,
                name_en=name,
                name_language="en",
                acronym=acronym,
                kind=kind,
                country=Country.objects.get(code=country),
                visibility=Visibility.PUBLIC,
            )
        found[name] = existing
    return found


def _staff():
    from shabaka.accounts.models import User

    return User.objects.filter(email="staff@demo.shabaka.invalid").first()


def _project(slug: str, by, **fields) -> tuple[Project, bool]:
    project = Project.objects.filter(slug=slug).first()
    if project is not None:
        return project, False
    libya = Country.objects.get(code="LY")
    return services.project_create(slug=slug, created_by=by, countries=[libya], **fields), True


@transaction.atomic
def load(stdout) -> None:
    if Country.objects.filter(code__in=["LY", "BE", "CH", "AT"]).count() != 4:
        from shabaka.directory.reference import load_reference_data

        load_reference_data()
    by = _staff()
    orgs = _organisations()
    created = 0

    # Approximate dates (the seeds place its activities in 2019-2021: the study visit to Italy in
    # 2019, consultations in spring 2020, the Tripoli workshop in January 2021).
    simm, new = _project(
        "simm-libya",
        by,
        title="Strategic and Institutional Management of Migration in Libya",
        description=(
            "EU-funded project implemented by ICMPD with the Libyan National Team for Border "
            "Security and Management (NTBSM). It coached Libyan civil-society networks working on "
            "migration on a common Code of Conduct and their action plans, towards a national "
            "platform of all CSO networks in Libya working on migration."
        ),
        planned_start=datetime.date(2018, 1, 1),  # approximate
        planned_end=datetime.date(2021, 12, 31),  # approximate
        reporting_organisation=orgs["International Centre for Migration Policy Development"],
    )
    if new:
        created += 1
        services.project_start(project=simm, by=by, reason="demo data", on=simm.planned_start)
    simm_roles = [
        ("European Union", OrganisationRole.FUNDING, False),
        (
            "International Centre for Migration Policy Development",
            OrganisationRole.IMPLEMENTING,
            False,
        ),
        ("National Team for Border Security and Management", OrganisationRole.IMPLEMENTING, True),
    ]
    for name, role, national in simm_roles:
        services.participant_add(
            project=simm,
            organisation=orgs[name],
            role=role,
            added_by=by,
            is_national_partner=national,
        )
    services.sector_add(project=simm, code="15190", added_by=by)

    # Approximate period: Libya has been supported to take part in the dialogues since 2017;
    # LIBMITAF ran the February 2022 workshop for the newly appointed focal points.
    libmitaf, new = _project(
        "libmitaf",
        by,
        title="Libya's Migration Technical Assistance Facility",
        acronym="LIBMITAF",
        description=(
            "Technical assistance to Libya, co-funded by the European Union and the Swiss "
            "Confederation (State Secretariat for Migration; Federal Department of Foreign "
            "Affairs through its Peace and Human Rights Division), including support to Libya's "
            "focal points for the Rabat Process and the Khartoum Process."
        ),
        planned_start=datetime.date(2021, 1, 1),  # approximate
        planned_end=datetime.date(2023, 12, 31),  # approximate
    )
    if new:
        created += 1
        services.project_start(
            project=libmitaf, by=by, reason="demo data", on=libmitaf.planned_start
        )
    services.participant_add(
        project=libmitaf, organisation=orgs["European Union"], role="1", added_by=by
    )
    swiss = services.participant_add(
        project=libmitaf, organisation=orgs["Swiss Confederation"], role="1", added_by=by
    )
    services.participant_add(
        project=libmitaf,
        organisation=orgs["State Secretariat for Migration (SEM)"],
        role=OrganisationRole.EXTENDING,
        acting_for=swiss,
        added_by=by,
    )
    services.participant_add(
        project=libmitaf,
        organisation=orgs["Federal Department of Foreign Affairs (FDFA)"],
        role=OrganisationRole.EXTENDING,
        acting_for=swiss,
        unit="Peace and Human Rights Division",
        added_by=by,
    )
    # ICMPD implements LIBMITAF (see dialogues/data/dialogues_facts.md).
    services.participant_add(
        project=libmitaf,
        organisation=orgs["International Centre for Migration Policy Development"],
        role=OrganisationRole.IMPLEMENTING,
        added_by=by,
    )
    services.sector_add(project=libmitaf, code="15190", added_by=by)
    stdout.write(f"  projects: {created} created (simm-libya, libmitaf)")
