"""Invitations, and nominations from proposal to the nominee's answer.

Seats are the one thing two people can race for: every step that takes a seat locks the
invitation row (SELECT ... FOR UPDATE) and counts the seats held inside the same transaction, so
two coordinators submitting at the same moment are served one after the other.
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_deleted, audit_snapshot, audit_updated
from shabaka.accounts.models import AuditAction
from shabaka.core.errors import Conflict, InvalidTransition, Refused
from shabaka.directory.models import Gender, Person
from shabaka.events.models import (
    SEAT_HOLDING_STATUSES,
    EventStatus,
    Invitation,
    Nomination,
    NominationStatus,
    NominationStep,
    Participation,
)
from shabaka.events.models.nominations import LIVE_STATUSES
from shabaka.events.services.emails import notify_nominee

N = NominationStatus
_TOKEN_SALT = "shabaka.events.nomination"
_DEFAULT_LINK_TIMEOUT = 60 * 60 * 24 * 14

_AUDITED = [
    "status",
    "nominated_by",
    "nominated_at",
    "decided_by",
    "decided_at",
    "decision_reason",
    "accepted_at",
    "withdrawn_at",
    "withdrawal_reason",
]


def link_timeout() -> int:
    return getattr(settings, "NOMINATION_LINK_TIMEOUT", _DEFAULT_LINK_TIMEOUT)


# --- Invitations ---------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    event,
    invited_by,
    seats: int,
    network=None,
    organisation=None,
    country=None,
    note: str = "",
) -> Invitation:
    bodies = [b for b in (network, organisation, country) if b is not None]
    if len(bodies) != 1:
        raise Refused(_("Invite one nominating body: a network, an organisation or a state."))
    if event.status in (EventStatus.HELD, EventStatus.CANCELLED):
        raise InvalidTransition(
            _("No invitations for an event that is %(status)s.")
            % {"status": event.get_status_display()}
        )
    try:
        seats = int(seats)
    except (TypeError, ValueError):
        seats = 0
    if seats < 1:
        raise Refused(_("An invitation has at least one seat."), field="seats")
    body_filter = {"network": network, "organisation": organisation, "country": country}
    body_filter = {k: v for k, v in body_filter.items() if v is not None}
    if event.invitations.filter(**body_filter).exists():
        raise Refused(
            _("%(body)s is already invited to this event.") % {"body": bodies[0]},
        )
    invitation = Invitation.objects.create(
        event=event, seats=seats, note=note, invited_by=invited_by, **body_filter
    )
    audit_created(actor=invited_by, obj=invitation)
    return invitation


# --- Candidates ----------------------------------------------------------------------------------


def _person_for(*, invitation: Invitation, person, new_person: dict | None, by) -> Person:
    if person is not None:
        if new_person:
            raise Refused(_("Choose an existing person or enter a new one, not both."))
        return person
    data = dict(new_person or {})
    name = (data.get("full_name") or "").strip()
    if not name:
        raise Refused(_("Choose a person or enter the new person's name."), field="full_name")
    email = (data.get("email") or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Refused(_("Enter a valid email address."), field="email") from None
    gender = data.get("gender") or Gender.UNDISCLOSED
    if gender not in Gender.values:
        raise Refused(_("Unknown gender."), field="gender")
    organisation = data.get("organisation") or invitation.organisation
    created = Person.objects.create(
        full_name=name,
        email=email,
        phone=(data.get("phone") or "").strip(),
        position=(data.get("position") or "").strip(),
        gender=gender,
        organisation=organisation,
    )
    audit_created(actor=by, obj=created, reason=f"candidate for {invitation.event.slug}")
    return created


def _check_open(invitation: Invitation) -> None:
    event = invitation.event
    if event.status != EventStatus.OPEN:
        raise InvalidTransition(
            _("This event is not open for nominations (it is %(status)s).")
            % {"status": event.get_status_display()}
        )


def _check_not_put_forward(invitation: Invitation, person: Person) -> None:
    existing = (
        Nomination.objects.filter(
            event_id=invitation.event_id, person=person, status__in=LIVE_STATUSES
        )
        .select_related("invitation")
        .first()
    )
    if existing is not None:
        raise Refused(
            _("%(person)s has already been put forward for this event (%(status)s).")
            % {"person": person, "status": existing.get_status_display()},
            field="person",
        )


def _lock_invitation_with_a_free_seat(invitation_id: int) -> Invitation:
    """Locks the invitation row, then counts the seats held: a second writer waits here until
    the first commits, and then counts its nomination too."""
    invitation = (
        Invitation.objects.select_for_update().select_related("event").get(pk=invitation_id)
    )
    held = invitation.nominations.filter(status__in=SEAT_HOLDING_STATUSES).count()
    if held >= invitation.seats:
        raise Conflict(
            _(
                "All %(seats)s seats of %(body)s are taken: withdraw a nomination before "
                "nominating someone else."
            )
            % {"seats": invitation.seats, "body": invitation.body},
        )
    return invitation


def _step(nomination, *, from_status, to_status, by=None, by_nominee=False, reason=""):
    NominationStep.objects.create(
        nomination=nomination,
        from_status=from_status,
        to_status=to_status,
        by=by if by is not None and by.is_authenticated else None,
        by_nominee=by_nominee,
        reason=reason,
    )


def _insert(invitation: Invitation, person: Person, **values) -> Nomination:
    try:
        with transaction.atomic():
            return Nomination.objects.create(
                invitation=invitation, event_id=invitation.event_id, person=person, **values
            )
    except IntegrityError:
        raise Refused(
            _("%(person)s has already been put forward for this event.") % {"person": person},
            field="person",
        ) from None


@transaction.atomic
def nomination_propose(
    *, invitation: Invitation, proposed_by, person: Person | None = None, new_person=None
) -> Nomination:
    """A member of the nominating body proposes a candidate; no seat is taken yet."""
    invitation = Invitation.objects.select_related("event").get(pk=invitation.pk)
    _check_open(invitation)
    person = _person_for(
        invitation=invitation, person=person, new_person=new_person, by=proposed_by
    )
    _check_not_put_forward(invitation, person)
    nomination = _insert(
        invitation, person, status=N.PROPOSED, proposed_by=proposed_by, proposed_at=timezone.now()
    )
    _step(nomination, from_status="", to_status=N.PROPOSED, by=proposed_by)
    audit_created(actor=proposed_by, obj=nomination)
    return nomination


@transaction.atomic
def nomination_create(
    *, invitation: Invitation, nominated_by, person: Person | None = None, new_person=None
) -> Nomination:
    """The nominating body's coordinator nominates someone directly, within the seats."""
    invitation = _lock_invitation_with_a_free_seat(invitation.pk)
    _check_open(invitation)
    person = _person_for(
        invitation=invitation, person=person, new_person=new_person, by=nominated_by
    )
    _check_not_put_forward(invitation, person)
    now = timezone.now()
    nomination = _insert(
        invitation,
        person,
        status=N.NOMINATED,
        proposed_by=nominated_by,
        proposed_at=now,
        nominated_by=nominated_by,
        nominated_at=now,
    )
    _step(nomination, from_status="", to_status=N.NOMINATED, by=nominated_by)
    audit_created(actor=nominated_by, obj=nomination)
    notify_nominee(nomination, "nominated")
    return nomination


