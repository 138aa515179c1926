from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "shabaka.networks"
    verbose_name = _("Networks")

    def ready(self):
        from shabaka.directory.selectors import ORGANISATIONS
        from shabaka.networks.selectors import members_see_their_networks_organisations

        ORGANISATIONS.widen(members_see_their_networks_organisations)
