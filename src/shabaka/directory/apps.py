from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "shabaka.directory"
    verbose_name = _("Directory")

    def ready(self):
        from shabaka.directory import jobs

        jobs.register()