def _move(
    nomination: Nomination,
    *,
    allowed_from,
    to,
    by,
    message,
    reason="",
    by_nominee=False,
    changes=None,
) -> Nomination:
    locked = (
        Nomination.objects.select_for_update()
        .select_related("event", "invitation")
        .get(pk=nomination.pk)
    )
    if locked.status not in allowed_from:
        raise InvalidTransition(message % {"status": locked.get_status_display()})
    before = audit_snapshot(locked, _AUDITED)
    previous = locked.status
    locked.status = to
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
    locked.save()
    _step(locked, from_status=previous, to_status=to, by=by, by_nominee=by_nominee, reason=reason)
    audit_updated(actor=by, obj=locked, before=before, reason=reason, action=AuditAction.TRANSITION)
    return locked


@transaction.atomic
def nomination_nominate(*, nomination: Nomination, nominated_by) -> Nomination:
    """The coordinator turns a member's proposal into a nomination, within the seats."""
    _lock_invitation_with_a_free_seat(nomination.invitation_id)
    _check_open(nomination.invitation)
    moved = _move(
        nomination,
        allowed_from={N.PROPOSED},
        to=N.NOMINATED,
        by=nominated_by,
        message=_("Only a proposal can be nominated; this nomination is %(status)s."),
        changes={"nominated_by": nominated_by, "nominated_at": timezone.now()},
    )
    notify_nominee(moved, "nominated")
    nomination.refresh_from_db()
    return nomination


def _check_decision_possible(nomination: Nomination) -> None:
    if nomination.event.status not in (EventStatus.OPEN, EventStatus.CONFIRMED):
        raise InvalidTransition(
            _("Nominations are decided while the event is open or confirmed (it is %(status)s).")
            % {"status": nomination.event.get_status_display()}
        )


