from django.core.management.base import BaseCommand

from shabaka.projects.iati.export import export_activities
from shabaka.projects.selectors import projects_for_export


class Command(BaseCommand):
    help = "Writes the public projects as an IATI 2.03 activity file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to write, or - for standard output")
        parser.add_argument("--project", default="", help="one project's slug")

    def handle(self, *args, path, project, **options):
        data = export_activities(projects_for_export(slug=project))
        if path == "-":
            self.stdout.write(data.decode())
        else:
            with open(path, "wb") as handle:
                handle.write(data)
