"""Pages of the plans app: thin, every record loaded through what the viewer may see."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from shabaka.core.errors import Refused
from shabaka.core.exports import XLSX_TYPE
from shabaka.core.fragments import lazy_context
from shabaka.core.pagecache import cached_for_visitors
from shabaka.core.pagination import paginate
from shabaka.jobs.services import job_start
from shabaka.networks.selectors import networks_visible_to
from shabaka.plans import exports, forms, plan_page, selectors, services, snapshot, timeline
from shabaka.plans.jobs import PLAN_EXPORT, export_file
from shabaka.plans.models import Indicator, PlanStatus


def _plan(request, pk):
    return get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)


def _require(request, perm, obj):
    if not request.user.is_authenticated:
        raise _LoginNeeded
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _posted(request):
    return request.POST if request.method == "POST" else None


class _LoginNeeded(Exception):
    pass


def _guarded(view):
    """Anonymous users asked to act are sent to sign in; others without the right get 403 (they
    may see the record; a record they may not see was already a 404)."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginNeeded:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _submit(request, form, action, *, success, template, context):
    """Runs the service on a valid POST; its refusal becomes a form error, nothing changed."""
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except Refused as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
        else:
            messages.success(request, success)
            return result
    return render(request, template, {**context, "form": form}, status=200)


# --- Lists and documents -----------------------------------------------------------------------


@cached_for_visitors
@require_safe
def plan_list(request):
    network = None
    slug = request.GET.get("network")
    if slug:
        network = selectors.network_for_plan_list(viewer=request.user, slug=slug)
    status = request.GET.get("status", "")
    if status not in PlanStatus.values:
        status = ""
    year = request.GET.get("year", "")
    plans = selectors.plan_list(
        viewer=request.user,
        network=network,
        status=status,
        year=int(year) if year.isdigit() else None,
    )
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": paginate(request, plans),
            "networks": selectors.plan_list_networks(viewer=request.user),
            "statuses": PlanStatus.choices,
            "selected": {"network": slug or "", "status": status, "year": year},
        },
    )


@cached_for_visitors
@require_safe
@vary_on_headers("HX-Request")
def plan_detail(request, pk):
    """The plan with one page of its activities (filtered by objective or schedule state); to
    htmx, only the activities' part."""
    plan = _plan(request, pk)
    # Read when the template first needs it: not at all when its part is kept (core.fragments).
    document = lazy_context(
        lambda: plan_page.plan_page(
            plan=plan,
            viewer=request.user,
            filters=plan_page.ActivityFilters.from_query(request.GET),
            page_number=request.GET.get("page"),
        ),
        plan_page.PAGE_CONTEXT,
    )
    context = {"plan": plan, **document}
    if request.headers.get("HX-Request") == "true":
        return render(request, "plans/partials/plan_activities.html", context)
    return render(request, "plans/plan_detail.html", context)


