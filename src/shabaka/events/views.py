"""Thin views: parse the input, ask the rules, call a selector or a service, render.
A record the viewer may not see is a 404; an action refused on one they see is a 403
(core.refusals)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from shabaka.core.errors import Refused
from shabaka.core.pagecache import cached_for_visitors
from shabaka.core.refusals import require_permission, visible_or_404
from shabaka.events import ics, selectors, services
from shabaka.events.forms import (
    AttendanceForm,
    CandidateForm,
    DecisionForm,
    EventFilterForm,
    EventForm,
    EventStepForm,
    FeedbackForm,
    InvitationForm,
    MaterialForm,
    NomineeResponseForm,
    ParticipantForm,
    SessionForm,
)
from shabaka.events.models import Event, EventStatus, Invitation, Nomination, Participation


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _event_or_404(request, slug: str) -> Event:
    try:
        return selectors.event_detail(viewer=request.user, slug=slug)
    except Event.DoesNotExist:
        raise Http404 from None


def _managed_event_or_404(request, slug: str) -> Event:
    event = _event_or_404(request, slug)
    require_permission(request.user, "events.manage_event", event)
    return event


def _refusal(form, exc: Refused) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- Lists, calendar, event page, feeds ----------------------------------------------------------


@cached_for_visitors
@require_safe
def event_list(request):
    form = EventFilterForm(request.GET or None, viewer=request.user)
    page = selectors.event_list_page(
        viewer=request.user, filters=form.filters(), page_number=request.GET.get("page")
    )
    rows = selectors.listing_rows(page.object_list, viewer=request.user)
    return render(
        request,
        "events/event_list.html",
        {"form": form, "page": page, "rows": rows, "cancelled": EventStatus.CANCELLED.label},
    )


@cached_for_visitors
@require_safe
def event_calendar(request):
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    form = EventFilterForm(request.GET or None, viewer=request.user)
    filters = {k: v for k, v in form.filters().items() if k not in ("date_from", "date_to")}
    events = selectors.event_list(viewer=request.user, with_networks=False, **filters)
    calendar = selectors.month_calendar(events=events, year=year, month=month)
    query = request.GET.copy()
    query.pop("month", None)
    return render(
        request,
        "events/event_calendar.html",
        {"form": form, "calendar": calendar, "query": query.urlencode()},
    )


@cached_for_visitors
@require_safe
def event_detail(request, slug):
    event = _event_or_404(request, slug)
    context = selectors.event_page(event=event, viewer=request.user)
    context["participation"] = selectors.participation_of(event=event, user=request.user)
    return render(request, "events/event_detail.html", context)


@cached_for_visitors
@require_safe
def event_ics(request, slug):
    event = _event_or_404(request, slug)
    body = ics.calendar_bytes([event], name=event.title, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@cached_for_visitors
@require_safe
def events_feed(request):
    """Public events only, whoever asks: a feed is read by calendar programs without a session."""
    body = ics.calendar_bytes(
        selectors.public_feed_events(),
        name=_("Shabaka events"),
        base_url=request.build_absolute_uri("/"),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# --- Creating and changing events ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_create(request):
    require_permission(request.user, "events.add_event")
    form = EventForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            event = services.event_create(created_by=request.user, **data)
        except Refused as exc:
            _refusal(form, exc)
        else:
            messages.success(request, _("The event has been created."))
            return redirect("events:event_console", slug=event.slug)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_edit(request, slug):
    event = _managed_event_or_404(request, slug)
    initial = selectors.event_form_initial(event=event, fields=services.EDITABLE_FIELDS)
    form = EventForm(request.POST or None, viewer=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, updated_by=request.user, **form.cleaned_data)
        except Refused as exc:
            _refusal(form, exc)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect("events:event_console", slug=event.slug)
    return render(request, "events/event_form.html", {"form": form, "event": event})


_EVENT_STEPS = {
    "open": services.event_open_nominations,
    "confirm": services.event_confirm,
    "held": services.event_mark_held,
    "cancel": services.event_cancel,
}


@login_required
@require_POST
def event_step(request, slug, step):
    event = _managed_event_or_404(request, slug)
    if step not in _EVENT_STEPS:
        raise Http404
    form = EventStepForm(request.POST)
    form.is_valid()
    try:
        _EVENT_STEPS[step](event=event, by=request.user, reason=form.cleaned_data.get("reason", ""))
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The event is now %(status)s.") % {"status": event.get_status_display()}
        )
    return redirect("events:event_console", slug=event.slug)


# --- The organiser's console ---------------------------------------------------------------------


def _console_context(request, event, **forms):
    context = {
        "event": event,
        **selectors.console(event=event, viewer=request.user, page_number=request.GET.get("page")),
        "session_form": forms.get("session_form") or SessionForm(prefix="session"),
        "material_form": forms.get("material_form") or MaterialForm(prefix="material"),
    }
    return context


@login_required
@require_safe
def event_console(request, slug):
    event = _managed_event_or_404(request, slug)
    return render(request, "events/console.html", _console_context(request, event))


def _console_add(request, event, *, form, write, context_key, success):
    """One form of the organiser's console: write on success and go back to the console;
    otherwise show the console again with the form's errors (400)."""
    if form.is_valid():
        try:
            write(**form.cleaned_data)
        except Refused as exc:
            _refusal(form, exc)
        else:
            messages.success(request, success)
            return redirect("events:event_console", slug=event.slug)
    context = _console_context(request, event, **{context_key: form})
    return render(request, "events/console.html", context, status=400)


