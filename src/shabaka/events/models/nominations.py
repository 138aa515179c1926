"""Invitations to nominating bodies (a network, an organisation or a state) with seats, and the
nominations they make. A nomination's status moves only through events.services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shabaka.events.models.event import Event


class Invitation(models.Model):
    """The organiser invites one nominating body to an event with a number of seats."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    network = models.ForeignKey(
        "networks.Network",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_invitations",
        verbose_name=_("network"),
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_invitations",
        verbose_name=_("organisation"),
    )
    # A state, for its delegation (e.g. to a dialogue meeting): its focal points nominate.
    country = models.ForeignKey(
        "directory.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_invitations",
        verbose_name=_("state"),
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    note = models.TextField(_("note to the nominating body"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)

    SENSITIVITY = {"note": "restricted"}  # shabaka.core.sensitivity

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["event", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=False, organisation__isnull=True, country__isnull=True)
                | Q(network__isnull=True, organisation__isnull=False, country__isnull=True)
                | Q(network__isnull=True, organisation__isnull=True, country__isnull=False),
                name="events_invitation_one_body",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="events_invitation_seats"),
            models.UniqueConstraint(
                fields=["event", "network"],
                condition=Q(network__isnull=False),
                name="events_invitation_once_per_network",
            ),
            models.UniqueConstraint(
                fields=["event", "organisation"],
                condition=Q(organisation__isnull=False),
                name="events_invitation_once_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["event", "country"],
                condition=Q(country__isnull=False),
                name="events_invitation_once_per_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} — {self.event}"

    @property
    def body(self):
        return self.network or self.organisation or self.country

    @property
    def body_kind(self) -> str:
        if self.network_id:
            return "network"
        if self.organisation_id:
            return "organisation"
        return "state"


class NominationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by a member")
    NOMINATED = "nominated", _("Nominated")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined by the organiser")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A nomination in these statuses holds one of its invitation's seats.
SEAT_HOLDING_STATUSES = (NominationStatus.NOMINATED, NominationStatus.CONFIRMED)
# At most one nomination in these statuses per person and event.
LIVE_STATUSES = (
    NominationStatus.PROPOSED,
    NominationStatus.NOMINATED,
    NominationStatus.CONFIRMED,
)


class Nomination(models.Model):
    """A person put forward by a nominating body: proposed by a member, nominated by the body's
    coordinator within its seats, then confirmed or declined by the organiser; the nominee
    accepts or withdraws. Every step is dated here and kept in NominationStep."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="nominations")
    # Denormalised from the invitation: one live nomination per person and event.
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="nominations")
    person = models.ForeignKey(
        "directory.Person", on_delete=models.PROTECT, related_name="nominations"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NominationStatus.choices,
        default=NominationStatus.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_at = models.DateTimeField(_("nominated"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    accepted_at = models.DateTimeField(_("accepted by the nominee"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)

    SENSITIVITY = {  # shabaka.core.sensitivity
        "decision_reason": "restricted",
        "withdrawal_reason": "restricted",
    }

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["invitation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(status__in=["proposed", "nominated", "confirmed"]),
                name="events_nomination_one_live_per_person",
            ),
        ]
        indexes = [models.Index(fields=["invitation", "status"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.event}"


class NominationStep(models.Model):
    """One dated step of a nomination: who acted (a user, or the nominee through a link), why."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=10, choices=NominationStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=NominationStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_nominee = models.BooleanField(default=False)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("nomination step")
        verbose_name_plural = _("nomination steps")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status} ({self.at:%Y-%m-%d})"
