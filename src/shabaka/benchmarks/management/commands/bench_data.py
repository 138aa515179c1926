"""`shabaka bench_data --scale N`: a large synthetic dataset for `make bench` (see
shabaka.benchmarks.generator). Load it into a database of its own (another SHABAKA_DATA_DIR or
DATABASE_URL), never into one holding real or demo data."""

from django.core.management.base import BaseCommand, CommandError

from shabaka.benchmarks.generator import generate


class Command(BaseCommand):
    help = (
        "Generates the benchmark dataset in bulk (scale 1: 5,000 organisations, 1M participations)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.01, help="1 = full size; 0.01, 0.1")

    def handle(self, *args, scale, **options):
        try:
            generate(scale=scale, stdout=self.stdout)
        except (RuntimeError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