@cached_for_visitors
@require_safe
def plan_timeline(request, pk):
    plan = _plan(request, pk)
    today = timezone.localdate()
    activities = selectors.timeline_activities(plan, viewer=request.user)
    chart = timeline.build(
        activities=activities,
        start=plan.period_start,
        end=plan.period_end,
        rtl=get_language_bidi(),
        today=today,
    )
    return render(
        request,
        "plans/plan_timeline.html",
        {"plan": plan, "chart": chart, "width": timeline.WIDTH, "activities": activities},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def plan_export(request, pk, fmt):
    """A plan of up to EXPORT_DIRECT_MAX_ROWS / 10 activities is exported at once; a larger one
    by a background job (GET explains, POST starts it: signed in only)."""
    plan = _plan(request, pk)
    table = request.GET.get("table", "activities")
    if fmt == "csv" and table not in exports.TABLES:
        raise Http404
    if request.method == "POST" or selectors.plan_activities(plan).count() > (
        settings.EXPORT_DIRECT_MAX_ROWS // 10
    ):
        if request.method != "POST":
            return render(
                request,
                "plans/plan_export_in_background.html",
                {"plan": plan, "fmt": fmt, "limit": settings.EXPORT_DIRECT_MAX_ROWS // 10},
            )
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        job = job_start(
            kind=PLAN_EXPORT,
            owner=request.user,
            title=_("Export of the action plan %(plan)s (%(format)s)")
            % {"plan": plan.title, "format": fmt.upper()},
            params={"plan": plan.pk, "fmt": fmt, "table": table},
        )
        return redirect("jobs:job_detail", pk=job.pk)
    name, content = export_file(plan, viewer=request.user, fmt=fmt, table=table)
    content_type = XLSX_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def version_detail(request, pk, number):
    plan = _plan(request, pk)
    version = get_object_or_404(selectors.plan_versions_with_author(plan), number=number)
    items = list(
        snapshot.flatten(
            version.snapshot, visible_org_ids=_snapshot_orgs(request, version)
        ).values()
    )
    for item in items:
        item["rows"] = [
            (snapshot.FIELD_LABELS.get(name, name), value)
            for name, value in item["fields"].items()
            if value
        ]
    return render(
        request,
        "plans/version_detail.html",
        {
            "plan": plan,
            "version": version,
            "items": items,
            "versions": selectors.plan_versions(plan),
        },
    )


def _snapshot_orgs(request, *versions):
    ids = set()
    for version in versions:
        for objective in version.snapshot.get("objectives", []):
            for activity in objective.get("activities", []):
                ids.add(activity["lead"]["id"])
                ids |= {p["id"] for p in activity.get("partners", [])}
    return selectors.visible_organisation_ids(request.user, ids)


@require_safe
def version_compare(request, pk):
    plan = _plan(request, pk)
    versions = list(selectors.plan_versions(plan))
    if len(versions) < 2:
        return render(request, "plans/version_compare.html", {"plan": plan, "versions": versions})
    by_number = {v.number: v for v in versions}

    def pick(name, default):
        value = request.GET.get(name, "")
        return by_number.get(int(value)) if value.isdigit() else default

    older = pick("a", versions[-2])
    newer = pick("b", versions[-1])
    if older is None or newer is None:
        raise Http404
    changes = snapshot.compare(
        older.snapshot, newer.snapshot, visible_org_ids=_snapshot_orgs(request, older, newer)
    )
    return render(
        request,
        "plans/version_compare.html",
        {"plan": plan, "versions": versions, "older": older, "newer": newer, "changes": changes},
    )


@require_safe
def network_dashboard(request, slug):
    network = get_object_or_404(networks_visible_to(request.user), slug=slug)
    return render(
        request,
        "plans/network_dashboard.html",
        selectors.network_dashboard(network=network, viewer=request.user),
    )


# --- Plans: create, edit, decide ---------------------------------------------------------------


@_guarded
@require_http_methods(["GET", "HEAD", "POST"])
def plan_create(request, slug):
    network = get_object_or_404(networks_visible_to(request.user), slug=slug)
    _require(request, "plans.add_actionplan", network)
    form = forms.PlanForm(_posted(request))
    result = _submit(
        request,
        form,
        lambda data: services.plan_create(network=network, created_by=request.user, **data),
        success=_("The plan has been created as a draft."),
        template="plans/form.html",
        context={"title": _("New action plan for %(network)s") % {"network": network}},
    )
    return (
        redirect("plans:plan_detail", result.pk) if not isinstance(result, HttpResponse) else result
    )


@_guarded
@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request, pk):
    plan = _plan(request, pk)
    _require(request, "plans.change_actionplan", plan)
    form = forms.PlanForm.for_plan(plan, _posted(request))
    result = _submit(
        request,
        form,
        lambda data: services.plan_update(plan=plan, updated_by=request.user, **data),
        success=_("The plan has been saved."),
        template="plans/form.html",
        context={"title": _("Edit the plan"), "plan": plan},
    )
    return (
        redirect("plans:plan_detail", plan.pk) if not isinstance(result, HttpResponse) else result
    )


_DECISIONS = {
    "adopt": (
        lambda plan, user, d: services.plan_adopt(
            plan=plan, adopted_by=user, adopted_on=d["decided_on"], reason=d["reason"]
        ),
        False,
    ),
    "revise": (
        lambda plan, user, d: services.plan_revise(
            plan=plan, revised_by=user, revised_on=d["decided_on"], reason=d["reason"]
        ),
        True,
    ),
    "close": (
        lambda plan, user, d: services.plan_close(
            plan=plan, closed_by=user, closed_on=d["decided_on"], reason=d["reason"]
        ),
        False,
    ),
}


@_guarded
@require_http_methods(["GET", "HEAD", "POST"])
def plan_decide(request, pk, decision):
    plan = _plan(request, pk)
    _require(request, "plans.decide_actionplan", plan)
    action, reason_required = _DECISIONS[decision]
    form = forms.DecisionForm(_posted(request), reason_required=reason_required)
    titles = {
        "adopt": _("Adopt the plan"),
        "revise": _("Adopt a revision of the plan"),
        "close": _("Close the plan"),
    }
    result = _submit(
        request,
        form,
        lambda data: action(plan, request.user, data),
        success=_("Done."),
        template="plans/decide.html",
        context={"title": titles[decision], "plan": plan, "decision": decision},
    )
    return (
        redirect("plans:plan_detail", plan.pk) if not isinstance(result, HttpResponse) else result
    )


# --- Objectives and activities -----------------------------------------------------------------


@_guarded
@require_http_methods(["GET", "HEAD", "POST"])
def objective_edit(request, pk, objective_id=None):
    plan = _plan(request, pk)
    _require(request, "plans.change_actionplan", plan)
    objective = None
    if objective_id is not None:
        objective = get_object_or_404(plan.objectives, pk=objective_id)
    initial = (
        {"code": objective.code, "title": objective.title, "description": objective.description}
        if objective
        else None
    )
    form = forms.ObjectiveForm(_posted(request), initial=initial)

    def save(data):
        if objective is None:
            return services.objective_create(plan=plan, created_by=request.user, **data)
        return services.objective_update(objective=objective, updated_by=request.user, **data)

    result = _submit(
        request,
        form,
        save,
        success=_("The objective has been saved."),
        template="plans/form.html",
        context={"title": _("Objective"), "plan": plan},
    )
    return (
        redirect("plans:plan_detail", plan.pk) if not isinstance(result, HttpResponse) else result
    )


@_guarded
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request, pk, activity_id=None):
    plan = _plan(request, pk)
    _require(request, "plans.change_actionplan", plan)
    activity = None
    initial = {"objective": request.GET.get("objective")}
    if activity_id is not None:
        activity = get_object_or_404(plan.activities, pk=activity_id)
        initial = {
            name: getattr(activity, name)
            for name in (
                "objective",
                "code",
                "title",
                "description",
                "lead",
                "planned_start",
                "planned_end",
                "budget",
                "currency",
                "project",
            )
        }
        initial["partners"] = list(activity.partners.all())
        initial["places"] = list(activity.places.all())
    form = forms.ActivityForm(_posted(request), initial=initial, plan=plan, viewer=request.user)

    def save(data):
        data = dict(data)
        if activity is None:
            return services.activity_create(created_by=request.user, **data)
        return services.activity_update(activity=activity, updated_by=request.user, **data)

    result = _submit(
        request,
        form,
        save,
        success=_("The activity has been saved."),
        template="plans/form.html",
        context={"title": _("Activity"), "plan": plan},
    )
    return (
        redirect("plans:plan_detail", plan.pk) if not isinstance(result, HttpResponse) else result
    )


