from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "shabaka.plans"
    verbose_name = _("Plans")

    def ready(self):
        from shabaka.plans import jobs

        jobs.register()
