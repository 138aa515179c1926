"""`shabaka bench_pages`: the signed-in pages of the benchmark as JSON (for bench/run.py)."""

import json

from django.core.management.base import BaseCommand, CommandError

from shabaka.accounts.models import RoleAssignment
from shabaka.benchmarks.pages import signed_in_pages


class Command(BaseCommand):
    help = "Prints the benchmark's signed-in users and the pages each is measured on, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--prefix", default="bench-")

    def handle(self, *args, prefix, **options):
        try:
            pages = signed_in_pages(prefix)
        except RoleAssignment.DoesNotExist:
            raise CommandError(
                "No benchmark users here: regenerate the data (`make bench-data`) into an empty "
                "database."
            ) from None
        self.stdout.write(json.dumps(pages))