@_guarded
@require_http_methods(["GET", "HEAD", "POST"])
def activity_move(request, pk, activity_id):
    plan = _plan(request, pk)
    activity = get_object_or_404(selectors.plan_activities_with_lead(plan), pk=activity_id)
    _require(request, "plans.move_activity", activity)
    form = forms.ActivityMoveForm(_posted(request))

    def move(data):
        action, on, user = data["action"], data["on_date"], request.user
        if action == "start":
            return services.activity_start(activity=activity, started_by=user, actual_start=on)
        if action == "finish":
            return services.activity_finish(activity=activity, finished_by=user, actual_end=on)
        if action == "postpone":
            return services.activity_postpone(
                activity=activity,
                postponed_by=user,
                reason=data["reason"],
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
            )
        if action == "reschedule":
            if not (data["planned_start"] and data["planned_end"]):
                raise Refused(_("Give the new planned dates."), field="planned_start")
            return services.activity_reschedule(
                activity=activity,
                rescheduled_by=user,
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
                reason=data["reason"],
            )
        return services.activity_cancel(activity=activity, cancelled_by=user, reason=data["reason"])

    result = _submit(
        request,
        form,
        move,
        success=_("The activity's status has been updated."),
        template="plans/form.html",
        context={
            "title": _("Update the status of %(activity)s") % {"activity": activity},
            "plan": plan,
            "intro": _("Now: %(status)s.") % {"status": activity.get_status_display()},
        },
    )
    return (
        redirect("plans:plan_detail", plan.pk) if not isinstance(result, HttpResponse) else result
    )


# --- Indicators and progress -------------------------------------------------------------------


def _indicator(plan, indicator_id) -> Indicator:
    try:
        return selectors.indicator_in_plan(plan=plan, pk=indicator_id)
    except Indicator.DoesNotExist:
        raise Http404 from None


@require_safe
def indicator_detail(request, pk, indicator_id):
    plan = _plan(request, pk)
    indicator = _indicator(plan, indicator_id)
    context = selectors.indicator_page(indicator=indicator, viewer=request.user)
    return render(request, "plans/indicator_detail.html", {**context, "plan": plan})


