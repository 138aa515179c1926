"""Demo data: each of the four demo networks has an action plan 2020–2022, finalised at the
Tripoli workshop of 26–28 January 2021 and adapted there to COVID-19, with progress for 2021.

Built on the networks' demo data (slugs below); when a network or its members are missing the
loader says so and creates nothing for it. Idempotent: a network that already has its demo plan
is left alone (the whole demo loads in one transaction, so a plan is never half made)."""

import datetime as dt

from django.db import transaction

from shabaka.accounts.models import User
from shabaka.core.visibility import Visibility
from shabaka.networks.models import MembershipStatus, Network
from shabaka.plans import services
from shabaka.plans.models import ActionPlan, Activity

NETWORK_SLUGS = ["demo-net-tripoli", "demo-net-benghazi", "demo-net-sabha", "demo-net-misrata"]
PLAN_TITLE = "Action plan 2020–2022"
WORKSHOP = "Tripoli workshop, 26–28 January 2021"
D = dt.date


def _user(email):
    return User.objects.filter(email=email).first()


def _members(network):
    return [
        m.organisation
        for m in network.memberships.filter(
            status=MembershipStatus.ACTIVE, organisation__isnull=False
        )
        .select_related("organisation")
        .order_by("id")
    ]


def _import(indicator, ref, start, end, value, by, narrative):
    services.progress_import(
        indicator=indicator,
        period_start=start,
        period_end=end,
        value=value,
        narrative=narrative,
        external_ref=ref,
        imported_by=by,
    )


