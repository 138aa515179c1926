from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "shabaka.networks"
    verbose_name = _("Networks")

    def ready(self):
        # The directory sits below networks and never imports it: networks registers into it.
        from shabaka.directory.selectors import ORGANISATIONS
        from shabaka.networks import affiliations
        from shabaka.networks.selectors import members_see_their_networks_organisations

        ORGANISATIONS.widen(members_see_their_networks_organisations)
        affiliations.register()
