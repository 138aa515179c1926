"""The donor report's figures for a viewer and a period, and the report as a PDF (written by a
background job: reports.jobs)."""

from datetime import date

from django.contrib.staticfiles import finders
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone

from shabaka.reports import dashboards, selectors
from shabaka.reports.forms import PeriodForm


def donor_report_context(*, viewer, slug: str, params) -> dict:
    """Raises Http404 when the viewer may not see the project or the donor report."""
    from shabaka.projects.selectors import projects_visible_to

    project = get_object_or_404(projects_visible_to(viewer), slug=slug)
    if not viewer.has_perm("reports.view_donor_report"):
        raise Http404
    form = PeriodForm(params or None)
    period = form.cleaned_data if form.is_valid() else {}
    date_from = period.get("date_from") or project.actual_start or project.planned_start
    date_to = period.get("date_to") or timezone.localdate()
    date_from = date_from or date(date_to.year, 1, 1)
    report = selectors.donor_report(
        project=project, viewer=viewer, date_from=date_from, date_to=date_to
    )
    return {
        "report": report,
        "project": project,
        "form": form,
        "charts": dashboards.project_charts(report),
        "generated_on": timezone.localdate(),
        "query": params.urlencode(),
    }


def donor_report_pdf_file(*, viewer, slug: str, query: str) -> tuple[str, bytes]:
    """(file name, PDF bytes) of the report, in the active language."""
    from django.http import QueryDict
    from weasyprint import CSS, HTML

    context = donor_report_context(viewer=viewer, slug=slug, params=QueryDict(query))
    html = render_to_string("reports/donor_report_pdf.html", context)
    stylesheets = [CSS(filename=finders.find("reports/print.css"))]
    pdf = HTML(string=html).write_pdf(stylesheets=stylesheets)
    report = context["report"]
    project = context["project"]
    return f"{project.slug}-report-{report['date_from']}-{report['date_to']}.pdf", pdf
