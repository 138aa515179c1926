from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "shabaka.search"
    verbose_name = _("Search")

    def ready(self):
        from shabaka.search import signals

        signals.connect()

        from shabaka.search import jobs

        jobs.register()
