from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from shabaka.core.errors import Refused
from shabaka.core.fragments import lazy_context
from shabaka.core.pagecache import cached_for_visitors
from shabaka.core.pagination import paginate
from shabaka.core.refusals import get_visible_or_404, require_permission
from shabaka.directory.selectors import organisations_visible_to
from shabaka.projects import selectors, services
from shabaka.projects.forms import (
    FundingForm,
    IatiImportForm,
    IdentifierForm,
    ParticipantForm,
    ProjectFilterForm,
    ProjectForm,
)


def _project(request, slug):
    return get_visible_or_404(selectors.projects_visible_to(request.user), slug=slug)


@cached_for_visitors
@require_safe
def project_list(request):
    form = ProjectFilterForm(
        request.GET or None,
        countries=selectors.country_choices(viewer=request.user),
        donors=selectors.donor_choices(viewer=request.user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    projects = selectors.project_list(
        viewer=request.user,
        country=filters.get("country") or "",
        status=filters.get("status") or "",
        donor=filters.get("donor"),
    )
    return render(
        request,
        "projects/project_list.html",
        {"form": form, "page": paginate(request, projects)},
    )


@cached_for_visitors
@require_safe
def project_detail(request, slug):
    project = _project(request, slug)
    context = {
        "project": project,
        "steps": selectors.project_steps(project=project, viewer=request.user),
        # Read when the template first needs it: not at all when its parts are kept.
        **lazy_context(
            lambda: selectors.project_page(project=project, viewer=request.user),
            selectors.PROJECT_PAGE_CONTEXT,
        ),
    }
    return render(request, "projects/project_detail.html", context)


def _form_page(request, form, title, action_label, project=None):
    return render(
        request,
        "projects/form.html",
        {"form": form, "title": title, "action_label": action_label, "project": project},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_create(request):
    require_permission(request.user, "projects.add_project")
    form = ProjectForm(request.POST or None, organisations=organisations_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        countries = data.pop("countries")
        try:
            project = services.project_create(created_by=request.user, countries=countries, **data)
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("projects:project_detail", slug=project.slug)
    return _form_page(request, form, _("New project"), _("Create the project"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_edit(request, slug):
    project = _project(request, slug)
    require_permission(request.user, "projects.change_project")
    form = ProjectForm(
        request.POST or None,
        instance=project,
        organisations=organisations_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.EDITABLE_FIELDS}
        try:
            services.project_update(
                project=project,
                updated_by=request.user,
                countries=form.cleaned_data["countries"],
                **data,
            )
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect("projects:project_detail", slug=project.slug)
    return _form_page(request, form, _("Edit the project"), _("Save"), project)


@login_required
@require_POST
def project_move(request, slug, step):
    project = _project(request, slug)
    require_permission(request.user, "projects.move_project")
    move = services.STEP_FUNCTIONS.get(step)
    if move is None:
        raise Http404
    try:
        move(project=project, by=request.user, reason=request.POST.get("reason", "")[:500])
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The project's status has changed."))
    return redirect("projects:project_detail", slug=project.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def participant_add(request, slug):
    project = _project(request, slug)
    require_permission(request.user, "projects.change_project")
    form = ParticipantForm(
        request.POST or None, organisations=organisations_visible_to(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_add(project=project, added_by=request.user, **form.cleaned_data)
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("projects:project_detail", slug=project.slug)
    return _form_page(request, form, _("Add a participating organisation"), _("Add"), project)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def funding_add(request, slug):
    project = _project(request, slug)
    require_permission(request.user, "projects.change_project")
    form = FundingForm(request.POST or None, organisations=organisations_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.funding_add(project=project, added_by=request.user, **form.cleaned_data)
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("projects:project_detail", slug=project.slug)
    return _form_page(request, form, _("Add a funding commitment"), _("Add"), project)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def identifier_add(request, slug):
    project = _project(request, slug)
    require_permission(request.user, "projects.change_project")
    form = IdentifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.identifier_add(project=project, added_by=request.user, **form.cleaned_data)
        except Refused as exc:
            form.add_error("ref", exc.message)
        else:
            return redirect("projects:project_detail", slug=project.slug)
    return _form_page(request, form, _("Add an identifier"), _("Add"), project)


@require_safe
def iati_export(request, slug=""):
    """The public projects as an IATI 2.03 activity file (public data only)."""
    from shabaka.projects.iati.export import export_activities

    projects = selectors.projects_for_export(slug=slug)
    if slug and not projects.exists():
        raise Http404
    response = HttpResponse(export_activities(projects), content_type="application/xml")
    name = f"{slug or 'shabaka'}-iati-activities.xml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def iati_import(request):
    """The file is kept and imported by a background job; the person follows it on its page."""
    require_permission(request.user, "projects.import_iati")
    from shabaka.jobs.services import job_start
    from shabaka.projects.jobs import IATI_IMPORT

    form = IatiImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = job_start(
            kind=IATI_IMPORT,
            owner=request.user,
            title=_("IATI import of %(file)s") % {"file": upload.name},
            upload=upload,
        )
        return redirect("jobs:job_detail", pk=job.pk)
    return render(request, "projects/iati_import.html", {"form": form})
