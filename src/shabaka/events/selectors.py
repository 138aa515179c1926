"""Reads of events, always through what the viewer may see. Pages get their data here so the
number of queries is decided in one place and does not grow with the number of rows."""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    When,
    Window,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.dates import MONTHS_3

from shabaka.accounts.models import Role
from shabaka.accounts.roles import has_role, scope_ids
from shabaka.accounts.rules import is_project_staff
from shabaka.core.links import link_maker
from shabaka.core.selectors import localised_name_column
from shabaka.core.visibility import RecordVisibility, Visibility
from shabaka.events.models import (
    RATING_QUESTIONS,
    AgendaSession,
    Attendance,
    AttendanceMode,
    Event,
    EventFormat,
    EventStatus,
    EventType,
    Feedback,
    Invitation,
    Nomination,
    NominationStatus,
    Participation,
)
from shabaka.events.models.event import where_text


def visible_event_q(user, path: str = "") -> Q:
    """Public events; members-only events to the members of the networks concerned or invited,
    to the editors of organiser or invited organisations, to focal points and secretariats
    when a state is invited, and to the nominees; every event to staff. A condition on events
    reached through `path` (e.g. "event__")."""
    if is_project_staff(user):
        return Q()
    public = Q(**{f"{path}visibility": Visibility.PUBLIC})
    if user is None or not user.is_authenticated:
        return public
    from shabaka.networks.selectors import member_network_ids

    pk_in = f"{path}pk__in"
    networks = member_network_ids(user)
    edited = scope_ids(user, Role.ORG_EDITOR, "directory.Organisation")
    concerned = Q(**{pk_in: Nomination.objects.filter(person__user=user).values("event_id")})
    if networks:
        concerned |= Q(
            **{
                pk_in: Event.networks.through.objects.filter(network_id__in=networks).values(
                    "event_id"
                )
            }
        )
        concerned |= Q(
            **{pk_in: Invitation.objects.filter(network_id__in=networks).values("event_id")}
        )
        # Like documents: a members-only event concerning no network is for every member.
        concerned |= Q(**{pk_in: Event.objects.filter(networks__isnull=True).values("pk")})
    if edited:
        concerned |= Q(
            **{
                pk_in: Event.organisers.through.objects.filter(organisation_id__in=edited).values(
                    "event_id"
                )
            }
        )
        concerned |= Q(
            **{pk_in: Invitation.objects.filter(organisation_id__in=edited).values("event_id")}
        )
    if has_role(user, Role.FOCAL_POINT) or has_role(user, Role.SECRETARIAT):
        concerned |= Q(
            **{pk_in: Invitation.objects.filter(country__isnull=False).values("event_id")}
        )
    return public | (Q(**{f"{path}visibility": Visibility.MEMBERS}) & concerned)


# Apps below events (content, plans) reach it through core.visibility.visibility_of.
EVENTS = RecordVisibility("events.Event", visible_event_q)


def events_visible_to(user) -> QuerySet[Event]:
    """The events the user may see (visible_event_q)."""
    return Event.objects.filter(visible_event_q(user))


def _for_listing(events: QuerySet[Event], *, with_networks: bool = False) -> QuerySet[Event]:
    events = events.select_related("place", "country", "project")
    # The pages' rows do not name the networks; the API's do.
    return events.prefetch_related("networks") if with_networks else events


def place_filter_choices() -> list[tuple[int, str]]:
    """(pk, name) of the places where events happen and of the districts and regions above
    them, in the places' own order: one query over the places (a fixed list of administrative
    units), each asking the events' place index whether it has an event."""
    from shabaka.directory.models import Place

    rows = list(
        Place.objects.annotate(used=Exists(Event.objects.filter(place=OuterRef("pk"))))
        .order_by("country__code", "level", "name")
        .values_list("pk", "parent_id", "used", "name", localised_name_column())
    )
    parents = {pk: parent for pk, parent, *_rest in rows}
    shown = set()
    for pk, _parent, used, *_names in rows:
        while used and pk is not None and pk not in shown:
            shown.add(pk)
            pk = parents.get(pk)
    return [(pk, local or name) for pk, _p, _u, name, local in rows if pk in shown]


