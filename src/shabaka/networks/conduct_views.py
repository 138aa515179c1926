"""Pages of the Code of Conduct: a shared code, its versions, adoption by a network, and
endorsement by a member organisation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from shabaka.core.errors import Refused
from shabaka.core.refusals import require_permission
from shabaka.directory.views import add_refusal
from shabaka.networks import conduct, selectors
from shabaka.networks.forms import AdoptionForm, CodeCreateForm, CodeVersionForm, EndorsementForm
from shabaka.networks.models import CodeOfConduct, CodeVersion
from shabaka.networks.views import visible_membership, visible_network


@require_safe
def code_detail(request, pk: int):
    code = get_object_or_404(CodeOfConduct, pk=pk)
    can_draft = request.user.has_perm("networks.draft_code", code)
    versions = selectors.code_versions(viewer=request.user, code=code, with_drafts=can_draft)
    return render(
        request,
        "networks/code_detail.html",
        {"code": code, "versions": versions, "can_draft": can_draft},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def code_create(request):
    network = None
    if request.GET.get("network") or request.POST.get("network"):
        network = visible_network(request, request.GET.get("network") or request.POST["network"])
        allowed = request.user.has_perm("networks.adopt_code", network)
    else:
        allowed = request.user.has_perm("networks.add_network")  # staff only without a network
    if not allowed:
        raise PermissionDenied
    form = CodeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code = conduct.code_create(
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                texts=form.texts(),
                network=network,
                created_by=request.user,
            )
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The code has been drafted (version 1, draft)."))
            return redirect("networks:code_detail", pk=code.pk)
    return render(request, "networks/code_form.html", {"form": form, "network": network})


@login_required
@require_POST
def code_version_new(request, pk: int):
    code = get_object_or_404(CodeOfConduct, pk=pk)
    require_permission(request.user, "networks.draft_code", code)
    try:
        version = conduct.code_version_draft(code=code, created_by=request.user)
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect("networks:code_detail", pk=code.pk)
    return redirect("networks:code_version_edit", pk=version.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def code_version_edit(request, pk: int):
    version = get_object_or_404(CodeVersion.objects.select_related("code"), pk=pk)
    require_permission(request.user, "networks.draft_code", version.code)
    texts = selectors.code_version_texts(version=version)
    initial = {f"text_{language}": body for language, body in texts.items()}
    initial["note"] = version.note
    form = CodeVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            conduct.code_version_edit(
                version=version,
                edited_by=request.user,
                texts=form.texts(),
                note=form.cleaned_data["note"],
            )
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect("networks:code_detail", pk=version.code_id)
    return render(request, "networks/code_version_form.html", {"form": form, "version": version})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def network_adopt_code(request, slug: str):
    network = visible_network(request, slug)
    require_permission(request.user, "networks.adopt_code", network)
    form = AdoptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conduct.code_adopt(
                version=form.cleaned_data["version"],
                network=network,
                adopted_by=request.user,
                adopted_on=form.cleaned_data["adopted_on"],
                decision=form.cleaned_data["decision"],
            )
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The code has been adopted; members can endorse it."))
            return redirect("networks:network_detail", slug=network.slug)
    return render(request, "networks/code_adopt.html", {"form": form, "network": network})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def membership_endorse(request, pk: int):
    membership = visible_membership(request, pk)
    require_permission(request.user, "networks.endorse_code", membership)
    adoption = conduct.code_in_force(membership.network)
    form = EndorsementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if adoption is None:
                raise Refused(_("This network has no code of conduct in force."))
            conduct.endorsement_create(
                membership=membership,
                version=adoption.version,
                endorsed_by=request.user,
                **form.cleaned_data,
            )
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The endorsement has been recorded."))
            return redirect("networks:network_detail", slug=membership.network.slug)
    return render(
        request,
        "networks/endorse.html",
        {"membership": membership, "adoption": adoption, "form": form},
    )
