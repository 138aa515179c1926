from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    """Compiles the .po catalogues to .mo in pure Python.

    Django's `compilemessages` needs GNU gettext's msgfmt, which a fresh machine may lack; polib
    writes the same binary catalogue, so `make run` needs nothing but Python.
    """

    help = "Compiles the translation catalogues (.po to .mo)."

    def handle(self, *args, **options):
        compiled = 0
        # The project's catalogue (base templates) and one per app, so apps never share a file.
        locale_dirs = [Path(p) for p in settings.LOCALE_PATHS]
        locale_dirs += [
            Path(app.path) / "locale"
            for app in apps.get_app_configs()
            if app.name.startswith("shabaka.")
        ]
        for locale_dir in locale_dirs:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                catalogue = polib.pofile(str(po_path))
                catalogue.save_as_mofile(str(mo_path))
                compiled += 1
                self.stdout.write(
                    f"compiled {po_path} ({catalogue.percent_translated()}% translated)"
                )
        self.stdout.write(f"{compiled} catalogue(s) compiled.")
