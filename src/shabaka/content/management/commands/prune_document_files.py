from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from shabaka.content.models import Document


class Command(BaseCommand):
    """A transaction that rolls back after a file was written leaves the file behind (the
    database forgets it, the disk does not); this removes such files."""

    help = "Deletes uploaded files that no document refers to."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        root = Path(settings.MEDIA_ROOT) / "documents"
        if not root.exists():
            self.stdout.write("No uploaded files.")
            return
        known = set(Document.objects.exclude(file="").values_list("file", flat=True))
        removed = 0
        for path in root.rglob("*"):
            if path.is_file() and str(path.relative_to(settings.MEDIA_ROOT)) not in known:
                removed += 1
                if not options["dry_run"]:
                    path.unlink()
        self.stdout.write(
            f"{removed} orphan file(s) {'found' if options['dry_run'] else 'removed'}."
        )