def projects_matching(*, viewer, text: str) -> QuerySet:
    """The projects the viewer may see whose short name is `text` or whose title (in any
    language) or acronym contains it."""
    from shabaka.projects.selectors import projects_visible_to

    text = text.strip()
    match = Q(slug=text) | Q(acronym__icontains=text) | Q(title__icontains=text)
    for code, _name in settings.LANGUAGES:
        match |= Q(**{f"title_translations__{code}__icontains": text})
    return projects_visible_to(viewer).filter(match)


def overlapping(
    events: QuerySet[Event],
    *,
    first: date | None = None,
    last: date | None = None,
    bounds: tuple | None = None,
) -> QuerySet[Event]:
    """The events with at least one local calendar day from `first` to `last` (either may be
    open), so a period means the same days as on the event page.

    The same period as bounds on starts_at, so that the (visibility, starts_at, ...) index reads
    only the events around the period, not all those before or after it: a local day starts at
    most 14 hours before UTC's day and at most 12 hours after it, and an event overlapping the
    period starts at most `length_days` of the longest event before it (one more query, which
    reads one entry of the length_days index). `bounds`: those of period_bounds, when the
    caller has them."""
    starts_from, starts_before = bounds or period_bounds(first=first, last=last)
    if first is not None:
        events = events.filter(end_date__gte=first, starts_at__gte=starts_from)
    if last is not None:
        events = events.filter(start_date__lte=last, starts_at__lt=starts_before)
    return events


def period_bounds(*, first: date | None, last: date | None) -> tuple:
    """The bounds on starts_at of the events overlapping the period (see `overlapping`)."""
    starts_from = starts_before = None
    if first is not None:
        longest = Event.objects.aggregate(longest=Max("length_days"))["longest"] or 0
        earliest = first - timedelta(days=longest + 2)
        starts_from = datetime.combine(earliest, time.min, tzinfo=UTC)
    if last is not None:
        starts_before = datetime.combine(last + timedelta(days=2), time.min, tzinfo=UTC)
    return starts_from, starts_before


def event_list(
    *,
    viewer,
    type: str = "",
    place=None,
    network=None,
    project=None,
    date_from: date | None = None,
    date_to: date | None = None,
    with_networks: bool = True,
    bounds: tuple | None = None,
) -> QuerySet[Event]:
    events = events_visible_to(viewer)
    if type:
        events = events.filter(type=type)
    if place is not None:
        # A region or district covers the events in the places under it.
        events = events.filter(
            Q(place=place) | Q(place__parent=place) | Q(place__parent__parent=place)
        )
    # A network or project, or a queryset of them (those matching the text of the list's filter).
    if network is not None:
        which = (
            {"network__in": network.values("pk")}
            if isinstance(network, QuerySet)
            else {"network": network}
        )
        events = events.filter(
            Q(pk__in=Event.networks.through.objects.filter(**which).values("event_id"))
            | Q(pk__in=Invitation.objects.filter(**which).values("event_id"))
        )
    if isinstance(project, QuerySet):
        events = events.filter(project__in=project.values("pk"))
    elif project is not None:
        events = events.filter(project=project)
    events = overlapping(events, first=date_from, last=date_to, bounds=bounds)
    return _for_listing(events, with_networks=with_networks).order_by("-starts_at", "id")


def event_list_page(*, viewer, filters: dict, page_number):
    """A page of the events list as `listing_values` rows (a list of tuples), counted on the
    events alone (the covering index, no join to their places, countries and projects)."""
    from shabaka.core.pagination import paginate_page

    events = event_list(viewer=viewer, with_networks=False, **filters)
    page = paginate_page(events, page_number=page_number)
    # The page's slice of the same events, read as the list's columns.
    start = (page.number - 1) * page.paginator.per_page
    page.object_list = list(listing_values(events)[start : start + page.paginator.per_page])
    return page


_ROW_FIELDS = ("slug", "title", "status", "type", "format", "venue", "start_date", "end_date")


def _name_fields(prefix: str) -> tuple[str, str]:
    local = localised_name_column(f"{prefix}__")
    return f"{prefix}__name", local


def listing_values(events: QuerySet[Event], *more: str) -> QuerySet:
    """The columns of the events list as tuples (no model instances), for `listing_rows`, then
    the columns `more` (which listing_rows leaves out)."""
    return events.values_list(
        *_ROW_FIELDS,
        *_name_fields("place"),
        *_name_fields("country"),
        "project__acronym",
        "project__title",
        "project__visibility",
        *more,
    )


