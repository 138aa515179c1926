"""Reads for the dialogue pages. Names of focal points are resolved here, once, so a template
can never show a name to someone who may not see it."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from shabaka.content.selectors import documents_of, documents_visible_to
from shabaka.dialogues import taggables
from shabaka.dialogues.models import (
    Delegation,
    Dialogue,
    DialogueMeeting,
    FocalPointAppointment,
    Framework,
    FrameworkItem,
    FrameworkTag,
    HandoverStep,
    PartnerState,
    PartnerStatus,
)
from shabaka.directory.models import Country, OrganisationKind, Person
from shabaka.directory.selectors import organisations_visible_to, people_visible_to


def dialogues_list(*, query: str = "", country: Country | None = None) -> QuerySet[Dialogue]:
    dialogues = Dialogue.objects.select_related("secretariat").annotate(
        member_count=Count("partner_states", filter=Q(partner_states__status=PartnerStatus.MEMBER)),
        observer_count=Count(
            "partner_states", filter=Q(partner_states__status=PartnerStatus.OBSERVER)
        ),
    )
    if query:
        dialogues = dialogues.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    if country is not None:
        dialogues = dialogues.filter(
            pk__in=PartnerState.objects.filter(country=country)
            .exclude(status=PartnerStatus.WITHDRAWN)
            .values("dialogue_id")
        )
    return dialogues.order_by("short_name")


def people_appointable(*, dialogue: Dialogue, viewer) -> QuerySet[Person]:
    """People of government bodies whom a user allowed to appoint focal points may pick. The
    dialogue's secretariat sees them for this purpose even when the directory would not list
    them; others see what the directory shows them."""
    people = people_visible_to(viewer)
    if viewer.has_perm("dialogues.appoint_focal_point", dialogue):
        people = Person.objects.all()
    return people.filter(organisation__kind=OrganisationKind.GOVERNMENT).select_related(
        "organisation"
    )


def dialogue_ids_with_visible_names(viewer, dialogue_ids) -> set[int]:
    """Dialogues whose focal points' names the viewer may see."""
    if not viewer.is_authenticated:
        return set()
    dialogues = Dialogue.objects.filter(pk__in=set(dialogue_ids))
    return {d.pk for d in dialogues if viewer.has_perm("dialogues.view_focal_point_names", d)}


@dataclass
class AppointmentRow:
    """An appointment as a page shows it: `name` and `body` are None when hidden."""

    appointment: FocalPointAppointment
    name: str | None
    body: str | None

    def __getattr__(self, attr):
        return getattr(self.appointment, attr)


def _rows(appointments, visible_dialogue_ids: set[int]) -> list[AppointmentRow]:
    rows = []
    for appointment in appointments:
        shown = appointment.dialogue_id in visible_dialogue_ids or appointment.person.is_public
        rows.append(
            AppointmentRow(
                appointment=appointment,
                name=appointment.person.full_name if shown else None,
                body=appointment.government_body.display_name if shown else None,
            )
        )
    return rows


def _appointments() -> QuerySet[FocalPointAppointment]:
    return FocalPointAppointment.objects.select_related(
        "dialogue", "country", "person", "government_body"
    )


def current_appointments(*, today: date | None = None) -> QuerySet[FocalPointAppointment]:
    """Appointments in office today, or due to start (no end, or an end still to come)."""
    today = today or timezone.localdate()
    return _appointments().filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))


def dialogue_meetings(*, dialogue: Dialogue, viewer) -> list:
    """Meetings of the dialogue (events linked to it) that the viewer may see, newest first,
    with how many delegations each recorded. Three queries whatever their number."""
    from shabaka.events.selectors import events_visible_to

    return list(
        events_visible_to(viewer)
        .filter(pk__in=DialogueMeeting.objects.filter(dialogue=dialogue).values("event_id"))
        .select_related("place", "country")
        .annotate(delegation_count=Count("delegations", distinct=True))
        .order_by("-starts_at", "id")
    )


def state_meetings(*, country: Country, viewer) -> list[Delegation]:
    """The state's delegations to dialogue meetings the viewer may see, oldest first: the
    meetings it attended over the years. Each has `dialogue_list` (the meeting's dialogues)."""
    from shabaka.events.selectors import events_visible_to

    delegations = list(
        Delegation.objects.filter(country=country, event__in=events_visible_to(viewer).values("pk"))
        .select_related("event", "event__place", "event__country")
        .annotate(member_count=Count("members"))
        .order_by("event__starts_at", "id")
    )
    links = DialogueMeeting.objects.filter(
        event_id__in=[d.event_id for d in delegations]
    ).select_related("dialogue")
    by_event: dict[int, list[Dialogue]] = {}
    for link in links:
        by_event.setdefault(link.event_id, []).append(link.dialogue)
    for delegation in delegations:
        delegation.dialogue_list = sorted(by_event.get(delegation.event_id, []), key=str)
    return delegations


