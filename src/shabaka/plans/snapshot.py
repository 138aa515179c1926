"""A plan version's frozen tree, and the field-by-field comparison of two versions."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from shabaka.plans.models import ActionPlan, Activity, Indicator, Objective

PLAN_FIELDS = ["title", "summary", "period_start", "period_end", "visibility"]
OBJECTIVE_FIELDS = ["code", "title", "description"]
ACTIVITY_FIELDS = [
    "code",
    "title",
    "description",
    "lead",
    "partners",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "budget",
    "currency",
    "status",
    "places",
    "project",
]
INDICATOR_FIELDS = [
    "title",
    "description",
    "unit",
    "direction",
    "baseline",
    "baseline_year",
    "target",
    "target_date",
    "disaggregation",
]
FIELD_LABELS = {
    "title": _("title"),
    "summary": _("summary"),
    "period_start": _("period start"),
    "period_end": _("period end"),
    "visibility": _("visibility"),
    "code": _("number"),
    "description": _("description"),
    "lead": _("lead organisation"),
    "partners": _("partner organisations"),
    "planned_start": _("planned start"),
    "planned_end": _("planned end"),
    "actual_start": _("actual start"),
    "actual_end": _("actual end"),
    "budget": _("budget"),
    "currency": _("currency"),
    "status": _("status"),
    "places": _("places"),
    "project": _("project"),
    "unit": _("unit"),
    "direction": _("direction"),
    "baseline": _("baseline"),
    "baseline_year": _("baseline year"),
    "target": _("target"),
    "target_date": _("target date"),
    "disaggregation": _("disaggregated by"),
}
KIND_LABELS = {
    "plan": _("Plan"),
    "objective": _("Objective"),
    "activity": _("Activity"),
    "indicator": _("Indicator"),
}


def _text(value) -> Any:
    if value is None:
        return None
    if isinstance(value, list | dict | int | str):
        return value
    return str(value)


def _organisation(org) -> dict:
    return {"id": org.pk, "name": org.display_name}


def _indicator(indicator: Indicator) -> dict:
    data = {"id": indicator.pk}
    data.update({name: _text(getattr(indicator, name)) for name in INDICATOR_FIELDS})
    return data


def _activity(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "code": activity.code,
        "title": activity.title,
        "description": activity.description,
        "lead": _organisation(activity.lead),
        "partners": [_organisation(o) for o in activity.partners.all()],
        "planned_start": _text(activity.planned_start),
        "planned_end": _text(activity.planned_end),
        "actual_start": _text(activity.actual_start),
        "actual_end": _text(activity.actual_end),
        "budget": _text(activity.budget),
        "currency": activity.currency,
        "status": activity.status,
        "places": [place.localised_name() for place in activity.places.all()],
        "project": str(activity.project) if activity.project_id else None,
        "indicators": [_indicator(i) for i in activity.indicators.all()],
    }


def build_snapshot(plan: ActionPlan) -> dict:
    """The plan tree as plain JSON: names are copied so a version stays readable after the
    records it names change or disappear; ids key the comparison."""
    objectives = (
        Objective.objects.filter(plan=plan).prefetch_related("indicators").order_by("order", "id")
    )
    activities = (
        Activity.objects.filter(plan=plan)
        .select_related("lead", "project")
        .prefetch_related("partners", "places", "indicators")
        .order_by("order", "id")
    )
    by_objective: dict[int, list] = {}
    for activity in activities:
        by_objective.setdefault(activity.objective_id, []).append(_activity(activity))
    return {
        "plan": {name: _text(getattr(plan, name)) for name in PLAN_FIELDS},
        "objectives": [
            {
                "id": objective.pk,
                "code": objective.code,
                "title": objective.title,
                "description": objective.description,
                "indicators": [_indicator(i) for i in objective.indicators.all()],
                "activities": by_objective.get(objective.pk, []),
            }
            for objective in objectives
        ],
    }


def _shown_organisation(value: dict | None, visible_org_ids) -> str:
    if not value:
        return ""
    if visible_org_ids is not None and value["id"] not in visible_org_ids:
        return str(_("an unlisted organisation"))
    return value["name"]


def _display(name: str, value, visible_org_ids) -> str:
    if name == "lead":
        return _shown_organisation(value, visible_org_ids)
    if name == "partners":
        return ", ".join(_shown_organisation(v, visible_org_ids) for v in value or [])
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def flatten(snapshot: dict, *, visible_org_ids=None) -> dict[str, dict]:
    """key -> {"kind", "label", "fields": {name: shown value}} in the plan's reading order.
    Organisations the viewer may not see are shown as "an unlisted organisation"."""
    items: dict[str, dict] = {}

    def add(kind, key, label, data, fields):
        items[key] = {
            "kind": kind,
            "kind_label": KIND_LABELS[kind],
            "label": label,
            "fields": {name: _display(name, data.get(name), visible_org_ids) for name in fields},
        }

    def add_indicators(parent, owner_label):
        for indicator in parent.get("indicators", []):
            add(
                "indicator",
                f"indicator:{indicator['id']}",
                f"{owner_label} › {indicator['title']}",
                indicator,
                INDICATOR_FIELDS,
            )

    add("plan", "plan", snapshot.get("plan", {}).get("title", ""), snapshot["plan"], PLAN_FIELDS)
    for objective in snapshot.get("objectives", []):
        label = f"{objective.get('code', '')} {objective['title']}".strip()
        add("objective", f"objective:{objective['id']}", label, objective, OBJECTIVE_FIELDS)
        add_indicators(objective, label)
        for activity in objective.get("activities", []):
            a_label = f"{activity.get('code', '')} {activity['title']}".strip()
            add("activity", f"activity:{activity['id']}", a_label, activity, ACTIVITY_FIELDS)
            add_indicators(activity, a_label)
    return items


def compare(older: dict, newer: dict, *, visible_org_ids=None) -> list[dict]:
    """What changed from `older` to `newer`: items added, removed, and for items in both, each
    field whose shown value differs (field label, old, new)."""
    a = flatten(older, visible_org_ids=visible_org_ids)
    b = flatten(newer, visible_org_ids=visible_org_ids)
    changes = []
    for key, item in b.items():
        if key not in a:
            changes.append({**item, "change": "added", "fields_changed": []})
            continue
        before = a[key]["fields"]
        changed = [
            {
                "name": name,
                "label": FIELD_LABELS.get(name, name),
                "old": before.get(name, ""),
                "new": value,
            }
            for name, value in item["fields"].items()
            if before.get(name, "") != value
        ]
        if changed:
            changes.append({**item, "change": "changed", "fields_changed": changed})
    for key, item in a.items():
        if key not in b:
            changes.append({**item, "change": "removed", "fields_changed": []})
    return changes
