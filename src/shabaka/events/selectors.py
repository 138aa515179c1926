"""Reads of events, always through what the viewer may see. Pages get their data here so the
number of queries is decided in one place and does not grow with the number of rows."""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from shabaka.accounts.models import Role
from shabaka.accounts.roles import has_role, scope_ids
from shabaka.accounts.rules import is_project_staff
from shabaka.core.visibility import Visibility
from shabaka.events.models import (
    RATING_QUESTIONS,
    Attendance,
    AttendanceMode,
    Event,
    Feedback,
    Invitation,
    Nomination,
    NominationStatus,
    Participation,
)


def events_visible_to(user) -> QuerySet[Event]:
    """Public events; members-only events to the members of the networks concerned or invited,
    to the editors of organiser or invited organisations, to focal points and secretariats
    when a state is invited, and to the nominees; every event to staff."""
    events = Event.objects.all()
    if is_project_staff(user):
        return events
    public = Q(visibility=Visibility.PUBLIC)
    if user is None or not user.is_authenticated:
        return events.filter(public)
    from shabaka.networks.selectors import member_network_ids

    networks = member_network_ids(user)
    edited = scope_ids(user, Role.ORG_EDITOR, "directory.Organisation")
    concerned = Q(pk__in=Nomination.objects.filter(person__user=user).values("event_id"))
    if networks:
        concerned |= Q(
            pk__in=Event.networks.through.objects.filter(network_id__in=networks).values("event_id")
        )
        concerned |= Q(pk__in=Invitation.objects.filter(network_id__in=networks).values("event_id"))
        # Like documents: a members-only event concerning no network is for every member.
        concerned |= Q(pk__in=Event.objects.filter(networks__isnull=True).values("pk"))
    if edited:
        concerned |= Q(
            pk__in=Event.organisers.through.objects.filter(organisation_id__in=edited).values(
                "event_id"
            )
        )
        concerned |= Q(
            pk__in=Invitation.objects.filter(organisation_id__in=edited).values("event_id")
        )
    if has_role(user, Role.FOCAL_POINT) or has_role(user, Role.SECRETARIAT):
        concerned |= Q(pk__in=Invitation.objects.filter(country__isnull=False).values("event_id"))
    return events.filter(public | (Q(visibility=Visibility.MEMBERS) & concerned))


