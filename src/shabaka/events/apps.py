from django.apps import AppConfig
from django.apps import apps as installed
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "shabaka.events"
    verbose_name = _("Events")

    def ready(self):
        # Plans sits below events and never imports it: events registers into it.
        if installed.is_installed("shabaka.plans"):
            from shabaka.events.project_sections import networks_of_project_events
            from shabaka.plans.project_sections import SUPPORTED_NETWORK_SOURCES

            if networks_of_project_events not in SUPPORTED_NETWORK_SOURCES:
                SUPPORTED_NETWORK_SOURCES.append(networks_of_project_events)
