from django.db.models import QuerySet

from shabaka.accounts.rules import is_project_staff
from shabaka.core.visibility import Visibility
from shabaka.projects.models import Project


def projects_visible_to(user) -> QuerySet[Project]:
    projects = Project.objects.all()
    if is_project_staff(user):
        return projects
    if user is not None and user.is_authenticated:
        return projects.exclude(visibility=Visibility.STAFF)
    return projects.filter(visibility=Visibility.PUBLIC)
