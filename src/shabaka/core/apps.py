from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shabaka.core"
    verbose_name = _("Core")

    def ready(self):
        from shabaka.core import guards, pagecache

        guards.connect_signals()
        pagecache.connect_signals()
