"""Figures for the dashboards and the donor report: counts only, never a person.

Every figure is computed over records the viewer may see (each app's own `*_visible_to`
selector), in a fixed number of queries whatever the number of rows: rows are fetched as
small tuples and counted in Python, or counted by the database."""

from collections import Counter, defaultdict
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shabaka.events.models import Event, EventStatus, EventType, Participation
from shabaka.networks.models import (
    CodeAdoption,
    Endorsement,
    EndorsementStatus,
    Membership,
    MembershipStatus,
    Network,
)

MEMBER_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED, MembershipStatus.LEFT)


def quarter_of(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def quarters_between(first: date, last: date) -> list[str]:
    quarters, year, q = [], first.year, (first.month - 1) // 3
    while (year, q) <= (last.year, (last.month - 1) // 3):
        quarters.append(f"{year} Q{q + 1}")
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return quarters


def members_by_year(memberships: QuerySet[Membership], *, today: date) -> list[tuple[int, int]]:
    """Members at the end of each year (today for the current year): memberships that had
    started (joined_on) and not yet ended (ended_on). One query."""
    spans = list(
        memberships.filter(status__in=MEMBER_STATUSES, joined_on__isnull=False).values_list(
            "joined_on", "ended_on"
        )
    )
    if not spans:
        return []
    result = []
    for year in range(min(j for j, _e in spans).year, today.year + 1):
        cut = min(date(year, 12, 31), today)
        result.append(
            (
                year,
                sum(
                    1 for joined, ended in spans if joined <= cut and (ended is None or ended > cut)
                ),
            )
        )
    return result


def endorsement_rates(networks: QuerySet[Network]) -> list[dict]:
    """For each network with a code of conduct in force: its active members, how many endorsed
    the version in force, and the rate. Three queries."""
    adoptions = {
        a.network_id: a
        for a in CodeAdoption.objects.filter(
            network__in=networks.values("pk"), replaced_at__isnull=True
        ).select_related("network", "version__code")
    }
    if not adoptions:
        return []
    active = Counter(
        Membership.objects.filter(
            network_id__in=adoptions, status=MembershipStatus.ACTIVE
        ).values_list("network_id", flat=True)
    )
    endorsed = Counter()
    for network_id, version_id in Endorsement.objects.filter(
        membership__network_id__in=adoptions,
        membership__status=MembershipStatus.ACTIVE,
        status=EndorsementStatus.CURRENT,
    ).values_list("membership__network_id", "version_id"):
        if adoptions[network_id].version_id == version_id:
            endorsed[network_id] += 1
    rows = []
    for network_id, adoption in sorted(adoptions.items(), key=lambda kv: kv[1].network.name):
        n, e = active[network_id], endorsed[network_id]
        rows.append(
            {
                "network": adoption.network,
                "code": adoption.version.code,
                "version": adoption.version.number,
                "active": n,
                "endorsed": e,
                "rate": round(100 * e / n, 1) if n else 0.0,
            }
        )
    return rows


def _attended(events: QuerySet[Event]) -> QuerySet[Participation]:
    """Participations with at least one day attended (as events.selectors.participant_counts
    counts them: a person at two events counts twice)."""
    return Participation.objects.filter(
        event__in=events.values("pk"), attendances__isnull=False
    ).distinct()


def events_by_quarter(events: QuerySet[Event], *, today: date) -> dict:
    """Events (not cancelled) per quarter and type, and participants per quarter and gender.
    Two queries."""
    events = events.exclude(status=EventStatus.CANCELLED)
    by_type = Counter(events.values_list("start_date", "type"))
    gender_rows = _attended(events).values_list("pk", "event__start_date", "person__gender")
    by_gender = Counter((d, g) for _pk, d, g in gender_rows)
    days = [d for d, _t in by_type] + [d for d, _g in by_gender]
    if not days:
        return {"quarters": [], "types": [], "genders": []}
    quarters = quarters_between(min(days), max(days))
    type_counts: dict[str, Counter] = defaultdict(Counter)
    for (day, kind), n in by_type.items():
        type_counts[kind][quarter_of(day)] += n
    gender_counts: dict[str, Counter] = defaultdict(Counter)
    for (day, gender), n in by_gender.items():
        gender_counts[gender][quarter_of(day)] += n
    from shabaka.directory.models import Gender

    return {
        "quarters": quarters,
        "types": [
            (label, [type_counts[value][q] for q in quarters])
            for value, label in EventType.choices
            if value in type_counts
        ],
        "genders": [
            (label, [gender_counts[value][q] for q in quarters])
            for value, label in Gender.choices
            if value in gender_counts
        ],
    }


# --- Platform -------------------------------------------------------------------------------


def platform_figures(*, viewer, today: date | None = None) -> dict:
    """Networks by kind, members over time, endorsement of the codes in force, events and
    participants per quarter: over the networks and events the viewer may see."""
    from shabaka.events.selectors import events_visible_to
    from shabaka.networks.models import NetworkKind
    from shabaka.networks.selectors import networks_visible_to

    today = today or timezone.localdate()
    networks = networks_visible_to(viewer)
    kinds = dict(networks.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    memberships = Membership.objects.filter(network__in=networks.values("pk"))
    rates = endorsement_rates(networks)
    active = sum(r["active"] for r in rates)
    endorsed = sum(r["endorsed"] for r in rates)
    return {
        "networks_total": sum(kinds.values()),
        "networks_by_kind": [
            (label, kinds.get(value, 0)) for value, label in NetworkKind.choices if value in kinds
        ],
        "members_by_year": members_by_year(memberships, today=today),
        "active_members": memberships.filter(status=MembershipStatus.ACTIVE).count(),
        "endorsement": rates,
        "endorsement_overall": round(100 * endorsed / active, 1) if active else 0.0,
        "events": events_by_quarter(events_visible_to(viewer), today=today),
    }


# --- Network --------------------------------------------------------------------------------


def network_figures(*, network: Network, viewer, today: date | None = None) -> dict:
    """Action plan progress (the plans app's own dashboard computation), members over time,
    and the events the network's people attended, per year."""
    from shabaka.events.selectors import events_visible_to
    from shabaka.plans.selectors import network_dashboard

    today = today or timezone.localdate()
    plans = network_dashboard(network=network, viewer=viewer, today=today)["plans"]
    attended = list(
        Participation.objects.filter(
            network=network,
            attendances__isnull=False,
            event__in=events_visible_to(viewer).values("pk"),
        )
        .distinct()
        .values_list("pk", "event_id", "event__start_date")
    )
    events_per_year: dict[int, set] = defaultdict(set)
    people_per_year: Counter = Counter()
    for _pk, event_id, day in attended:
        events_per_year[day.year].add(event_id)
        people_per_year[day.year] += 1
    return {
        "network": network,
        "plans": plans,
        "members_by_year": members_by_year(network.memberships.all(), today=today),
        "active_members": network.memberships.filter(status=MembershipStatus.ACTIVE).count(),
        "events_attended": sorted(
            (year, len(ids), people_per_year[year]) for year, ids in events_per_year.items()
        ),
        "events_attended_total": len({e for _p, e, _d in attended}),
    }


# --- Project --------------------------------------------------------------------------------


def project_events(
    *, project, viewer, date_from: date | None = None, date_to: date | None = None
) -> QuerySet[Event]:
    from shabaka.events.selectors import event_list

    return event_list(viewer=viewer, project=project, date_from=date_from, date_to=date_to)


def framework_tags_of(records: dict) -> list[tuple[str, int]]:
    """Framework items with how many of the given records ({model: [pk, ...]}) carry them."""
    from shabaka.dialogues.models import FrameworkTag

    condition = Q(pk__in=[])
    for model, pks in records.items():
        condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)
    rows = (
        FrameworkTag.objects.filter(condition)
        .values_list("item__framework__code", "item__code", "item__title")
        .annotate(n=Count("pk"))
        .order_by("item__framework__code", "item__code")
    )
    return [(f"{fw.upper()} {code}", title, n) for fw, code, title, n in rows]


def project_figures(
    *, project, viewer, date_from: date | None = None, date_to: date | None = None
) -> dict:
    """Events by type, participants by gender and organisation kind (the events app's own
    `participant_counts`), networks supported and framework tags."""
    from shabaka.events.selectors import participant_counts
    from shabaka.networks.selectors import networks_visible_to
    from shabaka.projects.models import Project

    events = project_events(
        project=project, viewer=viewer, date_from=date_from, date_to=date_to
    ).exclude(status=EventStatus.CANCELLED)
    event_rows = list(events.order_by().values_list("pk", "type"))
    event_ids = [pk for pk, _t in event_rows]
    by_type = Counter(t for _pk, t in event_rows)
    counts = participant_counts(events_queryset=Event.objects.filter(pk__in=event_ids))
    supported_ids = set(
        Event.networks.through.objects.filter(event_id__in=event_ids).values_list(
            "network_id", flat=True
        )
    ) | set(
        Participation.objects.filter(event_id__in=event_ids, network__isnull=False).values_list(
            "network_id", flat=True
        )
    )
    supported = list(networks_visible_to(viewer).filter(pk__in=supported_ids).order_by("name"))
    return {
        "project": project,
        "events_total": len(event_ids),
        "events_by_type": [
            (label, by_type[value]) for value, label in EventType.choices if by_type[value]
        ],
        "participants": counts,
        "networks_supported": supported,
        # Counted over all of them; named only when the viewer may see them.
        "networks_supported_total": len(supported_ids),
        "framework_tags": framework_tags_of({Project: [project.pk], Event: event_ids}),
    }


def donor_report(*, project, viewer, date_from: date, date_to: date) -> dict:
    """The donor report: figures over the project's events in the period that the viewer (project
    staff: all of them) may count, as counts only; and the lists (events held, news published,
    action plans supported, networks named) as the public sees them, whoever prints the report,
    so nothing that is not public ever reaches a donor."""
    from shabaka.content.selectors import news_list
    from shabaka.plans.selectors import network_plan_summary
    from shabaka.projects.selectors import projects_visible_to

    public = AnonymousUser()
    staff_view = project_figures(
        project=project, viewer=viewer, date_from=date_from, date_to=date_to
    )
    events_held = list(
        project_events(project=project, viewer=public, date_from=date_from, date_to=date_to)
        .exclude(status=EventStatus.CANCELLED)
        .order_by("starts_at", "id")
    )
    news = list(
        news_list(viewer=public).filter(
            projects=project,
            projects__in=projects_visible_to(public).values("pk"),
            published_at__date__gte=date_from,
            published_at__date__lte=date_to,
        )
    )
    from shabaka.networks.selectors import networks_visible_to

    public_networks = networks_visible_to(public).filter(
        pk__in=[n.pk for n in staff_view["networks_supported"]]
    )
    plans = []
    for network in public_networks.order_by("name"):
        summary = network_plan_summary(network=network, viewer=public, today=date_to)
        if summary["plan"] is not None:
            plans.append(summary)
    staff_view["networks_supported"] = list(public_networks.order_by("name"))
    return {
        **staff_view,
        "date_from": date_from,
        "date_to": date_to,
        "events_held": events_held,
        "news": news,
        "plans": plans,
    }


# --- Dialogue -------------------------------------------------------------------------------


def dialogue_figures(*, dialogue, country, viewer, today: date | None = None) -> dict:
    """Dialogue meetings the state attended, per year, and the history of its focal points
    (names only to those the dialogues rules allow). A meeting is an event linked to the
    dialogue (dialogues.DialogueMeeting) or a dialogue meeting organised by its secretariat; the
    state attended when it had a delegation there, or when someone nominated by the state or of
    one of its organisations attended at least one day."""
    from shabaka.dialogues.models import Delegation
    from shabaka.dialogues.selectors import appointment_history, state_page_rows
    from shabaka.events.selectors import events_visible_to

    today = today or timezone.localdate()
    visible = events_visible_to(viewer)
    meeting_filter = Q(pk__in=dialogue.meetings.values("pk"))
    if dialogue.secretariat_id:
        meeting_filter |= Q(type=EventType.DIALOGUE_MEETING, organisers=dialogue.secretariat_id)
    meetings = visible.filter(meeting_filter).values("pk")
    per_year: dict[int, set] = defaultdict(set)
    delegated = Delegation.objects.filter(country=country, event__in=meetings).values_list(
        "event_id", "event__start_date"
    )
    attended = (
        Participation.objects.filter(event__in=meetings, attendances__isnull=False)
        .filter(Q(nomination__invitation__country=country) | Q(organisation__country=country))
        .values_list("event_id", "event__start_date")
        .distinct()
    )
    for event_id, day in [*delegated, *attended]:
        per_year[day.year].add(event_id)
    history = appointment_history(country=country).filter(dialogue=dialogue)
    rows = state_page_rows(country=country, viewer=viewer, history=history)["history"]
    return {
        "dialogue": dialogue,
        "country": country,
        "meetings_by_year": sorted((y, len(ids)) for y, ids in per_year.items()),
        "history": rows,
        "today": today,
    }
