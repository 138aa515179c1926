from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shabaka.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Signal receivers (the idle timeout's sign-in stamp).
        from shabaka.accounts import twofactor  # noqa: F401
