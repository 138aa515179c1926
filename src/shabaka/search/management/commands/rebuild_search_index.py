from django.core.management.base import BaseCommand

from shabaka.search.services import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuilds the full-text search index from every searchable record; --background queues "
        "it as a job for the worker instead (followed on /jobs/ by staff)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--background", action="store_true", help="queue the rebuild for the worker"
        )

    def handle(self, *args, background=False, **options):
        if background:
            from shabaka.jobs.services import job_start
            from shabaka.search.jobs import REBUILD

            job = job_start(kind=REBUILD, owner=None, title="Search index rebuild")
            self.stdout.write(f"Queued as job {job.pk}; `shabaka worker` runs it.")
            return

        def progress(kind, done, total):
            self.stdout.write(f"  {kind}: {done}/{total}")

        total = rebuild_index(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"{total} records indexed."))
