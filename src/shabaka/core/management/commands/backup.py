from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shabaka.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Backs up the database and the uploaded files into one .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.DATA_DIR) / "backups"))

    def handle(self, *args, **options):
        try:
            path = backup(Path(options["output"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
