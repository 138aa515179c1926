"""The news of a project, as a section of its page (see projects.selectors.project_sections)."""

from django.utils.translation import gettext as _


def project_sections(*, project, viewer) -> list[dict]:
    from shabaka.content.selectors import news_for_project

    news = news_for_project(project, viewer=viewer)
    if not news:
        return []
    return [
        {
            "template": "content/partials/project_news.html",
            "title": _("News"),
            "news": news,
            "project": project,
        }
    ]
