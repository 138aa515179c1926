"""Writes on dialogues, partner states, focal-point appointments and framework tags.
Callers check permissions (dialogues.rules) first. Every write is audited in its transaction."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_deleted, audit_snapshot, audit_updated
from shabaka.accounts.models import AuditAction
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.core.visibility import Visibility
from shabaka.dialogues import taggables
from shabaka.dialogues.appointment_roles import focal_point_role_sync
from shabaka.dialogues.models import (
    AppointmentStatus,
    Chairmanship,
    Dialogue,
    FocalPointAppointment,
    FocalPointFunction,
    FrameworkItem,
    FrameworkTag,
    HandoverItem,
    HandoverStep,
    PartnerOrganisation,
    PartnerState,
    PartnerStateChange,
    PartnerStatus,
)
from shabaka.directory.models import Country, Organisation, OrganisationKind, Person

# --- Dialogues ------------------------------------------------------------------------------


@transaction.atomic
def dialogue_create(
    *,
    name: str,
    short_name: str,
    slug: str,
    launched: int,
    created_by,
    scope: str = "",
    secretariat: Organisation | None = None,
    secretariat_arrangement: str = "",
    website: str = "",
    source_note: str = "",
) -> Dialogue:
    if not name.strip() or not short_name.strip():
        raise Refused(_("Give the dialogue a name and a short name."), field="name")
    if Dialogue.objects.filter(slug=slug).exists():
        raise Refused(_("A dialogue with this address already exists."), field="slug")
    dialogue = Dialogue.objects.create(
        name=name.strip(),
        short_name=short_name.strip(),
        slug=slug,
        launched=launched,
        scope=scope,
        secretariat=secretariat,
        secretariat_arrangement=secretariat_arrangement,
        website=website,
        source_note=source_note,
    )
    audit_created(actor=created_by, obj=dialogue)
    return dialogue


@transaction.atomic
def partner_organisation_add(
    *, dialogue: Dialogue, organisation: Organisation, role: str, added_by
) -> PartnerOrganisation:
    if role not in (PartnerStatus.MEMBER, PartnerStatus.OBSERVER):
        raise Refused(_("Unknown role."), field="role")
    partner, created = PartnerOrganisation.objects.get_or_create(
        dialogue=dialogue, organisation=organisation, defaults={"role": role}
    )
    if created:
        audit_created(actor=added_by, obj=partner)
    return partner


@transaction.atomic
def chairmanship_record(
    *,
    dialogue: Dialogue,
    started_on: date,
    recorded_by,
    country: Country | None = None,
    organisation: Organisation | None = None,
    ended_on: date | None = None,
    note: str = "",
) -> Chairmanship:
    """Records who chairs from `started_on`; the chair in office then ends on that date."""
    if country is None and organisation is None:
        raise Refused(_("Name the state or organisation holding the chair."), field="country")
    if ended_on is not None and ended_on <= started_on:
        raise Refused(_("The chair must end after it starts."), field="ended_on")
    Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    chairs = dialogue.chairmanships.all()
    open_chair = chairs.filter(ended_on__isnull=True, started_on__lt=started_on).first()
    if open_chair is not None and ended_on is None:
        before = audit_snapshot(open_chair, ["ended_on"])
        open_chair.ended_on = started_on
        open_chair.save(update_fields=["ended_on"])
        audit_updated(actor=recorded_by, obj=open_chair, before=before, reason="next chair")
    upper = models.Q() if ended_on is None else models.Q(started_on__lt=ended_on)
    overlapping = chairs.filter(upper).filter(
        models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=started_on)
    )
    if overlapping.exists():
        raise Refused(_("Another chair is recorded for part of this period."), field="started_on")
    chair = Chairmanship.objects.create(
        dialogue=dialogue,
        country=country,
        organisation=organisation,
        started_on=started_on,
        ended_on=ended_on,
        note=note,
    )
    audit_created(actor=recorded_by, obj=chair)
    return chair


# --- Partner states -------------------------------------------------------------------------

S = PartnerStatus


@transaction.atomic
def partner_state_admit(
    *,
    dialogue: Dialogue,
    country: Country,
    admitted_as: str,
    decided_by,
    joined_on: date | None = None,
    joined_year: int | None = None,
    note: str = "",
    reason: str = "",
) -> PartnerState:
    """A state joins a dialogue as a member or an observer."""
    if admitted_as not in (S.MEMBER, S.OBSERVER):
        raise Refused(_("A state joins as a member or as an observer."), field="admitted_as")
    existing = PartnerState.objects.filter(dialogue=dialogue, country=country).first()
    if existing is not None:
        raise Refused(
            _("%(country)s already has a record in %(dialogue)s (%(status)s).")
            % {"country": country, "dialogue": dialogue, "status": existing.get_status_display()},
            field="country",
        )
    try:
        with transaction.atomic():
            partner = PartnerState.objects.create(
                dialogue=dialogue,
                country=country,
                status=admitted_as,
                joined_on=joined_on,
                joined_year=joined_year,
                note=note,
            )
    except IntegrityError:
        raise Refused(_("This state is being added by someone else."), field="country") from None
    PartnerStateChange.objects.create(
        partner_state=partner,
        to_status=admitted_as,
        effective_on=joined_on,
        reason=reason,
        decided_by=decided_by,
    )
    audit_created(actor=decided_by, obj=partner, reason=reason)
    return partner


def _partner_move(partner_state, *, allowed_from, to, effective_on, reason, decided_by, message):
    locked = PartnerState.objects.select_for_update().get(pk=partner_state.pk)
    if locked.status not in allowed_from:
        raise InvalidTransition(message % {"status": locked.get_status_display()})
    before = audit_snapshot(locked, ["status"])
    PartnerStateChange.objects.create(
        partner_state=locked,
        from_status=locked.status,
        to_status=to,
        effective_on=effective_on,
        reason=reason,
        decided_by=decided_by,
    )
    locked.status = to
    locked.save(update_fields=["status", "updated_at"])
    audit_updated(
        actor=decided_by, obj=locked, before=before, reason=reason, action=AuditAction.TRANSITION
    )
    partner_state.refresh_from_db()
    return partner_state


@transaction.atomic
def partner_state_make_observer(
    *, partner_state: PartnerState, decided_by, effective_on: date | None = None, reason: str = ""
) -> PartnerState:
    return _partner_move(
        partner_state,
        allowed_from={S.MEMBER, S.WITHDRAWN},
        to=S.OBSERVER,
        effective_on=effective_on,
        reason=reason,
        decided_by=decided_by,
        message=_("Only a member or a former partner can become an observer; it is %(status)s."),
    )


@transaction.atomic
def partner_state_make_member(
    *, partner_state: PartnerState, decided_by, effective_on: date | None = None, reason: str = ""
) -> PartnerState:
    return _partner_move(
        partner_state,
        allowed_from={S.OBSERVER, S.WITHDRAWN},
        to=S.MEMBER,
        effective_on=effective_on,
        reason=reason,
        decided_by=decided_by,
        message=_("Only an observer or a former partner can become a member; it is %(status)s."),
    )


@transaction.atomic
def partner_state_withdraw(
    *, partner_state: PartnerState, decided_by, effective_on: date | None = None, reason: str
) -> PartnerState:
    if not reason.strip():
        raise Refused(_("Say why the state no longer takes part."), field="reason")
    return _partner_move(
        partner_state,
        allowed_from={S.MEMBER, S.OBSERVER},
        to=S.WITHDRAWN,
        effective_on=effective_on,
        reason=reason,
        decided_by=decided_by,
        message=_("Only a member or an observer can withdraw; it is %(status)s."),
    )


# --- Focal-point appointments ---------------------------------------------------------------

A = AppointmentStatus


def _check_person(person: Person, country: Country) -> Organisation:
    body = person.organisation
    if body is None or body.kind != OrganisationKind.GOVERNMENT or body.country_id != country.pk:
        raise Refused(
            _("A focal point is a person of a government body of %(country)s.")
            % {"country": country},
            field="person",
        )
    return body


@transaction.atomic
def appointment_create(
    *,
    dialogue: Dialogue,
    country: Country,
    function: str,
    person: Person,
    started_on: date,
    act_reference: str,
    act_date: date,
    created_by,
    act_upload=None,
    act_link: str = "",
    act_visibility: str = Visibility.STAFF,
    ended_on: date | None = None,
) -> FocalPointAppointment:
    """Appoints `person` focal point of `country` for `dialogue` in `function` from
    `started_on`. The post's open appointment, if it started earlier, ends on `started_on`
    (its successor's start). Any other overlap with the post's history is refused.

    `ended_on` records a past appointment whose end is known; the history stays untouched."""
    if function not in FocalPointFunction.values:
        raise Refused(_("Unknown function."), field="function")
    if not act_reference.strip():
        raise Refused(_("Give the reference of the act of appointment."), field="act_reference")
    if ended_on is not None and ended_on <= started_on:
        raise Refused(_("An appointment must end after it starts."), field="ended_on")
    body = _check_person(person, country)
    # Lock the state's participation in the dialogue: appointments to its posts are made one
    # at a time, so two submitted at the same moment see each other.
    partner = (
        PartnerState.objects.select_for_update()
        .filter(dialogue=dialogue, country=country)
        .exclude(status=PartnerStatus.WITHDRAWN)
        .first()
    )
    if partner is None:
        raise Refused(
            _("%(country)s does not take part in %(dialogue)s.")
            % {"country": country, "dialogue": dialogue},
            field="country",
        )
    post = FocalPointAppointment.objects.filter(
        dialogue=dialogue, country=country, function=function
    )
    current = post.filter(status=A.APPOINTED).select_related("person").first()
    succeeds = current if (current is not None and ended_on is None) else None
    if succeeds is not None and started_on <= succeeds.started_on:
        raise Refused(
            _(
                "The post has been held since %(date)s; a new appointment must start after "
                "that date."
            )
            % {"date": succeeds.started_on.isoformat()},
            field="started_on",
        )
    others = post.exclude(pk=succeeds.pk) if succeeds is not None else post
    overlapping = others.filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=started_on))
    if ended_on is not None:
        overlapping = overlapping.filter(started_on__lt=ended_on)
    if overlapping.exists():
        raise Refused(
            _("This period overlaps another appointment to the same post."), field="started_on"
        )
    if succeeds is not None:
        before = audit_snapshot(succeeds, ["status", "ended_on", "end_reason"])
        succeeds.status = A.ENDED
        succeeds.ended_on = started_on
        succeeds.end_reason = _("Succeeded by a new appointment")
        succeeds.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
        audit_updated(
            actor=created_by,
            obj=succeeds,
            before=before,
            reason="succeeded",
            action=AuditAction.TRANSITION,
        )
    try:
        with transaction.atomic():
            appointment = FocalPointAppointment.objects.create(
                dialogue=dialogue,
                country=country,
                function=function,
                person=person,
                government_body=body,
                started_on=started_on,
                ended_on=ended_on,
                status=A.ENDED if ended_on is not None else A.APPOINTED,
                previous=succeeds,
                act_reference=act_reference.strip(),
                act_date=act_date,
                created_by=created_by,
            )
    except IntegrityError:
        raise Refused(
            _("Another appointment to this post was recorded at the same moment; reload."),
            field="started_on",
        ) from None
    HandoverStep.objects.bulk_create(
        HandoverStep(appointment=appointment, item=item) for item in HandoverItem.values
    )
    if act_upload or act_link:
        from shabaka.content.services import document_create

        document = document_create(
            title=_("Act of appointment %(reference)s") % {"reference": appointment.act_reference},
            upload=act_upload,
            link=act_link,
            owner=appointment,
            visibility=act_visibility,
            uploaded_by=created_by,
        )
        appointment.act_document = document
        appointment.save(update_fields=["act_document"])
    audit_created(actor=created_by, obj=appointment)
    # The rights follow the post: the predecessor's end, the successor's start (or invitation).
    if succeeds is not None:
        focal_point_role_sync(appointment=succeeds, by=created_by)
    focal_point_role_sync(appointment=appointment, by=created_by)
    return appointment


@transaction.atomic
def appointment_end(
    *, appointment: FocalPointAppointment, ended_on: date, reason: str, ended_by
) -> FocalPointAppointment:
    """Ends an appointment without a successor (resignation, post left vacant)."""
    if not reason.strip():
        raise Refused(_("Say why the appointment ends."), field="reason")
    locked = FocalPointAppointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.status != A.APPOINTED:
        raise InvalidTransition(_("This appointment has already ended."))
    if ended_on <= locked.started_on:
        raise Refused(_("An appointment must end after it starts."), field="ended_on")
    before = audit_snapshot(locked, ["status", "ended_on", "end_reason"])
    locked.status = A.ENDED
    locked.ended_on = ended_on
    locked.end_reason = reason.strip()[:300]
    locked.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    audit_updated(
        actor=ended_by, obj=locked, before=before, reason=reason, action=AuditAction.TRANSITION
    )
    focal_point_role_sync(appointment=locked, by=ended_by)
    appointment.refresh_from_db()
    return appointment


@transaction.atomic
def handover_tick(
    *,
    appointment: FocalPointAppointment,
    item: str,
    done_by,
    done_on: date | None = None,
    note: str = "",
) -> HandoverStep:
    return _handover_set(appointment, item, done=True, by=done_by, done_on=done_on, note=note)


@transaction.atomic
def handover_untick(*, appointment: FocalPointAppointment, item: str, done_by) -> HandoverStep:
    return _handover_set(appointment, item, done=False, by=done_by)


def _handover_set(appointment, item, *, done, by, done_on=None, note=""):
    if item not in HandoverItem.values:
        raise Refused(_("Unknown checklist item."), field="item")
    locked = FocalPointAppointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.status != A.APPOINTED:
        raise InvalidTransition(_("This appointment has ended; its handover checklist is closed."))
    step, _created = HandoverStep.objects.get_or_create(appointment=locked, item=item)
    before = audit_snapshot(step, ["done_on", "done_by", "note"])
    if done:
        step.done_on = done_on or timezone.localdate()
        step.done_by = by
        step.note = note[:300]
    else:
        step.done_on = None
        step.done_by = None
    step.save()
    audit_updated(actor=by, obj=step, before=before)
    return step


@transaction.atomic
def handover_set(*, appointment: FocalPointAppointment, done_items: set[str], done_by) -> None:
    """Ticks the items in `done_items` and unticks the others (the checklist form)."""
    steps = {s.item: s for s in appointment.handover_steps.all()}
    for item in HandoverItem.values:
        is_done = steps.get(item) is not None and steps[item].done
        if item in done_items and not is_done:
            handover_tick(appointment=appointment, item=item, done_by=done_by)
        elif item not in done_items and is_done:
            handover_untick(appointment=appointment, item=item, done_by=done_by)


# --- Framework tags -------------------------------------------------------------------------


def _taggable_of(target: models.Model) -> ContentType:
    if taggables.for_model(type(target)) is None:
        raise Refused(_("This kind of record cannot be tagged with framework items."))
    return ContentType.objects.get_for_model(target, for_concrete_model=True)


@transaction.atomic
def framework_tag(*, item: FrameworkItem, target: models.Model, tagged_by) -> FrameworkTag:
    """Tags `target` with `item`; tagging twice keeps the first tag."""
    content_type = _taggable_of(target)
    existing = FrameworkTag.objects.filter(
        item=item, content_type=content_type, object_id=target.pk
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            tag = FrameworkTag.objects.create(
                item=item, content_type=content_type, object_id=target.pk, tagged_by=tagged_by
            )
    except IntegrityError:
        return FrameworkTag.objects.get(item=item, content_type=content_type, object_id=target.pk)
    audit_created(actor=tagged_by, obj=tag)
    return tag


@transaction.atomic
def framework_untag(*, item: FrameworkItem, target: models.Model, untagged_by) -> bool:
    content_type = _taggable_of(target)
    tag = FrameworkTag.objects.filter(
        item=item, content_type=content_type, object_id=target.pk
    ).first()
    if tag is None:
        return False
    audit_deleted(actor=untagged_by, obj=tag)
    tag.delete()
    return True


@transaction.atomic
def framework_set_tags(*, target: models.Model, items, tagged_by) -> None:
    """Makes `target`'s tags exactly `items` (the tagging form)."""
    content_type = _taggable_of(target)
    wanted = {item.pk: item for item in items}
    current = {
        tag.item_id: tag.item
        for tag in FrameworkTag.objects.filter(
            content_type=content_type, object_id=target.pk
        ).select_related("item")
    }
    for item_id, item in wanted.items():
        if item_id not in current:
            framework_tag(item=item, target=target, tagged_by=tagged_by)
    for item_id, item in current.items():
        if item_id not in wanted:
            framework_untag(item=item, target=target, untagged_by=tagged_by)


# Meetings, delegations and briefings live in their own module; import them from here.
from shabaka.dialogues.meeting_services import (  # noqa: E402
    appointment_link_briefing,
    delegation_add_member,
    delegation_create,
    meeting_link,
)

__all__ = [
    "appointment_create",
    "appointment_end",
    "appointment_link_briefing",
    "chairmanship_record",
    "delegation_add_member",
    "delegation_create",
    "dialogue_create",
    "framework_set_tags",
    "framework_tag",
    "framework_untag",
    "handover_set",
    "handover_tick",
    "handover_untick",
    "meeting_link",
    "partner_organisation_add",
    "partner_state_admit",
    "partner_state_make_member",
    "partner_state_make_observer",
    "partner_state_withdraw",
]
