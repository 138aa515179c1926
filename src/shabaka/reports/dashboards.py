"""From figures (reports.selectors) to charts (reports.charts): titles, descriptions, labels."""

from django.utils.translation import gettext as _

from shabaka.reports import charts


def _gender_label(value: str) -> str:
    from shabaka.directory.models import Gender

    return dict(Gender.choices).get(value, value)


def _kind_label(value: str) -> str:
    from shabaka.directory.models import OrganisationKind

    if value == "none":
        return _("No organisation")
    return dict(OrganisationKind.choices).get(value, value)


def members_chart(members_by_year, title: str):
    return charts.column_chart(
        title=title,
        desc=_("Member organisations and networks at the end of each year."),
        categories=[str(y) for y, _n in members_by_year],
        series=[(_("Members"), [n for _y, n in members_by_year])],
        category_header=_("Year"),
    )


def platform_charts(figures: dict) -> list:
    events = figures["events"]
    result = [
        charts.bar_chart(
            title=_("Networks by kind"),
            desc=_("How many networks of each kind the platform holds."),
            rows=figures["networks_by_kind"],
            label_header=_("Kind"),
            value_header=_("Networks"),
        ),
        members_chart(figures["members_by_year"], _("Members over time")),
        charts.bar_chart(
            title=_("Endorsement of the codes of conduct in force"),
            desc=_(
                "Share of each network's active members that endorsed the version of the code "
                "of conduct in force, in per cent."
            ),
            rows=[(r["network"].name, r["rate"]) for r in figures["endorsement"]],
            label_header=_("Network"),
            value_header=_("Endorsed (%)"),
            maximum=100,
            suffix="%",
        ),
    ]
    if events["quarters"]:
        result += [
            charts.column_chart(
                title=_("Events per quarter, by type"),
                desc=_("Events held or planned each quarter (cancelled ones left out)."),
                categories=events["quarters"],
                series=events["types"],
                category_header=_("Quarter"),
            ),
            charts.column_chart(
                title=_("Participants per quarter, by gender"),
                desc=_(
                    "People who attended at least one day of an event, each quarter; a person "
                    "at two events counts twice."
                ),
                categories=events["quarters"],
                series=events["genders"],
                category_header=_("Quarter"),
            ),
        ]
    return result


def plan_charts(plans) -> list:
    if not plans:
        return []
    return [
        charts.bar_chart(
            title=_("Action plan progress"),
            desc=_("Share of each plan's activities that are done, in per cent."),
            rows=[
                (
                    p.title,
                    round(100 * p.counts["done"] / p.counts["total"], 1)
                    if p.counts["total"]
                    else 0.0,
                )
                for p in plans
            ],
            label_header=_("Action plan"),
            value_header=_("Done (%)"),
            maximum=100,
            suffix="%",
        ),
        charts.column_chart(
            title=_("Activities on track, late and done"),
            desc=_("Activities of each plan by where they stand against their planned dates."),
            categories=[p.title for p in plans],
            series=[
                (_("On track"), [p.counts["on_track"] for p in plans]),
                (_("Late"), [p.counts["late"] for p in plans]),
                (_("Done"), [p.counts["done"] for p in plans]),
                (_("Cancelled"), [p.counts["cancelled"] for p in plans]),
            ],
            category_header=_("Action plan"),
        ),
    ]


def network_charts(figures: dict) -> list:
    result = plan_charts(figures["plans"])
    result.append(members_chart(figures["members_by_year"], _("Members over time")))
    if figures["events_attended"]:
        years = figures["events_attended"]
        result.append(
            charts.column_chart(
                title=_("Events attended"),
                desc=_("Events at which people of the network attended at least one day."),
                categories=[str(y) for y, _e, _p in years],
                series=[(_("Events"), [e for _y, e, _p in years])],
                category_header=_("Year"),
            )
        )
    return result


def project_charts(figures: dict) -> list:
    counts = figures["participants"]
    result = [
        charts.bar_chart(
            title=_("Events by type"),
            desc=_("The project's events (cancelled ones left out)."),
            rows=figures["events_by_type"],
            label_header=_("Type"),
            value_header=_("Events"),
        ),
        charts.bar_chart(
            title=_("Participants by gender"),
            desc=_("People who attended at least one day of the project's events."),
            rows=[(_gender_label(g), n) for g, n in sorted(counts["by_gender"].items())],
            label_header=_("Gender"),
            value_header=_("Participants"),
        ),
        charts.bar_chart(
            title=_("Participants by kind of organisation"),
            desc=_("The organisations participants came from, by kind."),
            rows=[(_kind_label(k), n) for k, n in sorted(counts["by_organisation_kind"].items())],
            label_header=_("Kind of organisation"),
            value_header=_("Participants"),
        ),
    ]
    if figures["framework_tags"]:
        result.append(
            charts.bar_chart(
                title=_("Framework tags"),
                desc=_("Framework items the project and its events are tagged with."),
                rows=[(code, n) for code, _title, n in figures["framework_tags"]],
                label_header=_("Framework item"),
                value_header=_("Records"),
            )
        )
    return result


def dialogue_charts(figures: dict) -> list:
    years = figures["meetings_by_year"]
    result = [
        charts.column_chart(
            title=_("Meetings attended by the state, per year"),
            desc=_("Dialogue meetings at which the state's delegation attended."),
            categories=[str(y) for y, _n in years],
            series=[(_("Meetings"), [n for _y, n in years])],
            category_header=_("Year"),
        )
    ]
    lanes: dict[str, list] = {}
    for row in figures["history"]:
        label = row.appointment.get_function_display()
        holder = row.name or _("Name not shown")
        lanes.setdefault(label, []).append((row.started_on, row.ended_on, holder))
    if lanes:
        result.append(
            charts.timeline(
                title=_("Focal points over time"),
                desc=_("Who held each focal point post, and when."),
                lanes=list(lanes.items()),
                today=figures["today"],
                lane_header=_("Post"),
                period_header=_("Period"),
                holder_header=_("Holder"),
            )
        )
    return result
