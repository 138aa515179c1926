"""A large action plan's export as a background job (a plan of thousands of activities took
about ten seconds inside the request). A plan of up to EXPORT_DIRECT_MAX_ROWS / 10 activities
is exported at once, as before."""

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shabaka.jobs import registry
from shabaka.jobs.progress import JobFailed

PLAN_EXPORT = "plans.plan_export"


def export_file(plan, *, viewer, fmt: str, table: str) -> tuple[str, bytes]:
    """(file name, content) of the plan's export as the viewer may see it."""
    from shabaka.plans import exports, selectors

    document = selectors.plan_document(plan=plan, viewer=viewer)
    name = f"action-plan-{plan.pk}"
    if fmt == "xlsx":
        return f"{name}.xlsx", exports.to_xlsx(document)
    return f"{name}-{table}.csv", exports.to_csv(document, table).encode("utf-8")


def run_plan_export(job, progress) -> dict:
    from shabaka.plans.selectors import plans_visible_to

    plan = plans_visible_to(job.owner).filter(pk=job.params["plan"]).first() if job.owner else None
    if plan is None:
        raise JobFailed(_("You may no longer see this plan."))
    name, content = export_file(
        plan, viewer=job.owner, fmt=job.params["fmt"], table=job.params.get("table", "")
    )
    job.result_name = name
    job.result_file.save(name, ContentFile(content), save=False)
    return {"lines": [_("The file is ready.")]}


def register() -> None:
    registry.register(
        registry.JobKind(
            name=PLAN_EXPORT, label=gettext_lazy("Action plan export"), run=run_plan_export
        )
    )
