"""Writes on indicators and their progress updates. The projects app's IATI import uses
indicator_create / indicator_update / progress_import with `external_ref` to stay idempotent.

Permission-free: callers ask plans.rules first (submit: the lead organisation's editor or the
coordinator; validate: the network's coordinator or project staff)."""

from datetime import date
from decimal import Decimal, DecimalException

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_snapshot, audit_updated
from shabaka.accounts.models import AuditAction
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.core.visibility import Visibility
from shabaka.plans.computations import value_problem
from shabaka.plans.models import (
    DISAGGREGATION_DIMENSIONS,
    ActionPlan,
    Activity,
    Indicator,
    IndicatorDirection,
    IndicatorUnit,
    Objective,
    PlanStatus,
    ProgressStatus,
    ProgressUpdate,
)

CENTS = Decimal("0.01")
# Values are stored with 16 digits, two after the point (DecimalField(max_digits=16, ...)).
LARGEST = Decimal("99999999999999.99")


def plan_of(owner) -> ActionPlan | None:
    """The action plan an indicator's owner belongs to (None for a project's indicator)."""
    if isinstance(owner, Objective | Activity):
        return owner.plan
    return None


def _decimal(value, field: str, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(value)
    except (DecimalException, TypeError, ValueError):
        raise Refused(_("%(label)s must be a number.") % {"label": label}, field=field) from None
    if not number.is_finite():
        raise Refused(_("%(label)s must be a number.") % {"label": label}, field=field)
    if number.copy_abs() > LARGEST:
        raise Refused(
            _("%(label)s is too large: at most %(largest)s.")
            % {"label": label, "largest": LARGEST},
            field=field,
        )
    return number


def _check_value(value, unit: str, field: str, label: str) -> Decimal | None:
    number = _decimal(value, field, label)
    problem = value_problem(value=number, unit=unit, label=label)
    if problem:
        raise Refused(problem, field=field)
    # As stored (two decimal places), so re-imports compare equal to what is in the database.
    return number.quantize(CENTS) if number is not None else None


def _check_indicator(values: dict) -> dict:
    if not (values["title"] or "").strip():
        raise Refused(_("Give the indicator a title."), field="title")
    values["title"] = values["title"].strip()
    if values["unit"] not in IndicatorUnit.values:
        raise Refused(_("Choose a unit: number, percentage or yes/no."), field="unit")
    if values["direction"] not in IndicatorDirection.values:
        raise Refused(_("Choose a direction: increase or decrease."), field="direction")
    unit = values["unit"]
    values["baseline"] = _check_value(values["baseline"], unit, "baseline", _("The baseline"))
    values["target"] = _check_value(values["target"], unit, "target", _("The target"))
    baseline, target = values["baseline"], values["target"]
    if baseline is not None and target is not None:
        if values["direction"] == IndicatorDirection.INCREASE and target < baseline:
            raise Refused(
                _("An increasing indicator's target cannot be below its baseline."),
                field="target",
            )
        if values["direction"] == IndicatorDirection.DECREASE and target > baseline:
            raise Refused(
                _("A decreasing indicator's target cannot be above its baseline."),
                field="target",
            )
    year = values["baseline_year"]
    if year not in (None, "") and not (1900 <= int(year) <= 2100):
        raise Refused(_("Give the baseline year as a year, e.g. 2020."), field="baseline_year")
    values["baseline_year"] = int(year) if year not in (None, "") else None
    dimensions = list(values["disaggregation"] or [])
    unknown = [d for d in dimensions if d not in DISAGGREGATION_DIMENSIONS]
    if unknown:
        raise Refused(
            _("Unknown dimension(s): %(unknown)s. Use: %(known)s.")
            % {
                "unknown": ", ".join(map(str, unknown)),
                "known": ", ".join(DISAGGREGATION_DIMENSIONS),
            },
            field="disaggregation",
        )
    values["disaggregation"] = list(dict.fromkeys(dimensions))
    values["external_ref"] = (values["external_ref"] or "").strip()
    return values


def _check_owner_open(owner) -> None:
    plan = plan_of(owner)
    if plan is not None and plan.status == PlanStatus.CLOSED:
        raise InvalidTransition(_("This plan is closed: it can no longer be changed."))


@transaction.atomic
def indicator_create(
    *,
    owner,
    title: str,
    unit: str,
    direction: str,
    created_by,
    baseline=None,
    target=None,
    baseline_year=None,
    target_date: date | None = None,
    disaggregation=(),
    description: str = "",
    external_ref: str = "",
) -> Indicator:
    """An indicator on any record (an objective, an activity, a project). An `external_ref`
    already used on the same owner is refused: importers look it up and call indicator_update."""
    _check_owner_open(owner)
    values = _check_indicator(
        {
            "title": title,
            "unit": unit,
            "direction": direction,
            "baseline": baseline,
            "target": target,
            "baseline_year": baseline_year,
            "disaggregation": disaggregation,
            "external_ref": external_ref,
        }
    )
    owner_type = ContentType.objects.get_for_model(owner, for_concrete_model=True)
    if (
        values["external_ref"]
        and Indicator.objects.filter(
            owner_type=owner_type, owner_id=owner.pk, external_ref=values["external_ref"]
        ).exists()
    ):
        raise Refused(
            _("An indicator with the reference %(ref)s already exists here.")
            % {"ref": values["external_ref"]},
            field="external_ref",
        )
    order = Indicator.objects.filter(owner_type=owner_type, owner_id=owner.pk).count() + 1
    indicator = Indicator.objects.create(
        owner_type=owner_type,
        owner_id=owner.pk,
        description=description,
        target_date=target_date,
        created_by=created_by,
        order=order,
        **values,
    )
    audit_created(actor=created_by, obj=indicator)
    return indicator


INDICATOR_EDITABLE = (
    "title",
    "description",
    "unit",
    "direction",
    "baseline",
    "baseline_year",
    "target",
    "target_date",
    "disaggregation",
    "external_ref",
)


@transaction.atomic
def indicator_update(*, indicator: Indicator, updated_by, **fields) -> Indicator:
    unknown = set(fields) - set(INDICATOR_EDITABLE)
    if unknown:
        raise Refused(_("These fields cannot be changed here: %s.") % ", ".join(sorted(unknown)))
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _check_owner_open(locked.owner)
    values = {name: fields.get(name, getattr(locked, name)) for name in INDICATOR_EDITABLE}
    values = _check_indicator(values)
    if values["unit"] != locked.unit and locked.updates.exists():
        raise Refused(
            _("The unit cannot change once progress has been reported against it."), field="unit"
        )
    before = audit_snapshot(locked, INDICATOR_EDITABLE)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    audit_updated(actor=updated_by, obj=locked, before=before)
    indicator.refresh_from_db()
    return indicator


# --- Progress ----------------------------------------------------------------------------------


def _check_period(period_start, period_end) -> None:
    if period_start is None or period_end is None:
        raise Refused(
            _("Give the reporting period: a start and an end date."), field="period_start"
        )
    if period_end < period_start:
        raise Refused(
            _("The reporting period ends (%(end)s) before it starts (%(start)s).")
            % {"end": period_end, "start": period_start},
            field="period_end",
        )


def _check_disaggregated(indicator: Indicator, values) -> dict:
    """{dimension: {category: value}} for the indicator's own dimensions, values fitting its
    unit."""
    if not values:
        return {}
    if not isinstance(values, dict):
        raise Refused(_("Give values by dimension and category."), field="disaggregated_values")
    checked = {}
    for dimension, categories in values.items():
        if dimension not in indicator.disaggregation:
            raise Refused(
                _("This indicator is not broken down by %(dimension)s.") % {"dimension": dimension},
                field="disaggregated_values",
            )
        if not isinstance(categories, dict):
            raise Refused(_("Give values by dimension and category."), field="disaggregated_values")
        checked[dimension] = {}
        for category, value in categories.items():
            label = f"{dimension}: {category}"
            number = _check_value(value, indicator.unit, "disaggregated_values", label)
            if number is None:
                raise Refused(
                    _("%(label)s has no value.") % {"label": label}, field="disaggregated_values"
                )
            checked[dimension][str(category).strip()] = str(number)
    return checked


def _evidence_visibility(indicator: Indicator):
    plan = plan_of(indicator.owner)
    if plan is None:
        return Visibility.MEMBERS, None
    return Visibility.MEMBERS, plan.network


@transaction.atomic
def progress_submit(
    *,
    indicator: Indicator,
    period_start: date,
    period_end: date,
    value,
    narrative: str,
    submitted_by,
    evidence=None,
    evidence_link: str = "",
    disaggregated_values=None,
    period_target=None,
) -> ProgressUpdate:
    """A value for a reporting period, waiting for validation. `evidence` is an uploaded file,
    stored as a content Document owned by the update (validated by type and size)."""
    _check_owner_open(indicator.owner)
    _check_period(period_start, period_end)
    number = _check_value(value, indicator.unit, "value", _("The value"))
    if number is None:
        raise Refused(_("Give the value reached."), field="value")
    period_target = _check_value(period_target, indicator.unit, "period_target", _("The target"))
    if not (narrative or "").strip():
        raise Refused(_("Tell in a few words what was done in this period."), field="narrative")
    breakdown = _check_disaggregated(indicator, disaggregated_values)
    clash = indicator.updates.filter(
        period_start=period_start,
        period_end=period_end,
        status__in=[ProgressStatus.SUBMITTED, ProgressStatus.VALIDATED],
    ).first()
    if clash is not None:
        raise Refused(
            _("Progress for this period has already been reported (%(status)s).")
            % {"status": clash.get_status_display()},
            field="period_start",
        )
    update = ProgressUpdate.objects.create(
        indicator=indicator,
        period_start=period_start,
        period_end=period_end,
        value=number,
        period_target=period_target,
        disaggregated_values=breakdown,
        narrative=narrative.strip(),
        evidence_link=(evidence_link or "").strip(),
        submitted_by=submitted_by,
    )
    audit_created(actor=submitted_by, obj=update)
    if evidence:
        from shabaka.content.services import document_create

        visibility, network = _evidence_visibility(indicator)
        document_create(
            title=_("Evidence: %(indicator)s, %(start)s – %(end)s")
            % {"indicator": indicator.title[:200], "start": period_start, "end": period_end},
            upload=evidence,
            owner=update,
            visibility=visibility,
            network=network,
            uploaded_by=submitted_by,
        )
    return update


def _decide(update, *, to, by, reason="", message) -> ProgressUpdate:
    locked = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if locked.status != ProgressStatus.SUBMITTED:
        raise InvalidTransition(message % {"status": locked.get_status_display()})
    before = audit_snapshot(locked, ["status", "validated_by", "validated_at", "rejection_reason"])
    locked.status = to
    locked.validated_by = by
    locked.validated_at = timezone.now()
    locked.rejection_reason = reason
    locked.save()
    audit_updated(actor=by, obj=locked, before=before, reason=reason, action=AuditAction.TRANSITION)
    update.refresh_from_db()
    return update


@transaction.atomic
def progress_validate(*, update: ProgressUpdate, validated_by) -> ProgressUpdate:
    return _decide(
        update,
        to=ProgressStatus.VALIDATED,
        by=validated_by,
        message=_("Only submitted progress can be validated; this update is %(status)s."),
    )


@transaction.atomic
def progress_reject(*, update: ProgressUpdate, validated_by, reason: str) -> ProgressUpdate:
    if not (reason or "").strip():
        raise Refused(_("Say why the progress is rejected."), field="reason")
    return _decide(
        update,
        to=ProgressStatus.REJECTED,
        by=validated_by,
        reason=reason.strip(),
        message=_("Only submitted progress can be rejected; this update is %(status)s."),
    )


@transaction.atomic
def progress_import(
    *,
    indicator: Indicator,
    period_start: date,
    period_end: date,
    value,
    external_ref: str,
    imported_by,
    period_target=None,
    narrative: str = "",
) -> ProgressUpdate:
    """Creates, or updates, the validated update with this `external_ref` (an imported result
    is already validated by its publisher). Running the same import twice changes nothing."""
    external_ref = (external_ref or "").strip()
    if not external_ref:
        raise Refused(_("An imported value needs its external reference."), field="external_ref")
    _check_period(period_start, period_end)
    number = _check_value(value, indicator.unit, "value", _("The value"))
    if number is None:
        raise Refused(_("Give the value reached."), field="value")
    period_target = _check_value(period_target, indicator.unit, "period_target", _("The target"))
    fields = {
        "period_start": period_start,
        "period_end": period_end,
        "value": number,
        "period_target": period_target,
        "narrative": narrative or "",
    }
    existing = (
        ProgressUpdate.objects.select_for_update()
        .filter(indicator=indicator, external_ref=external_ref)
        .first()
    )
    if existing is None:
        update = ProgressUpdate.objects.create(
            indicator=indicator,
            external_ref=external_ref,
            status=ProgressStatus.VALIDATED,
            submitted_by=imported_by,
            validated_by=imported_by,
            validated_at=timezone.now(),
            **fields,
        )
        audit_created(actor=imported_by, obj=update, reason="import")
        return update
    before = audit_snapshot(existing, fields.keys())
    for name, value_ in fields.items():
        setattr(existing, name, value_)
    if audit_snapshot(existing, fields.keys()) != before:
        existing.save()
        audit_updated(actor=imported_by, obj=existing, before=before, reason="import")
    return existing