def _name_shown(person, names_visible: bool) -> str | None:
    if person is None:
        return None
    return person.full_name if (names_visible or person.is_public) else None


def meeting_page(*, dialogue: Dialogue, event, viewer) -> dict:
    """A meeting of the dialogue with the states' delegations. Names of delegates only to those
    allowed (dialogues.view_delegation_names); everyone else sees roles and counts."""
    names_visible = viewer.has_perm("dialogues.view_delegation_names", event)
    delegations = list(
        Delegation.objects.filter(event=event)
        .select_related("country", "head")
        .annotate(member_count=Count("members"))
        .order_by("country__name")
    )
    for delegation in delegations:
        delegation.head_name = _name_shown(delegation.head, names_visible)
    return {
        "dialogue": dialogue,
        "event": event,
        "other_dialogues": [d for d in event.dialogues.all() if d.pk != dialogue.pk],
        "delegations": delegations,
        "names_visible": names_visible,
    }


def delegation_page(*, delegation: Delegation, viewer) -> dict:
    names_visible = viewer.has_perm("dialogues.view_delegation_names", delegation.event)
    members = list(
        delegation.members.select_related("person", "person__organisation", "nomination").order_by(
            "id"
        )
    )
    for member in members:
        member.name = _name_shown(member.person, names_visible)
    return {
        "delegation": delegation,
        "event": delegation.event,
        "dialogues": list(delegation.event.dialogues.all()),
        "members": members,
        "names_visible": names_visible,
        "head_name": _name_shown(delegation.head, names_visible),
    }


def meeting_candidates(*, dialogue: Dialogue, viewer):
    """Events the viewer may see that could be linked to the dialogue: not cancelled, not
    linked yet; dialogue meetings first."""
    from shabaka.events.models import EventStatus, EventType
    from shabaka.events.selectors import events_visible_to

    return (
        events_visible_to(viewer)
        .exclude(status=EventStatus.CANCELLED)
        .exclude(pk__in=DialogueMeeting.objects.filter(dialogue=dialogue).values("event_id"))
        .annotate(
            is_meeting=Count("pk", filter=Q(type=EventType.DIALOGUE_MEETING)),
        )
        .order_by("-is_meeting", "-starts_at")
    )


def delegate_candidates(*, delegation: Delegation, viewer) -> QuerySet[Person]:
    """People who may be added to a state's delegation: the state's nominees to the meeting,
    and people of the state's government bodies (all of them for those who manage the
    delegation, since they need to pick them even when the directory does not list them)."""
    from shabaka.events.models import Nomination

    nominees = Nomination.objects.filter(
        event_id=delegation.event_id, invitation__country_id=delegation.country_id
    ).values("person_id")
    people = Person.objects.filter(
        Q(pk__in=nominees)
        | Q(
            organisation__kind=OrganisationKind.GOVERNMENT,
            organisation__country_id=delegation.country_id,
        )
    ).exclude(pk__in=delegation.members.values("person_id"))
    return people.select_related("organisation").order_by("full_name")


def dialogue_page(*, dialogue: Dialogue, viewer) -> dict:
    visible_orgs = organisations_visible_to(viewer)
    partner_states = list(
        dialogue.partner_states.select_related("country").order_by("status", "country__name")
    )
    partner_organisations = list(
        dialogue.partner_organisations.filter(
            organisation__in=visible_orgs.values("pk")
        ).select_related("organisation")
    )
    secretariat = None
    if dialogue.secretariat_id and visible_orgs.filter(pk=dialogue.secretariat_id).exists():
        secretariat = dialogue.secretariat
    chairs = list(dialogue.chairmanships.select_related("country", "organisation"))
    visible = dialogue_ids_with_visible_names(viewer, [dialogue.pk])
    focal_points = _rows(
        current_appointments()
        .filter(dialogue=dialogue)
        .order_by("country__name", "function", "started_on"),
        visible,
    )
    return {
        "dialogue": dialogue,
        "secretariat": secretariat,
        "partner_states": partner_states,
        "member_count": sum(1 for p in partner_states if p.status == PartnerStatus.MEMBER),
        "observer_count": sum(1 for p in partner_states if p.status == PartnerStatus.OBSERVER),
        "partner_organisations": partner_organisations,
        "chairmanships": chairs,
        "focal_points": focal_points,
        "names_visible": bool(visible),
        "documents": list(documents_of(dialogue, viewer=viewer)),
        "meetings": dialogue_meetings(dialogue=dialogue, viewer=viewer),
        "news": news_about(dialogue, viewer=viewer),
    }