def listing_rows(values, *, viewer) -> list[dict]:
    """The rows of the events list, from `listing_values`, with their text ready: dates (the
    event's own local days), link, labels, where. Labels and the link are worked out once,
    not once a row."""
    from shabaka.projects.selectors import project_visibilities

    link = link_maker("events:event_detail", "slug")
    shown_projects = project_visibilities(viewer)
    types = {code: str(label) for code, label in EventType.choices}
    formats = {code: str(label) for code, label in EventFormat.choices}
    months: dict[int, str] = {}

    def day(value: date) -> str:
        # The date filter's "j M Y", with the month's short name translated once a request.
        if value.month not in months:
            months[value.month] = str(MONTHS_3[value.month]).title()
        return f"{value.day} {months[value.month]} {value.year}"

    rows = []
    for row in values:
        slug, title, status, type_, format_, venue, start, end = row[:8]
        place, place_local, country, country_local, acronym, project_title = row[8:14]
        project_visibility = row[14]
        rows.append(
            {
                "first_day": day(start),
                "dates": day(start) if end == start else f"{day(start)} – {day(end)}",
                "url": link(slug),
                "title": title,
                "cancelled": status == EventStatus.CANCELLED,
                "type": types.get(type_, type_),
                "where": where_text(
                    venue=venue,
                    place=place_local or place or "",
                    country=country_local or country or "",
                    format=format_,
                ),
                "format": "" if format_ == EventFormat.IN_PERSON else formats.get(format_),
                # A members- or staff-only project's name only to those who may see it.
                "project": (acronym or project_title or "")
                if project_visibility in shown_projects
                else "",
            }
        )
    return rows


def month_calendar(*, events: QuerySet[Event], year: int, month: int) -> dict:
    """Weeks of the month (Monday first), each day with the events on it in their own time
    zone. One query for the events, whatever their number."""
    first = date(year, month, 1)
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    in_month = list(
        overlapping(events, first=first, last=next_month - timedelta(days=1)).order_by(
            "starts_at", "id"
        )
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
        .get(slug=slug)
    )


