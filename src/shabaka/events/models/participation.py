"""Who took part in an event, in which role, and on which days (in person or online)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shabaka.events.models.event import Event


class ParticipationRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    SPEAKER = "speaker", _("Speaker")
    FACILITATOR = "facilitator", _("Facilitator")
    ORGANISER = "organiser", _("Organiser")
    OBSERVER = "observer", _("Observer")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Participation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        "directory.Person", on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=ParticipationRole.choices,
        default=ParticipationRole.PARTICIPANT,
    )
    nomination = models.OneToOneField(
        "events.Nomination",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participation",
    )
    # What the person represented at this event (kept as it was then, for the figures).
    organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_participations",
    )
    network = models.ForeignKey(
        "networks.Network",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_participations",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["event", "person__full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], name="events_participation_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.event}"


class Attendance(models.Model):
    """Presence on one day of the event, in the event's own time zone."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="attendances"
    )
    day = models.DateField(_("day"))
    mode = models.CharField(_("attended"), max_length=10, choices=AttendanceMode.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["participation", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "day"], name="events_attendance_once_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation} — {self.day} ({self.mode})"
