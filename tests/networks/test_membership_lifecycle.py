"""Membership life cycle: applied -> active -> suspended -> left, or applied -> rejected."""

import pytest

from shabaka.accounts.models import AuditEntry
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.networks import services
from shabaka.networks.models import MembershipStatus, NetworkKind
from tests.factories.directory import OrganisationFactory
from tests.factories.networks import NetworkFactory

S = MembershipStatus


@pytest.fixture
def network(db):
    return NetworkFactory()


@pytest.fixture
def application(network, outsider):
    return services.membership_apply(
        network=network, organisation=OrganisationFactory(), applied_by=outsider
    )


@pytest.mark.django_db
def test_full_life_cycle_is_dated_and_audited(application, staff_user):
    services.membership_approve(membership=application, decided_by=staff_user)
    assert application.status == S.ACTIVE and application.joined_on is not None
    services.membership_suspend(
        membership=application, decided_by=staff_user, reason="did not report"
    )
    services.membership_reinstate(membership=application, decided_by=staff_user)
    services.membership_leave(membership=application, decided_by=staff_user, reason="dissolved")
    assert application.status == S.LEFT and application.ended_on is not None
    steps = list(application.steps.values_list("from_status", "to_status", "reason"))
    assert steps == [
        ("", S.APPLIED, ""),
        (S.APPLIED, S.ACTIVE, ""),
        (S.ACTIVE, S.SUSPENDED, "did not report"),
        (S.SUSPENDED, S.ACTIVE, ""),
        (S.ACTIVE, S.LEFT, "dissolved"),
    ]
    transitions = AuditEntry.objects.filter(action="transition", object_id=str(application.pk))
    assert [e.changes["status"] for e in transitions.order_by("id")] == [
        ["applied", "active"],
        ["active", "suspended"],
        ["suspended", "active"],
        ["active", "left"],
    ]


@pytest.mark.django_db
def test_approving_a_rejected_application_is_refused_and_changes_nothing(application, staff_user):
    services.membership_reject(
        membership=application, decided_by=staff_user, reason="not working on migration"
    )
    entries = AuditEntry.objects.count()
    with pytest.raises(
        InvalidTransition, match="Only an application can be approved; this membership is Rejected"
    ):
        services.membership_approve(membership=application, decided_by=staff_user)
    application.refresh_from_db()
    assert application.status == S.REJECTED
    assert application.steps.count() == 2
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_rejection_and_suspension_need_a_reason(application, staff_user):
    with pytest.raises(Refused, match="reason"):
        services.membership_reject(membership=application, decided_by=staff_user, reason=" ")
    application.refresh_from_db()
    assert application.status == S.APPLIED


@pytest.mark.django_db
def test_an_organisation_cannot_apply_twice_while_a_membership_is_current(application, outsider):
    with pytest.raises(Refused, match="already has a membership"):
        services.membership_apply(
            network=application.network, organisation=application.organisation, applied_by=outsider
        )


@pytest.mark.django_db
def test_after_leaving_an_organisation_may_apply_again(application, staff_user, outsider):
    services.membership_leave(membership=application, decided_by=outsider)
    again = services.membership_apply(
        network=application.network, organisation=application.organisation, applied_by=outsider
    )
    assert again.pk != application.pk and again.status == S.APPLIED


@pytest.mark.django_db
def test_the_platform_takes_networks_and_networks_take_organisations(outsider):
    platform = NetworkFactory(kind=NetworkKind.PLATFORM)
    network = NetworkFactory()
    joined = services.membership_apply(
        network=platform, member_network=network, applied_by=outsider
    )
    assert joined.member == network
    with pytest.raises(Refused, match="Only networks join a platform"):
        services.membership_apply(
            network=platform, organisation=OrganisationFactory(), applied_by=outsider
        )
    with pytest.raises(Refused, match="Only a platform has networks"):
        services.membership_apply(
            network=network, member_network=NetworkFactory(), applied_by=outsider
        )
