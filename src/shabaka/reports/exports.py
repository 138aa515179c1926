"""The lists a user can export, each with the same filters as its page.

Each export reads the page's own filter form and selector (so it holds exactly the rows the
page shows this viewer, in the same order) and turns a row into cells. Contact details of
organisations and people are never exported: lists carry names of records the viewer may
see, and figures."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shabaka.core.exports import chunks, iterate


@dataclass(frozen=True)
class ListExport:
    key: str
    label: str
    build: Callable  # (request, **kwargs) -> (filename, header, rows)
    permission: str | None = None
    # The URL arguments the builder needs (a network's members need the network's slug): a
    # route that gives other ones than these answers 404.
    url_kwargs: tuple[str, ...] = ()

    def takes(self, kwargs: dict) -> bool:
        return set(kwargs) == set(self.url_kwargs)


def _organisations(request):
    from shabaka.directory.forms import OrganisationFilterForm
    from shabaka.directory.selectors import add_directory_columns, organisation_directory

    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = organisation_directory(viewer=request.user, filters=filters)
    viewer = request.user
    header = [
        _("Name"),
        _("Acronym"),
        _("Kind"),
        _("Country"),
        _("Places"),
        _("Topics"),
        _("Networks"),
        _("Website"),
    ]

    def rows():
        for chunk in chunks(organisations):
            for org in add_directory_columns(viewer=viewer, organisations=chunk):
                yield [
                    org.localised_name(),
                    org.acronym,
                    org.get_kind_display(),
                    org.country.code,
                    "; ".join(org.place_names),
                    "; ".join(org.topic_names),
                    "; ".join(name for _link, _acronym, name in org.network_links),
                    org.website,
                ]

    return "organisations", header, rows()


def _network_members(request, slug: str):
    from shabaka.networks.models import CodeAdoption, Endorsement, MembershipStatus
    from shabaka.networks.selectors import memberships_visible_to, networks_visible_to

    network = networks_visible_to(request.user).filter(slug=slug).first()
    if network is None:
        raise Http404
    # As on the network page: active members to all who see them; suspended ones to managers.
    statuses = [MembershipStatus.ACTIVE]
    if request.user.has_perm("networks.manage_members", network):
        statuses.append(MembershipStatus.SUSPENDED)
    memberships = (
        memberships_visible_to(request.user, network)
        .filter(status__in=statuses)
        .select_related("organisation__country")
        .order_by("role", "organisation__normalised_name", "member_network__name", "pk")
    )
    adoption = CodeAdoption.objects.filter(network=network, replaced_at__isnull=True).first()
    endorsed = {}
    if adoption is not None:
        endorsed = dict(
            Endorsement.objects.filter(
                membership__network=network, version_id=adoption.version_id
            ).values_list("membership_id", "endorsed_on")
        )
    header = [_("Member"), _("Kind"), _("Country"), _("Role"), _("Status"), _("Member since")]
    header.append(_("Code of Conduct endorsed on"))

    def rows():
        for m in iterate(memberships):
            member = m.organisation or m.member_network
            if m.organisation is not None:
                kind, country = m.organisation.get_kind_display(), m.organisation.country.code
                name = m.organisation.localised_name()
            else:
                kind, country, name = _("Network"), "", member.name
            yield [
                name,
                kind,
                country,
                m.get_role_display(),
                m.get_status_display(),
                m.joined_on,
                endorsed.get(m.pk),
            ]

    return f"{network.slug}-members", header, rows()


def _events(request):
    from shabaka.events.forms import EventFilterForm
    from shabaka.events.selectors import event_list

    form = EventFilterForm(request.GET or None, viewer=request.user)
    events = event_list(viewer=request.user, **form.filters())
    header = [
        _("Title"),
        _("Type"),
        _("Format"),
        _("Starts"),
        _("Ends"),
        _("Where"),
        _("Project"),
        _("Status"),
    ]

    def rows():
        for event in iterate(events):
            yield [
                event.title,
                event.get_type_display(),
                event.get_format_display(),
                event.start_date,
                event.end_date,
                event.where,
                event.project.title if event.project else "",
                event.get_status_display(),
            ]

    return "events", header, rows()


def _news(request):
    from shabaka.content.forms import NewsFilterForm
    from shabaka.content.selectors import news_countries, news_list, news_tags

    # The same filters as the news page; the project is any slug (news_list keeps to the
    # projects the viewer may see), so its choices are not needed to validate.
    form = NewsFilterForm(request.GET or None, countries=news_countries(), tags=news_tags())
    filters = form.cleaned_data if form.is_valid() else {}
    news = news_list(
        viewer=request.user,
        country=filters.get("country", ""),
        project=filters.get("project", ""),
        tag=filters.get("tag", ""),
    )
    header = [_("Title"), _("Language"), _("Published"), _("Summary"), _("Projects")]
    header += [_("Countries"), _("Address")]

    def rows():
        from django.urls import reverse

        for item in iterate(news):
            yield [
                item.title,
                item.language,
                item.published_at,
                item.summary,
                "; ".join(p.title for p in item.visible_projects),
                "; ".join(c.code for c in item.country_list),
                request.build_absolute_uri(reverse("content:news_detail", args=[item.slug])),
            ]

    return "news", header, rows()


def _projects(request):
    from shabaka.projects.forms import ProjectFilterForm
    from shabaka.projects.selectors import country_choices, donor_choices, project_list

    form = ProjectFilterForm(
        request.GET or None,
        countries=country_choices(viewer=request.user),
        donors=donor_choices(viewer=request.user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    projects = project_list(
        viewer=request.user,
        country=filters.get("country") or "",
        status=filters.get("status") or "",
        donor=filters.get("donor"),
    )
    header = [_("Title"), _("Acronym"), _("Status"), _("Planned start"), _("Planned end")]
    header += [_("Countries"), _("Donors"), _("Budget"), _("Currency")]

    def rows():
        for project in iterate(projects):
            yield [
                project.title,
                project.acronym,
                project.get_status_display(),
                project.planned_start,
                project.planned_end,
                "; ".join(c.code for c in project.countries.all()),
                "; ".join(d.organisation.display_name for d in project.donors),
                project.total_budget,
                project.currency,
            ]

    return "projects", header, rows()


def _audit(request):
    from shabaka.accounts.forms import AuditFilterForm
    from shabaka.accounts.selectors import audit_entries

    form = AuditFilterForm(request.GET or None)
    entries = audit_entries()
    if form.is_valid():
        data = form.cleaned_data
        record_type = data.get("record_type")
        entries = audit_entries(
            actor_email=data.get("actor") or "",
            content_type_id=record_type.pk if record_type else None,
            action=data.get("action") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
    header = [_("When"), _("By"), _("Action"), _("Record type"), _("Record"), _("Identifier")]
    header += [_("Changes"), _("Reason")]

    def rows():
        import json

        for entry in iterate(entries):
            yield [
                entry.created_at,
                entry.actor_label,
                entry.get_action_display(),
                f"{entry.content_type.app_label}.{entry.content_type.model}",
                entry.object_repr,
                entry.object_id,
                json.dumps(entry.changes, ensure_ascii=False, default=str),
                entry.reason,
            ]

    return "audit-log", header, rows()


EXPORTS = {
    e.key: e
    for e in [
        ListExport("organisations", gettext_lazy("Organisations"), _organisations),
        ListExport(
            "network-members",
            gettext_lazy("Network members"),
            _network_members,
            url_kwargs=("slug",),
        ),
        ListExport("events", gettext_lazy("Events"), _events),
        ListExport("news", gettext_lazy("News"), _news),
        ListExport("projects", gettext_lazy("Projects"), _projects),
        ListExport(
            "audit", gettext_lazy("Audit log"), _audit, permission="accounts.view_audit_log"
        ),
    ]
}
