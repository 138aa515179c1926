"""Thin views: parse, ask the rules, call one selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from shabaka.core.errors import Refused
from shabaka.core.pagecache import cached_for_visitors
from shabaka.core.pagination import paginate
from shabaka.core.refusals import get_visible_or_404, require_permission, visible_or_404
from shabaka.core.visibility import Visibility
from shabaka.dialogues import selectors, services, taggables
from shabaka.dialogues.export import follow_up_workbook
from shabaka.dialogues.forms import (
    AppointmentEndForm,
    AppointmentForm,
    BriefingForm,
    DelegateForm,
    DelegationForm,
    DialogueFilterForm,
    FollowUpFilterForm,
    HandoverForm,
    MeetingLinkForm,
    PartnerAdmitForm,
    PartnerChangeForm,
    TagForm,
)
from shabaka.dialogues.models import (
    Dialogue,
    FocalPointAppointment,
    Framework,
    PartnerState,
)
from shabaka.directory.models import Country


def _refused_to_form(form, exc: Refused) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@cached_for_visitors
@require_safe
def dialogue_list(request):
    form = DialogueFilterForm(request.GET or None)
    query, country = "", None
    if form.is_valid():
        query, country = form.cleaned_data["q"], form.cleaned_data["country"]
    page = paginate(request, selectors.dialogues_list(query=query, country=country))
    return render(request, "dialogues/dialogue_list.html", {"form": form, "page": page})


@cached_for_visitors
@require_safe
def dialogue_detail(request, slug):
    dialogue = get_object_or_404(selectors.dialogue_for_page(), slug=slug)
    context = selectors.dialogue_page(dialogue=dialogue, viewer=request.user)
    return render(request, "dialogues/dialogue_detail.html", context)


def _managed_dialogue(request, slug, perm):
    dialogue = get_object_or_404(Dialogue, slug=slug)
    require_permission(request.user, perm, dialogue)
    return dialogue


@cached_for_visitors
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def partner_states(request, slug):
    dialogue = _managed_dialogue(request, slug, "dialogues.manage_partner_states")
    form = PartnerAdmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_state_admit(
                dialogue=dialogue, decided_by=request.user, **form.cleaned_data
            )
        except Refused as exc:
            _refused_to_form(form, exc)
        else:
            messages.success(request, _("The state was added."))
            return redirect("dialogues:partner_states", slug=dialogue.slug)
    partners = selectors.partner_states_of(dialogue=dialogue)
    return render(
        request,
        "dialogues/partner_states.html",
        {
            "dialogue": dialogue,
            "form": form,
            "page": paginate(request, partners, per_page=100),
            "change_form": PartnerChangeForm(),
        },
    )


PARTNER_ACTIONS = {
    "member": services.partner_state_make_member,
    "observer": services.partner_state_make_observer,
    "withdraw": services.partner_state_withdraw,
}


@login_required
@require_POST
def partner_state_change(request, slug, pk, action):
    dialogue = _managed_dialogue(request, slug, "dialogues.manage_partner_states")
    partner = get_object_or_404(PartnerState, pk=pk, dialogue=dialogue)
    step = PARTNER_ACTIONS.get(action)
    if step is None:
        raise Http404
    form = PartnerChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the date."))
    else:
        try:
            step(partner_state=partner, decided_by=request.user, **form.cleaned_data)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The change was recorded."))
    return redirect("dialogues:partner_states", slug=dialogue.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_create(request, slug):
    dialogue = _managed_dialogue(request, slug, "dialogues.appoint_focal_point")
    form = AppointmentForm(
        request.POST or None,
        request.FILES or None,
        dialogue=dialogue,
        people=selectors.people_appointable(dialogue=dialogue, viewer=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appointment_create(
                dialogue=dialogue,
                country=data["country"],
                function=data["function"],
                person=data["person"],
                started_on=data["started_on"],
                act_reference=data["act_reference"],
                act_date=data["act_date"],
                act_upload=data["act_file"],
                act_link=data["act_link"] or "",
                act_visibility=Visibility.STAFF,
                created_by=request.user,
            )
        except Refused as exc:
            _refused_to_form(form, exc)
        else:
            messages.success(request, _("The appointment was recorded."))
            return redirect("dialogues:appointment_detail", pk=appointment.pk)
    return render(request, "dialogues/appointment_form.html", {"dialogue": dialogue, "form": form})


def _visible_appointment(request, pk) -> FocalPointAppointment:
    appointment = get_object_or_404(selectors.appointments_for_page(), pk=pk)
    # Whether it may be seen is the rule's (dialogues.view_appointment): hidden is a 404.
    return visible_or_404(
        appointment if request.user.has_perm("dialogues.view_appointment", appointment) else None
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_detail(request, pk):
    appointment = _visible_appointment(request, pk)
    can_tick = request.user.has_perm("dialogues.tick_handover", appointment)
    context = selectors.appointment_detail(appointment=appointment)
    form = HandoverForm(
        request.POST or None, initial={"done": [s.item for s in context["steps"] if s.done]}
    )
    if request.method == "POST" and not can_tick:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            services.handover_set(
                appointment=appointment,
                done_items=set(form.cleaned_data["done"]),
                done_by=request.user,
            )
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The checklist was saved."))
        return redirect("dialogues:appointment_detail", pk=appointment.pk)
    context.update(
        {
            "form": form if can_tick and appointment.status == "appointed" else None,
            "end_form": AppointmentEndForm()
            if request.user.has_perm("dialogues.end_appointment", appointment)
            and appointment.status == "appointed"
            else None,
            "act_document": selectors.appointment_act_document(
                appointment=appointment, viewer=request.user
            ),
            "briefing_form": _briefing_form(request, appointment),
            "briefing_event": selectors.briefing_event_of(
                appointment=appointment, viewer=request.user
            ),
        }
    )
    return render(request, "dialogues/appointment_detail.html", context)


def _briefing_form(request, appointment, data=None):
    if appointment.status != "appointed" or not request.user.has_perm(
        "dialogues.link_briefing", appointment
    ):
        return None
    return BriefingForm(
        data,
        events=selectors.briefing_event_choices(appointment=appointment, viewer=request.user),
        initial={"event": appointment.briefing_event_id},
        prefix="briefing",
    )


@login_required
@require_POST
def appointment_briefing(request, pk):
    appointment = _visible_appointment(request, pk)
    require_permission(request.user, "dialogues.link_briefing", appointment)
    form = _briefing_form(request, appointment, request.POST)
    if form is None:
        # A visible appointment that has ended: say so rather than pretend it does not exist.
        messages.error(request, _("This appointment has ended: its briefing can no longer change."))
        return redirect("dialogues:appointment_detail", pk=appointment.pk)
    if form.is_valid():
        try:
            services.appointment_link_briefing(
                appointment=appointment, event=form.cleaned_data["event"], linked_by=request.user
            )
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The briefing was recorded and the checklist ticked."))
    else:
        messages.error(request, _("Choose the event of the briefing."))
    return redirect("dialogues:appointment_detail", pk=appointment.pk)


# --- Meetings and delegations ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_link(request, slug):
    dialogue = _managed_dialogue(request, slug, "dialogues.manage_meetings")
    form = MeetingLinkForm(
        request.POST or None,
        events=selectors.meeting_candidates(dialogue=dialogue, viewer=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_link(
                dialogue=dialogue,
                event=form.cleaned_data["event"],
                note=form.cleaned_data["note"],
                linked_by=request.user,
            )
        except Refused as exc:
            _refused_to_form(form, exc)
        else:
            messages.success(request, _("The meeting was linked to the dialogue."))
            return redirect(
                "dialogues:meeting_detail", slug=dialogue.slug, event_slug=meeting.event.slug
            )
    return render(request, "dialogues/meeting_link.html", {"dialogue": dialogue, "form": form})


def _meeting(request, slug, event_slug):
    """The dialogue and one of its meetings, if the viewer may see the event (else a 404)."""
    dialogue = get_object_or_404(Dialogue, slug=slug)
    event = get_visible_or_404(
        selectors.meetings_of(dialogue=dialogue, viewer=request.user), slug=event_slug
    )
    return dialogue, event


def _delegation_form(request, event, dialogue, data=None):
    if not request.user.has_perm("dialogues.manage_delegations", event):
        return None
    countries, people = selectors.delegation_choices(event=event)
    return DelegationForm(data, countries=countries, people=people, prefix="delegation")


@require_safe
def meeting_detail(request, slug, event_slug):
    dialogue, event = _meeting(request, slug, event_slug)
    context = selectors.meeting_page(dialogue=dialogue, event=event, viewer=request.user)
    context["form"] = _delegation_form(request, event, dialogue)
    return render(request, "dialogues/meeting_detail.html", context)


@login_required
@require_POST
def delegation_create(request, slug, event_slug):
    dialogue, event = _meeting(request, slug, event_slug)
    require_permission(request.user, "dialogues.manage_delegations", event)
    form = _delegation_form(request, event, dialogue, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            delegation = services.delegation_create(
                event=event,
                country=data["country"],
                head=data["head"],
                note=data["note"],
                created_by=request.user,
            )
        except Refused as exc:
            _refused_to_form(form, exc)
        else:
            messages.success(request, _("The delegation was recorded."))
            return redirect("dialogues:delegation_detail", pk=delegation.pk)
    context = selectors.meeting_page(dialogue=dialogue, event=event, viewer=request.user)
    context["form"] = form
    return render(request, "dialogues/meeting_detail.html", context, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def delegation_detail(request, pk):
    delegation = get_visible_or_404(selectors.delegations_visible_to(request.user), pk=pk)
    may_manage = request.user.has_perm("dialogues.manage_delegations", delegation.event)
    form = None
    if may_manage:
        form = DelegateForm(
            request.POST or None,
            people=selectors.delegate_candidates(delegation=delegation, viewer=request.user),
        )
    if request.method == "POST" and form is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            services.delegation_add_member(
                delegation=delegation,
                person=form.cleaned_data["person"],
                role=form.cleaned_data["role"],
                added_by=request.user,
            )
        except Refused as exc:
            _refused_to_form(form, exc)
        else:
            messages.success(request, _("The member was added to the delegation."))
            return redirect("dialogues:delegation_detail", pk=delegation.pk)
    context = selectors.delegation_page(delegation=delegation, viewer=request.user)
    context["form"] = form
    status = 400 if request.method == "POST" else 200
    return render(request, "dialogues/delegation_detail.html", context, status=status)


@login_required
@require_POST
def appointment_end(request, pk):
    appointment = _visible_appointment(request, pk)
    require_permission(request.user, "dialogues.end_appointment", appointment)
    form = AppointmentEndForm(request.POST)
    if form.is_valid():
        try:
            services.appointment_end(
                appointment=appointment, ended_by=request.user, **form.cleaned_data
            )
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The appointment was ended."))
    else:
        messages.error(request, _("Give the end date and the reason."))
    return redirect("dialogues:appointment_detail", pk=appointment.pk)


@cached_for_visitors
@require_safe
def state_detail(request, code):
    country = get_object_or_404(Country, code=code.upper())
    participations = list(selectors.state_participations(country=country))
    page = paginate(request, selectors.appointment_history(country=country))
    context = selectors.state_page_rows(country=country, viewer=request.user, history=page)
    context.update({"country": country, "participations": participations, "page": page})
    return render(request, "dialogues/state_detail.html", context)


@cached_for_visitors
@require_safe
def framework_list(request):
    return render(
        request, "dialogues/framework_list.html", {"frameworks": selectors.frameworks_list()}
    )


def _follow_up(request, code):
    framework = get_object_or_404(Framework, code__iexact=code)
    form = FollowUpFilterForm(request.GET or None)
    filters = {"country": None, "start": None, "end": None}
    if form.is_valid():
        filters = {k: form.cleaned_data[k] for k in filters}
    result = selectors.framework_follow_up(framework=framework, viewer=request.user, **filters)
    return framework, form, filters, result


@cached_for_visitors
@require_safe
def framework_follow_up(request, code):
    framework, form, filters, result = _follow_up(request, code)
    result.update({"form": form, "query": request.GET.urlencode()})
    return render(request, "dialogues/framework_follow_up.html", result)


@require_safe
def framework_export(request, code):
    framework, form, filters, result = _follow_up(request, code)
    labels = {
        _("Country"): str(filters["country"] or _("all")),
        _("Period from"): filters["start"].isoformat() if filters["start"] else "",
        _("Period until"): filters["end"].isoformat() if filters["end"] else "",
    }
    response = HttpResponse(
        follow_up_workbook(result, filters=labels),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{framework.code.lower()}-follow-up.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tag_record(request, key, pk):
    taggable = taggables.get(key)
    if taggable is None:
        raise Http404
    target = get_visible_or_404(taggable.visible_to(request.user), pk=pk)
    require_permission(request.user, "dialogues.tag_records")
    form = TagForm(request.POST or None, initial={"items": list(selectors.tags_of(target))})
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_set_tags(
                target=target, items=form.cleaned_data["items"], tagged_by=request.user
            )
        except Refused as exc:
            _refused_to_form(form, exc)
        else:
            messages.success(request, _("The framework tags were saved."))
            return redirect("dialogues:tag_record", key=key, pk=pk)
    return render(
        request,
        "dialogues/tag_record.html",
        {"form": form, "target": target, "taggable": taggable, "target_url": taggable.url(target)},
    )
