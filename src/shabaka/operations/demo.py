"""Demo jobs, so the job pages show each state from the first run: the administrator rebuilds
the search index, the network coordinator, reading the site in Arabic, exports the organisation
list, and the project officer sends an IATI file cut short in transfer (refused with its line,
nothing imported). All are real jobs on the queue: the worker `make run` starts beside the
server runs them. Idempotent: keyed on the job titles."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from shabaka.accounts.demo import demo_user
from shabaka.jobs.models import Job
from shabaka.jobs.services import job_start
from shabaka.projects.iati.export import export_activities
from shabaka.projects.selectors import projects_for_export
from shabaka.reports.jobs import LIST_EXPORT

IATI_TITLE = "IATI import of partner-activities.xml"
REBUILD_TITLE = "Search index rebuild"
EXPORT_TITLE = "تصدير قائمة المنظمات (CSV)"


def load(stdout) -> None:
    from shabaka.projects.jobs import IATI_IMPORT
    from shabaka.search.jobs import REBUILD

    if not Job.objects.filter(title=REBUILD_TITLE).exists():
        job_start(
            kind=REBUILD,
            owner=demo_user("admin@demo.shabaka.invalid"),
            title=REBUILD_TITLE,
            language="en",
        )
    if not Job.objects.filter(title=IATI_TITLE).exists():
        whole = export_activities(projects_for_export())
        data = whole[: len(whole) // 2]  # a transfer cut half way: not well-formed XML
        job_start(
            kind=IATI_IMPORT,
            owner=demo_user("staff@demo.shabaka.invalid"),
            title=IATI_TITLE,
            upload=SimpleUploadedFile("partner-activities.xml", data),
            language="en",
        )
    if not Job.objects.filter(title=EXPORT_TITLE).exists():
        with translation.override("ar"):
            job_start(
                kind=LIST_EXPORT,
                owner=demo_user("coordinator@demo.shabaka.invalid"),
                title=EXPORT_TITLE,
                params={"key": "organisations", "fmt": "csv", "query": "", "kwargs": {}},
                language="ar",
            )
    stdout.write("  demo jobs queued (the worker runs them)")