def news_about(record, *, viewer, limit: int = 5) -> list:
    """Published news linked to a dialogue or an event (content.NewsItem.dialogues / .events),
    as dialogues/partials/news_links.html shows them (title, date, link): one query, without
    the countries, tags and projects news_list prefetches for the news list."""
    from shabaka.content.selectors import latest_news

    field = "dialogues" if isinstance(record, Dialogue) else "events"
    return latest_news(limit=limit, **{field: record})


def state_participations(*, country: Country) -> QuerySet[PartnerState]:
    return (
        PartnerState.objects.filter(country=country)
        .select_related("dialogue")
        .prefetch_related("changes")
        .order_by("dialogue__short_name")
    )


def appointment_history(*, country: Country) -> QuerySet[FocalPointAppointment]:
    """Every holder of every post of the state, post by post, in the order they held it."""
    return (
        _appointments()
        .filter(country=country)
        .order_by("dialogue__short_name", "function", "started_on", "id")
    )


def state_page_rows(*, country: Country, viewer, history) -> dict:
    dialogue_ids = PartnerState.objects.filter(country=country).values_list(
        "dialogue_id", flat=True
    )
    visible = dialogue_ids_with_visible_names(viewer, list(dialogue_ids))
    meetings = state_meetings(country=country, viewer=viewer)
    return {
        "current": _rows(
            current_appointments()
            .filter(country=country)
            .order_by("dialogue__short_name", "function", "started_on"),
            visible,
        ),
        "history": _rows(history, visible),
        "meetings": meetings,
        "attending_since": meetings[0].event.start_date.year if meetings else None,
    }


def appointment_detail(*, appointment: FocalPointAppointment) -> dict:
    steps = list(HandoverStep.objects.filter(appointment=appointment).select_related("done_by"))
    return {"appointment": appointment, "steps": steps}


# --- Framework follow-up --------------------------------------------------------------------


@dataclass
class FollowUpItem:
    item: FrameworkItem
    depth: int
    records: dict[str, list] = field(default_factory=dict)  # taggable key -> records
    cells: list[dict] = field(default_factory=list)  # per kind, in order, for the page

    @property
    def counts(self) -> dict[str, int]:
        return {key: len(records) for key, records in self.records.items()}

    @property
    def total(self) -> int:
        return sum(len(records) for records in self.records.values())


