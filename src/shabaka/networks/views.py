from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from shabaka.accounts import services as account_services
from shabaka.accounts.models import Role
from shabaka.core.errors import Refused
from shabaka.core.http import id_or_404
from shabaka.core.pagecache import cached_for_visitors
from shabaka.core.refusals import get_visible_or_404, require_permission
from shabaka.directory.forms import RoleHolderForm
from shabaka.directory.selectors import role_holders
from shabaka.directory.views import add_refusal
from shabaka.networks import selectors, services
from shabaka.networks.forms import (
    DecisionForm,
    MembershipApplyForm,
    NetworkFilterForm,
    NetworkForm,
    ReasonForm,
)
from shabaka.networks.models import (
    MembershipStatus,
    Network,
    NetworkStatus,
)

S = MembershipStatus
M2M = ("places", "topics")


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def visible_network(request, slug: str) -> Network:
    return get_visible_or_404(selectors.networks_visible_to(request.user), slug=slug)


def visible_membership(request, pk: int):
    return get_visible_or_404(
        selectors.memberships_visible_to_viewer(request.user).select_related("network"), pk=pk
    )


@cached_for_visitors
@require_safe
def network_list(request):
    form = NetworkFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = selectors.network_directory_page(
        viewer=request.user, filters=filters, page_number=request.GET.get("page")
    )
    selectors.add_network_list_columns(page.object_list)
    return render(request, "networks/network_list.html", {"form": form, "page": page})


@cached_for_visitors
@require_safe
def network_detail(request, slug: str):
    try:
        network = selectors.network_by_slug(viewer=request.user, slug=slug)
    except Network.DoesNotExist:
        raise Http404 from None
    context = selectors.network_page(
        viewer=request.user, network=network, page_number=request.GET.get("page")
    )
    if request.user.has_perm("accounts.manage_roles"):
        context["coordinators"] = role_holders(network, Role.COORDINATOR)
    context["decision_actions"] = DECISION_ACTIONS
    return render(request, "networks/network_detail.html", context)


def _split(form):
    data = dict(form.cleaned_data)
    return data, {key: data.pop(key) for key in M2M}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def network_create(request):
    require_permission(request.user, "networks.add_network")
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values, m2m = _split(form)
        try:
            network = services.network_create(created_by=request.user, **values, **m2m)
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The network has been created (status: forming)."))
            return redirect("networks:network_detail", slug=network.slug)
    return render(request, "networks/network_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def network_edit(request, slug: str):
    network = visible_network(request, slug)
    require_permission(request.user, "networks.change_network", network)
    form = NetworkForm(request.POST or None, instance=network)
    if request.method == "POST" and form.is_valid():
        values, m2m = _split(form)
        try:
            services.network_update(network=network, updated_by=request.user, **values, **m2m)
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The network has been updated."))
            return redirect("networks:network_detail", slug=network.slug)
    network.refresh_from_db()
    return render(request, "networks/network_form.html", {"form": form, "network": network})


STATUS_ACTIONS = {"activate": NetworkStatus.ACTIVE, "make_dormant": NetworkStatus.DORMANT}


@login_required
@require_POST
def network_status(request, slug: str):
    network = visible_network(request, slug)
    require_permission(request.user, "networks.change_network", network)
    target = STATUS_ACTIONS.get(request.POST.get("action", ""))
    if target is None:
        messages.error(request, _("Unknown action."))
    else:
        try:
            services.network_set_status(
                network=network,
                status=target,
                decided_by=request.user,
                reason=request.POST.get("reason", ""),
            )
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("The network is now %(status)s.") % {"status": network.get_status_display()},
            )
    return redirect("networks:network_detail", slug=network.slug)


