"""Anonymise the personal data of past participants after the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand

from shabaka.operations.retention import anonymise_past_participants


class Command(BaseCommand):
    help = (
        "Anonymise the personal data of people who only took part in events that ended more "
        "than PARTICIPANT_RETENTION_DAYS ago (counts are kept). --dry-run reports only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; change nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        self.stdout.write(f"Retention: {settings.PARTICIPANT_RETENTION_DAYS} days.")
        report = anonymise_past_participants(dry_run=dry_run)
        for line in report.lines():
            self.stdout.write(line)
        if dry_run and report.anonymised:
            self.stdout.write("Person ids: " + ", ".join(map(str, report.anonymised)))