def _console_form_page(request, event, *, form, write, title, submit, success):
    """A form of the console on a page of its own (its choices run to every organisation or
    person the viewer may see: too long to send with every view of the console). Written on
    a valid POST, then back to the console; the form again with its errors otherwise (400)."""
    if request.method == "POST" and form.is_valid():
        try:
            write(**form.cleaned_data)
        except Refused as exc:
            _refusal(form, exc)
        else:
            messages.success(request, success)
            return redirect("events:event_console", slug=event.slug)
    context = {"event": event, "form": form, "title": title, "submit": submit}
    status = 400 if request.method == "POST" else 200
    return render(request, "events/console_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_create(request, slug):
    event = _managed_event_or_404(request, slug)
    return _console_form_page(
        request,
        event,
        form=InvitationForm(request.POST or None, viewer=request.user, prefix="invite"),
        write=lambda **data: services.invitation_create(
            event=event, invited_by=request.user, **data
        ),
        title=_("Invite a nominating body"),
        submit=_("Invite"),
        success=_("The invitation has been added."),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def participant_add(request, slug):
    event = _managed_event_or_404(request, slug)
    return _console_form_page(
        request,
        event,
        form=ParticipantForm(request.POST or None, viewer=request.user, prefix="participant"),
        write=lambda **data: services.participation_add(event=event, added_by=request.user, **data),
        title=_("Add a speaker, facilitator or other participant"),
        submit=_("Add"),
        success=_("The participant has been added."),
    )


@login_required
@require_POST
def session_add(request, slug):
    event = _managed_event_or_404(request, slug)
    return _console_add(
        request,
        event,
        form=SessionForm(request.POST, prefix="session"),
        write=lambda **data: services.event_add_session(event=event, added_by=request.user, **data),
        context_key="session_form",
        success=_("The session has been added to the agenda."),
    )


@login_required
@require_POST
def material_add(request, slug):
    event = _managed_event_or_404(request, slug)
    return _console_add(
        request,
        event,
        form=MaterialForm(request.POST, request.FILES, prefix="material"),
        write=lambda **data: services.event_add_material(
            event=event, uploaded_by=request.user, **data
        ),
        context_key="material_form",
        success=_("The document has been added."),
    )


@login_required
@require_POST
def attendance_set(request, slug):
    event = _managed_event_or_404(request, slug)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid attendance."), status=400)
    try:
        participation = selectors.event_participation(
            event=event, pk=form.cleaned_data["participation"]
        )
    except Participation.DoesNotExist:
        raise Http404 from None
    day, mode = form.cleaned_data["day"], form.cleaned_data["mode"]
    error = ""
    try:
        if mode:
            services.attendance_record(
                participation=participation, day=day, mode=mode, recorded_by=request.user
            )
        else:
            services.attendance_clear(participation=participation, day=day, cleared_by=request.user)
    except Refused as exc:
        error = exc.message
    if _is_htmx(request):
        context = selectors.attendance_cell(participation=participation, day=day)
        context.update({"event": event, "error": error})
        return render(
            request, "events/partials/attendance_cell.html", context, status=400 if error else 200
        )
    if error:
        messages.error(request, error)
    return redirect(f"{event_console_url(event)}#attendance")


def event_console_url(event) -> str:
    from django.urls import reverse

    return reverse("events:event_console", kwargs={"slug": event.slug})


@login_required
@require_safe
def attendance_sheet(request, slug):
    event = _managed_event_or_404(request, slug)
    context = {"event": event, **selectors.attendance_sheet(event=event)}
    return render(request, "events/attendance_sheet.html", context)


# --- Invitations and nominations -----------------------------------------------------------------


def _invitation_or_404(request, pk) -> Invitation:
    try:
        return selectors.invitation_detail(viewer=request.user, pk=pk)
    except Invitation.DoesNotExist:
        raise Http404 from None


def _invitation_context(request, invitation, form=None):
    return {
        **selectors.invitation_page(invitation=invitation, viewer=request.user),
        # Made only if the page shows it (the event open, the viewer allowed to propose): its
        # choices are the visible people and organisations of the invited body.
        "form": form
        or SimpleLazyObject(lambda: CandidateForm(viewer=request.user, invitation=invitation)),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_detail(request, pk):
    invitation = _invitation_or_404(request, pk)
    if request.method != "POST":  # GET and HEAD
        return render(request, "events/invitation.html", _invitation_context(request, invitation))
    form = CandidateForm(request.POST, viewer=request.user, invitation=invitation)
    nominate = "nominate" in request.POST
    permission = "events.nominate" if nominate else "events.propose_candidate"
    require_permission(request.user, permission, invitation)
    if form.is_valid():
        service = services.nomination_create if nominate else services.nomination_propose
        by = {"nominated_by": request.user} if nominate else {"proposed_by": request.user}
        try:
            service(invitation=invitation, **by, **form.candidate())
        except Refused as exc:
            _refusal(form, exc)
        else:
            messages.success(
                request,
                _("The nomination has been sent.")
                if nominate
                else _("The proposal has been sent."),
            )
            return redirect("events:invitation_detail", pk=invitation.pk)
    context = _invitation_context(request, invitation, form)
    return render(request, "events/invitation.html", context, status=400)


_NOMINATION_STEPS = {
    # step: (permission, service, keyword for the actor)
    "nominate": ("events.nominate", services.nomination_nominate, "nominated_by"),
    "confirm": ("events.decide_nomination", services.nomination_confirm, "decided_by"),
    "decline": ("events.decide_nomination", services.nomination_decline, "decided_by"),
    "withdraw": ("events.withdraw_nomination", services.nomination_withdraw, "withdrawn_by"),
}


@login_required
@require_POST
def nomination_step(request, pk, step):
    if step not in _NOMINATION_STEPS:
        raise Http404
    try:
        nomination = selectors.nomination_for_step(viewer=request.user, pk=pk)
    except Nomination.DoesNotExist:
        raise Http404 from None
    # A nomination is seen with its invitation (as in the API): hidden, it is a 404.
    visible_or_404(
        nomination
        if request.user.has_perm("events.view_invitation", nomination.invitation)
        else None
    )
    permission, service, actor = _NOMINATION_STEPS[step]
    subject = nomination.invitation if step == "nominate" else nomination
    require_permission(request.user, permission, subject)
    form = DecisionForm(request.POST)
    form.is_valid()
    kwargs = {"nomination": nomination, actor: request.user}
    if step in ("confirm", "decline", "withdraw"):
        kwargs["reason"] = form.cleaned_data.get("reason", "")
    error = ""
    try:
        service(**kwargs)
    except Refused as exc:
        error = exc.message
    invitation = nomination.invitation  # read with the nomination, which refresh forgets
    nomination.refresh_from_db()
    if _is_htmx(request):
        selectors.add_nomination_actions([nomination], viewer=request.user, invitation=invitation)
        return render(
            request,
            "events/partials/nomination_row.html",
            {
                "nomination": nomination,
                "error": error,
                "console": request.POST.get("from") == "console",
            },
            status=409 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(person)s: %(status)s.")
            % {"person": nomination.person, "status": nomination.get_status_display()},
        )
    if request.POST.get("from") == "console":
        return redirect("events:event_console", slug=nomination.event.slug)
    return redirect("events:invitation_detail", pk=nomination.invitation_id)


@require_http_methods(["GET", "HEAD", "POST"])
def nomination_respond(request, token):
    """The nominee's page, reached through the signed link in the email; no account needed."""
    try:
        nomination = services.nomination_for_token(token=token)
    except Refused as exc:
        return render(request, "events/respond_invalid.html", {"message": exc.message}, status=400)
    form = NomineeResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("answer") == "accept":
                services.nomination_accept_by_token(token=token)
                messages.success(request, _("Thank you: you have accepted the nomination."))
            elif request.POST.get("answer") == "withdraw":
                services.nomination_withdraw_by_token(
                    token=token, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("You have withdrawn. Your seat is free again."))
            else:
                form.add_error(None, _("Accept or withdraw."))
        except Refused as exc:
            form.add_error(None, exc.message)
        if not form.errors:
            return redirect("events:nomination_respond", token=token)
        nomination.refresh_from_db()
    return render(
        request,
        "events/respond.html",
        {"nomination": nomination, "event": nomination.event, "form": form},
        status=400 if form.errors else 200,
    )


# --- Feedback ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_give(request, slug):
    event = _event_or_404(request, slug)
    participation = selectors.participation_of(event=event, user=request.user)
    if participation is None:
        raise PermissionDenied  # a visible event this user did not take part in
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        comment = data.pop("comment", "")
        try:
            services.feedback_submit(participation=participation, ratings=data, comment=comment)
        except Refused as exc:
            _refusal(form, exc)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("events:event_detail", slug=event.slug)
    return render(request, "events/feedback_form.html", {"event": event, "form": form})


@login_required
@require_safe
def feedback_results(request, slug):
    event = _event_or_404(request, slug)
    require_permission(request.user, "events.view_feedback_results", event)
    context = {"event": event, "summary": selectors.feedback_summary(event=event)}
    if request.user.has_perm("events.view_feedback_respondents"):
        context["responses"] = selectors.feedback_with_respondents(event=event)
    return render(request, "events/feedback_results.html", context)
