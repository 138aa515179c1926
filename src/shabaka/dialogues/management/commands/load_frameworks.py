from django.core.management.base import BaseCommand

from shabaka.dialogues.frameworks import load_frameworks


class Command(BaseCommand):
    help = "Loads the JVAP and GCM frameworks from dialogues/data/frameworks.json (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Another file of the same shape.")

    def handle(self, *args, **options):
        counts = load_frameworks(options.get("file"))
        self.stdout.write(
            f"{counts['frameworks']} framework(s): {counts['created']} item(s) created, "
            f"{counts['updated']} updated."
        )
