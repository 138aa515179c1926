"""Writes on networks and memberships. Callers check permissions (networks.rules) first."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_snapshot, audit_updated
from shabaka.accounts.models import AuditAction
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.directory.models import Organisation
from shabaka.networks.models import (
    CURRENT_STATUSES,
    Membership,
    MembershipRole,
    MembershipStatus,
    MembershipStep,
    Network,
    NetworkKind,
    NetworkStatus,
)

S = MembershipStatus


@transaction.atomic
def membership_apply(
    *,
    network: Network,
    applied_by,
    organisation: Organisation | None = None,
    member_network: Network | None = None,
    reason: str = "",
    visibility: str | None = None,
) -> Membership:
    """An organisation applies to a network, or a network to the platform."""
    if (organisation is None) == (member_network is None):
        raise Refused(_("Name either an organisation or a network to join."))
    if network.kind == NetworkKind.PLATFORM and organisation is not None:
        raise Refused(_("Only networks join a platform; organisations join a network."))
    if network.kind == NetworkKind.NETWORK and member_network is not None:
        raise Refused(_("Only a platform has networks as members."))
    if member_network is not None and member_network.pk == network.pk:
        raise Refused(_("A network cannot be a member of itself."))
    member_filter = (
        {"organisation": organisation} if organisation else {"member_network": member_network}
    )
    current = network.memberships.filter(status__in=CURRENT_STATUSES, **member_filter).first()
    if current is not None:
        raise Refused(
            _("%(member)s already has a membership in %(network)s (%(status)s).")
            % {"member": current.member, "network": network, "status": current.get_status_display()}
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                network=network,
                status=S.APPLIED,
                visibility=visibility or network.visibility,
                **member_filter,
            )
    except IntegrityError:
        # Two applications at the same moment: the constraint let one through.
        raise Refused(_("An application for this member is already being processed.")) from None
    MembershipStep.objects.create(
        membership=membership, to_status=S.APPLIED, decided_by=applied_by, reason=reason
    )
    audit_created(actor=applied_by, obj=membership, reason=reason)
    return membership


def _transition(
    membership: Membership, *, allowed_from, to, decided_by, reason: str, message: str
) -> Membership:
    # Lock the row so two coordinators acting at once see each other's decision.
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.status not in allowed_from:
        raise InvalidTransition(message % {"status": locked.get_status_display()})
    before = audit_snapshot(locked, ["status", "joined_on", "ended_on"])
    previous = locked.status
    locked.status = to
    today = timezone.localdate()
    if to == S.ACTIVE and locked.joined_on is None:
        locked.joined_on = today
    if to in (S.LEFT, S.REJECTED):
        locked.ended_on = today
    locked.save(update_fields=["status", "joined_on", "ended_on", "updated_at"])
    MembershipStep.objects.create(
        membership=locked, from_status=previous, to_status=to, decided_by=decided_by, reason=reason
    )
    audit_updated(
        actor=decided_by, obj=locked, before=before, reason=reason, action=AuditAction.TRANSITION
    )
    membership.refresh_from_db()
    return membership


@transaction.atomic
def membership_approve(*, membership: Membership, decided_by, reason: str = "") -> Membership:
    return _transition(
        membership,
        allowed_from={S.APPLIED},
        to=S.ACTIVE,
        decided_by=decided_by,
        reason=reason,
        message=_("Only an application can be approved; this membership is %(status)s."),
    )


@transaction.atomic
def membership_reject(*, membership: Membership, decided_by, reason: str) -> Membership:
    if not reason.strip():
        raise Refused(_("Give the reason for rejecting the application."), field="reason")
    return _transition(
        membership,
        allowed_from={S.APPLIED},
        to=S.REJECTED,
        decided_by=decided_by,
        reason=reason,
        message=_("Only an application can be rejected; this membership is %(status)s."),
    )


@transaction.atomic
def membership_suspend(*, membership: Membership, decided_by, reason: str) -> Membership:
    if not reason.strip():
        raise Refused(_("Give the reason for the suspension."), field="reason")
    return _transition(
        membership,
        allowed_from={S.ACTIVE},
        to=S.SUSPENDED,
        decided_by=decided_by,
        reason=reason,
        message=_("Only an active member can be suspended; this membership is %(status)s."),
    )


@transaction.atomic
def membership_reinstate(*, membership: Membership, decided_by, reason: str = "") -> Membership:
    return _transition(
        membership,
        allowed_from={S.SUSPENDED},
        to=S.ACTIVE,
        decided_by=decided_by,
        reason=reason,
        message=_("Only a suspended member can be reinstated; this membership is %(status)s."),
    )


@transaction.atomic
def membership_leave(*, membership: Membership, decided_by, reason: str = "") -> Membership:
    """The member leaves, or the coordinator removes it; an application can be withdrawn."""
    return _transition(
        membership,
        allowed_from={S.APPLIED, S.ACTIVE, S.SUSPENDED},
        to=S.LEFT,
        decided_by=decided_by,
        reason=reason,
        message=_("This membership has already ended (%(status)s)."),
    )


@transaction.atomic
def membership_set_role(
    *, membership: Membership, role: str, decided_by, reason: str = ""
) -> Membership:
    if role not in MembershipRole.values:
        raise Refused(_("Unknown role."), field="role")
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.status != S.ACTIVE:
        raise InvalidTransition(_("Only an active member can be given a role."))
    before = audit_snapshot(locked, ["role"])
    locked.role = role
    locked.save(update_fields=["role", "updated_at"])
    audit_updated(actor=decided_by, obj=locked, before=before, reason=reason)
    membership.refresh_from_db()
    return membership


_NETWORK_STATUS_MOVES = {
    NetworkStatus.FORMING: {NetworkStatus.ACTIVE, NetworkStatus.DORMANT},
    NetworkStatus.ACTIVE: {NetworkStatus.DORMANT},
    NetworkStatus.DORMANT: {NetworkStatus.ACTIVE},
}


@transaction.atomic
def network_set_status(*, network: Network, status: str, decided_by, reason: str = "") -> Network:
    locked = Network.objects.select_for_update().get(pk=network.pk)
    if status not in _NETWORK_STATUS_MOVES.get(locked.status, set()):
        raise InvalidTransition(
            _("A network cannot go from %(old)s to %(new)s.")
            % {
                "old": locked.get_status_display(),
                "new": NetworkStatus(status).label if status in NetworkStatus.values else status,
            }
        )
    before = audit_snapshot(locked, ["status"])
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    audit_updated(
        actor=decided_by, obj=locked, before=before, reason=reason, action=AuditAction.TRANSITION
    )
    network.refresh_from_db()
    return network


NETWORK_FIELDS = (
    "name",
    "name_en",
    "name_ar",
    "name_fr",
    "acronym",
    "slug",
    "kind",
    "mission",
    "founded_on",
    "country",
    "area_description",
    "visibility",
)


def _validate_network(network: Network) -> None:
    from django.core.exceptions import ValidationError

    try:
        network.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise Refused(messages[0], field=None if field == "__all__" else field) from None


@transaction.atomic
def network_create(*, created_by, places=(), topics=(), **fields) -> Network:
    unknown = set(fields) - set(NETWORK_FIELDS)
    if unknown:
        raise Refused(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    network = Network(**fields)  # status: forming, by default
    _validate_network(network)
    network.save()
    network.places.set(places)
    network.topics.set(topics)
    audit_created(
        actor=created_by,
        obj=network,
        extra={
            "places": [None, sorted(p.pk for p in places)],
            "topics": [None, sorted(t.pk for t in topics)],
        },
    )
    return network


@transaction.atomic
def network_update(*, network: Network, updated_by, places=None, topics=None, **fields) -> Network:
    unknown = set(fields) - set(NETWORK_FIELDS) | ({"kind", "slug"} & set(fields))
    if unknown:
        raise Refused(
            _("These fields cannot be changed here: %(names)s")
            % {"names": ", ".join(sorted(unknown))}
        )
    locked = Network.objects.select_for_update().get(pk=network.pk)
    before = audit_snapshot(locked)
    for key, value in fields.items():
        setattr(locked, key, value)
    _validate_network(locked)
    locked.save()
    extra = {}
    for name, values in (("places", places), ("topics", topics)):
        if values is None:
            continue
        old = sorted(getattr(locked, name).values_list("pk", flat=True))
        getattr(locked, name).set(values)
        new = sorted(v.pk for v in values)
        if old != new:
            extra[name] = [old, new]
    audit_updated(actor=updated_by, obj=locked, before=before, extra=extra)
    network.refresh_from_db()
    return network
