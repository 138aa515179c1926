"""Links from a project's page to its dashboard and, for staff, its donor report."""

from django.utils.translation import gettext as _


def project_sections(*, project, viewer) -> list[dict]:
    return [
        {
            "template": "reports/partials/project_links.html",
            "title": _("Figures"),
            "project": project,
            "may_report": viewer.has_perm("reports.view_donor_report"),
        }
    ]
