from django.core.management.base import BaseCommand

from shabaka.directory.reference import load_reference_data


class Command(BaseCommand):
    help = "Loads countries (ISO 3166-1), Libya's administrative units and topics. Idempotent."

    def handle(self, *args, **options):
        created = load_reference_data()
        self.stdout.write(", ".join(f"{n} {what} created" for what, n in created.items()))
