"""The IATI import as a background job: an activity at a time, each in its own transaction.

The file is first scanned in a stream (limits checked before anything is held in memory), then
parsed; a file that cannot be read changes nothing. Each activity commits with the job's
checkpoint, so a worker killed half way leaves every activity either imported or untouched, and
running the job again carries on from the next one (an activity imported twice is unchanged)."""

from dataclasses import asdict

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shabaka.jobs import registry
from shabaka.jobs.progress import JobFailed

IATI_IMPORT = "projects.iati_import"


def run_iati_import(job, progress) -> dict:
    from shabaka.projects.iati.importer import (
        ImportOrganisations,
        ImportReport,
        import_activity,
    )
    from shabaka.projects.iati.parse import IatiFileError, parse_activities, scan_activity_file

    try:
        with job.input_file.open("rb") as upload:
            scan_activity_file(upload, max_activities=settings.IATI_IMPORT_MAX_ACTIVITIES)
        progress.beat()
        with job.input_file.open("rb") as upload:
            activities, refused = parse_activities(upload.read())
    except IatiFileError as exc:
        raise JobFailed(
            _("Nothing was imported: line %(line)s: %(message)s")
            % {"line": exc.line or "?", "message": exc.message}
        ) from None
    progress.set_total(len(activities))
    saved = progress.checkpoint.get("report")
    report = ImportReport(**saved) if saved else ImportReport(refused=[list(r) for r in refused])
    organisations = ImportOrganisations(job.owner, report)
    for index in range(progress.checkpoint.get("next", 0), len(activities)):
        with progress.unit() as checkpoint:
            import_activity(activities[index], organisations, report, job.owner)
            checkpoint["next"] = index + 1
            checkpoint["report"] = asdict(report)
    return asdict(report)


def register() -> None:
    registry.register(
        registry.JobKind(
            name=IATI_IMPORT,
            label=gettext_lazy("IATI import"),
            run=run_iati_import,
            time_limit=2 * 60 * 60,
            summary_template="projects/iati_import_summary.html",
        )
    )