@login_required
@require_POST
def network_coordinators(request, slug: str):
    """Grants or revokes the coordinator role over this network (platform administrators)."""
    network = visible_network(request, slug)
    require_permission(request.user, "accounts.manage_roles")
    if request.POST.get("revoke"):
        assignment = get_object_or_404(
            role_holders(network, Role.COORDINATOR), pk=id_or_404(request.POST["revoke"])
        )
        account_services.role_revoke(assignment=assignment, revoked_by=request.user)
        messages.success(
            request, _("%(email)s no longer coordinates it.") % {"email": assignment.user.email}
        )
        return redirect("networks:network_detail", slug=network.slug)
    form = RoleHolderForm(request.POST)
    if form.is_valid():
        account_services.role_grant(
            user=form.user, role=Role.COORDINATOR, scope=network, granted_by=request.user
        )
        messages.success(
            request, _("%(email)s now coordinates this network.") % {"email": form.user.email}
        )
    else:
        messages.error(request, " ".join(form.errors.get("email", [])))
    return redirect("networks:network_detail", slug=network.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def membership_apply(request, slug: str):
    network = visible_network(request, slug)
    choices = selectors.membership_apply_choices(viewer=request.user, network=network)
    form = MembershipApplyForm(request.POST or None, **choices)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data.get("organisation")
        member_network = form.cleaned_data.get("member_network")
        allowed = (
            request.user.has_perm("networks.apply_for_organisation", organisation)
            if organisation
            else request.user.has_perm("networks.apply_for_network", member_network)
        )
        if not allowed:
            raise PermissionDenied
        try:
            services.membership_apply(
                network=network,
                organisation=organisation,
                member_network=member_network,
                applied_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request, _("The application has been sent to the network's coordinator.")
            )
            return redirect("networks:network_detail", slug=network.slug)
    nothing = not next(iter(choices.values())).exists()
    return render(
        request,
        "networks/membership_apply.html",
        {"network": network, "form": form, "nothing_to_apply": nothing},
    )


# action -> (service, statuses it applies to, reason required)
DECISION_ACTIONS = {
    "approve": (services.membership_approve, {S.APPLIED}, False),
    "reject": (services.membership_reject, {S.APPLIED}, True),
    "suspend": (services.membership_suspend, {S.ACTIVE}, True),
    "reinstate": (services.membership_reinstate, {S.SUSPENDED}, False),
    "remove": (services.membership_leave, {S.ACTIVE, S.SUSPENDED}, True),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def membership_decide(request, pk: int):
    """A coordinator's decision on a membership. With htmx, answers with the updated row."""
    membership = visible_membership(request, pk)
    require_permission(request.user, "networks.decide_membership", membership)
    network = membership.network
    # Rows of applications have no Code of Conduct column; rows of members have one when a code
    # is in force (the htmx reply replaces the row in its own table).
    in_members_table = membership.status != S.APPLIED
    form = DecisionForm(request.POST or None, initial={"action": request.GET.get("action")})
    error = None
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        reason = form.cleaned_data["reason"].strip()
        service, _from, needs_reason = DECISION_ACTIONS[action]
        try:
            if needs_reason and not reason:
                raise Refused(_("Give the reason for this decision."), field="reason")
            service(membership=membership, decided_by=request.user, reason=reason)
        except Refused as exc:
            error = exc.message
            add_refusal(form, exc)
        else:
            if not is_htmx(request):
                messages.success(
                    request,
                    _("%(member)s: %(status)s.")
                    % {"member": membership.member, "status": membership.get_status_display()},
                )
                return redirect("networks:network_detail", slug=network.slug)
    if is_htmx(request) and request.method == "POST":
        membership.refresh_from_db()
        selectors.row_decorator(manager=True)(membership)
        show_endorsement = in_members_table and selectors.add_endorsement_state(
            viewer=request.user, membership=membership
        )
        return render(
            request,
            "networks/partials/membership_rows.html",
            {
                "rows": [membership],
                "show_endorsement": show_endorsement,
                "network": network,
                "manager": True,
                "decision_actions": DECISION_ACTIONS,
                "row_error": error,
                "row_done": error is None,
            },
        )
    return render(
        request,
        "networks/membership_decide.html",
        {"membership": membership, "network": network, "form": form},
        status=409 if error else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def membership_role(request, pk: int):
    membership = visible_membership(request, pk)
    require_permission(request.user, "networks.decide_membership", membership)
    if request.method == "POST":
        role = request.POST.get("role", "")
        try:
            services.membership_set_role(membership=membership, role=role, decided_by=request.user)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The role has been changed."))
    return redirect("networks:network_detail", slug=membership.network.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def membership_leave(request, pk: int):
    membership = visible_membership(request, pk)
    require_permission(request.user, "networks.leave_membership", membership)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_leave(
                membership=membership,
                decided_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request,
                _("%(member)s has left %(network)s.")
                % {"member": membership.member, "network": membership.network},
            )
            return redirect("networks:network_detail", slug=membership.network.slug)
    return render(
        request, "networks/membership_leave.html", {"membership": membership, "form": form}
    )
