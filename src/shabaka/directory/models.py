"""Who is who: countries, administrative places, topics, organisations and people."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shabaka.core.sensitivity import restricted
from shabaka.core.text import normalise
from shabaka.core.visibility import Visibility


class TranslatedNameMixin:
    """`name` in the reader's language when a translation exists (name_ar, name_fr, name_en)."""

    def localised_name(self, language: str | None = None) -> str:
        """`language`: the reader's (two letters), when a caller names many rows at once."""
        from shabaka.core.selectors import reader_language

        language = language or reader_language()
        return getattr(self, f"name_{language}", "") or self.name

    def __str__(self) -> str:
        return self.localised_name()


class Country(TranslatedNameMixin, models.Model):
    """A country by its ISO 3166-1 alpha-2 code, with its names from the ISO tables."""

    code = models.CharField(_("ISO 3166-1 code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(max_length=120, blank=True)
    name_ar = models.CharField(max_length=120, blank=True)
    name_fr = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]


class PlaceLevel(models.TextChoices):
    REGION = "region", _("Region")
    DISTRICT = "district", _("District")
    MUNICIPALITY = "municipality", _("Municipality")


class Place(TranslatedNameMixin, models.Model):
    """An administrative unit with its official code (ISO 3166-2, OCHA p-code), nested."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="places")
    code = models.CharField(_("official code"), max_length=20, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=PlaceLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(max_length=120, blank=True)
    name_ar = models.CharField(max_length=120, blank=True)
    name_fr = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["country__code", "level", "name"]
        indexes = [models.Index(fields=["country", "level"])]


class Topic(TranslatedNameMixin, models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(max_length=120, blank=True)
    name_ar = models.CharField(max_length=120, blank=True)
    name_fr = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]


class OrganisationKind(models.TextChoices):
    CSO = "cso", _("Civil-society organisation")
    GOVERNMENT = "government", _("Government body")
    INTERNATIONAL = "international", _("International organisation")
    DONOR = "donor", _("Donor")
    SECRETARIAT = "secretariat", _("Dialogue secretariat")


class Organisation(TranslatedNameMixin, models.Model):
    """An organisation. Unlisted (members or staff visibility) organisations are seen only by
    the members of their networks and by staff: their name never reaches public pages."""

    name = models.CharField(
        _("name"), max_length=250, help_text=_("In the organisation's own language.")
    )
    name_language = models.CharField(
        _("language of the name"), max_length=8, choices=settings.LANGUAGES, default="ar"
    )
    name_en = models.CharField(_("name in English"), max_length=250, blank=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=250, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=250, blank=True)
    # Lower-case, without diacritics or Arabic letter variants: for duplicate detection.
    normalised_name = models.CharField(max_length=250, db_index=True, editable=False)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="organisations")
    places = models.ManyToManyField(
        Place, blank=True, related_name="organisations", verbose_name=_("places where it works")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="organisations", verbose_name=_("topics")
    )
    description = models.TextField(_("description"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    contact_visibility = models.CharField(
        _("who sees the contact details"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    visibility = models.CharField(
        _("who sees this organisation"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    identifier = models.CharField(
        _("identifier"),
        max_length=100,
        blank=True,
        help_text=_("e.g. its IATI organisation identifier"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Sensitivity classes (shabaka.core.sensitivity). An unlisted organisation's name never
    # reaches the public; contact details follow contact_visibility.
    SENSITIVITY = {
        "name": restricted(public_when=lambda o: o.visibility == "public"),
        "name_en": restricted(public_when=lambda o: o.visibility == "public"),
        "name_ar": restricted(public_when=lambda o: o.visibility == "public"),
        "name_fr": restricted(public_when=lambda o: o.visibility == "public"),
        "email": restricted(public_when=lambda o: o.contact_visibility == "public"),
        "phone": restricted(public_when=lambda o: o.contact_visibility == "public"),
        "address": restricted(public_when=lambda o: o.contact_visibility == "public"),
    }

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["normalised_name", "pk"]
        # The directory lists by name within a visibility (and a kind): these indexes hand the
        # first page over in order instead of sorting every matching organisation.
        indexes = [
            models.Index(fields=["visibility", "kind", "normalised_name", "id"]),
            models.Index(fields=["visibility", "normalised_name", "id"]),
            models.Index(fields=["normalised_name", "id"]),
        ]

    def save(self, *args, **kwargs):
        self.normalised_name = normalise(self.name)[:250]
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalised_name"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.display_name_in()

    def display_name_in(self, language: str | None = None) -> str:
        """The name with its acronym; `language` as for localised_name."""
        name = self.localised_name(language)
        if not self.acronym or f"({self.acronym})" in name:
            return name
        return f"{name} ({self.acronym})"


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Not disclosed")


class Person(models.Model):
    """A contact. Personal data: never shown publicly unless `is_public` says so."""

    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.UNDISCLOSED
    )
    languages = models.CharField(
        _("languages"),
        max_length=60,
        blank=True,
        help_text=_("BCP 47 codes, comma-separated, e.g. ar, en"),
    )
    is_public = models.BooleanField(
        _("may be named publicly"),
        default=False,
        help_text=_("Only with the person's consent. Email and phone are never public."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Sensitivity classes (shabaka.core.sensitivity): named publicly only with consent; email
    # and phone never public.
    SENSITIVITY = {
        "full_name": restricted(public_when="is_public"),
        "position": restricted(public_when="is_public"),
        "email": "confidential",
        "phone": "confidential",
        "gender": "restricted",
        "languages": "restricted",
    }

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(condition=~Q(full_name=""), name="directory_person_has_name"),
        ]

    def __str__(self) -> str:
        return self.full_name


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Waiting for confirmation")
    APPLIED = "applied", _("Applied")
    CANCELLED = "cancelled", _("Cancelled")


class OrganisationImport(models.Model):
    """An uploaded file of organisations, parsed and kept server-side between the preview and
    the confirmation. Only the person who uploaded it may see, apply or cancel it; it is found
    by an unguessable token. Status moves only through directory.importing."""

    token = models.UUIDField(unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255)
    network = models.ForeignKey(
        "networks.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("add them as members of"),
    )
    rows = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    skip_refused = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("organisation import")
        verbose_name_plural = _("organisation imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d})"
