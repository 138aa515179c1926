"""Dialogues with their partner states and focal points (names only to those the pages show them
to), and focal-point appointments over dialogues.services."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from shabaka.api.auth import anyone, signed_in, viewer
from shabaka.api.errors import FormInvalid
from shabaka.api.pagination import PageParams, paginate
from shabaka.api.schemas import ERRORS, IsoDate, Page, StrictIn
from shabaka.core.visibility import Visibility
from shabaka.dialogues import selectors, services
from shabaka.dialogues.forms import AppointmentEndForm, AppointmentForm
from shabaka.dialogues.models import Dialogue, FocalPointAppointment
from shabaka.directory.models import Country

router = Router(tags=["dialogues"])


class DialogueOut(Schema):
    slug: str
    name: str
    short_name: str
    launched: int
    scope: str
    website: str
    members: int
    observers: int


class DialoguePage(Page):
    items: list[DialogueOut]


class PartnerStateOut(Schema):
    country: str
    country_name: str
    status: str
    since: int | None


class FocalPointOut(Schema):
    appointment_id: int
    country: str
    function: str
    started_on: IsoDate
    # Personal data: null unless the viewer may see focal points' names (as on the pages).
    name: str | None
    government_body: str | None


class DialogueDetailOut(DialogueOut):
    secretariat: str | None
    partner_states: list[PartnerStateOut]
    focal_points: list[FocalPointOut]


class DialogueFilters(Schema):
    q: str | None = None
    country: str | None = None


def _dialogue(d, members=None, observers=None) -> dict:
    return {
        "slug": d.slug,
        "name": d.name,
        "short_name": d.short_name,
        "launched": d.launched,
        "scope": d.scope,
        "website": d.website,
        "members": d.member_count if members is None else members,
        "observers": d.observer_count if observers is None else observers,
    }


@router.get(
    "/dialogues",
    response={200: DialoguePage, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def dialogue_list(request, filters: Query[DialogueFilters], page: Query[PageParams]):
    country = None
    if filters.country:
        country = Country.objects.filter(code=filters.country.upper()).first()
        if country is None:
            return {"count": 0, "page": 1, "pages": 1, "items": []}
    dialogues = selectors.dialogues_list(query=(filters.q or "").strip(), country=country)
    return paginate(dialogues, page, _dialogue)


@router.get(
    "/dialogues/{slug}",
    response={200: DialogueDetailOut, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def dialogue_detail(request, slug: str):
    dialogue = get_object_or_404(Dialogue.objects.select_related("secretariat"), slug=slug)
    context = selectors.dialogue_page(dialogue=dialogue, viewer=viewer(request))
    secretariat = context["secretariat"]
    return {
        **_dialogue(dialogue, context["member_count"], context["observer_count"]),
        "secretariat": secretariat.name if secretariat else None,
        "partner_states": [
            {
                "country": p.country.code,
                "country_name": p.country.name,
                "status": p.status,
                "since": p.since_year,
            }
            for p in context["partner_states"]
        ],
        "focal_points": [
            {
                "appointment_id": row.appointment.pk,
                "country": row.appointment.country.code,
                "function": row.appointment.function,
                "started_on": row.appointment.started_on,
                "name": row.name,
                "government_body": row.body,
            }
            for row in context["focal_points"]
        ],
    }


# --- Appointments --------------------------------------------------------------------------------


class AppointmentIn(StrictIn):
    country: str
    function: str
    person_id: int
    started_on: IsoDate
    act_reference: str
    act_date: IsoDate
    act_link: str = ""


class AppointmentEndIn(StrictIn):
    ended_on: IsoDate
    reason: str


class AppointmentOut(Schema):
    id: int
    dialogue: str
    country: str
    function: str
    person_name: str
    government_body: str
    started_on: IsoDate
    ended_on: date | None
    status: str
    end_reason: str
    previous: int | None
    act_reference: str
    act_date: IsoDate


def _appointment(a: FocalPointAppointment) -> dict:
    return {
        "id": a.pk,
        "dialogue": a.dialogue.slug,
        "country": a.country.code,
        "function": a.function,
        "person_name": a.person.full_name,
        "government_body": a.government_body.name,
        "started_on": a.started_on,
        "ended_on": a.ended_on,
        "status": a.status,
        "end_reason": a.end_reason,
        "previous": a.previous_id,
        "act_reference": a.act_reference,
        "act_date": a.act_date,
    }


def _load(pk: int) -> FocalPointAppointment:
    return FocalPointAppointment.objects.select_related(
        "dialogue", "country", "person", "government_body"
    ).get(pk=pk)


@router.post(
    "/dialogues/{slug}/appointments",
    response={201: AppointmentOut, **ERRORS},
    auth=signed_in,
    summary="Appoint a focal point; the post's current appointment ends on the new start date",
)
def appointment_create(request, slug: str, payload: AppointmentIn):
    dialogue = get_object_or_404(Dialogue, slug=slug)
    if not request.user.has_perm("dialogues.appoint_focal_point", dialogue):
        raise PermissionDenied
    # The page's own form: the same states, the same people, the same checks.
    country = Country.objects.filter(code=payload.country.upper()).first()
    form = AppointmentForm(
        {
            "country": country.pk if country else "",
            "function": payload.function,
            "person": payload.person_id,
            "started_on": payload.started_on,
            "act_reference": payload.act_reference,
            "act_date": payload.act_date,
            "act_link": payload.act_link,
        },
        dialogue=dialogue,
        people=selectors.people_appointable(dialogue=dialogue, viewer=request.user),
    )
    if not form.is_valid():
        raise FormInvalid(form, {"person": "person_id"})
    data = form.cleaned_data
    appointment = services.appointment_create(
        dialogue=dialogue,
        country=data["country"],
        function=data["function"],
        person=data["person"],
        started_on=data["started_on"],
        act_reference=data["act_reference"],
        act_date=data["act_date"],
        act_link=data["act_link"] or "",
        act_visibility=Visibility.STAFF,
        created_by=request.user,
    )
    return Status(201, _appointment(_load(appointment.pk)))


def _visible_appointment(user, appointment_id: int) -> FocalPointAppointment:
    try:
        appointment = _load(appointment_id)
    except FocalPointAppointment.DoesNotExist:
        raise Http404 from None
    if not user.has_perm("dialogues.view_appointment", appointment):
        raise Http404
    return appointment


@router.get(
    "/appointments/{appointment_id}", response={200: AppointmentOut, **ERRORS}, auth=signed_in
)
def appointment_detail(request, appointment_id: int):
    return _appointment(_visible_appointment(request.user, appointment_id))


@router.post(
    "/appointments/{appointment_id}/end",
    response={200: AppointmentOut, **ERRORS},
    auth=signed_in,
    summary="End an appointment without a successor",
)
def appointment_end(request, appointment_id: int, payload: AppointmentEndIn):
    appointment = _visible_appointment(request.user, appointment_id)
    if not request.user.has_perm("dialogues.end_appointment", appointment):
        raise PermissionDenied
    form = AppointmentEndForm({"ended_on": payload.ended_on, "reason": payload.reason})
    if not form.is_valid():
        raise FormInvalid(form)
    services.appointment_end(appointment=appointment, ended_by=request.user, **form.cleaned_data)
    return _appointment(_load(appointment.pk))
