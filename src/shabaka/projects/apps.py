from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "shabaka.projects"
    verbose_name = _("Projects")

    def ready(self):
        from shabaka.projects import jobs

        jobs.register()
