from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shabaka.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restores a backup made by `shabaka backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="Restore over existing data.")

    def handle(self, *args, **options):
        try:
            manifest = restore(Path(options["archive"]), force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {manifest['engine']} backup of {manifest['created_at']}."
            )
        )
