"""Creating and changing events, their agenda and materials, and their status."""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_snapshot, audit_updated
from shabaka.accounts.models import AuditAction
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.core.guards import check_date
from shabaka.core.visibility import Visibility
from shabaka.events.models import AgendaSession, Event, EventFormat, EventStatus, EventType

S = EventStatus
# Paths under /events/ that are not events.
RESERVED_SLUGS = {"new", "calendar", "feed.ics", "nominations", "invitations"}

EDITABLE_FIELDS = [
    "title",
    "description",
    "type",
    "format",
    "place",
    "venue",
    "country",
    "starts_at",
    "ends_at",
    "time_zone",
    "project",
    "languages",
    "visibility",
]


def zone_for(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Refused(
            _("Unknown time zone %(zone)s: use an IANA name such as Africa/Tripoli.")
            % {"zone": name},
            field="time_zone",
        ) from None


def local_to_aware(value: datetime, zone_name: str) -> datetime:
    """A wall-clock time in the event's time zone, as an aware datetime."""
    if timezone.is_aware(value):
        return value
    return value.replace(tzinfo=zone_for(zone_name))


def _validate(values: dict) -> None:
    if not (values.get("title") or "").strip():
        raise Refused(_("Give the event a title."), field="title")
    if values.get("type") not in EventType.values:
        raise Refused(_("Choose the type of event."), field="type")
    if values.get("format") not in EventFormat.values:
        raise Refused(_("Choose the format of the event."), field="format")
    if values.get("visibility") not in Visibility.values:
        raise Refused(_("Unknown visibility."), field="visibility")
    zone_for(values.get("time_zone") or "")
    start, end = values.get("starts_at"), values.get("ends_at")
    if start is None or end is None:
        raise Refused(_("Give the start and the end of the event."), field="starts_at")
    check_date(start, field="starts_at")
    check_date(end, field="ends_at")
    if end < start:
        raise Refused(_("The event cannot end before it starts."), field="ends_at")
    for code in (values.get("languages") or "").split(","):
        code = code.strip()
        if code and not (code.replace("-", "").isalnum() and code[:2].isalpha()):
            raise Refused(
                _("%(code)s is not a language code (BCP 47, e.g. ar, en).") % {"code": code},
                field="languages",
            )


def _prepare(values: dict) -> dict:
    values = dict(values)
    values.setdefault("format", EventFormat.IN_PERSON)
    values.setdefault("visibility", Visibility.PUBLIC)
    values.setdefault("time_zone", "Africa/Tripoli")
    values.setdefault("description", "")
    values.setdefault("venue", "")
    values.setdefault("languages", "")
    zone_name = values.get("time_zone") or ""
    zone_for(zone_name)
    for key in ("starts_at", "ends_at"):
        if values.get(key) is not None:
            values[key] = local_to_aware(values[key], zone_name)
    return values


@transaction.atomic
def event_create(
    *,
    created_by,
    title: str,
    slug: str,
    type: str,
    starts_at: datetime,
    ends_at: datetime,
    organisers=(),
    networks=(),
    **fields,
) -> Event:
    """Creates a planned event. Naive start and end are read in the event's time zone."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        # "status" among them: the life cycle moves only through the transition services.
        raise Refused(_("These fields cannot be set here: %s") % ", ".join(sorted(unknown)))
    values = _prepare(
        {"title": title, "type": type, "starts_at": starts_at, "ends_at": ends_at, **fields}
    )
    _validate(values)
    if slug in RESERVED_SLUGS:
        raise Refused(_("This short name is reserved: choose another."), field="slug")
    if not slug or Event.objects.filter(slug=slug).exists():
        raise Refused(_("Another event already uses this short name."), field="slug")
    event = Event.objects.create(
        slug=slug, status=S.PLANNED, created_by=created_by, **{**values, "title": title.strip()}
    )
    event.organisers.set(organisers)
    event.networks.set(networks)
    audit_created(
        actor=created_by,
        obj=event,
        extra={
            "organisers": [None, sorted(o.pk for o in organisers)],
            "networks": [None, sorted(n.pk for n in networks)],
        },
    )
    return event


@transaction.atomic
def event_update(*, event: Event, updated_by, organisers=None, networks=None, **fields) -> Event:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise Refused(_("These fields cannot be set here: %s") % ", ".join(sorted(unknown)))
    locked = Event.objects.select_for_update().get(pk=event.pk)
    before = audit_snapshot(locked, EDITABLE_FIELDS)
    current = {name: getattr(locked, name) for name in EDITABLE_FIELDS}
    values = _prepare({**current, **fields})
    _validate(values)
    for name in EDITABLE_FIELDS:
        setattr(locked, name, values[name])
    locked.save()
    extra = {}
    if organisers is not None:
        old = sorted(locked.organisers.values_list("pk", flat=True))
        locked.organisers.set(organisers)
        extra["organisers"] = [old, sorted(o.pk for o in organisers)]
    if networks is not None:
        old = sorted(locked.networks.values_list("pk", flat=True))
        locked.networks.set(networks)
        extra["networks"] = [old, sorted(n.pk for n in networks)]
    audit_updated(actor=updated_by, obj=locked, before=before, extra=extra)
    event.refresh_from_db()
    return event


def _transition(event: Event, *, allowed_from, to, by, reason: str, message: str) -> Event:
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status not in allowed_from:
        raise InvalidTransition(message % {"status": locked.get_status_display()})
    before = audit_snapshot(locked, ["status", "status_reason"])
    locked.status = to
    locked.status_reason = reason
    locked.save(update_fields=["status", "status_reason", "updated_at"])
    audit_updated(actor=by, obj=locked, before=before, reason=reason, action=AuditAction.TRANSITION)
    event.refresh_from_db()
    return event


@transaction.atomic
def event_open_nominations(*, event: Event, by, reason: str = "") -> Event:
    return _transition(
        event,
        allowed_from={S.PLANNED},
        to=S.OPEN,
        by=by,
        reason=reason,
        message=_("Only a planned event can open for nominations; this event is %(status)s."),
    )


@transaction.atomic
def event_confirm(*, event: Event, by, reason: str = "") -> Event:
    return _transition(
        event,
        allowed_from={S.PLANNED, S.OPEN},
        to=S.CONFIRMED,
        by=by,
        reason=reason,
        message=_("Only a planned event can be confirmed; this event is %(status)s."),
    )


@transaction.atomic
def event_mark_held(*, event: Event, by, reason: str = "") -> Event:
    if event.starts_at > timezone.now():
        raise InvalidTransition(_("An event is marked as held once it has started."))
    return _transition(
        event,
        allowed_from={S.CONFIRMED, S.OPEN, S.PLANNED},
        to=S.HELD,
        by=by,
        reason=reason,
        message=_("This event cannot be marked as held: it is %(status)s."),
    )


@transaction.atomic
def event_cancel(*, event: Event, by, reason: str) -> Event:
    if not reason.strip():
        raise Refused(_("Give the reason for cancelling the event."), field="reason")
    return _transition(
        event,
        allowed_from={S.PLANNED, S.OPEN, S.CONFIRMED},
        to=S.CANCELLED,
        by=by,
        reason=reason,
        message=_("This event cannot be cancelled: it is %(status)s."),
    )


@transaction.atomic
def event_add_session(
    *,
    event: Event,
    added_by,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    speakers: str = "",
) -> AgendaSession:
    if not title.strip():
        raise Refused(_("Give the session a title."), field="title")
    starts_at = local_to_aware(starts_at, event.time_zone)
    ends_at = local_to_aware(ends_at, event.time_zone) if ends_at else None
    if ends_at and ends_at < starts_at:
        raise Refused(_("A session cannot end before it starts."), field="ends_at")
    if not (event.starts_at <= starts_at <= event.ends_at):
        raise Refused(_("The session must start during the event."), field="starts_at")
    session = AgendaSession.objects.create(
        event=event, title=title.strip(), starts_at=starts_at, ends_at=ends_at, speakers=speakers
    )
    audit_created(actor=added_by, obj=session)
    return session


def event_add_material(*, event: Event, uploaded_by, title: str, **document_fields):
    """A document owned by the event (validated, versioned and audited by content)."""
    from shabaka.content.services import document_create

    return document_create(title=title, uploaded_by=uploaded_by, owner=event, **document_fields)
