"""Focal-point appointments: who held which post (state, dialogue, function) when, and the
handover checklist of each new holder. History is never overwritten: a new appointment ends
the previous one on its own start date."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class FocalPointFunction(models.TextChoices):
    NATIONAL = "national", _("National focal point")
    ALTERNATE = "alternate", _("Alternate focal point")


class AppointmentStatus(models.TextChoices):
    # Appointed: the post is this person's from `started_on`, with no end recorded yet.
    APPOINTED = "appointed", _("Appointed")
    ENDED = "ended", _("Ended")


class FocalPointAppointment(models.Model):
    """A person appointed focal point of a state for a dialogue, in a function, by an act.
    Dates and status move only through dialogues.services (appointment_create, appointment_end)."""

    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.PROTECT, related_name="appointments"
    )
    country = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, related_name="focal_point_appointments"
    )
    function = models.CharField(_("function"), max_length=12, choices=FocalPointFunction.choices)
    person = models.ForeignKey(
        "directory.Person", on_delete=models.PROTECT, related_name="focal_point_appointments"
    )
    # The government body the person serves in, at the time of the appointment.
    government_body = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="focal_point_appointments",
        verbose_name=_("government body"),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.APPOINTED,
    )
    end_reason = models.CharField(_("why it ended"), max_length=300, blank=True)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successor",
        verbose_name=_("predecessor"),
    )
    act_reference = models.CharField(_("act of appointment: reference"), max_length=200)
    act_date = models.DateField(_("act of appointment: date"))
    act_document = models.ForeignKey(
        "content.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("act of appointment: document"),
    )
    # The introductory briefing: an event of the events app (set by appointment_link_briefing).
    briefing_event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="focal_point_briefings",
        verbose_name=_("introductory briefing"),
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVITY = {"end_reason": "restricted"}  # shabaka.core.sensitivity

    class Meta:
        verbose_name = _("focal-point appointment")
        verbose_name_plural = _("focal-point appointments")
        ordering = ["dialogue", "country", "function", "started_on"]
        constraints = [
            # One open appointment per post: two appointments submitted at the same moment
            # cannot both stay open, whatever the database's isolation.
            models.UniqueConstraint(
                fields=["dialogue", "country", "function"],
                condition=Q(status="appointed"),
                name="dialogues_one_open_appointment_per_post",
            ),
            models.UniqueConstraint(
                fields=["dialogue", "country", "function", "started_on"],
                name="dialogues_one_appointment_per_post_and_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
                name="dialogues_appointment_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status="appointed", ended_on__isnull=True)
                | Q(status="ended", ended_on__isnull=False),
                name="dialogues_appointment_status_matches_end",
            ),
        ]
        indexes = [models.Index(fields=["country", "started_on"])]

    def __str__(self) -> str:
        return f"{self.get_function_display()}, {self.country}, {self.dialogue}"

    def held_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or day < self.ended_on)


class HandoverItem(models.TextChoices):
    BRIEFING = "briefing", _("Introductory briefing done")
    DOCUMENTS = "documents", _("Documents handed over")
    SECRETARIAT = "secretariat", _("Introduced to the secretariat")


class HandoverStep(models.Model):
    """One item of a new focal point's handover checklist; ticked through the services."""

    appointment = models.ForeignKey(
        FocalPointAppointment, on_delete=models.CASCADE, related_name="handover_steps"
    )
    item = models.CharField(_("item"), max_length=12, choices=HandoverItem.choices)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("handover step")
        verbose_name_plural = _("handover steps")
        ordering = ["appointment", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "item"], name="dialogues_handover_item_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.get_item_display()

    @property
    def done(self) -> bool:
        return self.done_on is not None
