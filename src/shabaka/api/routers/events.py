"""Events (reads: participant figures as counts only) and nominations (writes over
events.services, permissions from events.rules)."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from ninja import Query, Router, Schema, Status

from shabaka.api.auth import anyone, signed_in, viewer
from shabaka.api.errors import FormInvalid
from shabaka.api.pagination import PageParams, paginate
from shabaka.api.schemas import ERRORS, IsoDate, Page, ReasonIn, StrictIn
from shabaka.content.selectors import documents_of
from shabaka.directory.models import Place
from shabaka.directory.selectors import organisations_visible_to
from shabaka.events import selectors, services
from shabaka.events.forms import CandidateForm
from shabaka.events.models import Event, Invitation, Nomination
from shabaka.networks.selectors import networks_visible_to
from shabaka.projects.selectors import projects_visible_to

router = Router(tags=["events"])


class EventOut(Schema):
    slug: str
    title: str
    description: str
    type: str
    format: str
    status: str
    visibility: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    start_date: date
    end_date: date
    place: str | None
    place_name: str
    venue: str
    country: str | None
    languages: list[str]
    project: str | None
    networks: list[str]
    participants: int
    url: str


class EventPage(Page):
    items: list[EventOut]


class NamedOut(Schema):
    id: int
    name: str


class SessionOut(Schema):
    starts_at: datetime
    ends_at: datetime | None
    title: str
    speakers: str


class MaterialOut(Schema):
    id: str
    title: str
    language: str
    download_url: str


class FiguresOut(Schema):
    total: int
    by_gender: dict[str, int]
    by_organisation_kind: dict[str, int]
    by_network: dict[str, int]
    by_place: dict[str, int]
    attendance_days_by_mode: dict[str, int]


class InvitationSummary(Schema):
    id: int
    body_kind: str
    body: str
    seats: int
    taken: int


class EventDetailOut(EventOut):
    organisers: list[NamedOut]
    sessions: list[SessionOut]
    materials: list[MaterialOut]
    figures: FiguresOut
    my_invitations: list[InvitationSummary]


class EventFilters(Schema):
    type: str | None = None
    place: str | None = None
    network: str | None = None
    project: str | None = None
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None


def _visible_ids(queryset, ids) -> set[int]:
    ids = set(ids)
    if not ids:
        return set()
    return set(queryset.filter(pk__in=ids).values_list("pk", flat=True))


def _serialise_events(events: list[Event], user) -> list[dict]:
    """The events as the viewer may see them: networks and projects they may not see are left
    out. Two queries whatever the number of events."""
    network_ids = _visible_ids(
        networks_visible_to(user), {n.pk for e in events for n in e.networks.all()}
    )
    project_ids = _visible_ids(projects_visible_to(user), {e.project_id for e in events} - {None})
    return [
        {
            "slug": e.slug,
            "title": e.title,
            "description": e.description,
            "type": e.type,
            "format": e.format,
            "status": e.status,
            "visibility": e.visibility,
            "starts_at": e.starts_at,
            "ends_at": e.ends_at,
            "time_zone": e.time_zone,
            "start_date": e.start_date,
            "end_date": e.end_date,
            "place": e.place.code if e.place_id else None,
            "place_name": str(e.place) if e.place_id else "",
            "venue": e.venue,
            "country": e.country.code if e.country_id else None,
            "languages": e.language_list,
            "project": e.project.slug if e.project_id in project_ids else None,
            "networks": sorted(n.slug for n in e.networks.all() if n.pk in network_ids),
            "participants": getattr(e, "participant_total", 0),
            "url": reverse("events:event_detail", args=[e.slug]),
        }
        for e in events
    ]


def _with_participants(events):
    return events.annotate(
        participant_total=Count(
            "participations",
            filter=Q(participations__attendances__isnull=False),
            distinct=True,
        )
    )


@router.get(
    "/events",
    response={200: EventPage, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def event_list(request, filters: Query[EventFilters], page: Query[PageParams]):
    user = viewer(request)
    criteria = {"type": filters.type or "", "date_from": filters.date_from}
    criteria["date_to"] = filters.date_to
    unknown = False
    if filters.place:
        criteria["place"] = Place.objects.filter(code=filters.place).first()
        unknown |= criteria["place"] is None
    if filters.network:
        criteria["network"] = networks_visible_to(user).filter(slug=filters.network).first()
        unknown |= criteria["network"] is None
    if filters.project:
        criteria["project"] = projects_visible_to(user).filter(slug=filters.project).first()
        unknown |= criteria["project"] is None
    events = selectors.event_list(viewer=user, **criteria)
    if unknown:  # a filter naming nothing the viewer may see matches nothing
        events = events.none()
    result = paginate(_with_participants(events), page, lambda e: e)
    result["items"] = _serialise_events(result["items"], user)
    return result


def _figures(event: Event, user) -> dict:
    counts = selectors.participant_counts(events_queryset=Event.objects.filter(pk=event.pk))
    # Counts by network name only networks the viewer may see; the rest are "other".
    visible = set(
        networks_visible_to(user)
        .filter(slug__in=[k for k in counts["by_network"] if k != "none"])
        .values_list("slug", flat=True)
    )
    by_network: dict[str, int] = {}
    for slug, n in counts["by_network"].items():
        key = slug if slug in visible or slug == "none" else "other"
        by_network[key] = by_network.get(key, 0) + n
    counts["by_network"] = by_network
    return counts


@router.get(
    "/events/{slug}",
    response={200: EventDetailOut, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def event_detail(request, slug: str):
    user = viewer(request)
    try:
        event = selectors.event_detail(viewer=user, slug=slug)
    except Event.DoesNotExist:
        raise Http404 from None
    event.participant_total = None
    data = _serialise_events([event], user)[0]
    figures = _figures(event, user)
    data["participants"] = figures["total"]
    organisers = organisations_visible_to(user).filter(
        pk__in=[o.pk for o in event.organisers.all()]
    )
    invitations = []
    if user.is_authenticated:
        for invitation in event.invitations.select_related("network", "organisation", "country"):
            if user.has_perm("events.view_invitation", invitation):
                invitations.append(
                    {
                        "id": invitation.pk,
                        "body_kind": invitation.body_kind,
                        "body": str(invitation.body),
                        "seats": invitation.seats,
                        "taken": selectors.seats_taken(invitation),
                    }
                )
    return {
        **data,
        "organisers": [{"id": o.pk, "name": o.name} for o in organisers.order_by("name")],
        "sessions": [
            {
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "title": s.title,
                "speakers": s.speakers,
            }
            for s in event.sessions.all()
        ],
        "materials": [
            {
                "id": str(d.public_id),
                "title": d.title,
                "language": d.language,
                "download_url": reverse("content:document_download", args=[d.public_id]),
            }
            for d in documents_of(event, viewer=user)
        ],
        "figures": figures,
        "my_invitations": invitations,
    }


# --- Invitations and nominations -----------------------------------------------------------------


class NominationOut(Schema):
    id: int
    invitation: int
    event: str
    person_name: str
    status: str
    proposed_at: datetime | None
    nominated_at: datetime | None
    decided_at: datetime | None
    decision_reason: str
    accepted_at: datetime | None
    withdrawn_at: datetime | None
    withdrawal_reason: str


class InvitationOut(InvitationSummary):
    event: str
    nominations: list[NominationOut]


class CandidateIn(StrictIn):
    """An existing person (person_id) of the nominating body, or a new person."""

    person_id: int | None = None
    full_name: str = ""
    email: str = ""
    gender: str = "undisclosed"
    position: str = ""
    organisation_id: int | None = None


def _nomination(n: Nomination) -> dict:
    return {
        "id": n.pk,
        "invitation": n.invitation_id,
        "event": n.event.slug,
        "person_name": n.person.full_name,
        "status": n.status,
        "proposed_at": n.proposed_at,
        "nominated_at": n.nominated_at,
        "decided_at": n.decided_at,
        "decision_reason": n.decision_reason,
        "accepted_at": n.accepted_at,
        "withdrawn_at": n.withdrawn_at,
        "withdrawal_reason": n.withdrawal_reason,
    }


def _invitation(user, invitation_id: int) -> Invitation:
    """The invitation if the viewer may see its event and the invitation (else a 404)."""
    try:
        return selectors.invitation_detail(viewer=user, pk=invitation_id)
    except Invitation.DoesNotExist:
        raise Http404 from None


@router.get("/invitations/{invitation_id}", response={200: InvitationOut, **ERRORS}, auth=signed_in)
def invitation_detail(request, invitation_id: int):
    invitation = _invitation(request.user, invitation_id)
    nominations = invitation.nominations.select_related("person", "event").order_by("id")
    return {
        "id": invitation.pk,
        "event": invitation.event.slug,
        "body_kind": invitation.body_kind,
        "body": str(invitation.body),
        "seats": invitation.seats,
        "taken": selectors.seats_taken(invitation),
        "nominations": [_nomination(n) for n in nominations],
    }


def _put_forward(request, invitation_id: int, payload: CandidateIn, *, nominate: bool):
    user = request.user
    invitation = _invitation(user, invitation_id)
    if not user.has_perm("events.nominate" if nominate else "events.propose_candidate", invitation):
        raise PermissionDenied
    # The page's own form: the same choice of people and organisations, the same checks.
    form = CandidateForm(
        {
            "person": payload.person_id,
            "full_name": payload.full_name,
            "email": payload.email,
            "gender": payload.gender,
            "position": payload.position,
            "organisation": payload.organisation_id,
        },
        viewer=user,
        invitation=invitation,
    )
    if not form.is_valid():
        raise FormInvalid(form, {"person": "person_id", "organisation": "organisation_id"})
    if nominate:
        nomination = services.nomination_create(
            invitation=invitation, nominated_by=user, **form.candidate()
        )
    else:
        nomination = services.nomination_propose(
            invitation=invitation, proposed_by=user, **form.candidate()
        )
    nomination = Nomination.objects.select_related("person", "event").get(pk=nomination.pk)
    return Status(201, _nomination(nomination))


@router.post(
    "/invitations/{invitation_id}/proposals",
    response={201: NominationOut, **ERRORS},
    auth=signed_in,
    summary="A member of the nominating body proposes a candidate (no seat taken yet)",
)
def nomination_propose(request, invitation_id: int, payload: CandidateIn):
    return _put_forward(request, invitation_id, payload, nominate=False)


@router.post(
    "/invitations/{invitation_id}/nominations",
    response={201: NominationOut, **ERRORS},
    auth=signed_in,
    summary="The nominating body's coordinator nominates a candidate, within the seats",
)
def nomination_create(request, invitation_id: int, payload: CandidateIn):
    return _put_forward(request, invitation_id, payload, nominate=True)


def _visible_nomination(user, nomination_id: int) -> Nomination:
    nomination = (
        Nomination.objects.select_related(
            "invitation",
            "invitation__event",
            "invitation__network",
            "invitation__organisation",
            "event",
            "person",
        )
        .filter(pk=nomination_id, event__in=selectors.events_visible_to(user))
        .first()
    )
    if nomination is None or not user.has_perm("events.view_invitation", nomination.invitation):
        raise Http404
    return nomination


def _step(request, nomination_id: int, permission: str, on_invitation: bool, run):
    nomination = _visible_nomination(request.user, nomination_id)
    subject = nomination.invitation if on_invitation else nomination
    if not request.user.has_perm(permission, subject):
        raise PermissionDenied
    run(nomination)
    return _nomination(Nomination.objects.select_related("person", "event").get(pk=nomination.pk))


@router.post(
    "/nominations/{nomination_id}/nominate",
    response={200: NominationOut, **ERRORS},
    auth=signed_in,
    summary="Turn a proposal into a nomination (within the seats)",
)
def nomination_nominate(request, nomination_id: int):
    return _step(
        request,
        nomination_id,
        "events.nominate",
        True,
        lambda n: services.nomination_nominate(nomination=n, nominated_by=request.user),
    )


@router.post(
    "/nominations/{nomination_id}/confirm",
    response={200: NominationOut, **ERRORS},
    auth=signed_in,
    summary="The organiser confirms a nomination",
)
def nomination_confirm(request, nomination_id: int, payload: ReasonIn):
    return _step(
        request,
        nomination_id,
        "events.decide_nomination",
        False,
        lambda n: services.nomination_confirm(
            nomination=n, decided_by=request.user, reason=payload.reason
        ),
    )


@router.post(
    "/nominations/{nomination_id}/decline",
    response={200: NominationOut, **ERRORS},
    auth=signed_in,
    summary="The organiser declines a nomination (a reason is required)",
)
def nomination_decline(request, nomination_id: int, payload: ReasonIn):
    return _step(
        request,
        nomination_id,
        "events.decide_nomination",
        False,
        lambda n: services.nomination_decline(
            nomination=n, decided_by=request.user, reason=payload.reason
        ),
    )


@router.post(
    "/nominations/{nomination_id}/withdraw",
    response={200: NominationOut, **ERRORS},
    auth=signed_in,
    summary="The nominating body (or the organiser) withdraws a nomination",
)
def nomination_withdraw(request, nomination_id: int, payload: ReasonIn):
    return _step(
        request,
        nomination_id,
        "events.withdraw_nomination",
        False,
        lambda n: services.nomination_withdraw(
            nomination=n, withdrawn_by=request.user, reason=payload.reason
        ),
    )
