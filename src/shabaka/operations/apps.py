from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Work across the domain apps that no one of them owns: the retention of participants'
    personal data. Above every domain app, so that core depends on none of them."""

    name = "shabaka.operations"
    verbose_name = _("Operations")

    def ready(self):
        from shabaka.operations import jobs

        jobs.register()
