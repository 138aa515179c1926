"""The framework block of a project page (see projects.selectors.project_sections): the JVAP
and GCM items the project is tagged with, linked to their follow-up views."""

from django.utils.translation import gettext as _


def project_sections(*, project, viewer) -> list[dict]:
    from shabaka.dialogues.templatetags.dialogues_links import _framework_tags

    items = _framework_tags(project)
    may_tag = viewer.has_perm("dialogues.tag_records")
    if not items and not may_tag:
        return []
    return [
        {
            "template": "dialogues/partials/project_section.html",
            "title": _("Policy frameworks"),
            "items": items,
            "may_tag": may_tag,
            "project": project,
        }
    ]