@_guarded
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_edit(request, pk, indicator_id=None):
    plan = _plan(request, pk)
    indicator = owner = None
    if indicator_id is not None:
        indicator = _indicator(plan, indicator_id)
        owner = indicator.owner
    elif request.GET.get("activity", "").isdigit():
        owner = get_object_or_404(plan.activities, pk=request.GET["activity"])
    elif request.GET.get("objective", "").isdigit():
        owner = get_object_or_404(plan.objectives, pk=request.GET["objective"])
    else:
        raise Http404
    _require(request, "plans.change_indicator", indicator or owner)
    initial = None
    if indicator:
        initial = {
            name: getattr(indicator, name) for name in services.indicators.INDICATOR_EDITABLE
        }
    form = forms.IndicatorForm(_posted(request), initial=initial)

    def save(data):
        if indicator is None:
            return services.indicator_create(owner=owner, created_by=request.user, **data)
        return services.indicator_update(indicator=indicator, updated_by=request.user, **data)

    result = _submit(
        request,
        form,
        save,
        success=_("The indicator has been saved."),
        template="plans/form.html",
        context={"title": _("Indicator of %(owner)s") % {"owner": owner}, "plan": plan},
    )
    return (
        redirect("plans:plan_detail", plan.pk) if not isinstance(result, HttpResponse) else result
    )


@_guarded
@require_http_methods(["GET", "HEAD", "POST"])
def progress_submit(request, pk, indicator_id):
    plan = _plan(request, pk)
    indicator = _indicator(plan, indicator_id)
    _require(request, "plans.submit_progress", indicator)
    form = forms.ProgressForm(_posted(request), request.FILES if request.method == "POST" else None)

    def save(data):
        return services.progress_submit(
            indicator=indicator,
            submitted_by=request.user,
            period_start=data["period_start"],
            period_end=data["period_end"],
            value=data["value"],
            period_target=data["period_target"],
            narrative=data["narrative"],
            disaggregated_values=data["disaggregated_values"],
            evidence=data["evidence"],
            evidence_link=data["evidence_link"],
        )

    result = _submit(
        request,
        form,
        save,
        success=_("Progress submitted: the coordinator will validate it."),
        template="plans/form.html",
        context={
            "title": _("Report progress on %(indicator)s") % {"indicator": indicator},
            "plan": plan,
            "multipart": True,
            "intro": _("Unit: %(unit)s. Target: %(target)s.")
            % {"unit": indicator.get_unit_display(), "target": indicator.target},
        },
    )
    if isinstance(result, HttpResponse):
        return result
    return redirect("plans:indicator_detail", plan.pk, indicator.pk)


@_guarded
@require_http_methods(["GET", "HEAD", "POST"])
def progress_decide(request, pk, update_id, decision):
    plan = _plan(request, pk)
    update = get_object_or_404(selectors.progress_updates_with_indicator(), pk=update_id)
    indicator = _indicator(plan, update.indicator_id)
    _require(request, "plans.validate_progress", update)
    if decision == "validate":
        form = forms.ConfirmForm(_posted(request))
        action = lambda data: services.progress_validate(update=update, validated_by=request.user)  # noqa: E731
        title = _("Validate this progress")
    else:
        form = forms.RejectForm(_posted(request))
        action = lambda data: services.progress_reject(  # noqa: E731
            update=update, validated_by=request.user, reason=data["reason"]
        )
        title = _("Reject this progress")
    result = _submit(
        request,
        form,
        action,
        success=_("Done."),
        template="plans/form.html",
        context={
            "title": title,
            "plan": plan,
            "intro": f"{indicator}: {update.value} ({update.period_start} – {update.period_end})",
        },
    )
    if isinstance(result, HttpResponse):
        return result
    return redirect("plans:indicator_detail", plan.pk, indicator.pk)


# --- Adaptations -------------------------------------------------------------------------------


@_guarded
@require_http_methods(["GET", "HEAD", "POST"])
def adaptation_edit(request, pk, adaptation_id=None):
    plan = _plan(request, pk)
    _require(request, "plans.record_adaptation", plan)
    adaptation = None
    initial = None
    if adaptation_id is not None:
        adaptation = get_object_or_404(plan.adaptations, pk=adaptation_id)
        initial = {name: getattr(adaptation, name) for name in services.plan.ADAPTATION_EDITABLE}
        initial["activities"] = list(adaptation.activities.all())
    form = forms.AdaptationForm(_posted(request), initial=initial, plan=plan)

    def save(data):
        if adaptation is None:
            return services.adaptation_create(plan=plan, recorded_by=request.user, **data)
        return services.adaptation_update(adaptation=adaptation, updated_by=request.user, **data)

    result = _submit(
        request,
        form,
        save,
        success=_("The adaptation has been recorded."),
        template="plans/form.html",
        context={"title": _("Adaptation to the context"), "plan": plan},
    )
    return (
        redirect("plans:plan_detail", plan.pk) if not isinstance(result, HttpResponse) else result
    )
