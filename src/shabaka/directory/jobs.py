"""The organisation import's two steps as background jobs: reading and checking the file
(the preview), then writing it (apply). Each is all-or-nothing: the preview writes the batch
in one transaction, the apply writes every row in one transaction (directory.importing), so a
worker killed half way leaves nothing half written and the job can simply be run again."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shabaka.core.errors import InvalidTransition, Refused
from shabaka.directory import importing
from shabaka.directory.models import OrganisationImport
from shabaka.jobs import registry
from shabaka.jobs.progress import JobFailed

IMPORT_PREVIEW = "directory.import_preview"
IMPORT_APPLY = "directory.import_apply"


def _network(pk):
    if not pk:
        return None
    model = OrganisationImport._meta.get_field("network").related_model
    network = model.objects.filter(pk=pk).first()
    if network is None:
        raise JobFailed(_("The network chosen for the import no longer exists."))
    return network


def run_preview(job, progress) -> dict:
    with job.input_file.open("rb") as upload:
        data = upload.read(importing.MAX_BYTES + 1)
    try:
        with progress.unit():
            batch = importing.import_upload(
                uploaded_by=job.owner,
                filename=job.input_name,
                data=data,
                network=_network(job.params.get("network")),
            )
    except Refused as exc:
        raise JobFailed(exc.message) from None
    summary = batch.summary
    return {
        "token": str(batch.token),
        "lines": [
            _("%(create)s to create, %(update)s to update, %(refused)s refused.") % summary,
            _("Check the preview, then confirm the import."),
        ],
    }


def run_apply(job, progress) -> dict:
    batch = OrganisationImport.objects.filter(
        token=job.params["token"], uploaded_by=job.owner
    ).first()
    if batch is None:
        raise JobFailed(_("This import no longer exists."))
    progress.set_total(len(batch.rows))
    try:
        # One transaction for every row (directory.importing.import_apply): its progress shows
        # once it commits, all at once.
        with progress.unit(count=len(batch.rows)):
            batch = importing.import_apply(
                batch=batch, applied_by=job.owner, skip_refused=job.params.get("skip_refused")
            )
    except (Refused, InvalidTransition) as exc:
        raise JobFailed(exc.message) from None
    return {
        "token": str(batch.token),
        "lines": [
            _(
                "Imported: %(created)s created, %(updated)s updated, %(skipped)s skipped, "
                "%(joined)s new memberships."
            )
            % batch.summary["applied"]
        ],
    }


def _preview_page(job) -> str:
    token = job.summary.get("token")
    return reverse("directory:import_preview", args=[token]) if token else ""


def register() -> None:
    for name, label, run in (
        (IMPORT_PREVIEW, gettext_lazy("Organisation import: reading the file"), run_preview),
        (IMPORT_APPLY, gettext_lazy("Organisation import: writing the rows"), run_apply),
    ):
        registry.register(registry.JobKind(name=name, label=label, run=run, next_url=_preview_page))
