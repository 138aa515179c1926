from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shabaka.core.demo_loader import load_all


class Command(BaseCommand):
    help = "Loads the demo data of the two seed stories. Idempotent: running it twice adds nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even with DEBUG off (the demo creates accounts with a known password).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off: the demo creates accounts with a known password. "
                "Use --allow-production if this really is a demonstration site."
            )
        load_all(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