@transaction.atomic
def nomination_confirm(*, nomination: Nomination, decided_by, reason: str = "") -> Nomination:
    """The organiser confirms a nomination; the nominee becomes a participant of the event."""
    loaded = Nomination.objects.select_related("event", "invitation", "person").get(
        pk=nomination.pk
    )
    _check_decision_possible(loaded)
    moved = _move(
        loaded,
        allowed_from={N.NOMINATED},
        to=N.CONFIRMED,
        by=decided_by,
        reason=reason,
        message=_("Only a nomination can be confirmed; this one is %(status)s."),
        changes={
            "decided_by": decided_by,
            "decided_at": timezone.now(),
            "decision_reason": reason,
        },
    )
    participation, created = Participation.objects.get_or_create(
        event_id=moved.event_id,
        person=moved.person,
        defaults={
            "nomination": moved,
            "organisation": moved.person.organisation or moved.invitation.organisation,
            "network": moved.invitation.network,
        },
    )
    if created:
        audit_created(actor=decided_by, obj=participation, reason="nomination confirmed")
    notify_nominee(moved, "confirmed")
    nomination.refresh_from_db()
    return nomination


@transaction.atomic
def nomination_decline(*, nomination: Nomination, decided_by, reason: str) -> Nomination:
    if not (reason or "").strip():
        raise Refused(_("Give the reason for declining the nomination."), field="reason")
    loaded = Nomination.objects.select_related("event").get(pk=nomination.pk)
    _check_decision_possible(loaded)
    moved = _move(
        loaded,
        allowed_from={N.NOMINATED},
        to=N.DECLINED,
        by=decided_by,
        reason=reason,
        message=_("Only a nomination can be declined; this one is %(status)s."),
        changes={
            "decided_by": decided_by,
            "decided_at": timezone.now(),
            "decision_reason": reason,
        },
    )
    notify_nominee(moved, "declined")
    nomination.refresh_from_db()
    return nomination


def _withdraw(nomination: Nomination, *, by, reason: str, by_nominee: bool) -> Nomination:
    moved = _move(
        nomination,
        allowed_from=set(LIVE_STATUSES),
        to=N.WITHDRAWN,
        by=by,
        reason=reason,
        by_nominee=by_nominee,
        message=_("This nomination can no longer be withdrawn: it is %(status)s."),
        changes={"withdrawn_at": timezone.now(), "withdrawal_reason": reason},
    )
    participation = Participation.objects.filter(nomination=moved).first()
    if participation is not None and not participation.attendances.exists():
        audit_deleted(actor=by, obj=participation, reason="nomination withdrawn")
        participation.delete()
    return moved


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, withdrawn_by, reason: str = "") -> Nomination:
    """The nominating body withdraws its candidate (or a proposal): the seat is free again."""
    _withdraw(nomination, by=withdrawn_by, reason=reason, by_nominee=False)
    nomination.refresh_from_db()
    return nomination


# --- The nominee's answer, through a signed and expiring link ------------------------------------


def nomination_token_make(*, nomination: Nomination) -> str:
    return signing.dumps({"n": nomination.pk, "p": nomination.person_id}, salt=_TOKEN_SALT)


def nomination_for_token(*, token: str) -> Nomination:
    """The nomination a link was made for; Refused for a tampered or expired link."""
    try:
        data = signing.loads(token, salt=_TOKEN_SALT, max_age=link_timeout())
    except signing.SignatureExpired:
        raise Refused(
            _("This link has expired. Ask the organiser or your coordinator for a new one.")
        ) from None
    except signing.BadSignature:
        raise Refused(_("This link is not valid.")) from None
    nomination = (
        Nomination.objects.select_related("event", "invitation", "person")
        .filter(pk=data.get("n"), person_id=data.get("p"))
        .first()
    )
    if nomination is None:
        raise Refused(_("This link is not valid."))
    return nomination


@transaction.atomic
def nomination_accept_by_token(*, token: str) -> Nomination:
    nomination = nomination_for_token(token=token)
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if locked.status not in (N.NOMINATED, N.CONFIRMED):
        raise InvalidTransition(
            _("This nomination cannot be accepted: it is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    if locked.accepted_at is None:
        before = audit_snapshot(locked, _AUDITED)
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        NominationStep.objects.create(
            nomination=locked,
            from_status=locked.status,
            to_status=locked.status,
            by_nominee=True,
            reason="accepted by the nominee",
        )
        audit_updated(actor=None, obj=locked, before=before, reason="accepted by the nominee")
    return locked


@transaction.atomic
def nomination_withdraw_by_token(*, token: str, reason: str = "") -> Nomination:
    nomination = nomination_for_token(token=token)
    return _withdraw(nomination, by=None, reason=reason, by_nominee=True)
