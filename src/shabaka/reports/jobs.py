"""Large list exports and the donor report PDF as background jobs.

An export of up to EXPORT_DIRECT_MAX_ROWS rows is answered at once; a longer list is written by
a job to a file the person downloads from the job's page when it is ready. The job reads the
list with the person's own visibility and the page's filters, exactly as the direct export."""

import tempfile
from itertools import islice

from django.conf import settings
from django.core.files import File
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shabaka.core.exports import csv_lines, write_xlsx
from shabaka.jobs import registry
from shabaka.jobs.progress import JobFailed

LIST_EXPORT = "reports.list_export"
DONOR_REPORT_PDF = "reports.donor_report_pdf"
# Progress is written every this many rows: often enough to watch, rarely enough to cost little.
PROGRESS_EVERY = 1000


class ExportContext:
    """What an export builder reads of a request (who asks, the filters, absolute links), for
    a builder run by the worker where there is no request."""

    def __init__(self, user, query: str):
        self.user = user
        self.GET = QueryDict(query)

    def build_absolute_uri(self, path: str) -> str:
        return settings.SITE_URL.rstrip("/") + path


def first_rows(rows, limit: int) -> tuple[list, bool]:
    """Up to `limit` rows, and whether there were more (the rest are not read)."""
    taken = list(islice(rows, limit + 1))
    return taken[:limit], len(taken) > limit


def _counted(rows, progress):
    done = 0
    for done, row in enumerate(rows, start=1):
        if done % PROGRESS_EVERY == 0:
            progress.set_done(done)
        yield row
    progress.set_done(done)  # the last rows, and an empty list: the page shows what was written


def run_list_export(job, progress) -> dict:
    from shabaka.reports.exports import EXPORTS

    export = EXPORTS.get(job.params["key"])
    fmt = job.params["fmt"]
    if (
        export is None
        or fmt not in ("csv", "xlsx")
        or not export.takes(job.params.get("kwargs", {}))
    ):
        raise JobFailed(_("This export does not exist."))
    if job.owner is None or (export.permission and not job.owner.has_perm(export.permission)):
        raise JobFailed(_("You may no longer export this list."))
    context = ExportContext(job.owner, job.params.get("query", ""))
    filename, header, rows = export.build(context, **job.params.get("kwargs", {}))
    rows = _counted(rows, progress)
    with tempfile.TemporaryFile() as spool:
        if fmt == "csv":
            for piece in csv_lines(header, rows):
                spool.write(piece.encode("utf-8"))
        else:
            write_xlsx(spool, header=header, rows=rows, title=str(export.label))
        spool.seek(0)
        name = f"{filename}.{fmt}"
        job.result_name = name
        job.result_file.save(name, File(spool), save=False)
    return {"lines": [_("The file is ready.")]}


def run_donor_report_pdf(job, progress) -> dict:
    from django.http import Http404

    from shabaka.reports.donor_pdf import donor_report_pdf_file

    if job.owner is None:
        raise JobFailed(_("You may no longer read this report."))
    try:
        name, pdf = donor_report_pdf_file(
            viewer=job.owner, slug=job.params["slug"], query=job.params.get("query", "")
        )
    except Http404:
        raise JobFailed(_("You may no longer read this report.")) from None
    with tempfile.TemporaryFile() as spool:
        spool.write(pdf)
        spool.seek(0)
        job.result_name = name
        job.result_file.save(name, File(spool), save=False)
    return {"lines": [_("The report is ready.")]}


def register() -> None:
    registry.register(
        registry.JobKind(name=LIST_EXPORT, label=gettext_lazy("List export"), run=run_list_export)
    )
    registry.register(
        registry.JobKind(
            name=DONOR_REPORT_PDF,
            label=gettext_lazy("Donor report (PDF)"),
            run=run_donor_report_pdf,
        )
    )