def _build(network, members, partner, staff, coordinator):
    from shabaka.directory.models import Place

    first, second = members[0], members[1] if len(members) > 1 else members[0]
    # The project of the seed story (its demo ran before), read through the activity's own
    # link: plans sits below projects and never imports it.
    project_model = Activity._meta.get_field("project").related_model
    project = project_model._default_manager.filter(slug="simm-libya").first()
    plan = services.plan_create(
        network=network,
        title=PLAN_TITLE,
        summary=(
            "The network's plan to protect the rights of migrants and to build, with the other "
            "networks, a national platform of the civil-society networks working on migration."
        ),
        period_start=D(2020, 1, 1),
        period_end=D(2022, 12, 31),
        visibility=Visibility.PUBLIC,
        created_by=staff,
    )
    o1 = services.objective_create(
        plan=plan,
        code="1",
        title="Strengthen the members' capacity to protect the rights of migrants",
        created_by=staff,
    )
    o2 = services.objective_create(
        plan=plan,
        code="2",
        title="Build the national platform of CSO networks working on migration",
        created_by=staff,
    )
    places = list(Place.objects.filter(country=network.country_id)[:1])
    trainings = services.activity_create(
        objective=o1,
        code="1.1",
        title="Trainings of member organisations on protection",
        lead=first,
        planned_start=D(2020, 4, 1),
        planned_end=D(2020, 12, 31),
        budget="12000",
        currency="EUR",
        project=project,
        places=places,
        created_by=staff,
    )
    awareness = services.activity_create(
        objective=o1,
        code="1.2",
        title="Awareness sessions in communities hosting migrants",
        lead=second,
        partners=[partner] if partner else [],
        planned_start=D(2021, 3, 1),
        planned_end=D(2021, 10, 31),
        project=project,
        places=places,
        created_by=staff,
    )
    consultations = services.activity_create(
        objective=o2,
        code="2.1",
        title="Consultations with the other networks on the national platform",
        lead=first,
        partners=[partner] if partner else [],
        planned_start=D(2021, 4, 1),
        planned_end=D(2022, 6, 30),
        project=project,
        created_by=staff,
    )
    code = services.activity_create(
        objective=o2,
        code="2.2",
        title="Endorsement of the common Code of Conduct by every member",
        lead=second,
        planned_start=D(2020, 6, 1),
        planned_end=D(2021, 3, 31),
        created_by=staff,
    )
    i_members = services.indicator_create(
        owner=o1,
        title="Member organisations trained on protection",
        unit="number",
        direction="increase",
        baseline=0,
        baseline_year=2020,
        target=len(members),
        target_date=D(2022, 12, 31),
        created_by=staff,
    )
    i_people = services.indicator_create(
        owner=trainings,
        title="People trained",
        unit="number",
        direction="increase",
        baseline=0,
        target=60,
        disaggregation=["gender"],
        created_by=staff,
    )
    i_online = services.indicator_create(
        owner=awareness,
        title="Share of awareness sessions reaching people online",
        unit="percentage",
        direction="increase",
        baseline=0,
        target=50,
        created_by=staff,
    )
    i_platform = services.indicator_create(
        owner=o2,
        title="The network takes part in the national platform",
        unit="yes_no",
        direction="increase",
        baseline=0,
        target=1,
        target_date=D(2022, 12, 31),
        created_by=staff,
    )
    i_code = services.indicator_create(
        owner=code,
        title="Members that endorsed the Code of Conduct",
        unit="percentage",
        direction="increase",
        baseline=0,
        target=100,
        created_by=staff,
    )
    services.plan_adopt(
        plan=plan,
        adopted_by=coordinator or staff,
        adopted_on=D(2021, 1, 27),
        reason=f"Finalised by the network's representatives at the {WORKSHOP}.",
    )
    # The COVID-19 adaptation decided on the last day of the workshop, then the revision.
    services.activity_update(
        activity=trainings,
        updated_by=coordinator or staff,
        title="Trainings of member organisations on protection (online)",
        planned_start=D(2021, 2, 15),
        planned_end=D(2021, 6, 30),
    )
    services.adaptation_create(
        plan=plan,
        title="COVID-19: trainings and awareness sessions moved online",
        what_changed=(
            "The face-to-face trainings of 2020 are held online from February to June 2021; "
            "awareness sessions combine small in-person groups with online sessions."
        ),
        why="Movement restrictions and health measures during the COVID-19 pandemic.",
        decided_on=D(2021, 1, 28),
        decided_by="The network's representatives and coordinator",
        occasion=WORKSHOP,
        recorded_by=coordinator or staff,
        activities=[trainings, awareness],
    )
    services.plan_revise(
        plan=plan,
        revised_by=coordinator or staff,
        revised_on=D(2021, 1, 28),
        reason=f"Adapted to the COVID-19 situation at the {WORKSHOP}.",
    )
    # What happened in 2021.
    services.activity_start(activity=trainings, started_by=staff, actual_start=D(2021, 2, 15))
    services.activity_finish(activity=trainings, finished_by=staff, actual_end=D(2021, 6, 30))
    services.activity_start(activity=code, started_by=staff, actual_start=D(2020, 6, 15))
    services.activity_finish(activity=code, finished_by=staff, actual_end=D(2021, 3, 31))
    services.activity_start(activity=awareness, started_by=staff, actual_start=D(2021, 3, 15))
    services.activity_start(activity=consultations, started_by=staff, actual_start=D(2021, 4, 10))
    h1, h2 = (D(2021, 1, 1), D(2021, 6, 30)), (D(2021, 7, 1), D(2021, 12, 31))
    key = f"demo:{network.slug}"
    _import(
        i_members,
        f"{key}:members:2021",
        D(2021, 1, 1),
        D(2021, 12, 31),
        max(len(members) - 1, 1),
        staff,
        "Members trained online in 2021.",
    )
    _import(
        i_people,
        f"{key}:people:2021h1",
        *h1,
        42,
        staff,
        "Six online trainings; 42 participants from the member organisations.",
    )
    _import(
        i_online,
        f"{key}:online:2021h2",
        *h2,
        35,
        staff,
        "About a third of the sessions reached people online.",
    )
    _import(
        i_platform,
        f"{key}:platform:2021",
        D(2021, 1, 1),
        D(2021, 12, 31),
        0,
        staff,
        "Consultations on the national platform are under way.",
    )
    _import(
        i_code,
        f"{key}:code:2021",
        D(2021, 1, 1),
        D(2021, 3, 31),
        100,
        staff,
        "Every member endorsed the common Code of Conduct.",
    )
    # One report waiting for the coordinator's validation.
    services.progress_submit(
        indicator=i_people,
        period_start=h2[0],
        period_end=h2[1],
        value=58,
        narrative="Follow-up sessions for new staff of the member organisations.",
        disaggregated_values={"gender": {"female": 31, "male": 27}},
        submitted_by=coordinator or staff,
    )
    return plan


@transaction.atomic
def load(stdout) -> None:
    staff = _user("staff@demo.shabaka.invalid")
    coordinator = _user("coordinator@demo.shabaka.invalid")
    networks = {n.slug: n for n in Network.objects.filter(slug__in=NETWORK_SLUGS)}
    missing = [slug for slug in NETWORK_SLUGS if slug not in networks]
    if missing:
        stdout.write(
            f"  plans: demo networks missing ({', '.join(missing)}); none created for them"
        )
    members = {slug: _members(n) for slug, n in networks.items()}
    created = 0
    present = [slug for slug in NETWORK_SLUGS if slug in networks]
    for index, slug in enumerate(present):
        network = networks[slug]
        if ActionPlan.objects.filter(network=network, title=PLAN_TITLE).exists():
            continue
        if not members[slug]:
            stdout.write(f"  plans: {slug} has no active member organisation; no plan created")
            continue
        # A joint activity with a member of the next network (the last pairs with the first).
        neighbours = present[index + 1 :] + present[:index]
        partner = next((members[s][0] for s in neighbours if members[s]), None)
        _build(network, members[slug], partner, staff, coordinator)
        created += 1
    stdout.write(f"  plans: {created} action plans created")