def event_page(*, event: Event, viewer) -> dict:
    from shabaka.content.selectors import current_documents_of
    from shabaka.directory.selectors import organisations_visible_to
    from shabaka.networks.selectors import networks_visible_to

    may_see_people = viewer.has_perm("events.view_participants", event)
    counts = participant_counts(event=event)
    from shabaka.projects.selectors import project_visibilities

    project = event.project
    context = {
        "event": event,
        # A members- or staff-only project's name only to those who may see it.
        "project": project
        if project is not None and project.visibility in project_visibilities(viewer)
        else None,
        "sessions": list(AgendaSession.objects.filter(event=event)),
        # Names of organisers and networks only as far as the viewer may see them: one query
        # each, the event's links joined to what the viewer may see.
        "organisers": list(organisations_visible_to(viewer).filter(organised_events=event)),
        "networks": list(networks_visible_to(viewer).filter(events=event)),
        "materials": current_documents_of(event, viewer=viewer),
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
    # The events' rule asked on the joined event (visible_event_q), not as "event IN (every
    # event the viewer may see)": a third less time on SQLite at SCALE=0.1.
    invitation = (
        Invitation.objects.select_related("event", "network", "organisation", "country")
        .filter(visible_event_q(viewer, "event__"))
        .get(pk=pk)
    )
    if not viewer.has_perm("events.view_invitation", invitation):
        raise Invitation.DoesNotExist
    return invitation


def seats_taken(invitation: Invitation) -> int:
    return invitation.nominations.filter(
        status__in=[NominationStatus.NOMINATED, NominationStatus.CONFIRMED]
    ).count()


def add_nomination_actions(nominations, *, viewer, invitation: Invitation) -> list[Nomination]:
    """Sets on each nomination of `invitation` its invitation and event (no query to reach
    them) and what its row (events/partials/nomination_row.html) lets the viewer do:
    `may_nominate`, `may_decide`, `may_withdraw`. The rules ask only about the invitation and
    its event, so they are asked once for all the rows, not once a row."""
    nominations = list(nominations)
    if not nominations:
        return nominations
    for nomination in nominations:
        nomination.invitation = invitation
        nomination.event = invitation.event
    first = nominations[0]
    may_nominate = viewer.has_perm("events.nominate", invitation)
    may_decide = viewer.has_perm("events.decide_nomination", first)
    may_withdraw = viewer.has_perm("events.withdraw_nomination", first)
    for nomination in nominations:
        nomination.may_nominate = may_nominate
        nomination.may_decide = may_decide
        nomination.may_withdraw = may_withdraw
    return nominations


def invitation_page(*, invitation: Invitation, viewer) -> dict:
    """What an invitation's page shows: its nominations (with what the viewer may do on each
    row), the seats taken, and whether the viewer may nominate or propose candidates."""
    nominations = add_nomination_actions(
        invitation.nominations.select_related("person", "person__organisation"),
        viewer=viewer,
        invitation=invitation,
    )
    taking = {NominationStatus.NOMINATED, NominationStatus.CONFIRMED}
    return {
        "invitation": invitation,
        "event": invitation.event,
        "nominations": nominations,
        # Counted from the rows read (seats_taken, without its query).
        "taken": sum(1 for n in nominations if n.status in taking),
        "may_nominate": viewer.has_perm("events.nominate", invitation),
        "may_propose": viewer.has_perm("events.propose_candidate", invitation),
    }


def nomination_for_step(*, viewer, pk: int) -> Nomination:
    """A nomination of an event the viewer may see, with what its row needs (else
    DoesNotExist: a 404)."""
    return Nomination.objects.select_related(
        "invitation",
        "invitation__network",
        "invitation__organisation",
        "invitation__event",
        "event",
        "person",
        "person__organisation",
    ).get(pk=pk, event__in=events_visible_to(viewer))


def event_participation(*, event: Event, pk) -> Participation:
    """A participation in the event (else DoesNotExist: a 404)."""
    return event.participations.select_related("event").get(pk=pk)


def event_form_initial(*, event: Event, fields) -> dict:
    """The event form's values for editing `event`: its `fields`, its times as wall-clock
    times in its own time zone, its organisers and networks."""
    return {
        **{name: getattr(event, name) for name in fields},
        "starts_at": event.local_start.replace(tzinfo=None),
        "ends_at": event.local_end.replace(tzinfo=None),
        "organisers": list(event.organisers.all()),
        "networks": list(event.networks.all()),
    }


ATTENDANCE_PER_PAGE = 25


def console(*, event: Event, viewer, page_number=None) -> dict:
    """Everything the organiser's console shows, in a fixed number of queries: the invitations
    with their nominations (and what each row lets the viewer do: add_nomination_actions), and
    one page of the attendance grid."""
    from shabaka.core.pagination import paginate_page

    # The rules asked for every invitation's rows read the organisers of the event: once.
    prefetch_related_objects([event], "organisers")
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
    for invitation in invitations:
        invitation.event = event
        # The prefetched rows themselves, which the template lists.
        add_nomination_actions(invitation.nominations.all(), viewer=viewer, invitation=invitation)
    page = paginate_page(
        _participations(event).only(
            "event_id", "role", "person__full_name", "person__organisation_id"
        ),
        page_number=page_number,
        per_page=ATTENDANCE_PER_PAGE,
    )
    days = event.days
    return {
        "invitations": invitations,
        "attendance_page": page,
        "attendance_rows": _attendance_rows(list(page.object_list), event=event, days=days),
        "days": days,
    }


def attendance_sheet(*, event: Event) -> dict:
    """Every participant of the event with the days they attended: the printable sheet."""
    days = event.days
    participations = list(_participations(event).select_related("organisation"))
    return {
        "attendance_rows": _attendance_rows(participations, event=event, days=days),
        "days": days,
    }


def _participations(event: Event) -> QuerySet[Participation]:
    return event.participations.select_related("person").order_by("person__full_name", "id")


def _attendance_rows(participations: list[Participation], *, event: Event, days) -> list[dict]:
    """[{"participation", "cells": [{"day", "mode"}, ...]}], the days attended read in one
    query."""
    prefetch_related_objects(participations, Prefetch("attendances", to_attr="attendance_list"))
    rows = []
    for participation in participations:
        participation.event = event  # no query to reach it
        by_day = {a.day: a.mode for a in participation.attendance_list}
        rows.append(
            {
                "participation": participation,
                "cells": [{"day": d, "mode": by_day.get(d)} for d in days],
            }
        )
    return rows


def attendance_cell(*, participation: Participation, day: date) -> dict:
    mode = (
        Attendance.objects.filter(participation=participation, day=day)
        .values_list("mode", flat=True)
        .first()
    )
    return {"participation": participation, "cell": {"day": day, "mode": mode}}


# --- Figures -------------------------------------------------------------------------------------


def participant_counts(
    *, events_queryset: QuerySet[Event] | None = None, event: Event | None = None, places=True
) -> dict:
    """Participants who attended at least one day of the given events (a queryset, or one
    event), as counts only: the total, and totals by gender, organisation kind, network
    (slug) and place of the event (place code, else country code, else "online"). A person
    at two events counts twice, as donors count participations. Also: attendances per mode.

    One query over the days attended, as tuples (each participation counted once, at its
    first day read). Joins cost PostgreSQL more to plan than to run here, so the query joins
    no more than it needs: for one event its place comes from the event already loaded, and
    `places=False` (for callers that do not show them) leaves by_place empty."""
    if event is not None:
        place = event.place.code if event.place_id else None
        place_key = place or (event.country.code if event.country_id else "online")
        days = Attendance.objects.filter(participation__event=event)
        return count_attendance(days.order_by().values_list(*_DAY_COLUMNS), place_key=place_key)
    events = events_queryset.order_by().values("pk")
    attended = Attendance.objects.filter(participation__event__in=events)
    where = (
        ("participation__event__place__code", "participation__event__country__code")
        if places
        else ()
    )
    days = attended.order_by().values_list(*_DAY_COLUMNS, *where)
    return count_attendance(days)


# What participant_counts reads of each day attended (then the event's place, if asked).
_DAY_COLUMNS = (
    "participation_id",
    "mode",
    "participation__person__gender",
    "participation__organisation__kind",
    "participation__network__slug",
)


def project_participant_counts(*, project, viewer) -> dict:
    """participant_counts of the project's events that the viewer may see, without places."""
    events = events_visible_to(viewer).filter(project=project).order_by().values("pk")
    days = Attendance.objects.filter(participation__event__in=events)
    return count_attendance(days.order_by().values_list(*_DAY_COLUMNS))


def count_attendance(days, *, place_key: str | None = None) -> dict:
    """participant_counts from the rows of days attended (`_DAY_COLUMNS`, then the event's
    place and country codes when by_place is wanted and `place_key` is not given)."""
    seen: set[int] = set()
    modes: Counter = Counter()
    by_gender: Counter = Counter()
    by_kind: Counter = Counter()
    by_network: Counter = Counter()
    by_place: Counter = Counter()
    for participation, mode, gender, kind, network, *where_row in days:
        modes[mode] += 1
        if participation in seen:
            continue
        seen.add(participation)
        by_gender[gender] += 1
        by_kind[kind or "none"] += 1
        by_network[network or "none"] += 1
        if place_key is not None:
            by_place[place_key] += 1
        elif where_row:
            by_place[where_row[0] or where_row[1] or "online"] += 1
    return {
        "total": len(seen),
        "by_gender": dict(by_gender),
        "by_organisation_kind": dict(by_kind),
        "by_network": dict(by_network),
        "by_place": dict(by_place),
        "attendance_days_by_mode": {m: modes.get(m, 0) for m in AttendanceMode.values},
    }


def events_for_project(*, project, viewer, limit: int = 20) -> tuple[list[dict], int]:
    """Rows (as `listing_rows`) of the project's newest events, and how many of all the
    project's events that the viewer may see were held: counted in the same query, by a window
    over the rows before the limit."""
    held = Window(Sum(Case(When(status=EventStatus.HELD, then=1), default=0)))
    events = event_list(viewer=viewer, project=project.pk, with_networks=False)
    values = list(listing_values(events).annotate(held_total=held)[:limit])
    return listing_rows(values, viewer=viewer), (values[0][-1] if values else 0)


def upcoming_public_events(*, limit: int = 5) -> list[Event]:
    """The next public events, and those under way. Bounded as `overlapping` is: an event
    still running began at most the longest event's length ago, so the (visibility,
    starts_at) index is read from there, not from the first event ever held."""
    now = timezone.now()
    longest = Event.objects.aggregate(longest=Max("length_days"))["longest"] or 0
    earliest = now - timedelta(days=longest + 2)
    events = Event.objects.filter(
        visibility=Visibility.PUBLIC, ends_at__gte=now, starts_at__gte=earliest
    )
    return list(_for_listing(events).order_by("starts_at")[:limit])


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
