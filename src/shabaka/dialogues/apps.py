from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "shabaka.dialogues"
    verbose_name = _("Dialogues")

    def ready(self):
        from datetime import time

        from shabaka.dialogues import appointment_roles, taggables
        from shabaka.jobs import registry

        taggables.register_defaults()
        # Appointments that start or end on a later date: their roles follow on that day.
        registry.register_schedule(
            registry.RecurringTask(
                name="dialogues.focal_point_roles",
                run=appointment_roles.focal_point_roles_sync_all,
                daily_at=time(1, 0),
            )
        )
