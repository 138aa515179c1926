"""A dialogue's meetings (events of the events app linked to the dialogue) and the states'
delegations to them: who headed each delegation, who took part in which role, and, where the
state nominated them through the events nomination flow, the nomination."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DialogueMeeting(models.Model):
    """An event held by or for a dialogue: a meeting of type "dialogue meeting", or a related
    event such as an introductory workshop for its focal points. Linked through
    dialogues.services.meeting_link (audited)."""

    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.CASCADE, related_name="meeting_links"
    )
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="dialogue_links"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dialogue meeting")
        verbose_name_plural = _("dialogue meetings")
        ordering = ["dialogue", "event__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "event"], name="dialogues_meeting_once_per_dialogue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.dialogue}"


class Delegation(models.Model):
    """A state's delegation to a meeting: one per event and state."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="delegations")
    country = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, related_name="delegations"
    )
    head = models.ForeignKey(
        "directory.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations_headed",
        verbose_name=_("head of delegation"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["event__starts_at", "country__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "country"], name="dialogues_one_delegation_per_event_and_state"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} · {self.event}"


class DelegateRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    FOCAL_POINT = "focal_point", _("Focal point")
    DELEGATE = "delegate", _("Delegate")
    ADVISER = "adviser", _("Adviser")
    EXPERT = "expert", _("Expert")


class DelegationMember(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "directory.Person", on_delete=models.PROTECT, related_name="delegation_memberships"
    )
    role = models.CharField(
        _("role"), max_length=12, choices=DelegateRole.choices, default=DelegateRole.DELEGATE
    )
    # The state's nomination of this person to the event, when it went through the events flow.
    nomination = models.OneToOneField(
        "events.Nomination",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegation_member",
        verbose_name=_("nomination"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        ordering = ["delegation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "person"], name="dialogues_delegate_once_per_delegation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.delegation}"
