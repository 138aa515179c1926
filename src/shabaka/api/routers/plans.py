"""Action plans the viewer may see, with objectives, activities and indicators and their
computed progress; progress updates submitted, validated and rejected over plans.services."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from shabaka.api.auth import anyone, signed_in, viewer
from shabaka.api.pagination import PageParams, paginate
from shabaka.api.schemas import ERRORS, IsoDate, Page, ReasonIn, StrictIn
from shabaka.networks.selectors import networks_visible_to
from shabaka.plans import selectors, services
from shabaka.plans.models import Activity, Indicator, Objective, ProgressUpdate
from shabaka.projects.selectors import projects_visible_to

router = Router(tags=["action plans"])


class PlanOut(Schema):
    id: int
    network: str
    title: str
    summary: str
    period_start: IsoDate
    period_end: IsoDate
    status: str
    visibility: str
    adopted_on: date | None
    closed_on: date | None
    url: str


class PlanPage(Page):
    items: list[PlanOut]


class ProgressOut(Schema):
    """Computed from baseline, target and the latest validated value; never typed."""

    latest_value: Decimal | None
    latest_period_end: date | None
    percent: Decimal | None
    bar: int | None
    reached: bool
    pending: int


class IndicatorOut(Schema):
    id: int
    title: str
    unit: str
    direction: str
    baseline: Decimal | None
    target: Decimal | None
    target_date: date | None
    disaggregation: list[str]
    progress: ProgressOut


class ActivityOut(Schema):
    id: int
    code: str
    title: str
    status: str
    schedule: str
    planned_start: date
    planned_end: date
    actual_start: date | None
    actual_end: date | None
    # Organisations only as far as the viewer may see them.
    lead: str | None
    partners: list[str]
    partners_hidden: int
    indicators: list[IndicatorOut]


class ObjectiveOut(Schema):
    id: int
    code: str
    title: str
    description: str
    indicators: list[IndicatorOut]
    activities: list[ActivityOut]


class ScheduleCounts(Schema):
    on_track: int
    late: int
    done: int
    cancelled: int
    total: int


class PlanDetailOut(PlanOut):
    objectives: list[ObjectiveOut]
    activity_counts: ScheduleCounts


class PlanFilters(Schema):
    network: str | None = None
    status: str | None = None
    year: int | None = Field(None, ge=1900, le=2100)


def _plan(p) -> dict:
    return {
        "id": p.pk,
        "network": p.network.slug,
        "title": p.title,
        "summary": p.summary,
        "period_start": p.period_start,
        "period_end": p.period_end,
        "status": p.status,
        "visibility": p.visibility,
        "adopted_on": p.adopted_on,
        "closed_on": p.closed_on,
        "url": reverse("plans:plan_detail", args=[p.pk]),
    }


@router.get(
    "/plans", response={200: PlanPage, **ERRORS}, auth=anyone, openapi_extra={"x-public": True}
)
def plan_list(request, filters: Query[PlanFilters], page: Query[PageParams]):
    user = viewer(request)
    network = None
    if filters.network:
        network = networks_visible_to(user).filter(slug=filters.network).first()
        if network is None:
            return {"count": 0, "page": 1, "pages": 1, "items": []}
    plans = selectors.plan_list(
        viewer=user, network=network, status=filters.status or "", year=filters.year
    )
    return paginate(plans.order_by("-period_start", "title", "pk"), page, _plan)


def _indicator(i) -> dict:
    latest = i.latest
    return {
        "id": i.pk,
        "title": i.title,
        "unit": i.unit,
        "direction": i.direction,
        "baseline": i.baseline,
        "target": i.target,
        "target_date": i.target_date,
        "disaggregation": list(i.disaggregation or []),
        "progress": {
            "latest_value": latest.value if latest else None,
            "latest_period_end": latest.period_end if latest else None,
            "percent": i.achievement.percent,
            "bar": i.achievement.bar,
            "reached": i.achievement.reached,
            "pending": i.pending,
        },
    }


def _activity(a) -> dict:
    return {
        "id": a.pk,
        "code": a.code,
        "title": a.title,
        "status": a.status,
        "schedule": a.schedule,
        "planned_start": a.planned_start,
        "planned_end": a.planned_end,
        "actual_start": a.actual_start,
        "actual_end": a.actual_end,
        "lead": a.lead.name if a.lead_shown else None,
        "partners": [p.name for p in a.partners_shown],
        "partners_hidden": a.partners_hidden,
        "indicators": [_indicator(i) for i in a.indicators_list],
    }


@router.get(
    "/plans/{plan_id}",
    response={200: PlanDetailOut, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def plan_detail(request, plan_id: int):
    user = viewer(request)
    plan = get_object_or_404(selectors.plans_visible_to(user), pk=plan_id)
    document = selectors.plan_document(plan=plan, viewer=user)
    return {
        **_plan(plan),
        "objectives": [
            {
                "id": o.pk,
                "code": o.code,
                "title": o.title,
                "description": o.description,
                "indicators": [_indicator(i) for i in o.indicators_list],
                "activities": [_activity(a) for a in o.activities_list],
            }
            for o in document["objectives"]
        ],
        "activity_counts": document["counts"],
    }


# --- Progress updates ----------------------------------------------------------------------------


class ProgressIn(StrictIn):
    period_start: IsoDate
    period_end: IsoDate
    value: Decimal
    narrative: str
    period_target: Decimal | None = None
    disaggregated_values: dict[str, dict[str, Decimal]] = {}
    evidence_link: str = ""


class ProgressUpdateOut(Schema):
    id: int
    indicator: int
    period_start: IsoDate
    period_end: IsoDate
    value: Decimal
    period_target: Decimal | None
    disaggregated_values: dict[str, dict[str, str]]
    narrative: str
    evidence_link: str
    status: str
    submitted_at: datetime
    validated_at: datetime | None
    rejection_reason: str


def _update(u: ProgressUpdate) -> dict:
    return {
        "id": u.pk,
        "indicator": u.indicator_id,
        "period_start": u.period_start,
        "period_end": u.period_end,
        "value": u.value,
        "period_target": u.period_target,
        "disaggregated_values": {
            str(d): {str(c): str(v) for c, v in values.items()}
            for d, values in (u.disaggregated_values or {}).items()
        },
        "narrative": u.narrative,
        "evidence_link": u.evidence_link,
        "status": u.status,
        "submitted_at": u.submitted_at,
        "validated_at": u.validated_at,
        "rejection_reason": u.rejection_reason,
    }


def _visible_indicator(user, indicator_id: int) -> Indicator:
    """An indicator of a plan (or a project) the viewer may see; else a 404."""
    indicator = Indicator.objects.filter(pk=indicator_id).select_related("owner_type").first()
    if indicator is None:
        raise Http404
    model = indicator.owner_type.model_class()
    if model in (Objective, Activity):
        owners = model.objects.filter(plan__in=selectors.plans_visible_to(user).values("pk"))
    else:
        owners = projects_visible_to(user) if model is not None else None
        if owners is None or owners.model is not model:
            raise Http404
    owner = owners.select_related(*(["plan__network"] if model in (Objective, Activity) else []))
    owner = owner.filter(pk=indicator.owner_id).first()
    if owner is None:
        raise Http404
    indicator.owner = owner
    return indicator


@router.post(
    "/indicators/{indicator_id}/progress",
    response={201: ProgressUpdateOut, **ERRORS},
    auth=signed_in,
    summary="Report progress on an indicator (the lead organisation's editor or the coordinator)",
)
def progress_submit(request, indicator_id: int, payload: ProgressIn):
    indicator = _visible_indicator(request.user, indicator_id)
    if not request.user.has_perm("plans.submit_progress", indicator):
        raise PermissionDenied
    update = services.progress_submit(
        indicator=indicator,
        submitted_by=request.user,
        period_start=payload.period_start,
        period_end=payload.period_end,
        value=payload.value,
        period_target=payload.period_target,
        narrative=payload.narrative,
        disaggregated_values=payload.disaggregated_values,
        evidence_link=payload.evidence_link,
    )
    return Status(201, _update(update))


def _visible_update(user, update_id: int) -> ProgressUpdate:
    update = ProgressUpdate.objects.filter(pk=update_id).first()
    if update is None:
        raise Http404
    update.indicator = _visible_indicator(user, update.indicator_id)
    return update


@router.get(
    "/indicators/{indicator_id}/progress",
    response={200: list[ProgressUpdateOut], **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def progress_list(request, indicator_id: int):
    """Progress reported on an indicator the viewer may see, newest period first."""
    indicator = _visible_indicator(viewer(request), indicator_id)
    return [_update(u) for u in indicator.updates.order_by("-period_end", "-id")]


@router.post(
    "/progress/{update_id}/validate",
    response={200: ProgressUpdateOut, **ERRORS},
    auth=signed_in,
    summary="The coordinator validates submitted progress",
)
def progress_validate(request, update_id: int):
    update = _visible_update(request.user, update_id)
    if not request.user.has_perm("plans.validate_progress", update):
        raise PermissionDenied
    return _update(services.progress_validate(update=update, validated_by=request.user))


@router.post(
    "/progress/{update_id}/reject",
    response={200: ProgressUpdateOut, **ERRORS},
    auth=signed_in,
    summary="The coordinator rejects submitted progress (a reason is required)",
)
def progress_reject(request, update_id: int, payload: ReasonIn):
    update = _visible_update(request.user, update_id)
    if not request.user.has_perm("plans.validate_progress", update):
        raise PermissionDenied
    return _update(
        services.progress_reject(update=update, validated_by=request.user, reason=payload.reason)
    )
