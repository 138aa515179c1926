"""The plan as a spreadsheet (XLSX) or CSV, from the same data as the plan page.

Cells that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) are prefixed with an apostrophe so an export never runs anything when opened."""

import csv
import io

from django.utils.translation import gettext as _

# One rule for every export of the platform (formula-injection escaping included).
from shabaka.core.exports import FORMULA_STARTS, safe_cell  # noqa: F401


def _organisation(org, shown: bool) -> str:
    return org.display_name if shown else _("an unlisted organisation")


def activity_rows(document: dict) -> tuple[list[str], list[list]]:
    header = [
        _("Objective"),
        _("Number"),
        _("Activity"),
        _("Lead organisation"),
        _("Partner organisations"),
        _("Planned start"),
        _("Planned end"),
        _("Actual start"),
        _("Actual end"),
        _("Status"),
        _("Schedule"),
        _("Budget"),
        _("Currency"),
        _("Places"),
        _("Project"),
    ]
    schedule = {
        "on_track": _("on track"),
        "late": _("late"),
        "done": _("done"),
        "cancelled": _("cancelled"),
    }
    rows = []
    for objective in document["objectives"]:
        for a in objective.activities_list:
            partners = [p.display_name for p in a.partners_shown]
            if a.partners_hidden:
                partners.append(_("%(n)s unlisted organisation(s)") % {"n": a.partners_hidden})
            rows.append(
                [
                    str(objective),
                    a.code,
                    a.title,
                    _organisation(a.lead, a.lead_shown),
                    "; ".join(partners),
                    a.planned_start,
                    a.planned_end,
                    a.actual_start,
                    a.actual_end,
                    a.get_status_display(),
                    schedule[a.schedule],
                    a.budget,
                    a.currency,
                    "; ".join(p.localised_name() for p in a.places.all()),
                    str(a.project) if a.project_id else "",
                ]
            )
    return header, rows


def indicator_rows(document: dict) -> tuple[list[str], list[list]]:
    header = [
        _("Objective or activity"),
        _("Indicator"),
        _("Unit"),
        _("Direction"),
        _("Baseline"),
        _("Baseline year"),
        _("Target"),
        _("Target date"),
        _("Latest validated value"),
        _("Period end"),
        _("% of target"),
    ]
    rows = []

    def add(owner, indicator):
        latest = indicator.latest
        rows.append(
            [
                str(owner),
                indicator.title,
                indicator.get_unit_display(),
                indicator.get_direction_display(),
                indicator.baseline,
                indicator.baseline_year,
                indicator.target,
                indicator.target_date,
                latest.value if latest else None,
                latest.period_end if latest else None,
                indicator.achievement.percent,
            ]
        )

    for objective in document["objectives"]:
        for indicator in objective.indicators_list:
            add(objective, indicator)
        for activity in objective.activities_list:
            for indicator in activity.indicators_list:
                add(activity, indicator)
    return header, rows


def progress_rows(document: dict) -> tuple[list[str], list[list]]:
    header = [
        _("Indicator"),
        _("Period start"),
        _("Period end"),
        _("Value"),
        _("Target for the period"),
        _("Status"),
        _("Narrative"),
    ]
    rows = [
        [
            indicator.title,
            u.period_start,
            u.period_end,
            u.value,
            u.period_target,
            u.get_status_display(),
            u.narrative,
        ]
        for indicator in document["indicators"]
        for u in indicator.updates_list
    ]
    return header, rows


def adaptation_rows(document: dict) -> tuple[list[str], list[list]]:
    header = [
        _("Adaptation"),
        _("What changed"),
        _("Why"),
        _("Decided on"),
        _("Decided by"),
        _("Where"),
        _("Affected activities"),
    ]
    rows = [
        [
            a.title,
            a.what_changed,
            a.why,
            a.decided_on,
            a.decided_by,
            a.occasion,
            "; ".join(str(x) for x in a.activities.all()),
        ]
        for a in document["adaptations"]
    ]
    return header, rows


TABLES = {
    "activities": activity_rows,
    "indicators": indicator_rows,
    "progress": progress_rows,
    "adaptations": adaptation_rows,
}


def to_csv(document: dict, table: str = "activities") -> str:
    header, rows = TABLES[table](document)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow(
            [
                "" if v is None else (v.isoformat() if hasattr(v, "isoformat") else safe_cell(v))
                for v in row
            ]
        )
    return out.getvalue()


def to_xlsx(document: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    plan = document["plan"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Plan")[:31]
    facts = [
        (_("Plan"), plan.title),
        (_("Network"), str(plan.network)),
        (_("Period start"), plan.period_start),
        (_("Period end"), plan.period_end),
        (_("Status"), plan.get_status_display()),
        (_("Version"), document["versions"][-1].number if document["versions"] else ""),
        (_("Summary"), plan.summary),
    ]
    for label, value in facts:
        sheet.append([safe_cell(label), safe_cell(value)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    titles = {
        "activities": _("Activities"),
        "indicators": _("Indicators"),
        "progress": _("Progress"),
        "adaptations": _("Adaptations"),
    }
    for key, build in TABLES.items():
        header, rows = build(document)
        ws = workbook.create_sheet(titles[key][:31])
        ws.append([safe_cell(h) for h in header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if hasattr(cell.value, "isoformat"):
                    cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
