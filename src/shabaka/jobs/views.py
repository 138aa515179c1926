from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from shabaka.core.pagination import paginate
from shabaka.jobs import registry, selectors, services
from shabaka.jobs.progress import JobFailed

# How often the job page asks for news while the job is not finished (seconds).
POLL_SECONDS = 2


@login_required
@require_safe
def job_list(request):
    page = paginate(request, selectors.jobs_visible_to(request.user))
    return render(
        request,
        "jobs/job_list.html",
        {"page": page, "sees_all": request.user.has_perm(selectors.ALL_JOBS_PERMISSION)},
    )


def _job_or_404(request, pk):
    job = selectors.job_for(request.user, pk)
    if job is None:
        raise Http404
    return job


@login_required
@require_safe
def job_detail(request, pk):
    job = _job_or_404(request, pk)
    try:
        kind = registry.get(job.kind)
    except LookupError:
        kind = None
    context = {
        "job": job,
        "kind": kind,
        "is_owner": job.owner_id == request.user.pk,
        "next_url": kind.next_url(job) if kind and kind.next_url and job.is_finished else "",
        "poll_seconds": POLL_SECONDS,
    }
    if request.headers.get("HX-Request"):
        return render(request, "jobs/_job_status.html", context)
    return render(request, "jobs/job_detail.html", context)


@login_required
@require_safe
def job_download(request, pk):
    """The file the job wrote, for the person who started it only: it holds what they may see,
    which is not always what another reader may."""
    job = _job_or_404(request, pk)
    if job.owner_id != request.user.pk:
        raise PermissionDenied
    if not job.result_file:
        raise Http404
    response = FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_name or None
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def job_retry(request, pk):
    job = _job_or_404(request, pk)
    if job.owner_id != request.user.pk and not request.user.has_perm(selectors.ALL_JOBS_PERMISSION):
        raise PermissionDenied
    try:
        services.job_retry(job=job)
    except JobFailed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The job is queued again."))
    return redirect("jobs:job_detail", pk=job.pk)
