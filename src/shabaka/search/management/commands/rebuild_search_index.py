from django.core.management.base import BaseCommand

from shabaka.search.services import rebuild_index


class Command(BaseCommand):
    help = "Rebuilds the full-text search index from every searchable record."

    def handle(self, *args, **options):
        def progress(kind, done, total):
            self.stdout.write(f"  {kind}: {done}/{total}")

        total = rebuild_index(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"{total} records indexed."))
