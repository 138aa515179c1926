"""Dashboards, the donor report (page and PDF) and list exports. Thin: load the record through
what the viewer may see (a hidden one is a 404), ask the rules, call a selector, render."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from shabaka.core.exports import FORMATS, export_response
from shabaka.core.pagecache import cached_for_visitors
from shabaka.jobs.services import job_start
from shabaka.reports import dashboards, selectors
from shabaka.reports.donor_pdf import donor_report_context
from shabaka.reports.exports import EXPORTS
from shabaka.reports.forms import PeriodForm
from shabaka.reports.jobs import DONOR_REPORT_PDF, LIST_EXPORT, first_rows


@cached_for_visitors
@require_safe
def platform_dashboard(request):
    figures = selectors.platform_figures(viewer=request.user)
    return render(
        request,
        "reports/platform_dashboard.html",
        {"figures": figures, "charts": dashboards.platform_charts(figures)},
    )


@cached_for_visitors
@require_safe
def network_dashboard(request, slug: str):
    from shabaka.networks.selectors import networks_visible_to

    network = get_object_or_404(networks_visible_to(request.user), slug=slug)
    figures = selectors.network_figures(network=network, viewer=request.user)
    return render(
        request,
        "reports/network_dashboard.html",
        {"figures": figures, "network": network, "charts": dashboards.network_charts(figures)},
    )


def _visible_project(request, slug: str):
    from shabaka.projects.selectors import projects_visible_to

    return get_object_or_404(projects_visible_to(request.user), slug=slug)


@cached_for_visitors
@require_safe
def project_dashboard(request, slug: str):
    project = _visible_project(request, slug)
    form = PeriodForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    figures = selectors.project_figures(
        project=project,
        viewer=request.user,
        date_from=period.get("date_from"),
        date_to=period.get("date_to"),
    )
    return render(
        request,
        "reports/project_dashboard.html",
        {
            "figures": figures,
            "project": project,
            "form": form,
            "charts": dashboards.project_charts(figures),
            "may_report": request.user.has_perm("reports.view_donor_report"),
        },
    )


@require_safe
def dialogue_dashboard(request, slug: str, code: str):
    from shabaka.dialogues.models import Dialogue
    from shabaka.directory.models import Country

    dialogue = get_object_or_404(Dialogue, slug=slug)
    country = get_object_or_404(Country, code=code.upper())
    figures = selectors.dialogue_figures(dialogue=dialogue, country=country, viewer=request.user)
    return render(
        request,
        "reports/dialogue_dashboard.html",
        {"figures": figures, "charts": dashboards.dialogue_charts(figures)},
    )


def _donor_context(request, slug: str) -> dict:
    return donor_report_context(viewer=request.user, slug=slug, params=request.GET)


@login_required
@require_safe
def donor_report(request, slug: str):
    return render(request, "reports/donor_report.html", _donor_context(request, slug))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def donor_report_pdf(request, slug: str):
    """The PDF is written by a background job (it takes WeasyPrint seconds to minutes); GET
    shows the button that starts it, POST starts it and opens the job's page."""
    context = _donor_context(request, slug)
    if request.method == "POST":
        project = context["project"]
        job = job_start(
            kind=DONOR_REPORT_PDF,
            owner=request.user,
            title=_("Donor report (PDF) of %(project)s") % {"project": project.title},
            params={"slug": slug, "query": context["query"]},
        )
        return redirect("jobs:job_detail", pk=job.pk)
    return render(request, "reports/donor_report_pdf_start.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def list_export(request, key: str, fmt: str, **kwargs):
    """A list of up to EXPORT_DIRECT_MAX_ROWS rows is sent at once. A longer one is written by a
    background job: GET explains and offers the button, POST starts the job (signed in only:
    the file waits on the job's page of the person who asked)."""
    export = EXPORTS.get(key)
    if export is None or fmt not in FORMATS or not export.takes(kwargs):
        raise Http404
    if export.permission and not request.user.has_perm(export.permission):
        raise PermissionDenied
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        job = job_start(
            kind=LIST_EXPORT,
            owner=request.user,
            title=_("Export of %(list)s (%(format)s)")
            % {"list": export.label, "format": fmt.upper()},
            params={"key": key, "fmt": fmt, "query": request.GET.urlencode(), "kwargs": kwargs},
        )
        return redirect("jobs:job_detail", pk=job.pk)
    filename, header, rows = export.build(request, **kwargs)
    limit = settings.EXPORT_DIRECT_MAX_ROWS
    first, more = first_rows(rows, limit)
    if more:
        return render(
            request,
            "reports/export_in_background.html",
            {"export": export, "fmt": fmt, "limit": limit},
        )
    return export_response(
        fmt=fmt, filename=filename, header=header, rows=first, title=str(export.label)
    )
