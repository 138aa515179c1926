"""Donor-funded projects, as in the IATI activity standard: participating organisations with
their roles, funding commitments per funder (a funder may act through one of its agencies),
identifiers, sectors, budgets and transactions. Events, action-plan activities and news belong to
projects (they hold the foreign key)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shabaka.core.visibility import Visibility


class ProjectStatus(models.TextChoices):
    # The IATI ActivityStatus codelist (codes 1-6), so IATI import and export map one to one.
    PIPELINE = "1", _("Pipeline/identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


class Project(models.Model):
    title = models.CharField(_("title"), max_length=300)
    # BCP 47 code of `title` and `description`; other languages in the *_translations maps.
    language = models.CharField(_("language"), max_length=12, default="en")
    title_translations = models.JSONField(default=dict, blank=True)
    description_translations = models.JSONField(default=dict, blank=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(unique=True, max_length=120)
    description = models.TextField(_("description"), blank=True)
    iati_identifier = models.CharField(
        _("IATI identifier"), max_length=150, blank=True, db_index=True
    )
    # Moved only through projects.services; read-only in forms and admin.
    status = models.CharField(
        _("status"), max_length=2, choices=ProjectStatus.choices, default=ProjectStatus.PIPELINE
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    countries = models.ManyToManyField("directory.Country", blank=True, related_name="projects")
    places = models.ManyToManyField("directory.Place", blank=True, related_name="projects")
    total_budget = models.DecimalField(
        _("total budget"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. EUR")
    )
    # The organisation that publishes this project's IATI data (reporting-org).
    reporting_organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_projects",
        verbose_name=_("reporting organisation"),
    )
    visibility = models.CharField(
        _("who sees this project"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-planned_start", "title"]
        indexes = [
            # The API's list, by title: a page and its count read the index, not the table.
            models.Index(fields=["visibility", "title", "id"], name="projects_by_visibility_title"),
            models.Index(fields=["title", "id"], name="projects_by_title"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["iati_identifier"],
                condition=~models.Q(iati_identifier=""),
                name="projects_project_iati_identifier_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="projects_project_planned_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.acronym})" if self.acronym else self.title


class OrganisationRole(models.TextChoices):
    # The IATI OrganisationRole codelist (iati/codelists/codelists.json).
    FUNDING = "1", _("Funding")
    ACCOUNTABLE = "2", _("Accountable")
    EXTENDING = "3", _("Extending")
    IMPLEMENTING = "4", _("Implementing")


class ParticipatingOrganisation(models.Model):
    """An organisation's role in a project. `acting_for` says on whose behalf it takes part: the
    Swiss Confederation (funding) acts through SEM and through the FDFA (extending)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="project_roles"
    )
    role = models.CharField(_("role"), max_length=1, choices=OrganisationRole.choices)
    acting_for = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="acting_through",
        verbose_name=_("acting on behalf of"),
    )
    # E.g. "Peace and Human Rights Division": the unit through which it takes part.
    unit = models.CharField(_("through its unit"), max_length=250, blank=True)
    is_national_partner = models.BooleanField(_("national partner"), default=False)

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["project", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="projects_participant_unique"
            ),
            models.CheckConstraint(
                condition=~Q(acting_for=models.F("id")), name="projects_participant_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_role_display()}"


class Funding(models.Model):
    """A funder's commitment to a project: amount, currency, date; several funders co-fund.
    `through` is the body a funder acts through (SEM for the Swiss Confederation)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    funder = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="funding_given"
    )
    through = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_channelled",
        verbose_name=_("acting through"),
    )
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217, e.g. EUR"))
    committed_on = models.DateField(_("committed on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("funding commitment")
        verbose_name_plural = _("funding commitments")
        ordering = ["project", "committed_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="projects_funding_positive"),
            models.CheckConstraint(
                condition=~Q(through=models.F("funder")), name="projects_funding_not_through_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.amount} {self.currency}"


class ProjectIdentifier(models.Model):
    """Another identifier of the project (IATI other-identifier): a donor's contract number."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="identifiers")
    ref = models.CharField(_("identifier"), max_length=150)
    kind = models.CharField(
        _("type"), max_length=4, blank=True, help_text=_("IATI OtherIdentifierType, e.g. A1")
    )
    owner_ref = models.CharField(_("owner's identifier"), max_length=150, blank=True)
    owner_name = models.CharField(_("owner"), max_length=250, blank=True)

    class Meta:
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "ref"], name="projects_identifier_unique")
        ]

    def __str__(self) -> str:
        return self.ref


class ProjectSector(models.Model):
    """A sector in a vocabulary: DAC 5-digit purpose codes are vocabulary 1 (15190 "Facilitation
    of orderly, safe, regular and responsible migration and mobility")."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sectors")
    vocabulary = models.CharField(_("vocabulary"), max_length=3, default="1")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300, blank=True)
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["project", "vocabulary", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "vocabulary", "code"], name="projects_sector_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.code}"


class Budget(models.Model):
    KIND = [("1", _("Original")), ("2", _("Revised"))]
    STATUS = [("1", _("Indicative")), ("2", _("Committed"))]

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budgets")
    kind = models.CharField(_("type"), max_length=1, choices=KIND, default="1")
    status = models.CharField(_("budget status"), max_length=1, choices=STATUS, default="1")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    value_date = models.DateField(_("value date"))

    class Meta:
        ordering = ["project", "period_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="projects_budget_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}: {self.amount} {self.currency}"


class Transaction(models.Model):
    """A money flow as IATI reports it (type codes from the TransactionType codelist). Incoming
    commitments (type 11) are `Funding` rows instead."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transactions")
    kind = models.CharField(_("type"), max_length=2)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    value_date = models.DateField(_("value date"))
    description = models.TextField(_("description"), blank=True)
    provider = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ref = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["project", "date", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.date}: {self.amount} {self.currency}"


class ProjectStep(models.Model):
    """One dated status change of a project: who moved it and why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=2, choices=ProjectStatus.choices)
    to_status = models.CharField(max_length=2, choices=ProjectStatus.choices)
    at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
