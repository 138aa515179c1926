"""An event: where and when (in its own time zone), who organises it, for which project."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from shabaka.core.visibility import Visibility


class EventType(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training")
    COACHING = "coaching", _("Coaching session")
    STUDY_VISIT = "study_visit", _("Study visit")
    CONSULTATION = "consultation", _("Consultation")
    DIALOGUE_MEETING = "dialogue_meeting", _("Dialogue meeting")
    CONFERENCE = "conference", _("Conference")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for nominations")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class DaysBetween(models.Func):
    """The number of days from the second date to the first, computed by the database (usable
    in a generated column: deterministic on SQLite and PostgreSQL)."""

    arity = 2
    output_field = models.IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: date - date is a whole number of days.
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def where_text(*, venue: str, place: str, country: str, format: str) -> str:
    """Where an event is, in words: its venue and place, or its country when it has no place
    (abroad), or "Online"."""
    parts = [p for p in (venue, place) if p]
    if country and not place:
        parts.append(country)
    if not parts and format == EventFormat.ONLINE:
        return str(EventFormat.ONLINE.label)
    return ", ".join(parts)


class Event(models.Model):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("short name in links"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=20, choices=EventType.choices)
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    place = models.ForeignKey(
        "directory.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("place"),
    )
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    country = models.ForeignKey(
        "directory.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("country"),
        help_text=_("For an event abroad, such as a study visit."),
    )
    # Stored in UTC like every datetime; shown in the event's own time zone.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Africa/Tripoli", help_text=_("e.g. Africa/Tripoli")
    )
    # The first and last calendar day in the event's time zone, kept for filters and calendars.
    start_date = models.DateField(editable=False, db_index=True)
    end_date = models.DateField(editable=False, db_index=True)
    # Computed by the database, whatever writes the row (bulk loads too). The longest event
    # bounds how far before a period an event overlapping it may start, so a period's filter
    # reads only the events around the period (see selectors.overlapping).
    length_days = models.GeneratedField(
        expression=DaysBetween(F("end_date"), F("start_date")),
        output_field=models.IntegerField(),
        db_persist=True,
        db_index=True,
    )
    organisers = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="organised_events",
        verbose_name=_("organisers"),
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("project"),
    )
    networks = models.ManyToManyField(
        "networks.Network", blank=True, related_name="events", verbose_name=_("networks concerned")
    )
    languages = models.CharField(
        _("languages"), max_length=60, blank=True, help_text=_("BCP 47 codes, e.g. ar, en")
    )
    # Moved only through events.services; read-only in forms and admin.
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    status_reason = models.TextField(_("reason for the last status change"), blank=True)
    visibility = models.CharField(
        _("who sees this event"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="events_event_ends_after_start"
            ),
        ]
        indexes = [
            # The list, newest first; with the two dates a period's count reads only the index.
            models.Index(
                fields=["visibility", "starts_at", "end_date", "start_date"],
                name="events_event_listing",
            ),
            models.Index(fields=["type", "starts_at"]),
            # A project's events, newest first (the project page).
            models.Index(fields=["project", "starts_at"], name="events_event_project_starts"),
            # Upcoming events (home page, calendars): what has not ended yet.
            models.Index(fields=["visibility", "ends_at"], name="events_event_upcoming"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.start_date = self.local_start.date()
        self.end_date = self.local_end.date()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "start_date", "end_date"}
        super().save(*args, **kwargs)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def days(self) -> list[date]:
        """The calendar days of the event, in its own time zone."""
        first, last = self.local_start.date(), self.local_end.date()
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    @property
    def where(self) -> str:
        return where_text(
            venue=self.venue,
            place=str(self.place) if self.place_id else "",
            country=str(self.country) if self.country_id else "",
            format=self.format,
        )

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]


class AgendaSession(models.Model):
    """One session of the agenda, with its times (shown in the event's time zone)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    speakers = models.CharField(
        _("speakers"),
        max_length=500,
        blank=True,
        help_text=_("As they agreed to be named: roles or organisations are enough."),
    )

    class Meta:
        verbose_name = _("agenda session")
        verbose_name_plural = _("agenda sessions")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.event.zone)

    @property
    def local_end(self) -> datetime | None:
        return self.ends_at.astimezone(self.event.zone) if self.ends_at else None