def _nested(items: list[FrameworkItem]) -> list[tuple[FrameworkItem, int]]:
    children: dict[int | None, list[FrameworkItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    ordered = []

    def walk(parent_id, depth):
        for child in children.get(parent_id, []):
            ordered.append((child, depth))
            walk(child.pk, depth + 1)

    walk(None, 0)
    return ordered


def framework_follow_up(
    *,
    framework: Framework,
    viewer,
    country: Country | None = None,
    start: date | None = None,
    end: date | None = None,
) -> dict:
    """For each item of `framework` (nested), the records tagged with it that the viewer may
    see, filtered by country and period. Queries: 1 for the items, then 2 per kind of record."""
    items = list(FrameworkItem.objects.filter(framework=framework).order_by("position", "id"))
    rows = [FollowUpItem(item=item, depth=depth) for item, depth in _nested(items)]
    by_item = {row.item.pk: row for row in rows}
    kinds = taggables.registered()
    for taggable in kinds:
        for row in rows:
            row.records[taggable.key] = []
        records = taggable.filtered(viewer, country=country, start=start, end=end)
        content_type = ContentType.objects.get_for_model(taggable.model)
        tags = list(
            FrameworkTag.objects.filter(
                item__framework=framework,
                content_type=content_type,
                object_id__in=records.values("pk"),
            ).values_list("item_id", "object_id")
        )
        wanted = {object_id for _item, object_id in tags}
        found = {}
        if wanted:
            found = {
                r.pk: r
                for r in taggable.model._default_manager.filter(pk__in=wanted).prefetch_related(
                    *taggable.prefetch
                )
            }
        for item_id, object_id in tags:
            if object_id in found and item_id in by_item:
                by_item[item_id].records[taggable.key].append(found[object_id])
        for row in rows:
            row.records[taggable.key].sort(key=str)
    for row in rows:
        row.cells = [
            {
                "kind": kind,
                "links": [(str(record), kind.url(record)) for record in row.records[kind.key]],
            }
            for kind in kinds
        ]
    totals = [sum(len(r.records[t.key]) for r in rows) for t in kinds]
    return {"framework": framework, "rows": rows, "kinds": kinds, "totals": totals}


def frameworks_list() -> QuerySet[Framework]:
    return Framework.objects.annotate(item_count=Count("items")).order_by("code")


def tags_of(target) -> set[int]:
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
    return set(
        FrameworkTag.objects.filter(content_type=content_type, object_id=target.pk).values_list(
            "item_id", flat=True
        )
    )


def framework_items_grouped() -> list[tuple[Framework, list[tuple[FrameworkItem, int]]]]:
    frameworks = list(
        Framework.objects.prefetch_related(
            Prefetch("items", queryset=FrameworkItem.objects.order_by("position", "id"))
        ).order_by("code")
    )
    return [(f, _nested(list(f.items.all()))) for f in frameworks]


# --- what the views load ---------------------------------------------------------------------


def dialogue_for_page() -> QuerySet[Dialogue]:
    """Dialogues as their page loads one (with its secretariat)."""
    return Dialogue.objects.select_related("secretariat")


def partner_states_of(*, dialogue: Dialogue) -> QuerySet[PartnerState]:
    """The dialogue's partner states, by country name."""
    return dialogue.partner_states.select_related("country").order_by("country__name")


def appointments_for_page() -> QuerySet[FocalPointAppointment]:
    """Appointments with what their page shows (the caller asks the rules who may see one)."""
    return FocalPointAppointment.objects.select_related(
        "dialogue", "country", "person", "government_body", "act_document", "previous__person"
    )


def appointment_act_document(*, appointment: FocalPointAppointment, viewer):
    """The act of the appointment, if it has one the viewer may see; else None."""
    if not appointment.act_document_id:
        return None
    return documents_visible_to(viewer).filter(pk=appointment.act_document_id).first()


def briefing_event_choices(*, appointment: FocalPointAppointment, viewer):
    """Events the viewer may see, not cancelled and ending on or after the appointment's start:
    those its briefing may be."""
    from shabaka.events.models import EventStatus
    from shabaka.events.selectors import events_visible_to

    return (
        events_visible_to(viewer)
        .exclude(status=EventStatus.CANCELLED)
        .filter(end_date__gte=appointment.started_on)
        .order_by("starts_at")
    )


def briefing_event_of(*, appointment: FocalPointAppointment, viewer):
    """The appointment's briefing event, if it has one the viewer may see; else None."""
    from shabaka.events.selectors import events_visible_to

    if appointment.briefing_event_id is None:
        return None
    return events_visible_to(viewer).filter(pk=appointment.briefing_event_id).first()


def meetings_of(*, dialogue: Dialogue, viewer):
    """The events that are meetings of the dialogue, as far as the viewer may see them, with
    what a meeting's page shows."""
    from shabaka.events.selectors import events_visible_to

    return (
        events_visible_to(viewer)
        .filter(pk__in=DialogueMeeting.objects.filter(dialogue=dialogue).values("event_id"))
        .select_related("place", "country")
        .prefetch_related("dialogues")
    )


def delegation_choices(*, event) -> tuple[QuerySet[Country], QuerySet[Person]]:
    """(countries, people) a delegation to the meeting may be of and headed by: the states
    taking part (not withdrawn) in the event's dialogues that have no delegation there yet,
    and the people of government bodies."""
    countries = (
        Country.objects.filter(
            dialogue_participations__dialogue__in=[d.pk for d in event.dialogues.all()]
        )
        .exclude(dialogue_participations__status=PartnerStatus.WITHDRAWN)
        .exclude(delegations__event=event)
        .distinct()
        .order_by("name")
    )
    people = Person.objects.filter(organisation__kind=OrganisationKind.GOVERNMENT).select_related(
        "organisation"
    )
    return countries, people


def delegations_visible_to(viewer) -> QuerySet[Delegation]:
    """Delegations to events the viewer may see."""
    from shabaka.events.selectors import events_visible_to

    return Delegation.objects.select_related("event", "country", "head").filter(
        event__in=events_visible_to(viewer).values("pk")
    )
