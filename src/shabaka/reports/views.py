"""Dashboards, the donor report (page and PDF) and list exports. Thin: load the record through
what the viewer may see (a hidden one is a 404), ask the rules, call a selector, render."""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from shabaka.core.exports import FORMATS, export_response
from shabaka.core.pagecache import cached_for_visitors
from shabaka.reports import dashboards, selectors
from shabaka.reports.exports import EXPORTS


@cached_for_visitors
@require_GET
def platform_dashboard(request):
    figures = selectors.platform_figures(viewer=request.user)
    return render(
        request,
        "reports/platform_dashboard.html",
        {"figures": figures, "charts": dashboards.platform_charts(figures)},
    )


@cached_for_visitors
@require_GET
def network_dashboard(request, slug: str):
    from shabaka.networks.selectors import networks_visible_to

    network = get_object_or_404(networks_visible_to(request.user), slug=slug)
    figures = selectors.network_figures(network=network, viewer=request.user)
    return render(
        request,
        "reports/network_dashboard.html",
        {"figures": figures, "network": network, "charts": dashboards.network_charts(figures)},
    )


class PeriodForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


def _visible_project(request, slug: str):
    from shabaka.projects.selectors import projects_visible_to

    return get_object_or_404(projects_visible_to(request.user), slug=slug)


@cached_for_visitors
@require_GET
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


@require_GET
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
    project = _visible_project(request, slug)
    if not request.user.has_perm("reports.view_donor_report"):
        raise Http404
    form = PeriodForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    date_from = period.get("date_from") or project.actual_start or project.planned_start
    date_to = period.get("date_to") or timezone.localdate()
    date_from = date_from or date(date_to.year, 1, 1)
    report = selectors.donor_report(
        project=project, viewer=request.user, date_from=date_from, date_to=date_to
    )
    return {
        "report": report,
        "project": project,
        "form": form,
        "charts": dashboards.project_charts(report),
        "generated_on": timezone.localdate(),
        "query": request.GET.urlencode(),
    }


@login_required
@require_GET
def donor_report(request, slug: str):
    return render(request, "reports/donor_report.html", _donor_context(request, slug))


@login_required
@require_GET
def donor_report_pdf(request, slug: str):
    from weasyprint import CSS, HTML

    context = _donor_context(request, slug)
    html = render_to_string("reports/donor_report_pdf.html", context, request=request)
    stylesheets = [CSS(filename=finders.find("reports/print.css"))]
    pdf = HTML(string=html).write_pdf(stylesheets=stylesheets)
    response = HttpResponse(pdf, content_type="application/pdf")
    project = context["project"]
    name = f"{project.slug}-report-{context['report']['date_from']}-{context['report']['date_to']}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def list_export(request, key: str, fmt: str, **kwargs):
    export = EXPORTS.get(key)
    if export is None or fmt not in FORMATS:
        raise Http404
    if export.permission and not request.user.has_perm(export.permission):
        raise PermissionDenied
    filename, header, rows = export.build(request, **kwargs)
    return export_response(
        fmt=fmt, filename=filename, header=header, rows=rows, title=str(export.label)
    )
