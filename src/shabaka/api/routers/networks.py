from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from shabaka.api.auth import anyone, signed_in, viewer
from shabaka.api.pagination import PageParams, paginate
from shabaka.api.schemas import ERRORS, StrictIn
from shabaka.directory.selectors import organisations_visible_to
from shabaka.networks import services
from shabaka.networks.models import Membership, MembershipStatus
from shabaka.networks.selectors import memberships_visible_to, networks_visible_to

router = Router(tags=["networks"])


class NetworkOut(Schema):
    slug: str
    name: str
    name_en: str
    name_ar: str
    name_fr: str
    acronym: str
    kind: str
    status: str
    mission: str
    founded_on: date | None
    country: str


class NetworkPage(Schema):
    count: int
    page: int
    pages: int
    items: list[NetworkOut]


class MembershipOut(Schema):
    id: int
    network: str
    organisation_id: int | None
    organisation_name: str | None
    member_network: str | None
    status: str
    role: str
    joined_on: date | None
    ended_on: date | None
    applied_at: datetime


class MembershipPage(Schema):
    count: int
    page: int
    pages: int
    items: list[MembershipOut]


class NetworkFilters(Schema):
    kind: str | None = None
    status: str | None = None
    country: str | None = None


class ApplicationIn(StrictIn):
    organisation_id: int | None = None
    member_network: str | None = None
    reason: str = ""


class DecisionIn(StrictIn):
    action: Literal["approve", "reject", "suspend", "reinstate", "remove"]
    reason: str = ""


class LeaveIn(StrictIn):
    reason: str = ""


def _network(n) -> dict:
    return {
        "slug": n.slug,
        "name": n.name,
        "name_en": n.name_en,
        "name_ar": n.name_ar,
        "name_fr": n.name_fr,
        "acronym": n.acronym,
        "kind": n.kind,
        "status": n.status,
        "mission": n.mission,
        "founded_on": n.founded_on,
        "country": n.country.code,
    }


def _membership(m) -> dict:
    return {
        "id": m.pk,
        "network": m.network.slug,
        "organisation_id": m.organisation_id,
        "organisation_name": m.organisation.name if m.organisation_id else None,
        "member_network": m.member_network.slug if m.member_network_id else None,
        "status": m.status,
        "role": m.role,
        "joined_on": m.joined_on,
        "ended_on": m.ended_on,
        "applied_at": m.applied_at,
    }


@router.get(
    "/networks",
    response={200: NetworkPage, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def network_list(request, filters: Query[NetworkFilters], page: Query[PageParams]):
    networks = networks_visible_to(viewer(request)).select_related("country")
    if filters.kind:
        networks = networks.filter(kind=filters.kind)
    if filters.status:
        networks = networks.filter(status=filters.status)
    if filters.country:
        networks = networks.filter(country__code=filters.country.upper())
    return paginate(networks.order_by("name", "pk"), page, _network)


@router.get(
    "/networks/{slug}",
    response={200: NetworkOut, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def network_detail(request, slug: str):
    return _network(
        get_object_or_404(networks_visible_to(viewer(request)).select_related("country"), slug=slug)
    )


@router.get(
    "/networks/{slug}/members",
    response={200: MembershipPage, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def network_members(request, slug: str, page: Query[PageParams]):
    user = viewer(request)
    network = get_object_or_404(networks_visible_to(user), slug=slug)
    memberships = memberships_visible_to(user, network).select_related("network").order_by("pk")
    if not user.has_perm("networks.manage_members", network):
        # As on the network page: applications, suspensions and past memberships are for
        # those who manage the network (and an organisation's editors see their own).
        from shabaka.directory.selectors import _edited_ids

        memberships = memberships.filter(
            Q(status=MembershipStatus.ACTIVE) | Q(organisation_id__in=_edited_ids(user))
        )
    return paginate(memberships, page, _membership)


@router.post(
    "/networks/{slug}/applications", response={201: MembershipOut, **ERRORS}, auth=signed_in
)
def membership_apply(request, slug: str, payload: ApplicationIn):
    user = request.user
    network = get_object_or_404(networks_visible_to(user), slug=slug)
    if payload.organisation_id is not None:
        organisation = get_object_or_404(organisations_visible_to(user), pk=payload.organisation_id)
        if not user.has_perm("networks.apply_for_organisation", organisation):
            raise PermissionDenied
        membership = services.membership_apply(
            network=network, organisation=organisation, applied_by=user, reason=payload.reason
        )
    elif payload.member_network:
        member = get_object_or_404(networks_visible_to(user), slug=payload.member_network)
        if not user.has_perm("networks.apply_for_network", member):
            raise PermissionDenied
        membership = services.membership_apply(
            network=network, member_network=member, applied_by=user, reason=payload.reason
        )
    else:
        from shabaka.core.errors import Refused

        raise Refused(
            "Name the organisation (organisation_id) or the network (member_network) that applies."
        )
    return Status(201, _membership(membership))


def _visible_membership(user, membership_id: int) -> Membership:
    memberships = Membership.objects.select_related("network", "organisation", "member_network")
    membership = get_object_or_404(
        memberships.filter(network__in=networks_visible_to(user)), pk=membership_id
    )
    hidden = not memberships_visible_to(user, membership.network).filter(pk=membership.pk).exists()
    if hidden and not user.has_perm("networks.decide_membership", membership):
        raise Http404
    return membership


_DECISIONS = {
    "approve": services.membership_approve,
    "reject": services.membership_reject,
    "suspend": services.membership_suspend,
    "reinstate": services.membership_reinstate,
    "remove": services.membership_leave,
}


@router.post(
    "/memberships/{membership_id}/decision", response={200: MembershipOut, **ERRORS}, auth=signed_in
)
def membership_decide(request, membership_id: int, payload: DecisionIn):
    membership = _visible_membership(request.user, membership_id)
    if not request.user.has_perm("networks.decide_membership", membership):
        raise PermissionDenied
    decided = _DECISIONS[payload.action](
        membership=membership, decided_by=request.user, reason=payload.reason
    )
    return _membership(decided)


@router.post(
    "/memberships/{membership_id}/leave", response={200: MembershipOut, **ERRORS}, auth=signed_in
)
def membership_leave(request, membership_id: int, payload: LeaveIn):
    membership = _visible_membership(request.user, membership_id)
    if not request.user.has_perm("networks.leave_membership", membership):
        raise PermissionDenied
    return _membership(
        services.membership_leave(
            membership=membership, decided_by=request.user, reason=payload.reason
        )
    )
