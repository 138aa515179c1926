from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "shabaka.dialogues"
    verbose_name = _("Dialogues")

    def ready(self):
        from shabaka.dialogues import taggables

        taggables.register_defaults()