def _for_listing(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.select_related("place", "country", "project").prefetch_related("networks")


def event_list(
    *,
    viewer,
    type: str = "",
    place=None,
    network=None,
    project=None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Event]:
    events = events_visible_to(viewer)
    if type:
        events = events.filter(type=type)
    if place is not None:
        # A region or district covers the events in the places under it.
        events = events.filter(
            Q(place=place) | Q(place__parent=place) | Q(place__parent__parent=place)
        )
    if network is not None:
        events = events.filter(
            Q(pk__in=Event.networks.through.objects.filter(network=network).values("event_id"))
            | Q(pk__in=Invitation.objects.filter(network=network).values("event_id"))
        )
    if project is not None:
        events = events.filter(project=project)
    # Local calendar days of the event, so a period means the same days as on the event page.
    if date_from is not None:
        events = events.filter(end_date__gte=date_from)
    if date_to is not None:
        events = events.filter(start_date__lte=date_to)
        # The same bound on starts_at (a local day starts at most 14 hours before UTC's and
        # ends at most 12 after): the (visibility, starts_at) index then starts the scan at
        # the period's end instead of at the newest event.
        events = events.filter(
            starts_at__lt=datetime.combine(date_to + timedelta(days=2), time.min, tzinfo=UTC)
        )
    return _for_listing(events).order_by("-starts_at", "id")


def month_calendar(*, events: QuerySet[Event], year: int, month: int) -> dict:
    """Weeks of the month (Monday first), each day with the events on it in their own time
    zone. One query for the events, whatever their number."""
    first = date(year, month, 1)
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    in_month = list(
        events.filter(start_date__lt=next_month, end_date__gte=first).order_by("starts_at", "id")
    )
    by_day: dict[date, list[Event]] = {}
    for event in in_month:
        for day in event.days:
            if first <= day < next_month:
                by_day.setdefault(day, []).append(event)
    start = first - timedelta(days=first.weekday())
    weeks = []
    day = start
    while day < next_month or day.weekday() != 0:
        if day.weekday() == 0:
            weeks.append([])
        weeks[-1].append(
            {"date": day, "in_month": day.month == month, "events": by_day.get(day, [])}
        )
        day += timedelta(days=1)
    return {
        "weeks": weeks,
        "first": first,
        "previous": (first - timedelta(days=1)).replace(day=1),
        "next": next_month,
        "events": in_month,
    }


def event_detail(*, viewer, slug: str) -> Event:
    """The event, if the viewer may see it (a hidden event raises DoesNotExist: a 404)."""
    return (
        events_visible_to(viewer)
        .select_related("place", "country", "project", "place__parent")
        .prefetch_related("organisers", "networks", "sessions")
        .get(slug=slug)
    )


def event_page(*, event: Event, viewer) -> dict:
    from shabaka.content.selectors import documents_of
    from shabaka.directory.selectors import organisations_visible_to
    from shabaka.networks.selectors import networks_visible_to

    may_see_people = viewer.has_perm("events.view_participants", event)
    counts = participant_counts(events_queryset=Event.objects.filter(pk=event.pk))
    context = {
        "event": event,
        "sessions": list(event.sessions.all()),
        # Names of organisers and networks only as far as the viewer may see them.
        "organisers": list(
            organisations_visible_to(viewer).filter(pk__in=[o.pk for o in event.organisers.all()])
        ),
        "networks": list(
            networks_visible_to(viewer).filter(pk__in=[n.pk for n in event.networks.all()])
        ),
        "materials": list(documents_of(event, viewer=viewer)),
        "counts": counts,
        "may_see_people": may_see_people,
        "participations": [],
        "my_invitations": [],
    }
    if may_see_people:
        context["participations"] = list(
            event.participations.select_related("person", "organisation", "network")
        )
    if viewer.is_authenticated:
        context["my_invitations"] = [
            invitation
            for invitation in event.invitations.select_related("network", "organisation", "country")
            if viewer.has_perm("events.view_invitation", invitation)
        ]
    return context


def invitation_detail(*, viewer, pk: int) -> Invitation:
    """The invitation, if the viewer may see its event and act for its body (else a 404)."""
    invitation = Invitation.objects.select_related(
        "event", "network", "organisation", "country"
    ).get(pk=pk, event__in=events_visible_to(viewer))
    if not viewer.has_perm("events.view_invitation", invitation):
        raise Invitation.DoesNotExist
    return invitation


def seats_taken(invitation: Invitation) -> int:
    return invitation.nominations.filter(
        status__in=[NominationStatus.NOMINATED, NominationStatus.CONFIRMED]
    ).count()


def console(*, event: Event) -> dict:
    """Everything the organiser's console shows, in a fixed number of queries."""
    nominations = Nomination.objects.select_related("person", "person__organisation").order_by("id")
    invitations = list(
        event.invitations.select_related("network", "organisation", "country")
        .prefetch_related(Prefetch("nominations", queryset=nominations))
        .annotate(
            taken=Count(
                "nominations",
                filter=Q(
                    nominations__status__in=[
                        NominationStatus.NOMINATED,
                        NominationStatus.CONFIRMED,
                    ]
                ),
            )
        )
    )
    participations = list(
        event.participations.select_related("person", "organisation", "network")
        .prefetch_related("attendances")
        .order_by("person__full_name", "id")
    )
    days = event.days
    rows = []
    for participation in participations:
        by_day = {a.day: a.mode for a in participation.attendances.all()}
        rows.append(
            {
                "participation": participation,
                "cells": [{"day": d, "mode": by_day.get(d)} for d in days],
            }
        )
    return {"invitations": invitations, "attendance_rows": rows, "days": days}


def attendance_cell(*, participation: Participation, day: date) -> dict:
    mode = (
        Attendance.objects.filter(participation=participation, day=day)
        .values_list("mode", flat=True)
        .first()
    )
    return {"participation": participation, "cell": {"day": day, "mode": mode}}


# --- Figures -------------------------------------------------------------------------------------


def participant_counts(*, events_queryset: QuerySet[Event]) -> dict:
    """Participants who attended at least one day of the given events, as counts only: the
    total, and totals by gender, organisation kind, network (slug) and place of the event
    (place code, else country code, else "online"). A person at two events counts twice, as
    donors count participations. Also: attendances per mode. A handful of queries."""
    attended = Participation.objects.filter(
        event__in=events_queryset.values("pk"), attendances__isnull=False
    ).distinct()
    rows = list(
        attended.values(
            "pk",
            "person__gender",
            "organisation__kind",
            "network__slug",
            "event__place__code",
            "event__country__code",
            "event__format",
        )
    )
    by_gender: Counter = Counter()
    by_kind: Counter = Counter()
    by_network: Counter = Counter()
    by_place: Counter = Counter()
    for row in rows:
        by_gender[row["person__gender"]] += 1
        by_kind[row["organisation__kind"] or "none"] += 1
        by_network[row["network__slug"] or "none"] += 1
        by_place[row["event__place__code"] or row["event__country__code"] or "online"] += 1
    modes = dict(
        Attendance.objects.filter(participation__event__in=events_queryset.values("pk"))
        .values_list("mode")
        .annotate(n=Count("pk"))
        .values_list("mode", "n")
    )
    return {
        "total": len(rows),
        "by_gender": dict(by_gender),
        "by_organisation_kind": dict(by_kind),
        "by_network": dict(by_network),
        "by_place": dict(by_place),
        "attendance_days_by_mode": {m: modes.get(m, 0) for m in AttendanceMode.values},
    }


def events_for_network(*, network, viewer, limit: int = 10) -> list[Event]:
    """Events concerning a network or to which it is invited, newest first, for its page."""
    return list(event_list(viewer=viewer, network=network)[:limit])


def events_for_project(*, project, viewer, limit: int = 20) -> list[Event]:
    return list(event_list(viewer=viewer, project=project)[:limit])


def upcoming_public_events(*, limit: int = 5) -> list[Event]:
    return list(
        _for_listing(
            Event.objects.filter(visibility=Visibility.PUBLIC, ends_at__gte=timezone.now())
        ).order_by("starts_at")[:limit]
    )


def public_feed_events() -> QuerySet[Event]:
    return (
        Event.objects.filter(visibility=Visibility.PUBLIC)
        .select_related("place", "country")
        .order_by("-starts_at")[:500]
    )


# --- Feedback ------------------------------------------------------------------------------------


def feedback_summary(*, event: Event) -> dict:
    """Averages and distributions per question and the comments, with nothing that says who
    answered (comments in alphabetical order, not in the order they came)."""
    answers = Feedback.objects.filter(event=event)
    questions = []
    values = list(answers.values(*[f for f, _q in RATING_QUESTIONS], "comment"))
    for field, question in RATING_QUESTIONS:
        ratings = [row[field] for row in values]
        distribution = Counter(ratings)
        questions.append(
            {
                "field": field,
                "question": question,
                "average": round(sum(ratings) / len(ratings), 1) if ratings else None,
                "distribution": [(n, distribution.get(n, 0)) for n in range(1, 6)],
            }
        )
    comments = sorted(row["comment"] for row in values if row["comment"])
    return {"responses": len(values), "questions": questions, "comments": comments}


def feedback_with_respondents(*, event: Event) -> QuerySet[Feedback]:
    """For platform administrators only (events.view_feedback_respondents)."""
    return Feedback.objects.filter(event=event).select_related("respondent__person")


def participation_of(*, event: Event, user) -> Participation | None:
    if not user.is_authenticated:
        return None
    return (
        Participation.objects.filter(event=event, person__user=user).select_related("event").first()
    )
