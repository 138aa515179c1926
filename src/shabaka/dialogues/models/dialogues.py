"""A dialogue, its partner states (with the history of their status), partner organisations and
chairs."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Dialogue(models.Model):
    """An intergovernmental migration dialogue (a regional consultative process)."""

    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=80)
    slug = models.SlugField(unique=True, max_length=80)
    launched = models.PositiveSmallIntegerField(
        _("launched in"), validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    scope = models.TextField(_("scope"), blank=True)
    secretariat = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogue_secretariats",
        verbose_name=_("secretariat"),
    )
    secretariat_arrangement = models.TextField(
        _("how the secretariat is held"),
        blank=True,
        help_text=_("e.g. implemented by an organisation, or jointly managed with its support."),
    )
    website = models.URLField(_("website"), blank=True)
    source_note = models.TextField(
        _("sources"), blank=True, help_text=_("Where the facts on this page come from.")
    )
    # Its meetings and related events (linked through dialogues.services.meeting_link).
    meetings = models.ManyToManyField(
        "events.Event",
        through="dialogues.DialogueMeeting",
        related_name="dialogues",
        blank=True,
        verbose_name=_("meetings"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class PartnerStatus(models.TextChoices):
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")
    WITHDRAWN = "withdrawn", _("No longer taking part")


class PartnerState(models.Model):
    """A state taking part in a dialogue. The status moves only through
    dialogues.services (partner_state_*); every change is a PartnerStateChange."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="partner_states")
    country = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, related_name="dialogue_participations"
    )
    status = models.CharField(_("status"), max_length=10, choices=PartnerStatus.choices)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    joined_year = models.PositiveSmallIntegerField(
        _("taking part since (year)"),
        null=True,
        blank=True,
        help_text=_("When only the year is known."),
        validators=[MinValueValidator(1945), MaxValueValidator(2100)],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partner state")
        verbose_name_plural = _("partner states")
        ordering = ["dialogue", "country__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "country"], name="dialogues_partner_state_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} · {self.dialogue} ({self.get_status_display()})"

    @property
    def since_year(self) -> int | None:
        return self.joined_on.year if self.joined_on else self.joined_year


class PartnerStateChange(models.Model):
    """One step in a partner state's history (admitted, became observer, withdrew...)."""

    partner_state = models.ForeignKey(
        PartnerState, on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(max_length=10, choices=PartnerStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=PartnerStatus.choices)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partner_state", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class PartnerOrganisation(models.Model):
    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="partner_organisations"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="dialogue_partnerships"
    )
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=[(PartnerStatus.MEMBER, _("Partner")), (PartnerStatus.OBSERVER, _("Observer"))],
        default=PartnerStatus.MEMBER,
    )

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "organisation"], name="dialogues_partner_org_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.dialogue}"


class Chairmanship(models.Model):
    """Who chaired the dialogue for a period (a state, or an organisation)."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="chairmanships")
    country = models.ForeignKey(
        "directory.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("chairmanship")
        verbose_name_plural = _("chairmanships")
        ordering = ["dialogue", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False) | Q(organisation__isnull=False),
                name="dialogues_chair_has_holder",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
                name="dialogues_chair_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder} · {self.dialogue}"

    @property
    def holder(self):
        return self.country or self.organisation
