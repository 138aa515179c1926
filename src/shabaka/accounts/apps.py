from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shabaka.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Signal receivers (the idle timeout's sign-in stamp).
        from shabaka.accounts import twofactor  # noqa: F401
        from shabaka.accounts.roles import roles_scope_part
        from shabaka.core.fragments import SCOPE_PARTS

        # Kept parts of signed-in pages differ by role (core sits below accounts).
        if roles_scope_part not in SCOPE_PARTS:
            SCOPE_PARTS.append(roles_scope_part)
