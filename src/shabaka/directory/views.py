from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from shabaka.accounts import services as account_services
from shabaka.accounts.models import Role
from shabaka.core.errors import Refused
from shabaka.core.fragments import lazy_context
from shabaka.core.http import id_or_404
from shabaka.core.pagecache import cached_for_visitors
from shabaka.core.refusals import get_visible_or_404, require_permission
from shabaka.directory import importing, selectors, services
from shabaka.directory.forms import (
    ImportApplyForm,
    ImportUploadForm,
    OrganisationFilterForm,
    OrganisationForm,
    PersonForm,
)
from shabaka.directory.jobs import IMPORT_APPLY, IMPORT_PREVIEW
from shabaka.directory.models import ImportStatus
from shabaka.directory.selectors import role_holders
from shabaka.jobs.services import job_start

ORG_M2M = ("places", "topics")


def add_refusal(form, exc: Refused) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@cached_for_visitors
@require_safe
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = selectors.organisation_directory_page(
        viewer=request.user, filters=filters, page_number=request.GET.get("page")
    )
    selectors.add_directory_columns(viewer=request.user, organisations=page.object_list)
    return render(request, "directory/organisation_list.html", {"form": form, "page": page})


def _visible_organisation(request, pk: int):
    return get_visible_or_404(selectors.organisations_visible_to(request.user), pk=pk)


@cached_for_visitors
@require_safe
def organisation_detail(request, pk: int):
    organisation = _visible_organisation(request, pk)
    context = {
        "organisation": organisation,
        # Read when the template first needs it: not at all when its part is kept.
        **lazy_context(
            lambda: selectors.organisation_page(viewer=request.user, organisation=organisation),
            selectors.ORGANISATION_PAGE_CONTEXT,
        ),
    }
    if request.user.has_perm("accounts.manage_roles"):
        context["editors"] = role_holders(organisation, Role.ORG_EDITOR)
    return render(request, "directory/organisation_detail.html", context)


def _organisation_values(form) -> tuple[dict, dict]:
    data = dict(form.cleaned_data)
    m2m = {key: data.pop(key) for key in ORG_M2M}
    return data, m2m


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_create(request):
    require_permission(request.user, "directory.add_organisation")
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values, m2m = _organisation_values(form)
        try:
            organisation = services.organisation_create(created_by=request.user, **values, **m2m)
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The organisation has been added."))
            return redirect("directory:organisation_detail", pk=organisation.pk)
    return render(request, "directory/organisation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_edit(request, pk: int):
    organisation = _visible_organisation(request, pk)
    require_permission(request.user, "directory.change_organisation", organisation)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        values, m2m = _organisation_values(form)
        try:
            services.organisation_update(
                organisation=organisation, updated_by=request.user, **values, **m2m
            )
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The organisation has been updated."))
            return redirect("directory:organisation_detail", pk=organisation.pk)
    organisation.refresh_from_db()
    return render(
        request, "directory/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_POST
def organisation_editors(request, pk: int):
    """Grants or revokes the editor role over this organisation (platform administrators)."""
    from shabaka.directory.forms import RoleHolderForm

    organisation = _visible_organisation(request, pk)
    require_permission(request.user, "accounts.manage_roles")
    if request.POST.get("revoke"):
        assignment = get_object_or_404(
            role_holders(organisation, Role.ORG_EDITOR), pk=id_or_404(request.POST["revoke"])
        )
        account_services.role_revoke(assignment=assignment, revoked_by=request.user)
        messages.success(
            request, _("%(email)s is no longer an editor.") % {"email": assignment.user.email}
        )
        return redirect("directory:organisation_detail", pk=organisation.pk)
    form = RoleHolderForm(request.POST)
    if form.is_valid():
        try:
            account_services.role_grant(
                user=form.user, role=Role.ORG_EDITOR, scope=organisation, granted_by=request.user
            )
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("%(email)s now edits this organisation.") % {"email": form.user.email}
            )
    else:
        messages.error(request, " ".join(form.errors.get("email", [])))
    return redirect("directory:organisation_detail", pk=organisation.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_create(request):
    require_permission(request.user, "directory.add_person")
    organisations = selectors.organisations_visible_to(request.user)
    initial = {}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = request.GET["organisation"]
    form = PersonForm(request.POST or None, initial=initial, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(created_by=request.user, **form.cleaned_data)
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The person has been added."))
            if person.organisation_id:
                return redirect("directory:organisation_detail", pk=person.organisation_id)
            return redirect("directory:organisation_list")
    return render(request, "directory/person_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_edit(request, pk: int):
    person = get_visible_or_404(selectors.people_visible_to(request.user), pk=pk)
    require_permission(request.user, "directory.change_person", person)
    organisations = selectors.organisations_visible_to(request.user)
    form = PersonForm(request.POST or None, instance=person, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, updated_by=request.user, **form.cleaned_data)
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The person has been updated."))
            if person.organisation_id:
                return redirect("directory:organisation_detail", pk=person.organisation_id)
            return redirect("directory:organisation_list")
    person.refresh_from_db()
    return render(request, "directory/person_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request):
    require_permission(request.user, "directory.import_organisations")
    networks = selectors.networks_to_import_into(viewer=request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        # The file is read and checked by a background job; its page leads on to the preview.
        upload = form.cleaned_data["upload"]
        network = form.cleaned_data["network"]
        job = job_start(
            kind=IMPORT_PREVIEW,
            owner=request.user,
            title=_("Organisation import of %(file)s") % {"file": upload.name},
            upload=upload,
            params={"network": network.pk if network else None},
        )
        return redirect("jobs:job_detail", pk=job.pk)
    return render(request, "directory/import_upload.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_preview(request, token):
    require_permission(request.user, "directory.import_organisations")
    batch = selectors.import_batch(token=token, uploaded_by=request.user)
    if batch is None:
        raise Http404
    form = ImportApplyForm(request.POST or None)
    if request.method == "POST" and batch.status == ImportStatus.PREVIEWED:
        if request.POST.get("action") == "cancel":
            importing.import_cancel(batch=batch, cancelled_by=request.user)
            messages.success(request, _("The import has been cancelled; nothing was written."))
            return redirect("directory:import_upload")
        if form.is_valid():
            try:
                importing.check_can_apply(batch, skip_refused=form.cleaned_data["skip_refused"])
            except Refused as exc:
                form.add_error(None, exc.message)
            else:
                # Every row is written by a background job, in one transaction.
                job = job_start(
                    kind=IMPORT_APPLY,
                    owner=request.user,
                    title=_("Writing the organisations of %(file)s") % {"file": batch.filename},
                    params={
                        "token": str(batch.token),
                        "skip_refused": form.cleaned_data["skip_refused"],
                    },
                )
                return redirect("jobs:job_detail", pk=job.pk)
    plans = importing.import_plan(batch) if batch.status == ImportStatus.PREVIEWED else []
    return render(
        request,
        "directory/import_preview.html",
        {
            "batch": batch,
            "plans": plans,
            "summary": importing.plan_summary(plans),
            "form": form,
        },
    )
