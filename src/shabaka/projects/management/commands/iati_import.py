from django.core.management.base import BaseCommand, CommandError

from shabaka.projects.iati.importer import IatiFileError, import_activities


class Command(BaseCommand):
    help = "Imports an IATI activity file: creates or updates projects and organisations."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            report = import_activities(data, imported_by=None)
        except IatiFileError as exc:
            raise CommandError(f"nothing imported: {exc}") from None
        self.stdout.write(
            f"created {len(report.created)}, updated {len(report.updated)}, "
            f"unchanged {len(report.unchanged)}, refused {len(report.refused)}, "
            f"new organisations {len(report.organisations_created)}"
        )
        for identifier, line, reason in report.refused:
            self.stdout.write(f"refused {identifier} (line {line}): {reason}")
        for warning in report.warnings:
            self.stdout.write(warning)
